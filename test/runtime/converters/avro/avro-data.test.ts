// AvroData both ways through real Avro bytes: Connect -> Avro schema + value -> bytes -> Connect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../../../runtime/api/data/logical-types.js';
import { Schema, SchemaAndValue } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { DataException } from '../../../../runtime/api/errors.js';
import { AvroData } from '../../../../runtime/converters/avro/avro-data.js';
import { parseAvroSchema } from '../../../../runtime/converters/avro/avro-schema.js';
import { avscTypeOf } from '../../../../runtime/converters/avro/avsc-types.js';

function roundTrip(data: AvroData, schema: Schema, value: unknown): SchemaAndValue {
  const info = data.fromConnectSchema(schema);
  const type = avscTypeOf(info.model);
  const bytes = type.toBuffer(data.fromConnectData(schema, info.model, value));
  return data.toConnectData(info.text, info.model, type.fromBuffer(bytes));
}

const ADDRESS = SchemaBuilder.struct().name('com.acme.Address').field('city', Schema.STRING_SCHEMA).optional().build();
const TWEET = SchemaBuilder.struct().name('com.acme.Tweet').version(1).doc('a tweet')
  .field('id', Schema.INT64_SCHEMA)
  .field('text', Schema.STRING_SCHEMA)
  .field('lang', SchemaBuilder.string().optional().defaultValue('en'))
  .field('retweets', Schema.INT16_SCHEMA)
  .field('score', Decimal.builder(3).optional())
  .field('created', Timestamp.SCHEMA)
  .field('day', ConnectDate.SCHEMA)
  .field('at', Time.SCHEMA)
  .field('ratio', Schema.FLOAT64_SCHEMA)
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA))
  .field('counts', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA))
  .field('byUser', SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA))
  .field('raw', Schema.OPTIONAL_BYTES_SCHEMA)
  .field('home', ADDRESS)
  .field('work', ADDRESS)
  .build();

function tweet(): Struct {
  return new Struct(TWEET)
    .put('id', 1_234_567_890_123_456_789n).put('text', 'hello').put('lang', 'fr').put('retweets', 3)
    .put('score', BigDecimal.from('12.345')).put('created', new Date(1_700_000_000_123)).put('day', new Date(19_000 * 86_400_000))
    .put('at', new Date(3_600_000)).put('ratio', 0.25).put('tags', ['a', 'b']).put('counts', new Map([['likes', 9_007_199_254_740_993n]]))
    .put('byUser', new Map([[1n, 'x'], [2n, null]])).put('raw', new Uint8Array([0, 1, 255])).put('home', new Struct(ADDRESS).put('city', 'Paris'))
    .put('work', null);
}

test('a Connect schema and value survive Avro exactly, connect.meta.data on', () => {
  const back = roundTrip(new AvroData(), TWEET, tweet());
  assert.ok(back.schema!.equals(TWEET));
  assert.ok((back.value as Struct).equals(tweet()));
});

test('without connect.meta.data the names of logical types survive (logicalType), Connect-only details do not', () => {
  const back = roundTrip(new AvroData({ connectMetaData: false }), TWEET, tweet());
  const schema = back.schema!;
  assert.equal(schema.name, 'com.acme.Tweet');
  assert.equal(schema.version, undefined);
  assert.equal(schema.field('retweets')!.schema.type, 'INT32');
  assert.equal(schema.field('score')!.schema.name, Decimal.LOGICAL_NAME);
  assert.equal(schema.field('created')!.schema.name, Timestamp.LOGICAL_NAME);
  assert.equal((back.value as Struct).get('id'), 1_234_567_890_123_456_789n);
});

test('schemas are cached both ways', () => {
  const data = new AvroData({ schemasCacheSize: 10 });
  assert.equal(data.fromConnectSchema(TWEET), data.fromConnectSchema(TWEET));
  const info = data.fromConnectSchema(TWEET);
  assert.equal(data.toConnectSchema(info.text, info.model), data.toConnectSchema(info.text, info.model));
  assert.notEqual(data.toConnectSchema(info.text, info.model, 5), data.toConnectSchema(info.text, info.model));
});

test('data written by another producer: a union of several types reads as the Union struct', () => {
  const text = JSON.stringify({ type: 'record', name: 'Event', fields: [{ name: 'v', type: ['null', 'long', 'string', { type: 'enum', name: 'Kind', symbols: ['A', 'B'] }] }] });
  const model = parseAvroSchema(text);
  const type = avscTypeOf(model);
  const data = new AvroData();
  const read = (v: unknown): Struct => data.toConnectData(text, model, type.fromBuffer(type.toBuffer({ v })), 3).value as Struct;
  const schema = data.toConnectSchema(text, model, 3)!;
  assert.equal(schema.version, 3);
  const union = schema.field('v')!.schema;
  assert.deepEqual(union.fields.map((f) => f.name), ['long', 'string', 'Kind']);
  assert.equal((read({ long: 5n }).get('v') as Struct).get('long'), 5n);
  assert.equal((read({ Kind: 'B' }).get('v') as Struct).get('Kind'), 'B');
  assert.equal(read(null).get('v'), null);
  // ... and writes back to the same bytes.
  const s = read({ string: 'x' });
  assert.deepEqual(type.toBuffer(data.fromConnectData(schema, model, s)), type.toBuffer({ v: { string: 'x' } }));
});

test('null values; schemaless data goes through the Anything record', () => {
  const data = new AvroData();
  assert.equal(data.toConnectData('"int"', parseAvroSchema('"int"'), null), SchemaAndValue.NULL);
  const info = data.fromConnectSchema(null);
  assert.equal(JSON.parse(info.text).name, 'Anything');
  assert.equal(data.toConnectSchema(info.text, info.model), null);
  const value = new Map<unknown, unknown>([['a', [1, 2n, 'x', null]], [5, true]]);
  const type = avscTypeOf(info.model);
  const back = data.toConnectData(info.text, info.model, type.fromBuffer(type.toBuffer(data.fromConnectData(null, info.model, value))));
  assert.ok(back.equals(new SchemaAndValue(null, value)));
  assert.throws(() => data.fromConnectData(null, parseAvroSchema('"int"'), 1), (e: unknown) => e instanceof DataException && /Anything/.test(e.message));
});
