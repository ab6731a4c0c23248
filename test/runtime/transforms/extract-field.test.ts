import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, assertDataError, sink, transform } from './fixtures.js';

const inner = SchemaBuilder.struct().field('zip', Schema.STRING_SCHEMA).build();
const schema = SchemaBuilder.struct()
  .field('id', Schema.INT64_SCHEMA)
  .field('address', SchemaBuilder.struct().field('zip', Schema.STRING_SCHEMA).optional().build())
  .field('n', SchemaBuilder.int32().optional().defaultValue(7))
  .build();
const value = new Struct(schema).put('id', 5n).put('address', new Struct(schema.field('address')!.schema).put('zip', '75001'));

test('ExtractField$Value takes a Struct field and its schema', () => {
  const out = transform(`${T}ExtractField$Value`, { field: 'id' }).apply(sink({ valueSchema: schema, value }))!;
  assert.equal(out.valueSchema, Schema.INT64_SCHEMA);
  assert.equal(out.value, 5n);
});

test('ExtractField$Key takes a field of the key', () => {
  const out = transform(`${T}ExtractField$Key`, { field: 'id' }).apply(sink({ keySchema: schema, key: value, value: 'v' }))!;
  assert.equal(out.key, 5n);
  assert.equal(out.value, 'v');
});

test('ExtractField V2 paths reach into nested Structs and maps', () => {
  const t = transform(`${T}ExtractField$Value`, { field: 'address.zip', 'field.syntax.version': 'v2' });
  const out = t.apply(sink({ valueSchema: schema, value }))!;
  assert.equal(out.valueSchema!.type, 'STRING');
  assert.equal(out.value, '75001');
  assert.equal(t.apply(sink({ value: new Map([['address', { zip: '1000' }]]) }))!.value, '1000');
  assert.equal(t.apply(sink({ value: { address: null } }))!.value, null);
  assert.equal(transform(`${T}ExtractField$Value`, { field: 'address.zip' }).apply(sink({ value: { 'address.zip': 'flat' } }))!.value, 'flat');
  assert.ok(inner);
});

test('ExtractField schemaless: absent field is null; tombstones pass', () => {
  const t = transform(`${T}ExtractField$Value`, { field: 'a' });
  assert.equal(t.apply(sink({ value: { b: 1 } }))!.value, null);
  assert.equal(t.apply(sink({ value: new Map([['a', 1]]) }))!.value, 1);
  assert.equal(t.apply(sink({ value: null }))!.value, null);
  const tomb = transform(`${T}ExtractField$Value`, { field: 'id' }).apply(sink({ valueSchema: schema, value: null }))!;
  assert.equal(tomb.value, null);
  assert.equal(tomb.valueSchema, Schema.INT64_SCHEMA);
});

test('ExtractField replace.null.with.default', () => {
  assert.equal(transform(`${T}ExtractField$Value`, { field: 'n' }).apply(sink({ valueSchema: schema, value }))!.value, 7);
  assert.equal(transform(`${T}ExtractField$Value`, { field: 'n', 'replace.null.with.default': 'false' }).apply(sink({ valueSchema: schema, value }))!.value, null);
});

test('ExtractField errors', () => {
  assertDataError(() => transform(`${T}ExtractField$Value`, { field: 'nope' }).apply(sink({ valueSchema: schema, value })), /Unknown field: nope \(fields: id, address, n\)/);
  assertDataError(() => transform(`${T}ExtractField$Value`, { field: 'a' }).apply(sink({ value: 'text' })), /Only Map objects supported in absence of schema for \[nested field access\], found: string/);
  assertConfigError(`${T}ExtractField$Value`, {}, /Missing required configuration "field"/, 'field');
  assertConfigError(`${T}ExtractField$Value`, { field: 'a', 'field.syntax.version': 'V3' }, /field\.syntax\.version/, 'field.syntax.version');
});
