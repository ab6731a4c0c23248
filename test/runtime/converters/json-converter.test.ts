// JsonConverter: the envelope bytes, written by hand from Kafka's documented JSON schema format
// (type names, member order: type, items|keys/values|fields, optional, name, version, doc,
// parameters, default; a field's name last), then read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../../runtime/api/data/logical-types.js';
import { Schema, SchemaAndValue } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { ConfigException, DataException } from '../../../runtime/api/errors.js';
import { Headers } from '../../../runtime/api/header/headers.js';
import { JsonConverter } from '../../../runtime/converters/json-converter.js';

function converter(configs: Record<string, string> = {}, isKey = false): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, isKey);
  return c;
}

const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

/** Writes, compares with Kafka's bytes, reads back and compares with the input. */
function roundTrip(c: JsonConverter, schema: Schema | null, value: unknown, expected: string): void {
  const bytes = c.serialize(schema, value);
  assert.equal(text(bytes), expected);
  const back = c.deserialize(bytes);
  assert.ok(back.equals(new SchemaAndValue(schema, value)), `read back ${String(back.value)} under ${String(back.schema)}`);
}

test('primitives in the envelope, byte for byte', () => {
  const c = converter();
  roundTrip(c, Schema.BOOLEAN_SCHEMA, true, '{"schema":{"type":"boolean","optional":false},"payload":true}');
  roundTrip(c, Schema.INT8_SCHEMA, 12, '{"schema":{"type":"int8","optional":false},"payload":12}');
  roundTrip(c, Schema.INT16_SCHEMA, -12345, '{"schema":{"type":"int16","optional":false},"payload":-12345}');
  roundTrip(c, Schema.INT32_SCHEMA, 2147483647, '{"schema":{"type":"int32","optional":false},"payload":2147483647}');
  roundTrip(c, Schema.INT64_SCHEMA, 9223372036854775807n, '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}');
  roundTrip(c, Schema.FLOAT32_SCHEMA, Math.fround(12.34), '{"schema":{"type":"float","optional":false},"payload":12.34}');
  roundTrip(c, Schema.FLOAT64_SCHEMA, 12.34, '{"schema":{"type":"double","optional":false},"payload":12.34}');
  roundTrip(c, Schema.FLOAT64_SCHEMA, 1, '{"schema":{"type":"double","optional":false},"payload":1.0}');
  roundTrip(c, Schema.FLOAT64_SCHEMA, 1e10, '{"schema":{"type":"double","optional":false},"payload":1.0E10}');
  roundTrip(c, Schema.STRING_SCHEMA, 'test-string', '{"schema":{"type":"string","optional":false},"payload":"test-string"}');
  roundTrip(c, Schema.BYTES_SCHEMA, Buffer.from('test-string'), '{"schema":{"type":"bytes","optional":false},"payload":"dGVzdC1zdHJpbmc="}');
});

test('strings are escaped as Jackson escapes them', () => {
  const c = converter();
  roundTrip(c, Schema.STRING_SCHEMA, 'a"b\\c\n\u0001é/', '{"schema":{"type":"string","optional":false},"payload":"a\\"b\\\\c\\n\\u0001é/"}');
});

test('floats that are not numbers are quoted, and read back', () => {
  const c = converter();
  roundTrip(c, Schema.FLOAT64_SCHEMA, NaN, '{"schema":{"type":"double","optional":false},"payload":"NaN"}');
  roundTrip(c, Schema.FLOAT32_SCHEMA, -Infinity, '{"schema":{"type":"float","optional":false},"payload":"-Infinity"}');
});

test('arrays, maps with string keys, maps with other keys', () => {
  const c = converter();
  roundTrip(c, SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 2, 3],
    '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}');
  roundTrip(c, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([['key1', 12], ['key2', 15]]),
    '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":{"key1":12,"key2":15}}');
  roundTrip(c, SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([[1, 12], [2, 15]]),
    '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":[[1,12],[2,15]]}');
});

test('a struct: fields in order, each field name last, optional fields as null', () => {
  const c = converter();
  const schema = SchemaBuilder.struct()
    .field('field1', Schema.BOOLEAN_SCHEMA)
    .field('field2', Schema.STRING_SCHEMA)
    .field('field3', Schema.OPTIONAL_STRING_SCHEMA)
    .field('field4', Schema.BOOLEAN_SCHEMA)
    .build();
  const value = new Struct(schema).put('field1', true).put('field2', 'string2').put('field4', false);
  roundTrip(c, schema, value,
    '{"schema":{"type":"struct","fields":[{"type":"boolean","optional":false,"field":"field1"},{"type":"string","optional":false,"field":"field2"},' +
    '{"type":"string","optional":true,"field":"field3"},{"type":"boolean","optional":false,"field":"field4"}],"optional":false},' +
    '"payload":{"field1":true,"field2":"string2","field3":null,"field4":false}}');
});

