import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { valuesEqual } from '../../../../runtime/api/data/values.js';
import { DataException } from '../../../../runtime/api/errors.js';
import { parseAvroSchema } from '../../../../runtime/converters/avro/avro-schema.js';
import { avroToConnect, connectToAvro } from '../../../../runtime/converters/avro/avro-values.js';

const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);
const avro = (x: unknown) => parseAvroSchema(JSON.stringify(x));

test('the value mapping table, both ways', () => {
  const entry = { type: 'record', name: 'MapEntry', namespace: 'io.confluent.connect.avro', fields: [{ name: 'key', type: 'int' }, { name: 'value', type: 'string' }] };
  const rows: [Schema, unknown, unknown, unknown][] = [
    [Schema.INT8_SCHEMA, 'int', -5, -5],
    [Schema.INT64_SCHEMA, 'long', -(2n ** 63n), -(2n ** 63n)],
    [Schema.FLOAT32_SCHEMA, 'float', 1.5, 1.5],
    [Schema.STRING_SCHEMA, { type: 'enum', name: 'E', symbols: ['A', 'B'] }, 'B', 'B'],
    [Schema.BYTES_SCHEMA, 'bytes', new Uint8Array([1, 2]), Buffer.from([1, 2])],
    [Decimal.schema(2), { type: 'bytes', logicalType: 'decimal', scale: 2 }, BigDecimal.from('-1.29'), Buffer.from([0xff, 0x7f])],
    [ConnectDate.SCHEMA, { type: 'int', logicalType: 'date' }, new Date(2 * 86_400_000), 2],
    [Time.SCHEMA, { type: 'int', logicalType: 'time-millis' }, new Date(1000), 1000],
    [Timestamp.SCHEMA, { type: 'long', logicalType: 'timestamp-millis' }, new Date(-5), -5n],
    [SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).build(), { type: 'array', items: ['null', 'int'] }, [1, null], [{ int: 1 }, null]],
    [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { type: 'map', values: 'int' }, new Map([['a', 1]]), { a: 1 }],
    [SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build(), { type: 'array', items: entry }, new Map([[1, 'x']]), [{ key: 1, value: 'x' }]],
    [Schema.OPTIONAL_STRING_SCHEMA, ['null', 'string'], 'x', { string: 'x' }],
    [Schema.OPTIONAL_STRING_SCHEMA, ['null', 'string'], null, null],
  ];
  for (const [schema, avroSchema, connectValue, avroValue] of rows) {
    const t = avro(avroSchema);
    assert.deepEqual(connectToAvro(schema, t, connectValue), avroValue, String(schema));
    assert.ok(valuesEqual(avroToConnect(schema, t, avroValue), connectValue), `${String(schema)} back`);
  }
});

test('structs: records by field name; a null field takes its default', () => {
  const schema = SchemaBuilder.struct().name('a.R').field('x', Schema.INT32_SCHEMA).field('y', SchemaBuilder.string().defaultValue('d')).build();
  const t = avro({ type: 'record', name: 'a.R', fields: [{ name: 'x', type: 'int' }, { name: 'y', type: 'string' }] });
  assert.deepEqual(connectToAvro(schema, t, new Struct(schema).put('x', 1)), { x: 1, y: 'd' });
  assert.ok((avroToConnect(schema, t, { x: 2, y: 'e' }) as Struct).equals(new Struct(schema).put('x', 2).put('y', 'e')));
});

test('an optional struct in a union picks the branch by name', () => {
  const inner = SchemaBuilder.struct().name('a.In').field('v', Schema.INT32_SCHEMA).optional().build();
  const t = avro(['null', { type: 'record', name: 'a.Other', fields: [] }, { type: 'record', name: 'a.In', fields: [{ name: 'v', type: 'int' }] }]);
  assert.deepEqual(connectToAvro(inner, t, new Struct(inner).put('v', 3)), { 'a.In': { v: 3 } });
});

test('the Union struct: the set field picks the branch, and back', () => {
  const schema = SchemaBuilder.struct().name('io.confluent.connect.avro.Union')
    .field('int', Schema.OPTIONAL_INT32_SCHEMA).field('string', Schema.OPTIONAL_STRING_SCHEMA).build();
  const t = avro(['int', 'string']);
  assert.deepEqual(connectToAvro(schema, t, new Struct(schema).put('string', 's')), { string: 's' });
  assert.ok((avroToConnect(schema, t, { int: 4 }) as Struct).equals(new Struct(schema).put('int', 4)));
  assert.throws(() => connectToAvro(schema, t, new Struct(schema)), dataError(/no field set and the union has no null branch/));
});

test('writing with a newer schema: an Avro field the Connect schema lacks is left to its default', () => {
  const schema = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build();
  const newer = avro({ type: 'record', name: 'R', fields: [{ name: 'x', type: 'int' }, { name: 'y', type: 'int', default: 0 }] });
  assert.deepEqual(connectToAvro(schema, newer, new Struct(schema).put('x', 1)), { x: 1 });
  const stricter = avro({ type: 'record', name: 'R', fields: [{ name: 'x', type: 'int' }, { name: 'y', type: 'int' }] });
  assert.throws(() => connectToAvro(schema, stricter, new Struct(schema).put('x', 1)), dataError(/has a field "y" without a default/));
});

test('errors name the path', () => {
  const schema = SchemaBuilder.struct().field('xs', SchemaBuilder.array(Schema.INT64_SCHEMA)).build();
  const t = avro({ type: 'record', name: 'R', fields: [{ name: 'xs', type: { type: 'array', items: 'long' } }] });
  assert.throws(() => connectToAvro(schema, t, new Struct(schema).put('xs', [1n]).put('xs', [1n, 2n]) && connectToAvro(Schema.INT64_SCHEMA, avro('long'), 1)), dataError(/expected a bigint, got number 1/));
  assert.throws(() => connectToAvro(Schema.STRING_SCHEMA, avro({ type: 'enum', name: 'E', symbols: ['A'] }), 'Z'), dataError(/"Z" is not a symbol of Avro enum E/));
  assert.throws(() => connectToAvro(Schema.BYTES_SCHEMA, avro({ type: 'fixed', name: 'F', size: 2 }), new Uint8Array(3)), dataError(/do not fit Avro fixed F of size 2/));
  assert.throws(() => connectToAvro(Schema.INT32_SCHEMA, avro('string'), 1), dataError(/A INT32 cannot be written as Avro string/));
  assert.throws(() => connectToAvro(Schema.INT32_SCHEMA, avro(['null', 'string']), 1), dataError(/No branch of Avro union \[null, string\] can hold a INT32/));
  assert.throws(() => connectToAvro(Schema.INT32_SCHEMA, avro('int'), null), dataError(/Found null value for non-optional schema/));
  assert.throws(() => avroToConnect(Schema.OPTIONAL_STRING_SCHEMA, avro(['null', 'string']), { int: 1 }), dataError(/names branch int/));
});

test('a record field named __proto__ is an own property of the Avro value, and reads back', () => {
  const schema = SchemaBuilder.struct().name('R').field('__proto__', Schema.INT32_SCHEMA).field('b', Schema.STRING_SCHEMA).build();
  const t = avro({ type: 'record', name: 'R', fields: [{ name: '__proto__', type: 'int' }, { name: 'b', type: 'string' }] });
  const value = connectToAvro(schema, t, new Struct(schema).put('__proto__', 7).put('b', 'x')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(value), ['__proto__', 'b']);
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, 7);
  assert.equal((avroToConnect(schema, t, value) as Struct).get('__proto__'), 7);
});
