import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, sink, transform } from './fixtures.js';

const schema = SchemaBuilder.struct()
  .name('n')
  .field('a', Schema.STRING_SCHEMA)
  .field('b', Schema.INT32_SCHEMA)
  .field('c', Schema.OPTIONAL_BOOLEAN_SCHEMA)
  .build();
const struct = new Struct(schema).put('a', 'x').put('b', 1).put('c', true);
const plain = { a: 'x', b: 1, c: true };

const cases: Array<{ name: string; props: Record<string, string>; fields: string[]; values: Record<string, unknown> }> = [
  { name: 'exclude', props: { exclude: 'b' }, fields: ['a', 'c'], values: { a: 'x', c: true } },
  { name: 'include', props: { include: 'c,a' }, fields: ['a', 'c'], values: { a: 'x', c: true } },
  { name: 'exclude wins over include', props: { include: 'a,b', exclude: 'b' }, fields: ['a'], values: { a: 'x' } },
  { name: 'renames', props: { renames: 'a:alpha,c:gamma' }, fields: ['alpha', 'b', 'gamma'], values: { alpha: 'x', b: 1, gamma: true } },
  { name: 'blacklist (old name of exclude)', props: { blacklist: 'a' }, fields: ['b', 'c'], values: { b: 1, c: true } },
  { name: 'whitelist (old name of include)', props: { whitelist: 'b' }, fields: ['b'], values: { b: 1 } },
  { name: 'exclude set: blacklist ignored', props: { exclude: 'c', blacklist: 'a' }, fields: ['a', 'b'], values: { a: 'x', b: 1 } },
];

for (const c of cases) {
  test(`ReplaceField ${c.name}: Struct, Map and plain object`, () => {
    const t = transform(`${T}ReplaceField$Value`, c.props);
    const out = t.apply(sink({ valueSchema: schema, value: struct }))!;
    assert.deepEqual(out.valueSchema!.fields.map((f) => f.name), c.fields);
    assert.equal(out.valueSchema!.name, 'n');
    const v = out.value as Struct;
    assert.deepEqual(Object.fromEntries(c.fields.map((f) => [f, v.get(f)])), c.values);
    assert.deepEqual(Object.fromEntries(t.apply(sink({ value: new Map(Object.entries(plain)) }))!.value as Map<string, unknown>), c.values);
    assert.deepEqual(t.apply(sink({ value: plain }))!.value, c.values);
  });
}

test('ReplaceField$Key works on the key; tombstones pass', () => {
  const t = transform(`${T}ReplaceField$Key`, { exclude: 'b' });
  const out = t.apply(sink({ keySchema: schema, key: struct, value: 'v' }))!;
  assert.deepEqual(out.keySchema!.fields.map((f) => f.name), ['a', 'c']);
  assert.equal(out.value, 'v');
  const tomb = sink({ key: null, value: null });
  assert.equal(t.apply(tomb), tomb);
});

test('ReplaceField caches the derived schema', () => {
  const t = transform(`${T}ReplaceField$Value`, { exclude: 'b' });
  assert.equal(t.apply(sink({ valueSchema: schema, value: struct }))!.valueSchema, t.apply(sink({ valueSchema: schema, value: struct }))!.valueSchema);
});

test('ReplaceField config errors', () => {
  assertConfigError(`${T}ReplaceField$Value`, { renames: 'a:b,c' }, /^Invalid value \[a:b, c\] for configuration renames: Invalid rename mapping: c$/, 'renames');
  assertConfigError(`${T}ReplaceField$Value`, { renames: 'a:b:c' }, /Invalid rename mapping: a:b:c/, 'renames');
});
