// Round trips between our serde and the two npm Schema Registry clients, all against our
// registry: each library registers an Avro and a JSON schema and encodes; we decode its bytes,
// and it decodes ours. Also what those libraries see when an evolution is refused (409).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  AvroDeserializer, AvroSerializer, JsonDeserializer, JsonSerializer, RestError, SchemaRegistryClient as ConfluentClient, SerdeType,
} from '@confluentinc/schemaregistry';
import { SchemaRegistryClient } from '../../../registry/client/rest-client.js';
import { Deserializer, Serializer } from '../../../registry/client/serde.js';
import { decodeFrame } from '../../../registry/client/wire-format.js';
import { startRegistry, uniqueSubject, type RegistryFixture } from './registry-fixture.js';

const ORDER = JSON.stringify({
  type: 'record', name: 'Order', namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'item', type: 'string' },
    { name: 'qty', type: 'int' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});
/** Adds a field without a default: BACKWARD (the default level) must refuse it. */
const ORDER_INCOMPATIBLE = JSON.stringify({
  type: 'record', name: 'Order', namespace: 'com.acme',
  fields: [...(JSON.parse(ORDER) as { fields: unknown[] }).fields, { name: 'customer', type: 'string' }],
});
const ORDER_JSON = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Order', type: 'object',
  properties: { id: { type: 'integer' }, item: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
  required: ['id', 'item', 'qty'],
  additionalProperties: false,
});
const ORDER_JSON_INCOMPATIBLE = JSON.stringify({ ...JSON.parse(ORDER_JSON) as object, properties: { id: { type: 'string' }, item: { type: 'string' }, qty: { type: 'integer' } } });

const avroOrder = { id: 7, item: 'widget', qty: 3, note: null };
const jsonOrder = { id: 7, item: 'widget', qty: 3 };

let registry: RegistryFixture;
let ours: SchemaRegistryClient;
before(async () => {
  registry = await startRegistry();
  ours = new SchemaRegistryClient({ url: registry.url });
});
after(async () => {
  await registry?.close();
});

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('@kafkajs/confluent-schema-registry', () => {
  const theirs = (): SchemaRegistry => new SchemaRegistry({ host: registry.url });

  test('Avro: their bytes decode with ours, ours with theirs', async () => {
    const topic = uniqueSubject('kjs-avro');
    const lib = theirs();
    const { id } = await lib.register({ type: SchemaType.AVRO, schema: ORDER }, { subject: `${topic}-value` });
    const theirBytes = await lib.encode(id, avroOrder);
    assert.equal(decodeFrame(theirBytes).schemaId, id);
    assert.deepEqual(plain(await new Deserializer({ client: ours }).deserialize(theirBytes)), avroOrder);

    const ourBytes = await new Serializer({ client: ours }).serialize(topic, { ...avroOrder, note: 'fragile' }, { schema: ORDER });
    assert.equal(decodeFrame(ourBytes!).schemaId, id);
    assert.deepEqual(plain(await theirs().decode(ourBytes!)), { ...avroOrder, note: 'fragile' });
  });

  test('JSON: their bytes decode with ours, ours with theirs', async () => {
    const topic = uniqueSubject('kjs-json');
    const lib = theirs();
    const { id } = await lib.register({ type: SchemaType.JSON, schema: ORDER_JSON }, { subject: `${topic}-value` });
    const theirBytes = await lib.encode(id, jsonOrder);
    assert.deepEqual(await new Deserializer({ client: ours, validate: true }).deserialize(theirBytes), jsonOrder);

    const ourBytes = await new Serializer({ client: ours }).serialize(topic, jsonOrder, { schema: ORDER_JSON, schemaType: 'JSON' });
    assert.equal(decodeFrame(ourBytes!).schemaId, id);
    assert.deepEqual(await theirs().decode(ourBytes!), jsonOrder);
  });

  test('an incompatible evolution is refused with 409', async () => {
    const subject = `${uniqueSubject('kjs-evolve')}-value`;
    const lib = theirs();
    await lib.register({ type: SchemaType.AVRO, schema: ORDER }, { subject });
    await assert.rejects(lib.register({ type: SchemaType.AVRO, schema: ORDER_INCOMPATIBLE }, { subject }), (err: unknown) =>
      (err as { status?: number }).status === 409);
    const jsonSubject = `${uniqueSubject('kjs-evolve-json')}-value`;
    await lib.register({ type: SchemaType.JSON, schema: ORDER_JSON }, { subject: jsonSubject });
    await assert.rejects(lib.register({ type: SchemaType.JSON, schema: ORDER_JSON_INCOMPATIBLE }, { subject: jsonSubject }), (err: unknown) =>
      (err as { status?: number }).status === 409);
  });
});

