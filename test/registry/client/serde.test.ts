import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Deserializer, Serializer, type SerializerOptions } from '../../../registry/client/serde.js';
import { SchemaRegistryClient } from '../../../registry/client/rest-client.js';
import { RegistryClientError } from '../../../registry/client/client-error.js';
import { recordNameStrategy, topicRecordNameStrategy } from '../../../registry/client/subject-name-strategy.js';
import { decodeFrame } from '../../../registry/client/wire-format.js';
import { FakeRegistry } from './fake-registry.js';

const USER_V1 = JSON.stringify({ type: 'record', name: 'User', namespace: 'com.acme', fields: [{ name: 'name', type: 'string' }] });
const USER_V2 = JSON.stringify({
  type: 'record', name: 'User', namespace: 'com.acme',
  fields: [{ name: 'name', type: 'string' }, { name: 'age', type: 'int', default: -1 }],
});
const PERSON = JSON.stringify({ title: 'Person', type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });

function setup(options: Omit<SerializerOptions, 'client'> = {}): { fake: FakeRegistry; client: SchemaRegistryClient; ser: Serializer; de: Deserializer } {
  const fake = new FakeRegistry();
  const client = new SchemaRegistryClient({ url: 'http://registry.test', fetch: fake.fetch });
  return { fake, client, ser: new Serializer({ client, ...options }), de: new Deserializer({ client }) };
}

test('Avro: serialize registers under <topic>-value and frames the avsc binary', async () => {
  const { fake, ser } = setup();
  const bytes = await ser.serialize('users', { name: 'ann' }, { schema: USER_V1 });
  assert.equal(bytes!.toString('hex'), '0000000001' + '06616e6e'); // id 1; string of length 3
  assert.equal(fake.requests[0]!.url, 'http://registry.test/subjects/users-value/versions');
});

test('Avro round trip; a steady stream makes no HTTP calls after the first record', async () => {
  const { fake, ser, de } = setup();
  for (let i = 0; i < 50; i += 1) {
    const bytes = await ser.serialize('users', { name: `u${i}` }, { schema: USER_V1 });
    assert.deepEqual({ ...(await de.deserialize(bytes)) as object }, { name: `u${i}` });
  }
  assert.equal(fake.requests.length, 2); // one register, one GET /schemas/ids/1
});

test('keys use <topic>-key', async () => {
  const { fake, ser } = setup({ isKey: true });
  await ser.serialize('users', 'k1', { schema: '"string"' });
  assert.ok(fake.requests[0]!.url.endsWith('/subjects/users-key/versions'));
});

test('null passes through as null both ways without calling the registry', async () => {
  const { fake, ser, de } = setup();
  assert.equal(await ser.serialize('t', null, { schema: USER_V1 }), null);
  assert.equal(await de.deserialize(null), null);
  assert.equal(fake.requests.length, 0);
});

test('RecordNameStrategy and TopicRecordNameStrategy use the Avro full name and the JSON title', async () => {
  const a = setup({ subjectNameStrategy: recordNameStrategy });
  await a.ser.serialize('t', { name: 'x' }, { schema: USER_V1 });
  await a.ser.serialize('t', { name: 'x' }, { schema: PERSON, schemaType: 'JSON' });
  assert.ok(a.fake.requests[0]!.url.endsWith('/subjects/com.acme.User/versions'));
  assert.ok(a.fake.requests[1]!.url.endsWith('/subjects/Person/versions'));
  const b = setup({ subjectNameStrategy: topicRecordNameStrategy });
  await b.ser.serialize('t', { name: 'x' }, { schema: USER_V1 });
  assert.ok(b.fake.requests[0]!.url.endsWith('/subjects/t-com.acme.User/versions'));
  await assert.rejects(b.ser.serialize('t', 1, { schema: '"int"' }), (err: unknown) => err instanceof RegistryClientError && err.code === 'CONFIG');
});

test('autoRegister off: looks the schema up, fails with the registry code when absent', async () => {
  const { fake, ser } = setup({ autoRegister: false });
  await assert.rejects(ser.serialize('users', { name: 'a' }, { schema: USER_V1 }), (err: unknown) =>
    err instanceof RegistryClientError && err.errorCode === 40401);
  fake.add('users-value', USER_V1);
  const bytes = await ser.serialize('users', { name: 'a' }, { schema: USER_V1 });
  assert.equal(decodeFrame(bytes!).schemaId, 1);
  assert.equal(fake.count('POST', '/subjects/users-value/versions'), 0);
  await ser.serialize('users', { name: 'b' }, { schema: USER_V1 });
  assert.equal(fake.count('POST', '/subjects/users-value'), 2);
});

test('normalize: register asks for normalize=true', async () => {
  const { fake, ser } = setup({ normalize: true });
  await ser.serialize('users', { name: 'a' }, { schema: USER_V1 });
  assert.ok(fake.requests[0]!.url.endsWith('/subjects/users-value/versions?normalize=true'));
});

test('useLatestVersion: writes with the newest version, cached (TTL) per subject, no schema needed', async () => {
  const { fake, ser, de } = setup({ useLatestVersion: true, latestCacheTtlMs: 60_000 });
  fake.add('users-value', USER_V1);
  fake.add('users-value', USER_V2);
  const bytes = await ser.serialize('users', { name: 'a', age: 3 });
  assert.equal(decodeFrame(bytes!).schemaId, 2);
  assert.deepEqual({ ...(await de.deserialize(bytes)) as object }, { name: 'a', age: 3 });
  await ser.serialize('users', { name: 'b', age: 4 }, { schema: USER_V1 });
  assert.equal(fake.count('GET', '/subjects/users-value/versions/latest'), 1);
  assert.equal(fake.count('POST', '/subjects'), 0);
});

