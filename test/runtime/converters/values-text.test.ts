import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../../runtime/api/data/logical-types.js';
import { Schema, SchemaAndValue } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { DataException } from '../../../runtime/api/errors.js';
import { parseString, valueToString } from '../../../runtime/converters/values-text.js';

const parsed = (text: string, schema: Schema | null, value: unknown): void => {
  const sv = parseString(text);
  assert.ok(sv.equals(new SchemaAndValue(schema, value)), `${JSON.stringify(text)} read as ${String(sv.schema)} ${String(sv.value)}`);
};

test('writing: top-level strings as they are, numbers as Java prints them, dates in ISO-8601 UTC', () => {
  assert.equal(valueToString(Schema.STRING_SCHEMA, 'a "b"'), 'a "b"');
  assert.equal(valueToString(null, null), null);
  assert.equal(valueToString(Schema.INT32_SCHEMA, 42), '42');
  assert.equal(valueToString(Schema.INT64_SCHEMA, 2n ** 62n), '4611686018427387904');
  assert.equal(valueToString(Schema.FLOAT64_SCHEMA, 1), '1.0');
  assert.equal(valueToString(Schema.FLOAT32_SCHEMA, Math.fround(0.1)), '0.1');
  assert.equal(valueToString(Schema.BOOLEAN_SCHEMA, false), 'false');
  assert.equal(valueToString(Schema.BYTES_SCHEMA, new Uint8Array([1, 2])), 'AQI=');
  assert.equal(valueToString(Decimal.schema(2), BigDecimal.from('1.50')), '1.50');
  assert.equal(valueToString(ConnectDate.SCHEMA, new Date(Date.UTC(2024, 0, 31))), '2024-01-31');
  assert.equal(valueToString(Time.SCHEMA, new Date(45_296_789)), '12:34:56.789Z');
  assert.equal(valueToString(Timestamp.SCHEMA, new Date(Date.UTC(2024, 0, 31, 12, 34, 56, 789))), '2024-01-31T12:34:56.789Z');
  // Without a schema the value decides, as in Kafka (but a pre-1970 date stays a date).
  assert.equal(valueToString(null, new Date(-86_400_000)), '1969-12-31');
});

test('writing: arrays, maps and structs with quoted strings inside', () => {
  assert.equal(valueToString(null, [1, 'a"b\\c', null, true]), '[1,"a\\"b\\\\c",null,true]');
  assert.equal(valueToString(null, new Map<unknown, unknown>([['k', 1.5], ['j', [1]]])), '{"k":1.5,"j":[1]}');
  const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', Schema.OPTIONAL_STRING_SCHEMA).build();
  assert.equal(valueToString(schema, new Struct(schema).put('a', 1).put('b', 'x')), '{"a":1,"b":"x"}');
  assert.throws(() => valueToString(null, { a: 1 }), DataException);
});

test('reading: literals and the smallest integer type that holds the number', () => {
  parsed('', Schema.STRING_SCHEMA, '');
  parsed('null', null, null);
  parsed('true', Schema.BOOLEAN_SCHEMA, true);
  parsed('127', Schema.INT8_SCHEMA, 127);
  parsed('-129', Schema.INT16_SCHEMA, -129);
  parsed('40000', Schema.INT32_SCHEMA, 40000);
  parsed('9999999999', Schema.INT64_SCHEMA, 9999999999n);
  parsed('99999999999999999999', Decimal.schema(0), BigDecimal.from('99999999999999999999'));
  parsed('2.0', Schema.INT8_SCHEMA, 2);
});

test('reading: fractions become FLOAT32 only without loss, else FLOAT64, else Decimal', () => {
  parsed('1.5', Schema.FLOAT32_SCHEMA, 1.5);
  parsed('0.1', Schema.FLOAT32_SCHEMA, Math.fround(0.1));
  parsed('3.14159265358979', Schema.FLOAT64_SCHEMA, 3.14159265358979);
  parsed('0.1000000000000000000001', Decimal.schema(22), BigDecimal.from('0.1000000000000000000001'));
});

test('reading: temporal literals; invalid dates stay strings', () => {
  parsed('2024-01-31', ConnectDate.SCHEMA, new Date(Date.UTC(2024, 0, 31)));
  parsed('12:34:56.789Z', Time.SCHEMA, new Date(45_296_789));
  parsed('2024-01-31T12:34:56.789Z', Timestamp.SCHEMA, new Date(Date.UTC(2024, 0, 31, 12, 34, 56, 789)));
  parsed('2023-02-30', Schema.STRING_SCHEMA, '2023-02-30');
  parsed('24:00:00.000Z', Schema.STRING_SCHEMA, '24:00:00.000Z');
});

test('reading: arrays and maps with a common schema, numbers widened', () => {
  parsed('[1,2,3]', SchemaBuilder.array(Schema.INT8_SCHEMA).build(), [1, 2, 3]);
  parsed('[1,300,70000]', SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 300, 70000]);
  parsed('[1,9999999999]', SchemaBuilder.array(Schema.INT64_SCHEMA).build(), [1n, 9999999999n]);
  parsed('[1,2.5]', SchemaBuilder.array(Schema.FLOAT32_SCHEMA).build(), [1, 2.5]);
  parsed('[1,null]', SchemaBuilder.array(Schema.OPTIONAL_INT8_SCHEMA).build(), [1, null]);
  parsed('["a","b"]', SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['a', 'b']);
  parsed('{"a":1,"b":2}', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), new Map([['a', 1], ['b', 2]]));
  parsed('{1:true}', SchemaBuilder.map(Schema.INT8_SCHEMA, Schema.BOOLEAN_SCHEMA).build(), new Map([[1, true]]));
  parsed('[[1],[2]]', SchemaBuilder.array(SchemaBuilder.array(Schema.INT8_SCHEMA).build()).build(), [[1], [2]]);
  parsed('[12:34:56.789Z]', SchemaBuilder.array(Time.SCHEMA).build(), [new Date(45_296_789)]);
});

test('reading: mixed elements have no common schema; malformed structures are strings', () => {
  parsed('[1,"a"]', null, [1, 'a']);
  parsed('[]', null, []);
  parsed('{}', null, new Map());
  parsed('[1,2', Schema.STRING_SCHEMA, '[1,2');
  parsed('[1,,2]', Schema.STRING_SCHEMA, '[1,,2]');
  parsed('{a:1}', Schema.STRING_SCHEMA, '{a:1}');
  parsed('{"a"}', Schema.STRING_SCHEMA, '{"a"}');
  parsed('[1] x', Schema.STRING_SCHEMA, '[1] x');
  parsed('hello, world', Schema.STRING_SCHEMA, 'hello, world');
  parsed('  ', Schema.STRING_SCHEMA, '  ');
});

test('what is written reads back as the same value', () => {
  const values: [Schema, unknown][] = [
    [SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['a"b', 'c\\d', 'e,f']],
    [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build(), new Map([['x', 9999999999n]])],
    [Schema.INT16_SCHEMA, 1000],
    [Timestamp.SCHEMA, new Date(1_700_000_000_123)],
  ];
  for (const [schema, value] of values) parsed(valueToString(schema, value)!, schema, value);
});