describe('@confluentinc/schemaregistry', () => {
  const theirs = (): ConfluentClient => new ConfluentClient({ baseURLs: [registry.url] });
  const useLatest = { useLatestVersion: true, autoRegisterSchemas: false };

  test('Avro: their bytes decode with ours, ours with theirs', async () => {
    const topic = uniqueSubject('cf-avro');
    const client = theirs();
    const id = await client.register(`${topic}-value`, { schemaType: 'AVRO', schema: ORDER }, false);
    const theirBytes = await new AvroSerializer(client, SerdeType.VALUE, useLatest).serialize(topic, avroOrder);
    assert.equal(decodeFrame(theirBytes).schemaId, id);
    assert.deepEqual(plain(await new Deserializer({ client: ours }).deserialize(theirBytes)), avroOrder);

    const ourBytes = await new Serializer({ client: ours }).serialize(topic, { ...avroOrder, note: 'fragile' }, { schema: ORDER });
    assert.equal(decodeFrame(ourBytes!).schemaId, id);
    const decoded: unknown = await new AvroDeserializer(theirs(), SerdeType.VALUE, {}).deserialize(topic, ourBytes!);
    assert.deepEqual(plain(decoded), { ...avroOrder, note: 'fragile' });
  });

  test('JSON: their bytes decode with ours, ours with theirs', async () => {
    const topic = uniqueSubject('cf-json');
    const client = theirs();
    const id = await client.register(`${topic}-value`, { schemaType: 'JSON', schema: ORDER_JSON }, false);
    const theirBytes = await new JsonSerializer(client, SerdeType.VALUE, { ...useLatest, validate: true }).serialize(topic, jsonOrder);
    assert.equal(decodeFrame(theirBytes).schemaId, id);
    assert.deepEqual(await new Deserializer({ client: ours, validate: true }).deserialize(theirBytes), jsonOrder);

    const ourBytes = await new Serializer({ client: ours }).serialize(topic, jsonOrder, { schema: ORDER_JSON, schemaType: 'JSON' });
    const decoded: unknown = await new JsonDeserializer(theirs(), SerdeType.VALUE, { validate: true }).deserialize(topic, ourBytes!);
    assert.deepEqual(decoded, jsonOrder);
  });

  test('an incompatible evolution is refused with 409 and error code 409', async () => {
    const client = theirs();
    const subject = `${uniqueSubject('cf-evolve')}-value`;
    await client.register(subject, { schemaType: 'AVRO', schema: ORDER }, false);
    await assert.rejects(client.register(subject, { schemaType: 'AVRO', schema: ORDER_INCOMPATIBLE }, false), (err: unknown) =>
      err instanceof RestError && err.status === 409 && err.errorCode === 409);
    const jsonSubject = `${uniqueSubject('cf-evolve-json')}-value`;
    await client.register(jsonSubject, { schemaType: 'JSON', schema: ORDER_JSON }, false);
    await assert.rejects(client.register(jsonSubject, { schemaType: 'JSON', schema: ORDER_JSON_INCOMPATIBLE }, false), (err: unknown) =>
      err instanceof RestError && err.status === 409 && err.errorCode === 409);
    assert.equal(await client.testSubjectCompatibility(subject, { schemaType: 'AVRO', schema: ORDER_INCOMPATIBLE }), false);
  });
});
