import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, recordSeed } from '../../../connectors/datagen/random.js';

test('recordSeed is a pure function of (seed, index) and spreads neighbours apart', () => {
  assert.equal(recordSeed(42, 7), recordSeed(42, 7));
  const seeds = new Set<number>();
  for (let i = 0; i < 10_000; i++) seeds.add(recordSeed(42, i));
  assert.ok(seeds.size > 9_990, `${seeds.size} distinct seeds of 10000`);
  assert.notEqual(recordSeed(42, 0), recordSeed(43, 0));
  assert.notEqual(recordSeed(2 ** 40, 0), recordSeed(2 ** 40 + 2 ** 32, 0), 'the high bits of the seed count');
  assert.notEqual(recordSeed(-1, 0), recordSeed(1, 0));
});

test('Rng: same seed, same sequence; values stay in range and cover it', () => {
  const a = new Rng(123);
  const b = new Rng(123);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.next()));
  const r = new Rng(9);
  const counts = new Map<number, number>();
  for (let i = 0; i < 6000; i++) {
    const n = r.int(1, 6);
    counts.set(n, (counts.get(n) ?? 0) + 1);
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
  }
  assert.deepEqual([...counts.keys()].sort(), [1, 2, 3, 4, 5, 6]);
  for (const c of counts.values()) assert.ok(c > 800 && c < 1200, `roughly uniform: ${[...counts.values()]}`);
  assert.match(r.letters(20), /^[a-z]{20}$/);
  assert.equal(r.pick(['only']), 'only');
});
