import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { maximumMatching } from '../../../../../registry/schema/json/compatibility/matching.js';

test('matching: finds a perfect matching that a greedy choice would miss', () => {
  // left 0 may take 0 or 1, left 1 only 0: greedy 0->0 blocks left 1; augmenting fixes it.
  const m = maximumMatching(2, 2, [[0, 1], [0]]);
  assert.equal(m.size, 2);
  assert.equal(m.get(0), 1);
  assert.equal(m.get(1), 0);
});

test('matching: size is limited by the edges', () => {
  assert.equal(maximumMatching(3, 3, [[0], [0], [0]]).size, 1);
  assert.equal(maximumMatching(2, 3, [[], []]).size, 0);
  assert.equal(maximumMatching(0, 0, []).size, 0);
});

test('matching: ignores edges to right nodes that do not exist', () => {
  assert.equal(maximumMatching(1, 1, [[5, 0]]).size, 1);
});
