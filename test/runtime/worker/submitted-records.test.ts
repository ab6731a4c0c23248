// Which source offsets may be committed: only those whose record and every earlier record of the
// same source partition were acknowledged (Connect's rule), per partition, in submission order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionId } from '../../../runtime/storage/offset-records.js';
import { SubmittedRecords } from '../../../runtime/worker/submitted-records.js';

test('an offset is committable once it and every earlier record of its partition are acknowledged', () => {
  const s = new SubmittedRecords();
  const a1 = s.submit({ p: 'a' }, { o: 1 });
  const a2 = s.submit({ p: 'a' }, { o: 2 });
  const b1 = s.submit({ p: 'b' }, { o: 1 });
  const a3 = s.submit({ p: 'a' }, { o: 3 });
  assert.equal(s.pending, 4);
  a2.ack();
  b1.ack();
  assert.deepEqual(s.committable(), [{ partition: { p: 'b' }, offset: { o: 1 } }]);
  a1.ack();
  assert.deepEqual(s.committable(), [{ partition: { p: 'a' }, offset: { o: 2 } }]);
  assert.deepEqual(s.committable(), []);
  a3.ack();
  a3.ack();
  assert.equal(s.pending, 0);
  assert.deepEqual(s.committable(), [{ partition: { p: 'a' }, offset: { o: 3 } }]);
});

test('records without partition or offset only count as pending', async () => {
  const s = new SubmittedRecords();
  const r = s.submit(null, null);
  assert.equal(s.pending, 1);
  const waiting = s.awaitAllAcked(1000);
  r.ack();
  assert.equal(await waiting, true);
  assert.deepEqual(s.committable(), []);
  s.submit({ p: 1 }, { o: 1 });
  assert.equal(await s.awaitAllAcked(20), false);
});

test('partition keys ignore key order', () => {
  assert.equal(partitionId({ a: 1, b: 'x' }), partitionId({ b: 'x', a: 1 }));
  assert.notEqual(partitionId({ a: 1 }), partitionId({ a: '1' }));
  const s = new SubmittedRecords();
  const first = s.submit({ a: 1, b: 'x' }, { o: 1 });
  const second = s.submit({ b: 'x', a: 1 }, { o: 2 });
  second.ack();
  assert.deepEqual(s.committable(), [], 'the same partition: the second waits for the first');
  first.ack();
  assert.deepEqual(s.committable(), [{ partition: { a: 1, b: 'x' }, offset: { o: 2 } }]);
});

test('many records acknowledged in any order: always the newest offset whose predecessors are all acknowledged', () => {
  const s = new SubmittedRecords();
  const n = 5000;
  const records = Array.from({ length: n }, (_, i) => s.submit({ p: i % 2 }, { o: i }));
  const acked = new Array<boolean>(n).fill(false);
  // The first 3000 in order (the queues are trimmed past their compaction threshold), the rest
  // in a scrambled order (7919 is prime: i * 7919 % 2000 visits every index once).
  const order = [...Array.from({ length: 3000 }, (_, i) => i), ...Array.from({ length: n - 3000 }, (_, i) => 3000 + (i * 7919) % (n - 3000))];
  const indices = [0, 1].map((p) => Array.from({ length: n / 2 }, (_, j) => 2 * j + p));
  const next = [0, 0];
  for (const [k, i] of order.entries()) {
    records[i]!.ack();
    acked[i] = true;
    if (k % 250 !== 0 && k !== n - 1) continue;
    const got = new Map(s.committable().map((c) => [c.partition.p, c.offset.o]));
    for (const p of [0, 1]) {
      const before = next[p]!;
      while (next[p]! < indices[p]!.length && acked[indices[p]![next[p]!]!]) next[p]! += 1;
      assert.equal(got.get(p), next[p] === before ? undefined : indices[p]![next[p]! - 1], `partition ${p} after ${k + 1} acks`);
    }
  }
  assert.equal(s.pending, 0);
  assert.deepEqual(s.committable(), []);
});
