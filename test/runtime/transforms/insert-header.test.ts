import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Headers } from '../../../runtime/api/header/headers.js';
import { T, assertConfigError, sink, source, transform } from './fixtures.js';

test('InsertHeader appends a typed header and keeps existing ones', () => {
  const rec = sink({ headers: new Headers().addString('origin', 'a') });
  const out = transform(`${T}InsertHeader`, { header: 'origin', 'value.literal': 'b' }).apply(rec)!;
  assert.deepEqual(out.headers.allWithName('origin').map((h) => h.value), ['a', 'b']);
  assert.equal(rec.headers.size, 1);
  const n = transform(`${T}InsertHeader`, { header: 'n', 'value.literal': '42' }).apply(source())!.headers.lastWithName('n')!;
  assert.deepEqual([n.schema!.type, n.value], ['INT8', 42]);
});

test('InsertHeader config errors', () => {
  assertConfigError(`${T}InsertHeader`, { header: 'h' }, /Missing required configuration "value.literal"/, 'value.literal');
  assertConfigError(`${T}InsertHeader`, { 'value.literal': 'v' }, /Missing required configuration "header"/, 'header');
});
