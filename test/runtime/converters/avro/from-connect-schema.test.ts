// Connect -> Avro schema text, each expected text written by hand in the layout Confluent's
// AvroConverter registers (Avro's attribute order, connect.* properties in Confluent's order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { DataException } from '../../../../runtime/api/errors.js';
import { avroName, defaultToAvro, fromConnectSchema, nonOptional } from '../../../../runtime/converters/avro/from-connect-schema.js';

const META = { connectMetaData: true, enhancedSchemaSupport: false, scrubInvalidNames: false };
const PLAIN = { ...META, connectMetaData: false };
const avro = (s: Schema, options = META): string => fromConnectSchema(s, options);
const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

test('primitives', () => {
  const rows: [Schema, string][] = [
    [Schema.INT8_SCHEMA, '{"type":"int","connect.type":"int8"}'],
    [Schema.INT16_SCHEMA, '{"type":"int","connect.type":"int16"}'],
    [Schema.INT32_SCHEMA, '"int"'],
    [Schema.INT64_SCHEMA, '"long"'],
    [Schema.FLOAT32_SCHEMA, '"float"'],
    [Schema.FLOAT64_SCHEMA, '"double"'],
    [Schema.BOOLEAN_SCHEMA, '"boolean"'],
    [Schema.STRING_SCHEMA, '"string"'],
    [Schema.BYTES_SCHEMA, '"bytes"'],
    [Schema.OPTIONAL_STRING_SCHEMA, '["null","string"]'],
  ];
  for (const [schema, text] of rows) assert.equal(avro(schema), text, String(schema));
  assert.equal(avro(Schema.INT8_SCHEMA, PLAIN), '"int"');
});

test('logical types', () => {
  assert.equal(avro(Decimal.schema(2)),
    '{"type":"bytes","scale":2,"precision":64,"connect.version":1,"connect.parameters":{"scale":"2"},"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}');
  assert.equal(avro(Decimal.builder(2).parameter('connect.decimal.precision', '10').build()),
    '{"type":"bytes","scale":2,"precision":10,"connect.version":1,"connect.parameters":{"scale":"2","connect.decimal.precision":"10"},"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}');
  assert.equal(avro(Decimal.schema(2), PLAIN), '{"type":"bytes","scale":2,"precision":64,"logicalType":"decimal"}');
  assert.equal(avro(ConnectDate.SCHEMA), '{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Date","logicalType":"date"}');
  assert.equal(avro(Time.SCHEMA), '{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Time","logicalType":"time-millis"}');
  assert.equal(avro(Timestamp.SCHEMA), '{"type":"long","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Timestamp","logicalType":"timestamp-millis"}');
  assert.equal(avro(Timestamp.SCHEMA, PLAIN), '{"type":"long","logicalType":"timestamp-millis"}');
});

test('an unnamed struct is io.confluent.connect.avro.ConnectDefault; optional fields default to null', () => {
  const s = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('name', Schema.OPTIONAL_STRING_SCHEMA).build();
  assert.equal(avro(s),
    '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[{"name":"id","type":"int"},{"name":"name","type":["null","string"],"default":null}]}');
});

test('a named struct with version and doc; defaults on required and optional fields', () => {
  const s = SchemaBuilder.struct().name('server.db.customers.Value').version(3).doc('a row')
    .field('id', Schema.INT64_SCHEMA)
    .field('count', SchemaBuilder.int32().defaultValue(0))
    .field('lang', SchemaBuilder.string().optional().defaultValue('en'))
    .build();
  assert.equal(avro(s),
    '{"type":"record","name":"Value","namespace":"server.db.customers","fields":[{"name":"id","type":"long"},' +
    '{"name":"count","type":{"type":"int","connect.default":0},"default":0},' +
    '{"name":"lang","type":[{"type":"string","connect.default":"en"},"null"],"default":"en"}],' +
    '"connect.doc":"a row","connect.version":3,"connect.name":"server.db.customers.Value"}');
  assert.equal(avro(s, PLAIN),
    '{"type":"record","name":"Value","namespace":"server.db.customers","fields":[{"name":"id","type":"long"},' +
    '{"name":"count","type":"int","default":0},{"name":"lang","type":["string","null"],"default":"en"}]}');
});

test('arrays and maps; maps with non-string keys are arrays of MapEntry records', () => {
  assert.equal(avro(SchemaBuilder.array(Schema.STRING_SCHEMA).build()), '{"type":"array","items":"string"}');
  assert.equal(avro(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build()), '["null",{"type":"map","values":"int"}]');
  assert.equal(avro(SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build()),
    '{"type":"array","items":{"type":"record","name":"MapEntry","namespace":"io.confluent.connect.avro","fields":[{"name":"key","type":"int"},{"name":"value","type":"string"}]}}');
  assert.equal(avro(SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.STRING_SCHEMA).name('a.Counts').build()),
    '{"type":"array","items":{"type":"record","name":"Counts","namespace":"a","fields":[{"name":"key","type":["null","string"],"default":null},{"name":"value","type":"string"}],"connect.internal.type":"MapEntry"},"connect.name":"a.Counts"}');
});

