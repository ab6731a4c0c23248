// Avro -> Connect schemas, for schemas written by other producers and by Confluent's converter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { DataException } from '../../../../runtime/api/errors.js';
import { parseAvroSchema } from '../../../../runtime/converters/avro/avro-schema.js';
import { defaultFromAvro, isDefaultStructName, isMapEntry, toConnectSchema } from '../../../../runtime/converters/avro/to-connect-schema.js';

const META = { connectMetaData: true, enhancedSchemaSupport: false };
const connect = (avro: unknown, options = META, version?: number): Schema => toConnectSchema(parseAvroSchema(JSON.stringify(avro)), options, version);
const same = (a: Schema, b: Schema): void => assert.ok(a.equals(b), `${String(a)} vs ${String(b)}`);
const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

test('primitives and logical types', () => {
  same(connect('boolean'), Schema.BOOLEAN_SCHEMA);
  same(connect('int'), Schema.INT32_SCHEMA);
  same(connect({ type: 'int', 'connect.type': 'int8' }), Schema.INT8_SCHEMA);
  same(connect({ type: 'int', 'connect.type': 'int16' }), Schema.INT16_SCHEMA);
  same(connect('long'), Schema.INT64_SCHEMA);
  same(connect('float'), Schema.FLOAT32_SCHEMA);
  same(connect('double'), Schema.FLOAT64_SCHEMA);
  same(connect('string'), Schema.STRING_SCHEMA);
  same(connect('bytes'), Schema.BYTES_SCHEMA);
  same(connect({ type: 'fixed', name: 'Md5', size: 16 }), Schema.BYTES_SCHEMA);
  same(connect({ type: 'int', logicalType: 'date' }), ConnectDate.SCHEMA);
  same(connect({ type: 'int', logicalType: 'time-millis' }), Time.SCHEMA);
  same(connect({ type: 'long', logicalType: 'timestamp-millis' }), Timestamp.SCHEMA);
  same(connect({ type: 'long', logicalType: 'timestamp-micros' }), Schema.INT64_SCHEMA);
  same(connect({ type: 'bytes', logicalType: 'decimal', precision: 64, scale: 2 }), Decimal.schema(2));
  same(connect({ type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 }), Decimal.builder(2).parameter('connect.decimal.precision', '10').build());
  same(connect({ type: 'fixed', name: 'D', size: 8, logicalType: 'decimal', precision: 64, scale: 0 }), Decimal.schema(0));
  assert.throws(() => connect('null'), dataError(/Standalone null schemas are not supported/));
  assert.throws(() => connect({ type: 'int', 'connect.type': 'int128' }), dataError(/Connect type annotation/));
  assert.throws(() => connect({ type: 'bytes', logicalType: 'decimal', scale: 'x' }), dataError(/scale must be specified and must be a number/));
});

test('records: name, field docs and record doc as parameters, field defaults', () => {
  const s = connect({
    type: 'record', name: 'User', namespace: 'com.acme', doc: 'a user',
    fields: [
      { name: 'id', type: 'long', doc: 'the id' },
      { name: 'lang', type: 'string', default: 'en' },
      { name: 'nick', type: ['null', 'string'], default: null },
      { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
      { name: 'attrs', type: { type: 'map', values: 'int' }, default: { a: 1 } },
    ],
  });
  const expected = SchemaBuilder.struct().name('com.acme.User')
    .parameter('io.confluent.connect.avro.record.doc', 'a user').parameter('io.confluent.connect.avro.field.doc.id', 'the id')
    .field('id', Schema.INT64_SCHEMA)
    .field('lang', SchemaBuilder.string().parameter('io.confluent.connect.avro.field.default', 'true').defaultValue('en'))
    .field('nick', Schema.OPTIONAL_STRING_SCHEMA)
    .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).parameter('io.confluent.connect.avro.field.default', 'true').defaultValue([]))
    .field('attrs', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).parameter('io.confluent.connect.avro.field.default', 'true').defaultValue(new Map([['a', 1]])))
    .build();
  same(s, expected);
  const plain = connect({ type: 'record', name: 'R', doc: 'd', fields: [{ name: 'a', type: 'int', doc: 'x' }] }, { ...META, connectMetaData: false });
  same(plain, SchemaBuilder.struct().name('R').field('a', Schema.INT32_SCHEMA).build());
});

test('ConnectDefault records have no Connect name; connect.* properties rebuild the rest', () => {
  same(connect({ type: 'record', name: 'ConnectDefault', namespace: 'io.confluent.connect.avro', fields: [] }), SchemaBuilder.struct().build());
  same(connect({ type: 'record', name: 'ConnectDefault2', namespace: 'io.confluent.connect.avro', fields: [] }), SchemaBuilder.struct().build());
  const s = connect({ type: 'string', 'connect.name': 'a.Name', 'connect.version': 4, 'connect.doc': 'doc', 'connect.parameters': { k: 'v' }, 'connect.default': 'x' });
  same(s, SchemaBuilder.string().name('a.Name').version(4).doc('doc').parameter('k', 'v').defaultValue('x').build());
  assert.throws(() => connect({ type: 'string', 'connect.version': 'one' }), dataError(/Invalid Connect version/));
  assert.throws(() => connect({ type: 'string', 'connect.parameters': { k: 1 } }), dataError(/parameter values to be strings/));
  assert.throws(() => connect({ type: 'string', 'connect.name': 5 }), dataError(/Invalid schema name/));
});

