// AvroConverter against a real registry (in-process broker + registry on free ports): what it
// registers, the bytes it writes (read back with registry/client's own Deserializer), schema
// evolution through the registry's compatibility checks, and data from other producers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../runtime/api/data/big-decimal.js';
import { Decimal, Timestamp } from '../../../runtime/api/data/logical-types.js';
import { Schema, SchemaAndValue } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { ConfigException, DataException, RetriableException } from '../../../runtime/api/errors.js';
import { Headers } from '../../../runtime/api/header/headers.js';
import { AvroConverter } from '../../../runtime/converters/avro-converter.js';
import { Deserializer, SchemaRegistryClient, Serializer, decodeFrame } from '../../../registry/client/index.js';
import { silentLogger } from '../../../registry/logger.js';
import type { Registry } from '../../../registry/server.js';
import { removeDir, startBroker } from '../../helpers/broker.js';
import { startRegistry } from '../../helpers/registry.js';

let stop: () => Promise<void>;
let url: string;
let client: SchemaRegistryClient;
let topics = 0;
const topic = (name: string): string => `${name}-${process.pid}-${++topics}`;

before(async () => {
  const { broker, dir } = await startBroker({ settings: { 'group.initial.rebalance.delay.ms': '0' } });
  let registry: Registry;
  try {
    registry = await startRegistry(broker.bootstrap, {}, silentLogger);
  } catch (e) {
    await broker.close();
    removeDir(dir);
    throw e;
  }
  url = registry.url;
  client = new SchemaRegistryClient({ url });
  stop = async () => {
    await registry.close();
    await broker.close();
    removeDir(dir);
  };
});
after(async () => stop?.());

function converter(configs: Record<string, string> = {}, isKey = false): AvroConverter {
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': url, ...configs }, isKey);
  return c;
}

const H = new Headers();
const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

const TWEET_V1 = SchemaBuilder.struct().name('com.acme.Tweet')
  .field('id', Schema.INT64_SCHEMA)
  .field('text', Schema.STRING_SCHEMA)
  .field('created', Timestamp.SCHEMA)
  .build();
const TWEET_V2 = SchemaBuilder.struct().name('com.acme.Tweet')
  .field('id', Schema.INT64_SCHEMA)
  .field('text', Schema.STRING_SCHEMA)
  .field('created', Timestamp.SCHEMA)
  .field('lang', SchemaBuilder.string().optional().defaultValue('und'))
  .build();
const TWEET_BAD = SchemaBuilder.struct().name('com.acme.Tweet')
  .field('id', Schema.INT64_SCHEMA)
  .field('text', Schema.STRING_SCHEMA)
  .field('created', Timestamp.SCHEMA)
  .field('author', Schema.STRING_SCHEMA)
  .build();

const v1 = (id: bigint): Struct => new Struct(TWEET_V1).put('id', id).put('text', 'hello').put('created', new Date(1_700_000_000_000));

test('writes Confluent wire format under <topic>-value, readable by the registry client', async () => {
  const t = topic('tweets');
  const bytes = (await converter().fromConnectData(t, H, TWEET_V1, v1(42n)))!;
  const latest = await client.getLatest(`${t}-value`);
  assert.equal(bytes[0], 0);
  assert.equal(decodeFrame(bytes).schemaId, latest.id);
  assert.equal(latest.version, 1);
  assert.equal(JSON.parse(latest.schema)['connect.name'], 'com.acme.Tweet');
  const read = await new Deserializer({ client: new SchemaRegistryClient({ url }) }).deserialize(bytes);
  assert.deepEqual({ ...(read as object) }, { id: 42, text: 'hello', created: 1_700_000_000_000 });
  assert.equal(bytes.subarray(5).toString('hex'), '540a68656c6c6f80a0abfef962');
});

test('reads back the same Connect data, with the subject version as the schema version', async () => {
  const t = topic('tweets');
  const c = converter();
  const value = v1(1_234_567_890_123_456_789n);
  const back = await c.toConnectData(t, H, await c.fromConnectData(t, H, TWEET_V1, value));
  const expectedSchema = SchemaBuilder.struct().name('com.acme.Tweet').version(1)
    .field('id', Schema.INT64_SCHEMA).field('text', Schema.STRING_SCHEMA).field('created', Timestamp.SCHEMA).build();
  assert.ok(back.schema!.equals(expectedSchema));
  assert.equal((back.value as Struct).get('id'), 1_234_567_890_123_456_789n);
  // A fresh converter (another worker) reads the same bytes through the registry alone.
  const other = await converter().toConnectData(t, H, await c.fromConnectData(t, H, TWEET_V1, value));
  assert.ok(other.equals(back));
});