test('named types are defined once and referred to by name (relative to the enclosing namespace)', () => {
  const addr = SchemaBuilder.struct().name('com.acme.Address').field('city', Schema.STRING_SCHEMA).build();
  const other = SchemaBuilder.struct().name('org.Other').field('x', Schema.INT32_SCHEMA).build();
  const user = SchemaBuilder.struct().name('com.acme.User')
    .field('home', addr).field('work', SchemaBuilder.struct().name('com.acme.Address').field('city', Schema.STRING_SCHEMA).optional())
    .field('o1', other).field('o2', other).build();
  assert.equal(avro(user, PLAIN),
    '{"type":"record","name":"User","namespace":"com.acme","fields":[' +
    '{"name":"home","type":{"type":"record","name":"Address","fields":[{"name":"city","type":"string"}]}},' +
    '{"name":"work","type":["null","Address"],"default":null},' +
    '{"name":"o1","type":{"type":"record","name":"Other","namespace":"org","fields":[{"name":"x","type":"int"}]}},' +
    '{"name":"o2","type":"org.Other"}]}');
  const clash = SchemaBuilder.struct().name('a.R').field('x', SchemaBuilder.struct().name('a.R').field('y', Schema.INT32_SCHEMA)).build();
  assert.throws(() => avro(clash), dataError(/Two different Connect schemas are both named a\.R/));
});

test('different unnamed structs get ConnectDefault, ConnectDefault2...; equal ones share a name', () => {
  const a = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build();
  const b = SchemaBuilder.struct().field('y', Schema.INT32_SCHEMA).build();
  const s = SchemaBuilder.struct().field('a1', a).field('a2', a).field('b', b).build();
  const text = avro(s, PLAIN);
  assert.match(text, /^\{"type":"record","name":"ConnectDefault","namespace":"io\.confluent\.connect\.avro"/);
  assert.match(text, /"name":"a1","type":\{"type":"record","name":"ConnectDefault2","fields"/);
  assert.match(text, /"name":"a2","type":"ConnectDefault2"/);
  assert.match(text, /"name":"b","type":\{"type":"record","name":"ConnectDefault3","fields"/);
});

test('the Union struct becomes an Avro union; enums come back with enhanced schema support', () => {
  const union = SchemaBuilder.struct().name('io.confluent.connect.avro.Union').optional()
    .field('int', Schema.OPTIONAL_INT32_SCHEMA).field('string', Schema.OPTIONAL_STRING_SCHEMA).build();
  assert.equal(avro(union), '["null","int","string"]');
  const color = SchemaBuilder.string().name('com.acme.Color')
    .parameter('io.confluent.connect.avro.Enum', 'com.acme.Color')
    .parameter('io.confluent.connect.avro.Enum.RED', 'RED').parameter('io.confluent.connect.avro.Enum.GREEN', 'GREEN').build();
  assert.equal(avro(color, PLAIN), '"string"');
  assert.equal(avro(color, { ...PLAIN, enhancedSchemaSupport: true }), '{"type":"enum","name":"Color","namespace":"com.acme","symbols":["RED","GREEN"]}');
});

test('docs from parameters, avro* parameters as properties', () => {
  const s = SchemaBuilder.struct().name('a.R')
    .parameter('io.confluent.connect.avro.record.doc', 'rec doc').parameter('io.confluent.connect.avro.field.doc.x', 'x doc')
    .field('x', SchemaBuilder.string().parameter('avro.java.string', 'String')).build();
  assert.equal(avro(s, PLAIN), '{"type":"record","name":"R","namespace":"a","doc":"rec doc","fields":[{"name":"x","type":{"type":"string","avro.java.string":"String"},"doc":"x doc"}]}');
});

test('names Avro cannot hold are refused, or scrubbed when asked', () => {
  const s = SchemaBuilder.struct().name('my-topic.Value').field('first-name', Schema.STRING_SCHEMA).build();
  assert.throws(() => avro(s), dataError(/Schema namespace part "my-topic" is not a valid Avro name/));
  assert.equal(avro(s, { ...PLAIN, scrubInvalidNames: true }), '{"type":"record","name":"Value","namespace":"my_topic","fields":[{"name":"first_name","type":"string"}]}');
  assert.equal(avroName('1st', true, 'x'), 'x1st');
});

test('defaults in Avro JSON: bytes as ISO-8859-1 text, logical types as their base values', () => {
  const text = (s: Schema, v: unknown): string => JSON.stringify(defaultToAvro(s, v), (_k, x) => (x instanceof Map ? Object.fromEntries(x) : x?.text ?? x));
  assert.equal(text(Schema.BYTES_SCHEMA, new Uint8Array([0, 0xff])), '"\\u0000ÿ"');
  assert.equal(text(Decimal.schema(1), BigDecimal.from('1.0')), '"\\n"');
  assert.equal(text(ConnectDate.SCHEMA, new Date(86_400_000)), '"1"');
  const entry = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
  assert.equal(text(entry, new Map([[1, 'a']])), '[{"key":"1","value":"a"}]');
  const st = SchemaBuilder.struct().field('a', Schema.OPTIONAL_INT32_SCHEMA).build();
  assert.equal(text(st, new Struct(st)), '{"a":null}');
});

test('nonOptional keeps everything but optional', () => {
  const s = SchemaBuilder.string().optional().name('n').version(2).doc('d').parameter('p', 'q').defaultValue('x').build();
  const r = nonOptional(s);
  assert.equal(r.optional, false);
  assert.deepEqual([r.name, r.version, r.doc, r.parameters, r.defaultValue], ['n', 2, 'd', { p: 'q' }, 'x']);
  assert.equal(nonOptional(Schema.STRING_SCHEMA), Schema.STRING_SCHEMA);
});
