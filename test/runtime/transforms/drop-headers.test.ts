import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Headers } from '../../../runtime/api/header/headers.js';
import { T, assertConfigError, sink, transform } from './fixtures.js';

test('DropHeaders removes every header with a listed key, keeping the order of the rest', () => {
  const headers = new Headers().addString('a', '1').addString('b', '2').addString('a', '3').addString('c', '4');
  const rec = sink({ headers });
  const out = transform(`${T}DropHeaders`, { headers: 'a, x' }).apply(rec)!;
  assert.deepEqual(out.headers.toArray().map((h) => `${h.key}=${String(h.value)}`), ['b=2', 'c=4']);
  assert.equal(rec.headers.size, 4, 'the input record keeps its headers');
});

test('DropHeaders config errors', () => {
  assertConfigError(`${T}DropHeaders`, { headers: '' }, /Empty list/, 'headers');
});
