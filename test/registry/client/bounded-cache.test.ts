import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from '../../../registry/client/bounded-cache.js';

test('BoundedCache forgets the least recently used entry past its capacity', () => {
  const cache = new BoundedCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  assert.equal(cache.get('a'), 1); // a is now the most recent
  cache.set('c', 3);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
  assert.equal(cache.size, 2);
});

test('BoundedCache: set of an existing key replaces it without evicting', () => {
  const cache = new BoundedCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('a', 10);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('b'), 2);
  assert.equal(cache.get('a'), 10);
  cache.delete('a');
  cache.clear();
  assert.equal(cache.size, 0);
});

test('BoundedCache refuses a capacity below 1', () => {
  assert.throws(() => new BoundedCache(0), RangeError);
});
