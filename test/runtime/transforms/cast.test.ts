import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../runtime/api/data/big-decimal.js';
import { Decimal, Timestamp } from '../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, assertDataError, sink, transform } from './fixtures.js';

// [input schema, input value, target type, expected value]
const wholeValue: Array<[string, Schema, unknown, string, unknown]> = [
  ['int32 to int8 wraps', Schema.INT32_SCHEMA, 300, 'int8', 44],
  ['int64 to int32 wraps', Schema.INT64_SCHEMA, 2n ** 32n + 5n, 'int32', 5],
  ['float64 to int32 truncates', Schema.FLOAT64_SCHEMA, -7.9, 'int32', -7],
  ['float64 to int32 saturates', Schema.FLOAT64_SCHEMA, 1e12, 'int32', 2147483647],
  ['float64 to int64 saturates', Schema.FLOAT64_SCHEMA, 1e30, 'int64', 2n ** 63n - 1n],
  ['NaN to int16 is 0', Schema.FLOAT64_SCHEMA, Number.NaN, 'int16', 0],
  ['boolean to int64', Schema.BOOLEAN_SCHEMA, true, 'int64', 1n],
  ['string to int16', Schema.STRING_SCHEMA, '-123', 'int16', -123],
  ['string to float32', Schema.STRING_SCHEMA, '1.1', 'float32', Math.fround(1.1)],
  ['string to float64 (Java suffix)', Schema.STRING_SCHEMA, '2.5d', 'float64', 2.5],
  ['int64 to float64', Schema.INT64_SCHEMA, 3n, 'float64', 3],
  ['int32 to boolean', Schema.INT32_SCHEMA, 0, 'boolean', false],
  ['float64 0.5 to boolean (integer part)', Schema.FLOAT64_SCHEMA, 0.5, 'boolean', false],
  ['string to boolean', Schema.STRING_SCHEMA, 'TRUE', 'boolean', true],
  ['float64 to string', Schema.FLOAT64_SCHEMA, 1, 'string', '1.0'],
  ['float64 large to string', Schema.FLOAT64_SCHEMA, 1.5e10, 'string', '1.5E10'],
  ['float32 to string', Schema.FLOAT32_SCHEMA, Math.fround(1.1), 'string', '1.1'],
  ['int64 to string', Schema.INT64_SCHEMA, -9n, 'string', '-9'],
  ['bytes to string (base64)', Schema.BYTES_SCHEMA, new Uint8Array([1, 2, 3]), 'string', 'AQID'],
  ['Decimal to int32', Decimal.schema(2), BigDecimal.from('123.99'), 'int32', 123],
  ['Decimal to string', Decimal.schema(2), BigDecimal.from('123.90'), 'string', '123.90'],
  ['Timestamp to string', Timestamp.SCHEMA, new Date(Date.UTC(2024, 0, 31, 13, 45, 1, 2)), 'string', '2024-01-31T13:45:01.002Z'],
  ['Timestamp to int64', Timestamp.SCHEMA, new Date(1000), 'int64', 1000n],
];

for (const [name, schema, value, type, expected] of wholeValue) {
  test(`Cast$Value whole value: ${name}`, () => {
    const out = transform(`${T}Cast$Value`, { spec: type }).apply(sink({ valueSchema: schema, value }))!;
    assert.deepEqual(out.value, expected);
    assert.equal(out.valueSchema!.type, type.toUpperCase());
    assert.equal(out.valueSchema!.name, undefined);
  });
}

test('Cast$Value whole value keeps optionality and a non-logical name', () => {
  const s = SchemaBuilder.int64().name('Id').optional().build();
  const out = transform(`${T}Cast$Value`, { spec: 'string' }).apply(sink({ valueSchema: s, value: 5n }))!;
  assert.deepEqual([out.valueSchema!.name, out.valueSchema!.optional, out.value], ['Id', true, '5']);
});

const schema = SchemaBuilder.struct()
  .name('R')
  .field('a', Schema.INT32_SCHEMA)
  .field('b', SchemaBuilder.string().optional().defaultValue('12'))
  .field('c', Schema.OPTIONAL_FLOAT64_SCHEMA)
  .field('d', Schema.BOOLEAN_SCHEMA)
  .build();