test('name, version, doc, parameters and default, in that order', () => {
  const c = converter();
  const schema = SchemaBuilder.int32().optional().name('com.acme.Count').version(3).doc('a count').parameter('unit', 'items').defaultValue(42).build();
  assert.equal(text(c.serialize(schema, 7)),
    '{"schema":{"type":"int32","optional":true,"name":"com.acme.Count","version":3,"doc":"a count","parameters":{"unit":"items"},"default":42},"payload":7}');
  assert.ok(c.deserialize(c.serialize(schema, 7)).schema!.equals(schema));
});

test('logical types: Decimal as base64, Date as days, Time as ms of day, Timestamp as ms', () => {
  const c = converter();
  roundTrip(c, Decimal.schema(2), BigDecimal.from('1.56'),
    '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"AJw="}');
  roundTrip(c, ConnectDate.SCHEMA, new Date(10000 * 86_400_000),
    '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":10000}');
  roundTrip(c, Time.SCHEMA, new Date(14_400_000),
    '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":14400000}');
  roundTrip(c, Timestamp.SCHEMA, new Date(4_000_000_000),
    '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000}');
});

test('decimal.format=NUMERIC writes the number as Java prints a BigDecimal, in any case of the setting', () => {
  const c = converter({ 'decimal.format': 'numeric' });
  roundTrip(c, Decimal.schema(2), BigDecimal.from('1.56'),
    '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":1.56}');
  assert.equal(text(converter({ 'decimal.format': 'NUMERIC', 'schemas.enable': 'false' }).serialize(Decimal.schema(-2), new BigDecimal(123n, -2))), '1.23E+4');
  // A BASE64 converter reads NUMERIC data too, and the other way round.
  assert.ok((converter().deserialize(c.serialize(Decimal.schema(2), BigDecimal.from('1.56'))).value as BigDecimal).equals(BigDecimal.from('1.56')));
  assert.throws(() => converter({ 'decimal.format': 'text' }), (e: unknown) => e instanceof ConfigException && /decimal\.format/.test(e.message));
});

test('a numeric decimal with fewer digits takes the schema scale; one that needs rounding is refused', () => {
  const c = converter();
  const envelope = (payload: string): Buffer => Buffer.from(
    `{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":${payload}}`);
  assert.ok((c.deserialize(envelope('1.5')).value as BigDecimal).equals(BigDecimal.from('1.50')));
  assert.throws(() => c.deserialize(envelope('1.555')), dataError(/does not fit scale 2/));
});

test('null values: a tombstone, an optional null, a default in place of null', () => {
  const c = converter();
  assert.equal(c.serialize(null, null), null);
  assert.equal(c.deserialize(null), SchemaAndValue.NULL);
  assert.equal(text(c.serialize(Schema.OPTIONAL_STRING_SCHEMA, null)), '{"schema":{"type":"string","optional":true},"payload":null}');
  const withDefault = SchemaBuilder.int32().optional().defaultValue(42).build();
  assert.equal(text(c.serialize(withDefault, null)), '{"schema":{"type":"int32","optional":true,"default":42},"payload":42}');
  assert.equal(c.deserialize(Buffer.from('{"schema":{"type":"int32","optional":true,"default":42},"payload":null}')).value, 42);
  assert.throws(() => c.serialize(Schema.INT32_SCHEMA, null), dataError(/null value for a field that is required/));
  assert.throws(() => c.deserialize(Buffer.from('{"schema":{"type":"int32","optional":false},"payload":null}')), dataError(/Invalid null value for required INT32 field/));
});

test('replace.null.with.default=false keeps nulls as null both ways', () => {
  const c = converter({ 'replace.null.with.default': 'false' });
  const schema = SchemaBuilder.struct().field('n', SchemaBuilder.int32().optional().defaultValue(42)).build();
  const bytes = c.serialize(schema, new Struct(schema));
  assert.equal(text(bytes), '{"schema":{"type":"struct","fields":[{"type":"int32","optional":true,"default":42,"field":"n"}],"optional":false},"payload":{"n":null}}');
  assert.equal((c.deserialize(bytes).value as Struct).getWithoutDefault('n'), null);
  assert.equal((converter().deserialize(bytes).value as Struct).getWithoutDefault('n'), 42);
});

