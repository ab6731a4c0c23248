// Our client and serde against our registry (in-process broker + registry on a free port).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRegistryClient } from '../../../registry/client/rest-client.js';
import { Deserializer, Serializer } from '../../../registry/client/serde.js';
import { RegistryClientError } from '../../../registry/client/client-error.js';
import { decodeFrame } from '../../../registry/client/wire-format.js';
import { startRegistry, uniqueSubject, type RegistryFixture } from './registry-fixture.js';

const USER_V1 = JSON.stringify({ type: 'record', name: 'User', namespace: 'com.acme', fields: [{ name: 'name', type: 'string' }] });
const USER_V2 = JSON.stringify({
  type: 'record', name: 'User', namespace: 'com.acme',
  fields: [{ name: 'name', type: 'string' }, { name: 'age', type: 'int', default: -1 }],
});
const USER_BAD = JSON.stringify({
  type: 'record', name: 'User', namespace: 'com.acme',
  fields: [{ name: 'name', type: 'string' }, { name: 'zip', type: 'int' }],
});
const PERSON = JSON.stringify({ title: 'Person', type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });

let registry: RegistryFixture;
let httpCalls = 0;
let client: SchemaRegistryClient;

before(async () => {
  registry = await startRegistry();
  client = new SchemaRegistryClient({ url: registry.url, fetch: (input, init) => { httpCalls += 1; return fetch(input, init); } });
});
after(async () => {
  await registry?.close();
});

const errorCode = (code: number) => (err: unknown): boolean => err instanceof RegistryClientError && err.code === 'REGISTRY' && err.errorCode === code;

test('register, register again, lookup, getById, getLatest, getVersion', async () => {
  const subject = uniqueSubject('users-value');
  const id = await client.register(subject, { schema: USER_V1 });
  assert.equal(await new SchemaRegistryClient({ url: registry.url }).register(subject, { schema: USER_V1 }), id);
  const found = await new SchemaRegistryClient({ url: registry.url }).lookup(subject, { schema: USER_V1 });
  assert.deepEqual({ id: found.id, version: found.version, subject: found.subject }, { id, version: 1, subject });
  const byId = await new SchemaRegistryClient({ url: registry.url }).getById(id);
  assert.equal(byId.schemaType, 'AVRO');
  assert.deepEqual(JSON.parse(byId.schema), JSON.parse(USER_V1));
  assert.equal((await client.getLatest(subject)).id, id);
  assert.equal((await client.getVersion(subject, 1)).id, id);
});

test('registry errors arrive with their Confluent codes', async () => {
  const subject = uniqueSubject('errors-value');
  await assert.rejects(client.lookup(subject, { schema: USER_V1 }), errorCode(40401));
  await client.register(subject, { schema: USER_V1 });
  await assert.rejects(client.lookup(subject, { schema: USER_V2 }), errorCode(40403));
  await assert.rejects(client.getVersion(subject, 7), errorCode(40402));
  await assert.rejects(client.getById(987654), errorCode(40403));
  await assert.rejects(client.register(subject, { schema: '{"type":"nope"}' }), errorCode(42201));
  await assert.rejects(client.register(subject, { schema: USER_BAD }), (err: unknown) =>
    errorCode(409)(err) && (err as RegistryClientError).errorName === 'INCOMPATIBLE_SCHEMA' && !(err as RegistryClientError).retriable);
});

test('compatibility: level and test', async () => {
  const subject = uniqueSubject('compat-value');
  assert.equal(await client.getCompatibility(), 'BACKWARD');
  await client.register(subject, { schema: USER_V1 });
  assert.equal(await client.getCompatibility(subject), 'BACKWARD');
  assert.equal((await client.testCompatibility(subject, { schema: USER_V2 })).isCompatible, true);
  const bad = await client.testCompatibility(subject, { schema: USER_BAD });
  assert.equal(bad.isCompatible, false);
  assert.ok(bad.messages.length > 0);
});

test('Avro serde round trip; no HTTP after the first record', async () => {
  const topic = uniqueSubject('avro');
  const ser = new Serializer({ client });
  const de = new Deserializer({ client });
  await de.deserialize(await ser.serialize(topic, { name: 'first' }, { schema: USER_V1 }));
  const before = httpCalls;
  for (let i = 0; i < 100; i += 1) {
    const bytes = await ser.serialize(topic, { name: `n${i}` }, { schema: USER_V1 });
    assert.deepEqual({ ...(await de.deserialize(bytes)) as object }, { name: `n${i}` });
  }
  assert.equal(httpCalls, before);
});

test('JSON serde round trip with validation both ways', async () => {
  const topic = uniqueSubject('json');
  const ser = new Serializer({ client });
  const de = new Deserializer({ client, validate: true });
  const bytes = await ser.serialize(topic, { name: 'ann' }, { schema: PERSON, schemaType: 'JSON' });
  assert.equal((await client.getById(decodeFrame(bytes!).schemaId)).schemaType, 'JSON');
  assert.deepEqual(await de.deserialize(bytes), { name: 'ann' });
  await assert.rejects(ser.serialize(topic, { name: 5 }, { schema: PERSON, schemaType: 'JSON' }), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'SERIALIZATION');
});

test('evolution: v1 data read with the v2 reader; useLatestVersion writes with v2', async () => {
  const topic = uniqueSubject('evolve');
  const ser = new Serializer({ client });
  const v1Bytes = await ser.serialize(topic, { name: 'old' }, { schema: USER_V1 });
  const v2Bytes = await ser.serialize(topic, { name: 'new', age: 30 }, { schema: USER_V2 });
  const de = new Deserializer({ client, readerSchema: { schema: USER_V2 } });
  assert.deepEqual({ ...(await de.deserialize(v1Bytes)) as object }, { name: 'old', age: -1 });
  assert.deepEqual({ ...(await de.deserialize(v2Bytes)) as object }, { name: 'new', age: 30 });
  const latest = new Serializer({ client, useLatestVersion: true });
  const bytes = await latest.serialize(topic, { name: 'x', age: 1 });
  assert.equal(decodeFrame(bytes!).schemaId, decodeFrame(v2Bytes!).schemaId);
});

test('autoRegister off: unknown schema fails with 40401/40403, a registered one works', async () => {
  const topic = uniqueSubject('noauto');
  const ser = new Serializer({ client, autoRegister: false });
  await assert.rejects(ser.serialize(topic, { name: 'a' }, { schema: USER_V1 }), errorCode(40401));
  await client.register(`${topic}-value`, { schema: USER_V1 });
  assert.ok(await ser.serialize(topic, { name: 'a' }, { schema: USER_V1 }));
});

test('Avro references: the deserializer fetches the referenced schema', async () => {
  const addressSubject = uniqueSubject('address');
  const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'com.acme', fields: [{ name: 'zip', type: 'string' }] });
  await client.register(addressSubject, { schema: address });
  const customer = JSON.stringify({ type: 'record', name: 'Customer', namespace: 'com.acme', fields: [{ name: 'home', type: 'com.acme.Address' }] });
  const references = [{ name: 'com.acme.Address', subject: addressSubject, version: 1 }];
  const topic = uniqueSubject('customers');
  const bytes = await new Serializer({ client }).serialize(topic, { home: { zip: '12345' } }, { schema: customer, references });
  const fresh = new SchemaRegistryClient({ url: registry.url });
  const value = await new Deserializer({ client: fresh }).deserialize(bytes) as { home: { zip: string } };
  assert.equal(value.home.zip, '12345');
});
