import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { SchemaCache, copySchemaBasics, withNameAndVersion } from '../../../runtime/transforms/schema-util.js';

const make = (i: number): Schema => SchemaBuilder.struct().name(`s${i}`).field('a', Schema.INT32_SCHEMA).build();

test('SchemaCache hits by identity, then by equality among the 16 most recent', () => {
  const cache = new SchemaCache<string>();
  let computed = 0;
  const get = (s: Schema): string => cache.getOrCompute(s, () => `v${++computed}`);
  assert.equal(get(make(1)), 'v1');
  assert.equal(get(make(1)), 'v1', 'an equal schema hits');
  for (let i = 2; i <= 17; i++) get(make(i));
  assert.equal(get(make(1)), 'v18', 'evicted after 16 others');
  cache.clear();
  assert.equal(cache.get(make(2)), undefined);
});

test('copySchemaBasics and withNameAndVersion keep metadata', () => {
  const s = SchemaBuilder.struct().name('n').version(3).doc('d').parameter('k', 'v').field('a', Schema.INT32_SCHEMA).optional().build();
  const copy = copySchemaBasics(s, SchemaBuilder.struct()).build();
  assert.deepEqual([copy.name, copy.version, copy.doc, copy.parameters, copy.optional, copy.fields.length], ['n', 3, 'd', { k: 'v' }, false, 0]);
  const renamed = withNameAndVersion(s, 'm', 4);
  assert.deepEqual([renamed.name, renamed.version, renamed.optional, renamed.fields.map((f) => f.name)], ['m', 4, true, ['a']]);
});
