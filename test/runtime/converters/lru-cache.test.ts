import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from '../../../runtime/converters/lru-cache.js';

test('forgets the least recently used entry first', () => {
  const c = new LruCache<string, number>(2);
  c.set('a', 1);
  c.set('b', 2);
  assert.equal(c.get('a'), 1); // a is now the most recent
  c.set('c', 3);
  assert.equal(c.get('b'), undefined);
  assert.equal(c.get('a'), 1);
  assert.equal(c.get('c'), 3);
  assert.equal(c.size, 2);
  c.delete('a');
  assert.equal(c.get('a'), undefined);
  c.clear();
  assert.equal(c.size, 0);
});

test('object keys compare by identity; capacity 0 caches nothing', () => {
  const c = new LruCache<object, string>(5);
  const k = {};
  c.set(k, 'x');
  assert.equal(c.get({}), undefined);
  assert.equal(c.get(k), 'x');
  const none = new LruCache<string, number>(0);
  none.set('a', 1);
  assert.equal(none.get('a'), undefined);
});