test('the registry version applies when there is no connect.version', () => {
  assert.equal(connect({ type: 'record', name: 'R', fields: [] }, META, 7).version, 7);
  assert.equal(connect({ type: 'record', name: 'R', fields: [], 'connect.version': 2 }, META, 7).version, 2);
  assert.equal(connect({ type: 'int', logicalType: 'date' }, META, 7).version, 1);
});

test('unions: [null, T] is an optional T; others are the Union struct', () => {
  same(connect(['null', 'string']), Schema.OPTIONAL_STRING_SCHEMA);
  same(connect(['string', 'null']), Schema.OPTIONAL_STRING_SCHEMA);
  const u = connect(['null', 'int', 'string', { type: 'record', name: 'com.acme.Pt', fields: [{ name: 'x', type: 'int' }] }]);
  const expected = SchemaBuilder.struct().name('io.confluent.connect.avro.Union').optional()
    .field('int', Schema.OPTIONAL_INT32_SCHEMA).field('string', Schema.OPTIONAL_STRING_SCHEMA)
    .field('Pt', SchemaBuilder.struct().name('com.acme.Pt').field('x', Schema.INT32_SCHEMA).optional())
    .build();
  same(u, expected);
  const enhanced = connect(['int', { type: 'record', name: 'com.acme.Pt', fields: [] }], { ...META, enhancedSchemaSupport: true });
  assert.deepEqual(enhanced.fields.map((f) => f.name), ['int', 'com.acme.Pt']);
  assert.throws(() => connect([{ type: 'record', name: 'a.X', fields: [] }, { type: 'record', name: 'b.X', fields: [] }]), dataError(/Multiple union schemas map to the Connect union field name "X"/));
});

test('enums are strings with the enum in parameters', () => {
  const s = connect({ type: 'enum', name: 'Color', namespace: 'com.acme', symbols: ['RED', 'GREEN'], doc: 'colors', default: 'RED' });
  same(s, SchemaBuilder.string().name('com.acme.Color')
    .parameter('io.confluent.connect.avro.enum.doc.Color', 'colors').parameter('io.confluent.connect.avro.enum.default.Color', 'RED')
    .parameter('io.confluent.connect.avro.Enum', 'com.acme.Color')
    .parameter('io.confluent.connect.avro.Enum.RED', 'RED').parameter('io.confluent.connect.avro.Enum.GREEN', 'GREEN').build());
});

test('arrays of MapEntry records are maps', () => {
  const entry = { type: 'record', name: 'MapEntry', namespace: 'io.confluent.connect.avro', fields: [{ name: 'key', type: 'int' }, { name: 'value', type: 'string' }] };
  same(connect({ type: 'array', items: entry }), SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build());
  const marked = { type: 'record', name: 'a.Pairs', 'connect.internal.type': 'MapEntry', fields: [{ name: 'key', type: 'int' }, { name: 'value', type: 'int' }] };
  assert.ok(isMapEntry(parseAvroSchema(JSON.stringify(marked))));
  const bad = { ...entry, fields: [{ name: 'key', type: 'int' }] };
  assert.throws(() => connect({ type: 'array', items: bad }), dataError(/do not have exactly the fields key and value/));
  assert.ok(isDefaultStructName('io.confluent.connect.avro.ConnectDefault12'));
  assert.ok(!isDefaultStructName('io.confluent.connect.avro.ConnectDefaultX'));
});

test('recursive records have no Connect form', () => {
  assert.throws(() => connect({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'] }] }), dataError(/Node is recursive/));
});

test('defaults of every kind', () => {
  const struct = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', SchemaBuilder.string().defaultValue('z')).build();
  const rec = parseAvroSchema('{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"z"}]}');
  assert.ok((defaultFromAvro(struct, rec, { a: 1 }) as Struct).equals(new Struct(struct).put('a', 1).put('b', 'z')));
  assert.ok((defaultFromAvro(Decimal.schema(1), parseAvroSchema('"bytes"'), '\n') as BigDecimal).equals(BigDecimal.from('1.0')));
  assert.equal(defaultFromAvro(Schema.INT64_SCHEMA, parseAvroSchema('"long"'), 5), 5n);
  assert.equal(defaultFromAvro(Schema.FLOAT32_SCHEMA, parseAvroSchema('"float"'), 0.1), Math.fround(0.1));
  assert.throws(() => defaultFromAvro(Schema.BOOLEAN_SCHEMA, parseAvroSchema('"boolean"'), 'yes'), dataError(/Invalid default value "yes"/));
  const map = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
  const entries = parseAvroSchema('{"type":"array","items":{"type":"record","name":"MapEntry","namespace":"io.confluent.connect.avro","fields":[{"name":"key","type":"int"},{"name":"value","type":"string"}]}}');
  assert.deepEqual([...(defaultFromAvro(map, entries, [{ key: 1, value: 'a' }, [2, 'b']]) as Map<number, string>)], [[1, 'a'], [2, 'b']]);
});