test('useLatestVersion with a TTL of 0 asks every time', async () => {
  const { fake, ser } = setup({ useLatestVersion: true, latestCacheTtlMs: 0 });
  fake.add('users-value', USER_V1);
  await ser.serialize('users', { name: 'a' });
  await ser.serialize('users', { name: 'a' });
  assert.equal(fake.count('GET', '/subjects/users-value/versions/latest'), 2);
});

test('no schema and no useLatestVersion is a CONFIG error', async () => {
  const { ser } = setup();
  await assert.rejects(ser.serialize('users', { name: 'a' }), (err: unknown) => err instanceof RegistryClientError && err.code === 'CONFIG');
});

test('Avro: a value that does not fit says where, before anything is registered', async () => {
  const { fake, ser } = setup();
  fake.add('users-value', USER_V1); // registered already: the failure is local
  await assert.rejects(ser.serialize('users', { name: 42 }, { schema: USER_V1 }), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'SERIALIZATION' && /at \/name: expected string, got 42/.test(err.message));
});

test('Avro reader schema: old data read with the new schema gets the default', async () => {
  const { ser, client } = setup();
  const bytes = await ser.serialize('users', { name: 'old' }, { schema: USER_V1 });
  const de = new Deserializer({ client, readerSchema: { schema: USER_V2 } });
  assert.deepEqual({ ...(await de.deserialize(bytes)) as object }, { name: 'old', age: -1 });
  const decoded = await de.decode(bytes!);
  assert.equal(decoded.schemaId, 1);
  assert.equal(decoded.writer.type, 'AVRO');
  // A reader that cannot read the writer's data.
  const bad = JSON.stringify({ type: 'record', name: 'User', namespace: 'com.acme', fields: [{ name: 'zip', type: 'int' }] });
  await assert.rejects(de.deserialize(bytes, { schema: bad }), (err: unknown) => err instanceof RegistryClientError && err.code === 'SCHEMA');
});

test('Avro: trailing or missing payload bytes are SERIALIZATION errors', async () => {
  const { ser, de } = setup();
  const bytes = await ser.serialize('users', { name: 'ann' }, { schema: USER_V1 });
  await assert.rejects(de.deserialize(Buffer.concat([bytes!, Buffer.from([1])])), (err: unknown) => err instanceof RegistryClientError && err.code === 'SERIALIZATION');
  await assert.rejects(de.deserialize(bytes!.subarray(0, 7)), (err: unknown) => err instanceof RegistryClientError && err.code === 'SERIALIZATION');
});

test('JSON: payload is the JSON text; values are validated on serialize', async () => {
  const { fake, ser, de } = setup();
  const bytes = await ser.serialize('people', { name: 'ann' }, { schema: PERSON, schemaType: 'JSON' });
  assert.equal(bytes!.subarray(5).toString('utf8'), '{"name":"ann"}');
  assert.deepEqual(fake.requests[0]!.body, { schema: PERSON, schemaType: 'JSON' });
  assert.deepEqual(await de.deserialize(bytes), { name: 'ann' });
  await assert.rejects(ser.serialize('people', { nom: 'x' }, { schema: PERSON, schemaType: 'JSON' }), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'SERIALIZATION' && /Person/.test(err.message) && /name/.test(err.message));
});

test('JSON: validation on read is optional', async () => {
  const { fake, client } = setup();
  const { id } = fake.add('people-value', PERSON, 'JSON');
  const bytes = Buffer.concat([Buffer.from([0, 0, 0, 0, id]), Buffer.from('{"nom":"x"}')]);
  assert.deepEqual(await new Deserializer({ client }).deserialize(bytes), { nom: 'x' });
  await assert.rejects(new Deserializer({ client, validate: true }).deserialize(bytes), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'SERIALIZATION');
  await assert.rejects(new Deserializer({ client }).deserialize(Buffer.concat([bytes.subarray(0, 5), Buffer.from('{oops')])), /not JSON text/);
});

test('deserialize: unknown id is the registry 40403; a reader of another type is SCHEMA', async () => {
  const { ser, de } = setup();
  await assert.rejects(de.deserialize(Buffer.from([0, 0, 0, 0, 99, 0])), (err: unknown) => err instanceof RegistryClientError && err.errorCode === 40403);
  const bytes = await ser.serialize('users', { name: 'a' }, { schema: USER_V1 });
  await assert.rejects(de.deserialize(bytes, { schema: PERSON, schemaType: 'JSON' }), /Reader schema is JSON but schema id 1 is AVRO/);
});

test('PROTOBUF and unparseable schemas are SCHEMA errors', async () => {
  const { fake, ser, de } = setup();
  const { id } = fake.add('p', 'syntax = "proto3";', 'PROTOBUF');
  await assert.rejects(de.deserialize(Buffer.from([0, 0, 0, 0, id, 0])), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'SCHEMA' && /PROTOBUF is not supported/.test(err.message));
  await assert.rejects(ser.serialize('t', 1, { schema: '{"type":"nope"}' }), (err: unknown) => err instanceof RegistryClientError && err.code === 'SCHEMA');
});

test('target(): the subject, id and parsed schema serialize() uses', async () => {
  const { ser } = setup();
  const target = await ser.target('users', { schema: USER_V1 });
  assert.equal(target.subject, 'users-value');
  assert.equal(target.id, 1);
  assert.equal(target.format.type, 'AVRO');
});
