import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { valuesEqual } from '../../../../runtime/api/data/values.js';
import { DataException } from '../../../../runtime/api/errors.js';
import { DEFAULT_JSON_DATA_OPTIONS, connectToJson, jsonToConnect } from '../../../../runtime/converters/json/json-data.js';
import { parseJson, stringifyJson } from '../../../../runtime/converters/json/json-text.js';

const opts = DEFAULT_JSON_DATA_OPTIONS;
const toText = (s: Schema | null, v: unknown): string => stringifyJson(connectToJson(s, v, opts));
const fromText = (s: Schema | null, t: string): unknown => jsonToConnect(s, parseJson(t), opts);
const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

test('the payload mapping table, both ways', () => {
  const rows: [Schema, unknown, string][] = [
    [Schema.INT8_SCHEMA, -128, '-128'],
    [Schema.INT64_SCHEMA, -9223372036854775808n, '-9223372036854775808'],
    [Schema.FLOAT32_SCHEMA, Math.fround(0.1), '0.1'],
    [Schema.FLOAT32_SCHEMA, Math.fround(1e-5), '1.0E-5'],
    [Schema.FLOAT64_SCHEMA, 0.001, '0.001'],
    [Schema.FLOAT64_SCHEMA, 1e7, '1.0E7'],
    [Schema.FLOAT64_SCHEMA, -0, '-0.0'],
    [Schema.BYTES_SCHEMA, new Uint8Array([0, 255]), '"AP8="'],
    [SchemaBuilder.map(Schema.BOOLEAN_SCHEMA, Schema.STRING_SCHEMA).build(), new Map([[true, 'y']]), '[[true,"y"]]'],
    [Decimal.schema(0), BigDecimal.from('-1'), '"/w=="'],
    [ConnectDate.SCHEMA, new Date(-86_400_000), '-1'],
    [Time.SCHEMA, new Date(0), '0'],
    [Timestamp.SCHEMA, new Date(-1), '-1'],
  ];
  for (const [schema, value, json] of rows) {
    assert.equal(toText(schema, value), json, `${String(schema)} ${String(value)}`);
    assert.ok(valuesEqual(fromText(schema, json), value), `${String(schema)} reads ${json}`);
  }
});

test('numbers in JSON that name integers read into integer types; fractions do not', () => {
  assert.equal(fromText(Schema.INT64_SCHEMA, '1.0e3'), 1000n);
  assert.equal(fromText(Schema.FLOAT64_SCHEMA, '3'), 3);
  assert.throws(() => fromText(Schema.INT64_SCHEMA, '1.5'), dataError(/1\.5 is not an integer/));
  assert.throws(() => fromText(Schema.INT64_SCHEMA, '9223372036854775808'), dataError(/outside the 64-bit range/));
  assert.throws(() => fromText(ConnectDate.SCHEMA, '1.5'), dataError(/Invalid type for Date, underlying representation should be integer/));
  assert.throws(() => fromText(Timestamp.SCHEMA, '"x"'), dataError(/Timestamp, underlying representation should be integral but was STRING/));
});

test('schemaless: integers are INT64, other numbers FLOAT64, objects Maps', () => {
  const v = fromText(null, '{"i":1,"f":1.5,"e":1e2,"a":[{"b":null}]}');
  assert.ok(valuesEqual(v, new Map<string, unknown>([['i', 1n], ['f', 1.5], ['e', 100], ['a', [new Map([['b', null]])]]])));
  assert.equal(toText(null, 1.5), '1.5');
  assert.equal(toText(null, 1e21), '1.0E21');
  assert.equal(toText(null, 7), '7');
});

test('maps: wrong JSON shapes are named', () => {
  const byInt = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build();
  assert.throws(() => fromText(byInt, '{"1":2}'), dataError(/Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT/));
  assert.throws(() => fromText(byInt, '[1]'), dataError(/Found invalid map entry instead of array tuple: NUMBER/));
  assert.throws(() => fromText(byInt, '[[1]]'), dataError(/expected length 2 but found: 1/));
  const byString = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
  assert.throws(() => fromText(byString, '[]'), dataError(/Maps with string fields should be encoded as JSON objects, but found ARRAY/));
});

test('structs: missing members read as null (then default or error); extra members are ignored', () => {
  const schema = SchemaBuilder.struct().field('a', SchemaBuilder.int32().defaultValue(1)).field('b', Schema.OPTIONAL_STRING_SCHEMA).build();
  const s = fromText(schema, '{"extra":true}') as Struct;
  assert.equal(s.get('a'), 1);
  assert.equal(s.get('b'), null);
  const required = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
  assert.throws(() => fromText(required, '{}'), dataError(/Invalid null value for required INT32 field at "a"/));
  assert.throws(() => fromText(required, '[]'), dataError(/Structs should be encoded as JSON objects, but found ARRAY/));
});

test('bytes must be base64', () => {
  assert.throws(() => fromText(Schema.BYTES_SCHEMA, '"not base64!"'), dataError(/is not base64/));
  assert.throws(() => fromText(Decimal.schema(1), '"@@"'), dataError(/Invalid bytes for Decimal field/));
  assert.throws(() => fromText(Decimal.schema(1), 'true'), dataError(/numeric or bytes but was BOOLEAN/));
});

test('writing checks value types and names the path', () => {
  const schema = SchemaBuilder.struct().field('d', Decimal.schema(2)).build();
  assert.throws(() => toText(schema, new Struct(schema).put('d', BigDecimal.from('1.00')).put('d', BigDecimal.from('1.50'))) && toText(Decimal.schema(2), 1), dataError(/expected a BigDecimal/));
  assert.throws(() => toText(Decimal.schema(2), BigDecimal.from('1.5')), dataError(/scale/));
  assert.throws(() => toText(Schema.BOOLEAN_SCHEMA, 'true'), dataError(/Invalid type for BOOLEAN: expected a boolean/));
  assert.throws(() => toText(null, { a: 1 }), dataError(/plain object has no corresponding schema type/));
});
