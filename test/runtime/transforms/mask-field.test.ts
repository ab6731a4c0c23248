import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../runtime/api/data/big-decimal.js';
import { Decimal, Timestamp } from '../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, assertDataError, sink, transform } from './fixtures.js';

const schema = SchemaBuilder.struct()
  .field('i8', Schema.INT8_SCHEMA)
  .field('i32', Schema.INT32_SCHEMA)
  .field('i64', Schema.INT64_SCHEMA)
  .field('f64', Schema.FLOAT64_SCHEMA)
  .field('bool', Schema.BOOLEAN_SCHEMA)
  .field('str', Schema.STRING_SCHEMA)
  .field('dec', Decimal.schema(2))
  .field('ts', Timestamp.SCHEMA)
  .field('arr', SchemaBuilder.array(Schema.INT32_SCHEMA))
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA))
  .field('opt', Schema.OPTIONAL_STRING_SCHEMA)
  .field('keep', Schema.STRING_SCHEMA)
  .build();
const struct = new Struct(schema)
  .put('i8', 5)
  .put('i32', 123)
  .put('i64', 99n)
  .put('f64', 1.5)
  .put('bool', true)
  .put('str', 'secret')
  .put('dec', BigDecimal.from('12.34'))
  .put('ts', new Date(1_700_000_000_000))
  .put('arr', [1, 2])
  .put('map', new Map([['k', 'v']]))
  .put('keep', 'visible');
const ALL = 'i8,i32,i64,f64,bool,str,dec,ts,arr,map,opt';

test('MaskField$Value masks Struct fields with the empty value of their type', () => {
  const out = transform(`${T}MaskField$Value`, { fields: ALL }).apply(sink({ valueSchema: schema, value: struct }))!;
  const v = out.value as Struct;
  assert.equal(out.valueSchema, schema);
  assert.deepEqual(
    ['i8', 'i32', 'i64', 'f64', 'bool', 'str', 'arr', 'opt', 'keep'].map((f) => v.get(f)),
    [0, 0, 0n, 0, false, '', [], null, 'visible'],
  );
  assert.ok((v.get('dec') as BigDecimal).equals(new BigDecimal(0n, 2)));
  assert.deepEqual(v.get('ts'), new Date(0));
  assert.equal((v.get('map') as Map<string, string>).size, 0);
  v.validate();
});

test('MaskField with a replacement converts it to each field type', () => {
  const out = transform(`${T}MaskField$Value`, { fields: 'i8,i32,i64,f64,str,dec', replacement: '42' }).apply(sink({ valueSchema: schema, value: struct }))!;
  const v = out.value as Struct;
  assert.deepEqual(['i8', 'i32', 'i64', 'f64', 'str'].map((f) => v.get(f)), [42, 42, 42n, 42, '42']);
  assert.ok((v.get('dec') as BigDecimal).equals(new BigDecimal(4200n, 2)));
});

test('MaskField replacement errors name the field', () => {
  assertDataError(() => transform(`${T}MaskField$Value`, { fields: 'bool', replacement: 'x' }).apply(sink({ valueSchema: schema, value: struct })), /field "bool".*custom replacement/);
  assertDataError(() => transform(`${T}MaskField$Value`, { fields: 'i32', replacement: 'abc' }).apply(sink({ valueSchema: schema, value: struct })), /field "i32": unable to convert abc to a number/);
  assertDataError(() => transform(`${T}MaskField$Value`, { fields: 'i8', replacement: '1000' }).apply(sink({ valueSchema: schema, value: struct })), /1000 is out of range for INT8/);
});

test('MaskField schemaless: Map and plain object, present fields only', () => {
  const t = transform(`${T}MaskField$Value`, { fields: 'n,s,b,big,list,obj,missing' });
  const input = { n: 3, s: 'pw', b: true, big: 5n, list: [1], obj: { x: 1 }, other: 'o' };
  const expected = { n: 0, s: '', b: false, big: 0n, list: [], obj: {}, other: 'o' };
  assert.deepEqual(t.apply(sink({ value: input }))!.value, expected);
  assert.deepEqual(Object.fromEntries(t.apply(sink({ value: new Map(Object.entries(input)) }))!.value as Map<string, unknown>), expected);
  assert.deepEqual(transform(`${T}MaskField$Value`, { fields: 's', replacement: '***' }).apply(sink({ value: input }))!.value, { ...input, s: '***' });
  assertDataError(() => transform(`${T}MaskField$Value`, { fields: 'b' }).apply(sink({ value: { b: new Uint8Array(1) } })), /Cannot mask field "b"/);
});

test('MaskField$Key; a tombstone is an error as in Kafka', () => {
  const out = transform(`${T}MaskField$Key`, { fields: 'k' }).apply(sink({ key: { k: 'x' }, value: 'v' }))!;
  assert.deepEqual(out.key, { k: '' });
  assertDataError(() => transform(`${T}MaskField$Value`, { fields: 'k' }).apply(sink({ value: null })), /Only Map objects supported in absence of schema for \[mask fields\], found: null/);
});

test('MaskField config errors', () => {
  assertConfigError(`${T}MaskField$Value`, {}, /Missing required configuration "fields"/, 'fields');
  assertConfigError(`${T}MaskField$Value`, { fields: '' }, /^Invalid value \[\] for configuration fields: Empty list$/, 'fields');
  assertConfigError(`${T}MaskField$Value`, { fields: 'a', replacement: '' }, /replacement: String must be non-empty/, 'replacement');
});
