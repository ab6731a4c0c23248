import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, assertDataError, sink, source, transform } from './fixtures.js';

const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', Schema.STRING_SCHEMA).field('c', Schema.OPTIONAL_INT64_SCHEMA).build();

test('ValueToKey builds a Struct key of the listed fields, in the order listed', () => {
  const t = transform(`${T}ValueToKey`, { fields: 'c,a' });
  const value = new Struct(schema).put('a', 1).put('b', 'x').put('c', 9n);
  const out = t.apply(sink({ key: 'old', valueSchema: schema, value }))!;
  assert.deepEqual(out.keySchema!.fields.map((f) => [f.name, f.schema.type]), [['c', 'INT64'], ['a', 'INT32']]);
  assert.equal(out.keySchema!.name, undefined);
  assert.deepEqual([(out.key as Struct).get('c'), (out.key as Struct).get('a')], [9n, 1]);
  assert.equal(out.value, value);
  assert.equal(t.apply(sink({ valueSchema: schema, value }))!.keySchema, out.keySchema, 'key schema cached');
});

test('ValueToKey schemaless: the key has the kind of the value; absent fields are null', () => {
  const t = transform(`${T}ValueToKey`, { fields: 'a,z' });
  assert.deepEqual(t.apply(source({ value: { a: 1, b: 2 } }))!.key, { a: 1, z: null });
  const m = t.apply(source({ value: new Map<string, unknown>([['a', 1]]) }))!;
  assert.deepEqual([...(m.key as Map<string, unknown>)], [['a', 1], ['z', null]]);
  assert.equal(m.keySchema, null);
});

test('ValueToKey errors: a missing field, a tombstone, config', () => {
  assertDataError(() => transform(`${T}ValueToKey`, { fields: 'zz' }).apply(sink({ valueSchema: schema, value: new Struct(schema).put('a', 1).put('b', 'x') })), /Field does not exist: zz/);
  assertDataError(() => transform(`${T}ValueToKey`, { fields: 'a' }).apply(sink({ value: null })), /copying fields from value to key/);
  assertConfigError(`${T}ValueToKey`, { fields: '' }, /Empty list/, 'fields');
});