test('Cast$Value casts Struct fields, keeping optionality and casting defaults', () => {
  const t = transform(`${T}Cast$Value`, { spec: 'a:string, b:int64 ,c:int8' });
  const out = t.apply(sink({ valueSchema: schema, value: new Struct(schema).put('a', 7).put('c', 3.7).put('d', true) }))!;
  const s = out.valueSchema!;
  assert.equal(s.name, 'R');
  assert.deepEqual(s.fields.map((f) => [f.name, f.schema.type, f.schema.optional, f.schema.defaultValue]), [
    ['a', 'STRING', false, undefined],
    ['b', 'INT64', true, 12n],
    ['c', 'INT8', true, undefined],
    ['d', 'BOOLEAN', false, undefined],
  ]);
  const v = out.value as Struct;
  assert.deepEqual(['a', 'b', 'c', 'd'].map((f) => v.getWithoutDefault(f)), ['7', 12n, 3, true]);
  assert.equal(t.apply(sink({ valueSchema: schema, value: new Struct(schema).put('a', 1).put('d', false) }))!.valueSchema, s, 'cached');
  const keepNull = transform(`${T}Cast$Value`, { spec: 'b:int64', 'replace.null.with.default': 'false' });
  assert.equal((keepNull.apply(sink({ valueSchema: schema, value: new Struct(schema).put('a', 1).put('d', false) }))!.value as Struct).getWithoutDefault('b'), null);
});

test('Cast$Key and schemaless data', () => {
  const out = transform(`${T}Cast$Key`, { spec: 'int16' }).apply(sink({ key: '42', value: 'v' }))!;
  assert.deepEqual([out.key, out.keySchema, out.value], [42, null, 'v']);
  const fields = transform(`${T}Cast$Value`, { spec: 'n:string,s:int64,f:string,absent:int8' });
  assert.deepEqual(fields.apply(sink({ value: { n: 3, s: '12', f: 2.5, o: 1 } }))!.value, { n: '3', s: 12n, f: '2.5', o: 1 });
  assert.deepEqual([...(fields.apply(sink({ value: new Map([['n', 1]]) }))!.value as Map<string, unknown>)], [['n', '1']]);
  const tomb = sink({ value: null });
  assert.equal(fields.apply(tomb), tomb);
});

test('Cast data errors name the field and the value', () => {
  assertDataError(() => transform(`${T}Cast$Value`, { spec: 'a:int8' }).apply(sink({ value: { a: '300' } })), /Value \(300\) was out of range for requested data type INT8 \(field "a"\)/);
  assertDataError(() => transform(`${T}Cast$Value`, { spec: 'a:int8' }).apply(sink({ value: { a: [1] } })), /does not support casting from ARRAY \(field "a"\)/);
  assertDataError(() => transform(`${T}Cast$Value`, { spec: 'int32' }).apply(sink({ valueSchema: Schema.BYTES_SCHEMA, value: new Uint8Array(1) })), /Unexpected type in Cast transformation/);
  assertDataError(() => transform(`${T}Cast$Value`, { spec: 'a:int8' }).apply(sink({ value: 'x' })), /Only Map objects supported in absence of schema for \[cast types\]/);
});

test('Cast config errors', () => {
  assertConfigError(`${T}Cast$Value`, { spec: '' }, /^Must specify at least one field to cast\.$/, 'spec');
  assertConfigError(`${T}Cast$Value`, { spec: 'a:int' }, /^Invalid type found in casting spec: int$/, 'spec');
  assertConfigError(`${T}Cast$Value`, { spec: 'a:bytes' }, /Cast transformation does not support casting to BYTES; supported types are \[INT8/, 'spec');
  assertConfigError(`${T}Cast$Value`, { spec: 'int8,a:int16' }, /may only specify a single cast in their spec/, 'spec');
  assertConfigError(`${T}Cast$Value`, { spec: 'a:b:c' }, /Invalid cast mapping: a:b:c/, 'spec');
});