test('compatible evolution registers version 2; old and new bytes both read', async () => {
  const t = topic('tweets');
  const c = converter();
  const old = await c.fromConnectData(t, H, TWEET_V1, v1(1n));
  const v2 = new Struct(TWEET_V2).put('id', 2n).put('text', 'bonjour').put('created', new Date(0)).put('lang', 'fr');
  const newer = (await c.fromConnectData(t, H, TWEET_V2, v2))!;
  assert.equal((await client.getLatest(`${t}-value`)).version, 2);
  const reader = converter();
  assert.equal(((await reader.toConnectData(t, H, old)).value as Struct).get('id'), 1n);
  const back = await reader.toConnectData(t, H, newer);
  assert.equal(back.schema!.version, 2);
  assert.equal((back.value as Struct).get('lang'), 'fr');
});

test('an incompatible change is refused by the registry: DataException with its 409 message', async () => {
  const t = topic('tweets');
  const c = converter();
  await c.fromConnectData(t, H, TWEET_V1, v1(1n));
  const bad = new Struct(TWEET_BAD).put('id', 1n).put('text', 'x').put('created', new Date(0)).put('author', 'me');
  await assert.rejects(async () => c.fromConnectData(t, H, TWEET_BAD, bad), (e: unknown) =>
    e instanceof DataException && !e.retriable && /error 409/.test(e.message) && /author/.test(e.message) && /compatibility/.test(e.message));
});

test('auto.register.schemas=false: a registered schema is found, an unknown one is a DataException', async () => {
  const t = topic('tweets');
  await converter().fromConnectData(t, H, TWEET_V1, v1(1n));
  const c = converter({ 'auto.register.schemas': 'false' });
  assert.equal((await c.fromConnectData(t, H, TWEET_V1, v1(2n)))![0], 0);
  await assert.rejects(async () => c.fromConnectData(t, H, TWEET_V2, new Struct(TWEET_V2).put('id', 1n).put('text', 'x').put('created', new Date(0))),
    dataError(/40403/));
});

test('use.latest.version writes with the newest registered schema (its added field takes the default)', async () => {
  const t = topic('tweets');
  await converter().fromConnectData(t, H, TWEET_V2, new Struct(TWEET_V2).put('id', 1n).put('text', 'x').put('created', new Date(0)).put('lang', 'de'));
  const c = converter({ 'use.latest.version': 'true', 'auto.register.schemas': 'false' });
  const bytes = (await c.fromConnectData(t, H, TWEET_V1, v1(7n)))!;
  assert.equal(decodeFrame(bytes).schemaId, (await client.getLatest(`${t}-value`)).id);
  const back = (await converter().toConnectData(t, H, bytes)).value as Struct;
  assert.equal(back.get('id'), 7n);
  assert.equal(back.get('lang'), 'und');
});

test('keys go to <topic>-key; RecordNameStrategy uses the record name', async () => {
  const t = topic('tweets');
  const key = converter({}, true);
  const bytes = await key.fromConnectData(t, H, Schema.STRING_SCHEMA, 'k1');
  assert.equal(decodeFrame(bytes!).schemaId, (await client.getLatest(`${t}-key`)).id);
  assert.ok((await key.toConnectData(t, H, bytes)).equals(new SchemaAndValue(SchemaBuilder.string().version(1).build(), 'k1')));
  const byRecord = converter({ 'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy' });
  const name = `com.acme.R${process.pid}${topics}`;
  const schema = SchemaBuilder.struct().name(name).field('a', Schema.INT32_SCHEMA).build();
  await byRecord.fromConnectData(t, H, schema, new Struct(schema).put('a', 1));
  assert.equal((await client.getLatest(name)).version, 1);
  await assert.rejects(async () => byRecord.fromConnectData(t, H, Schema.STRING_SCHEMA, 'x'), dataError(/RecordNameStrategy needs a named value schema/));
});