test('schemas.enable=false: plain JSON out, and plain JSON in read schemaless as Kafka reads it', () => {
  const c = converter({ 'schemas.enable': 'false' });
  const schema = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA)).build();
  assert.equal(text(c.serialize(schema, new Struct(schema).put('id', 1n).put('tags', ['a']))), '{"id":1,"tags":["a"]}');
  const back = c.deserialize(Buffer.from('{"id":9007199254740993,"score":1.5,"ok":true,"tags":["a",null],"nested":{"x":1}}'));
  assert.equal(back.schema, null);
  const expected = new Map<string, unknown>([['id', 9007199254740993n], ['score', 1.5], ['ok', true], ['tags', ['a', null]], ['nested', new Map([['x', 1n]])]]);
  assert.ok(new SchemaAndValue(null, expected).equals(back));
  assert.equal(text(c.serialize(Schema.OPTIONAL_STRING_SCHEMA, null)), 'null');
});

test('schemaless values with schemas.enable: a null schema in the envelope', () => {
  const c = converter();
  const value = new Map<unknown, unknown>([['a', 1n], ['b', [true, 'x', 2.5]]]);
  roundTrip(c, null, value, '{"schema":null,"payload":{"a":1,"b":[true,"x",2.5]}}');
  assert.equal(text(c.serialize(null, new Map<unknown, unknown>([[1n, 'one']]))), '{"schema":null,"payload":[[1,"one"]]}');
  assert.throws(() => c.serialize(null, new Date(0)), dataError(/has no corresponding schema type/));
});

test('the famous envelope error, and other malformed input', () => {
  const c = converter();
  const envelopeError = dataError(/^JsonConverter with schemas\.enable requires "schema" and "payload" fields and may not contain additional fields\. If you are trying to deserialize plain JSON data, set schemas\.enable=false in your converter configuration\.$/);
  assert.throws(() => c.deserialize(Buffer.from('{"id":1}')), envelopeError);
  assert.throws(() => c.deserialize(Buffer.from('{"schema":null,"payload":1,"extra":2}')), envelopeError);
  assert.throws(() => c.deserialize(Buffer.from('[1,2]')), envelopeError);
  assert.throws(() => c.deserialize(Buffer.from('{"schema":')), dataError(/serialization error: Invalid JSON at offset 10/));
  assert.throws(() => c.deserialize(Buffer.from([0xff, 0xfe])), dataError(/serialization error/));
  assert.throws(() => c.deserialize(Buffer.from('{"schema":{"type":"int32","optional":false},"payload":"x"}')), dataError(/expected an integer number, but found STRING/));
  assert.throws(() => c.deserialize(Buffer.from('{"schema":{"type":"int8","optional":false},"payload":300}')), dataError(/300 is not an integer in -128\.\.127/));
  const struct = '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"}],"optional":false},"payload":{"a":"x"}}';
  assert.throws(() => c.deserialize(Buffer.from(struct)), dataError(/at "a"/));
});

test('writing refuses values that do not fit the schema, naming the field', () => {
  const c = converter();
  const schema = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).build();
  const other = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).build();
  assert.throws(() => c.serialize(Schema.INT64_SCHEMA, 1), dataError(/Invalid type for INT64: expected a bigint, got number 1/));
  assert.throws(() => c.serialize(schema, new Struct(other).put('id', 1)), dataError(/Mismatching schema/));
  const list = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
  assert.throws(() => c.serialize(list, ['a', 2]), dataError(/at "\[1\]"/));
});

test('key converter and header converter behave the same; the async API matches the sync one', async () => {
  const key = converter({}, true);
  const bytes = await key.fromConnectData('t', new Headers(), Schema.STRING_SCHEMA, 'k');
  assert.equal(text(bytes), '{"schema":{"type":"string","optional":false},"payload":"k"}');
  assert.ok((await key.toConnectData('t', new Headers(), bytes)).equals(new SchemaAndValue(Schema.STRING_SCHEMA, 'k')));
  const header = new JsonConverter();
  header.configure({ 'schemas.enable': 'false' });
  assert.equal(text(header.fromConnectHeader('t', 'h', Schema.INT32_SCHEMA, 5)), '5');
  assert.ok(header.toConnectHeader('t', 'h', Buffer.from('5')).equals(new SchemaAndValue(null, 5n)));
});

test('schemas are cached per Schema instance and per schema text', () => {
  const c = converter({ 'schemas.cache.size': '2' });
  const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
  assert.equal(c.asJsonSchema(schema), c.asJsonSchema(schema));
  const bytes = c.serialize(schema, new Struct(schema).put('a', 1));
  assert.equal(c.deserialize(bytes).schema, c.deserialize(bytes).schema);
  assert.deepEqual(c.config().names(), ['converter.type', 'schemas.enable', 'schemas.cache.size', 'decimal.format', 'replace.null.with.default']);
});
