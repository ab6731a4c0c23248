// Which source offsets may be committed: only those whose record and every earlier record of the
// same source partition were acknowledged (Connect's rule), per partition, in submission order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SubmittedRecords, partitionKey } from '../../../runtime/worker/submitted-records.js';

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
  assert.equal(partitionKey({ a: 1, b: 'x' }), partitionKey({ b: 'x', a: 1 }));
  assert.notEqual(partitionKey({ a: 1 }), partitionKey({ a: '1' }));
});