test('data from another producer: unions, enums and decimals read as Confluent maps them', async () => {
  const t = topic('orders');
  const avro = JSON.stringify({
    type: 'record', name: 'Order', namespace: 'shop',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
      { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
      { name: 'ref', type: ['null', 'string', 'long'], default: null },
    ],
  });
  const producer = new Serializer({ client: new SchemaRegistryClient({ url }) });
  const bytes = await producer.serialize(t, { id: 5, status: 'PAID', amount: Buffer.from([0x04, 0xd2]), ref: 9 }, { schema: avro });
  const back = await converter().toConnectData(t, H, bytes);
  const s = back.schema!;
  assert.equal(s.name, 'shop.Order');
  assert.equal(s.version, 1);
  assert.equal(s.field('status')!.schema.parameters!['io.confluent.connect.avro.Enum'], 'shop.Status');
  assert.deepEqual(s.field('amount')!.schema.parameters, { scale: '2', 'connect.decimal.precision': '10' });
  assert.equal(s.field('ref')!.schema.name, 'io.confluent.connect.avro.Union');
  const v = back.value as Struct;
  assert.equal(v.get('status'), 'PAID');
  assert.ok((v.get('amount') as BigDecimal).equals(BigDecimal.from('12.34')));
  assert.equal((v.get('ref') as Struct).get('long'), 9n);
  // Written back by the converter, the payload is the producer's payload.
  const again = (await converter({ 'auto.register.schemas': 'false', 'use.latest.version': 'true' }).fromConnectData(t, H, s, v))!;
  assert.deepEqual(again.subarray(5), bytes!.subarray(5));
});

test('decimals and nulls: a tombstone, and connect.meta.data=false', async () => {
  const t = topic('prices');
  const c = converter({ 'connect.meta.data': 'false' });
  assert.equal(await c.fromConnectData(t, H, Decimal.schema(2), null), null);
  assert.equal(await c.toConnectData(t, H, null), SchemaAndValue.NULL);
  const bytes = await c.fromConnectData(t, H, Decimal.schema(2), BigDecimal.from('-0.01'));
  assert.deepEqual(JSON.parse((await client.getLatest(`${t}-value`)).schema), { type: 'bytes', scale: 2, precision: 64, logicalType: 'decimal' });
  assert.ok(((await c.toConnectData(t, H, bytes)).value as BigDecimal).equals(BigDecimal.from('-0.01')));
});

test('schemaless data is written with the Anything schema and reads back schemaless', async () => {
  const t = topic('loose');
  const c = converter();
  const value = new Map<unknown, unknown>([['id', 5n], ['tags', ['a', 'b']]]);
  const bytes = await c.fromConnectData(t, H, null, value);
  assert.equal(JSON.parse((await client.getLatest(`${t}-value`)).schema).name, 'Anything');
  assert.ok((await converter().toConnectData(t, H, bytes)).equals(new SchemaAndValue(null, value)));
});

test('bytes that are not Avro wire format, an unknown id, a JSON Schema id', async () => {
  const t = topic('mixed');
  const c = converter();
  await assert.rejects(async () => c.toConnectData(t, H, Buffer.from('{"a":1}')), dataError(/Not Confluent wire format/));
  await assert.rejects(async () => c.toConnectData(t, H, Buffer.from([0, 0, 0x7f, 0xff, 0xff, 1])), dataError(/40403/));
  const json = await new Serializer({ client: new SchemaRegistryClient({ url }) }).serialize(t, { a: 1 },
    { schema: JSON.stringify({ type: 'object', properties: { a: { type: 'number' } } }), schemaType: 'JSON' });
  await assert.rejects(async () => c.toConnectData(t, H, json), dataError(/is a JSON schema, not Avro/));
  const other = topic('tweets');
  const tweetBytes = (await c.fromConnectData(other, H, TWEET_V1, v1(1n)))!;
  await assert.rejects(async () => c.toConnectData(other, H, tweetBytes.subarray(0, 6)), dataError(/Failed to deserialize data for topic/));
});

test('a registry that does not answer is retriable; bad settings are ConfigExceptions', async () => {
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': 'http://127.0.0.1:1' }, false);
  await assert.rejects(async () => c.fromConnectData('t', H, Schema.STRING_SCHEMA, 'x'), (e: unknown) => e instanceof RetriableException && e.retriable);
  assert.throws(() => new AvroConverter().configure({}, false), (e: unknown) => e instanceof ConfigException && /schema\.registry\.url/.test(e.message));
  assert.throws(() => new AvroConverter().configure({ 'schema.registry.url': url, 'value.subject.name.strategy': 'Nope' }, false), ConfigException);
  assert.throws(() => new AvroConverter().configure({ 'schema.registry.url': url, 'connect.meta.data': 'maybe' }, false), ConfigException);
  await assert.rejects(async () => new AvroConverter().fromConnectData('t', H, Schema.STRING_SCHEMA, 'x'), dataError(/before configure/));
  const auth = new AvroConverter();
  auth.configure({ 'schema.registry.url': url, 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'u:p' }, false);
  assert.equal(auth.config().configKeys().get('basic.auth.user.info')!.type, 'PASSWORD');
});
