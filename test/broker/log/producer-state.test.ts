// The idempotent-producer rules of the partition log (broker/log/producer-state.ts): duplicates,
// sequence and epoch checks, and the producer state across reopen, crashes and torn tails.
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PartitionLog } from '../../../broker/log/partition-log.js';
import { decodeRecordBatches } from '../../../broker/log/record-codec.js';
import { BatchValidationError, TRANSACTIONAL_FLAG_MASK } from '../../../broker/log/record-batch.js';
import {
  NUM_BATCHES_TO_RETAIN, PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS, ProducerStateError, incrementSequence, snapshotFileName,
} from '../../../broker/log/producer-state.js';
import { makeBatch, rmDir, simpleBatch, splitBatches, tempDir } from './batch-helper.js';
import { config, fileOf, openLog, readAll, segmentFiles } from './log-helper.js';

const INT32_MAX = 2147483647;
const PID = 4242;

let root: string;
let dir: string;
beforeEach(() => {
  root = tempDir();
  dir = path.join(root, 'topic-0');
});
afterEach(() => {
  rmDir(root);
});

/** A batch of `count` records of producer `pid`/`epoch` starting at sequence `seq`. */
function idem(seq: number, count = 1, epoch = 0, pid = PID, attributes = 0, tag = `s${seq}`): Buffer {
  return makeBatch({
    records: Array.from({ length: count }, (_, i) => ({ key: `${tag}-${i}`, value: `v-${tag}-${i}`, timestampDelta: i })),
    producerId: pid, producerEpoch: epoch, baseSequence: seq, attributes,
  });
}

function rejects(log: PartitionLog, batch: Buffer, code: string, message?: RegExp): void {
  const leo = log.logEndOffset;
  const size = log.sizeInBytes;
  assert.throws(() => log.append(batch), (e: unknown) => {
    assert.ok(e instanceof ProducerStateError || e instanceof BatchValidationError, String(e));
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });
  assert.equal(log.logEndOffset, leo, 'nothing written');
  assert.equal(log.sizeInBytes, size, 'nothing written');
}

/** Keys of every record in the log, in order. */
function keys(log: PartitionLog): string[] {
  const r = log.read(log.logStartOffset, Number.MAX_SAFE_INTEGER, true);
  return decodeRecordBatches(r.records).flatMap((b) => b.records.map((rec) => String(rec.key)));
}

/** Copies the partition directory as it is on disk right now: what a crash (SIGKILL) leaves. */
function crashCopy(from: string): string {
  const to = path.join(root, `crashed-${Math.random().toString(36).slice(2)}`, 'topic-0');
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(to, f));
  return to;
}

describe('sequence and epoch rules', () => {
  test('batches without a producer id are not tracked', () => {
    const { log } = openLog(dir);
    log.append(simpleBatch(3));
    log.append(simpleBatch(3));
    assert.equal(log.producerState.size, 0);
    log.close();
  });

  test('in-sequence batches are appended and the last five remembered', () => {
    const { log } = openLog(dir);
    let seq = 0;
    for (let i = 0; i < 7; i++) {
      const r = log.append(idem(seq, 2));
      assert.equal(r.baseOffset, i * 2);
      assert.equal(r.duplicate, undefined);
      seq += 2;
    }
    const e = log.producerState.entry(PID)!;
    assert.equal(e.epoch, 0);
    assert.equal(e.batches.length, NUM_BATCHES_TO_RETAIN);
    assert.deepEqual(e.batches.map((b) => [b.firstSeq, b.lastSeq, b.firstOffset, b.lastOffset]),
      [[4, 5, 4, 5], [6, 7, 6, 7], [8, 9, 8, 9], [10, 11, 10, 11], [12, 13, 12, 13]]);
    log.close();
  });

  test('a resent batch is not written again and gets its original offsets', () => {
    const { log } = openLog(dir);
    const first = idem(0, 3);
    const again = Buffer.from(first);
    assert.equal(log.append(first).baseOffset, 0);
    assert.equal(log.append(idem(3, 2)).baseOffset, 3);
    assert.equal(log.append(simpleBatch(1)).baseOffset, 5); // another, non-idempotent producer
    const size = log.sizeInBytes;
    const r = log.append(again);
    assert.equal(r.duplicate, true);
    assert.equal(r.baseOffset, 0);
    assert.equal(r.lastOffset, 2);
    assert.equal(r.logAppendTime, -1);
    assert.deepEqual(r.batches, []);
    assert.equal(log.logEndOffset, 6);
    assert.equal(log.sizeInBytes, size);
    const last = log.append(idem(3, 2));
    assert.deepEqual([last.duplicate, last.baseOffset, last.lastOffset], [true, 3, 4]);
    assert.deepEqual(readAll(log), [[0, 2], [3, 4], [5, 5]]);
    // Still in sequence after the duplicates.
    assert.equal(log.append(idem(5, 1)).baseOffset, 6);
    log.close();
  });

  test('any of the last five batches is recognised; an older one is out of order', () => {
    const { log } = openLog(dir);
    for (let i = 0; i < 6; i++) log.append(idem(i, 1));
    for (let i = 1; i < 6; i++) {
      const r = log.append(idem(i, 1));
      assert.deepEqual([r.duplicate, r.baseOffset], [true, i]);
    }
    rejects(log, idem(0, 1), 'OUT_OF_ORDER_SEQUENCE_NUMBER', /0 \(incoming seq\. number\), 5 \(current end sequence number\)/);
    log.close();
  });

  test('the same first sequence with a different last sequence is not a duplicate', () => {
    const { log } = openLog(dir);
    log.append(idem(0, 3));
    rejects(log, idem(0, 2), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    log.close();
  });

  test('a gap or an overlap is OUT_OF_ORDER_SEQUENCE_NUMBER and changes nothing', () => {
    const { log } = openLog(dir);
    log.append(idem(0, 3));
    rejects(log, idem(4, 1), 'OUT_OF_ORDER_SEQUENCE_NUMBER', /Out of order sequence number for producer 4242: 4 \(incoming seq\. number\), 2/);
    rejects(log, idem(2, 2), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    assert.equal(log.producerState.entry(PID)!.lastSeq, 2);
    assert.equal(log.append(idem(3, 1)).baseOffset, 3);
    log.close();
  });

  test('an older epoch is INVALID_PRODUCER_EPOCH; a newer one must start at sequence 0', () => {
    const { log } = openLog(dir);
    log.append(idem(0, 2, 3));
    rejects(log, idem(2, 1, 2), 'INVALID_PRODUCER_EPOCH', /Epoch of producer 4242 is 2, which is smaller than the last seen epoch 3/);
    rejects(log, idem(2, 1, 4), 'OUT_OF_ORDER_SEQUENCE_NUMBER', /new epoch/);
    // The epoch bump: sequences start over, the old epoch's batches are forgotten.
    assert.equal(log.append(idem(0, 1, 4)).baseOffset, 2);
    const e = log.producerState.entry(PID)!;
    assert.equal(e.epoch, 4);
    assert.deepEqual(e.batches.map((b) => b.firstSeq), [0]);
    // A resend from before the bump is fenced, not a duplicate.
    rejects(log, idem(0, 2, 3), 'INVALID_PRODUCER_EPOCH');
    assert.equal(log.append(idem(1, 1, 4)).baseOffset, 3);
    log.close();
  });

  test('a producer the partition does not know may start at any sequence (Kafka 2.5+)', () => {
    const { log } = openLog(dir);
    assert.equal(log.append(idem(17, 2, 1, 99)).baseOffset, 0);
    assert.equal(log.append(idem(19, 1, 1, 99)).baseOffset, 2);
    log.close();
  });

  test('sequences wrap from 2147483647 to 0', () => {
    assert.equal(incrementSequence(INT32_MAX, 1), 0);
    assert.equal(incrementSequence(INT32_MAX - 1, 4), 2);
    assert.equal(incrementSequence(5, 4), 9);
    const { log } = openLog(dir);
    log.append(idem(INT32_MAX - 2, 3)); // ends at 2147483647
    assert.equal(log.producerState.entry(PID)!.lastSeq, INT32_MAX);
    rejects(log, idem(INT32_MAX, 1), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    assert.equal(log.append(idem(0, 2)).baseOffset, 3);
    // A batch that itself wraps: 2147483646 .. 2 after a bump.
    log.append(idem(0, 1, 1));
    const other = 77;
    log.append(idem(INT32_MAX - 1, 5, 0, other));
    assert.equal(log.producerState.entry(other)!.lastSeq, 2);
    const dup = log.append(idem(INT32_MAX - 1, 5, 0, other));
    assert.equal(dup.duplicate, true);
    assert.equal(log.append(idem(3, 1, 0, other)).baseOffset, 11);
    log.close();
  });

  test('transactional batches are refused with INVALID_TXN_STATE; a negative sequence is INVALID_RECORD', () => {
    const { log } = openLog(dir);
    rejects(log, idem(0, 1, 0, PID, TRANSACTIONAL_FLAG_MASK), 'INVALID_TXN_STATE', /Transactional record batches are not supported/);
    rejects(log, idem(-1, 1), 'INVALID_RECORD', /Invalid sequence number -1/);
    assert.equal(log.producerState.size, 0);
    log.close();
  });

  test('several batches in one append: validated together, all or nothing', () => {
    const { log } = openLog(dir);
    log.append(idem(0, 1));
    // The second batch is out of order: neither is written.
    rejects(log, Buffer.concat([idem(1, 1), idem(5, 1)]), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    assert.equal(log.producerState.entry(PID)!.lastSeq, 0);
    // Two batches in sequence with each other.
    const r = log.append(Buffer.concat([idem(1, 2), idem(3, 1), idem(0, 1, 0, 8)]));
    assert.deepEqual([r.baseOffset, r.lastOffset], [1, 4]);
    assert.equal(log.producerState.entry(PID)!.lastSeq, 3);
    // All of them again: one duplicate answer, nothing written.
    const again = log.append(Buffer.concat([idem(1, 2), idem(3, 1), idem(0, 1, 0, 8)]));
    assert.deepEqual([again.duplicate, again.baseOffset, again.lastOffset], [true, 1, 4]);
    // A duplicate followed by a new batch: only the new one is written.
    const mixed = log.append(Buffer.concat([idem(3, 1), idem(4, 2)]));
    assert.equal(mixed.duplicate, undefined);
    assert.equal(mixed.baseOffset, 3, 'the first batch\'s original offset');
    assert.equal(mixed.batches.length, 1);
    assert.deepEqual(readAll(log), [[0, 0], [1, 2], [3, 3], [4, 4], [5, 6]]);
    log.close();
  });

  test('a duplicate on a LogAppendTime topic answers the original append time', () => {
    const { log } = openLog(dir, config({ messageTimestampType: 'LogAppendTime' }));
    const r = log.append(idem(0, 2), 1_800_000_000_000);
    assert.equal(r.logAppendTime, 1_800_000_000_000);
    const d = log.append(idem(0, 2), 1_800_000_555_000);
    assert.deepEqual([d.duplicate, d.baseOffset, d.logAppendTime], [true, 0, 1_800_000_000_000]);
    log.close();
  });

  test('producers without appends for producer.id.expiration.ms are forgotten', () => {
    const t0 = 1_800_000_000_000;
    const expiration = 60 * 60 * 1000;
    const { log } = openLog(dir, config({ producerIdExpirationMs: expiration }));
    log.append(idem(0, 1, 0, 1), t0);
    log.append(idem(0, 1, 0, 2), t0 + PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS);
    // Checked at most every check interval, on appends of idempotent producers.
    log.append(idem(1, 1, 0, 2), t0 + expiration + 1);
    assert.deepEqual(log.producerState.producerIds().sort(), [2]);
    // Producer 1 comes back after the expiry: accepted with its next sequence.
    assert.equal(log.append(idem(1, 1, 0, 1), t0 + expiration + 2).baseOffset, 3);
    log.close();
  });
});

describe('producer state durability', () => {
  /** Three batches per segment. */
  const C = config({ segmentBytes: idem(0, 10, 0, PID, 0, 'b000').length * 3 + 10 });

  /** Batch i (offsets 10i..10i+9): 10 records of PID (even i) or of producer 7 (odd i), each in sequence. */
  const batchOf = (i: number): Buffer => idem(Math.floor(i / 2) * 10, 10, 0, i % 2 === 0 ? PID : 7, 0, `b${String(i).padStart(3, '0')}`);

  function fill(log: PartitionLog, n: number, from = 0): void {
    for (let i = from; i < from + n; i++) assert.equal(log.append(batchOf(i)).baseOffset, i * 10);
  }

  function expectState(log: PartitionLog): void {
    const e = log.producerState.entry(PID)!;
    const o = log.producerState.entry(7)!;
    assert.ok(e && o, `both producers known: ${log.producerState.producerIds()}`);
  }

  test('a clean close writes <leo>.snapshot; reopening keeps duplicates detected', () => {
    const { log } = openLog(dir, C);
    fill(log, 8);
    assert.ok(log.segmentCount >= 3);
    const before = structuredClone(log.producerState.entry(PID));
    log.close();
    assert.ok(fs.existsSync(path.join(dir, snapshotFileName(80))));
    assert.equal(segmentFiles(dir, '.snapshot').length, 2, 'the two newest snapshots are kept');
    const { log: again, messages } = openLog(dir, C);
    assert.deepEqual(messages, [], 'nothing to replay after a clean close');
    assert.deepEqual(structuredClone(again.producerState.entry(PID)), before);
    const r = again.append(batchOf(6));
    assert.deepEqual([r.duplicate, r.baseOffset], [true, 60]);
    rejects(again, idem(50, 10), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    assert.equal(again.append(batchOf(8)).baseOffset, 80);
    again.close();
  });

  test('without snapshots the state is rebuilt from the whole log', () => {
    const { log } = openLog(dir, C);
    fill(log, 8);
    const before = structuredClone([log.producerState.entry(PID), log.producerState.entry(7)]);
    log.close();
    for (const f of segmentFiles(dir, '.snapshot')) fs.rmSync(path.join(dir, f));
    const { log: again, messages } = openLog(dir, C);
    assert.ok(messages.some((m) => /no producer state snapshot: rebuilt the producer state from the batch headers of offsets 0\.\.79 \(8 idempotent batches, 2 producers\)/.test(m)), JSON.stringify(messages));
    const after = [again.producerState.entry(PID), again.producerState.entry(7)].map((e) => ({ ...e!, lastUpdateMs: 0 }));
    assert.deepEqual(after, before.map((e) => ({ ...e!, lastUpdateMs: 0 })));
    assert.equal(again.append(batchOf(7)).duplicate, true);
    assert.equal(again.append(batchOf(8)).baseOffset, 80);
    again.close();
  });

  test('after a crash the newest snapshot (at the last roll) is loaded and only the batches after it replayed', () => {
    const { log } = openLog(dir, C);
    fill(log, 8); // segments [0,30) [30,60) [60,80): snapshots at 30 and 60
    assert.deepEqual(segmentFiles(dir, '.snapshot'), [snapshotFileName(30), snapshotFileName(60)]);
    const crashed = crashCopy(dir);
    log.close();
    const { log: again, messages } = openLog(crashed, C);
    assert.ok(messages.some((m) => /loaded the producer state snapshot at offset 60 and rebuilt the producer state from the batch headers of offsets 60\.\.79 \(2 idempotent batches/.test(m)), JSON.stringify(messages));
    expectState(again);
    assert.deepEqual([again.append(batchOf(7)).baseOffset, again.append(batchOf(4)).baseOffset], [70, 40]);
    assert.equal(again.append(batchOf(8)).baseOffset, 80);
    again.close();
  });

  test('a crash after a restart replays from the clean-shutdown snapshot in the middle of the active segment', () => {
    const { log } = openLog(dir, config());
    fill(log, 3);
    log.close(); // snapshot at 30
    const { log: second } = openLog(dir, config());
    fill(second, 2, 3);
    const crashed = crashCopy(dir);
    second.close();
    const { log: again, messages } = openLog(crashed, config());
    assert.ok(messages.some((m) => /snapshot at offset 30 and rebuilt .* offsets 30\.\.49 \(2 idempotent batches/.test(m)), JSON.stringify(messages));
    assert.equal(again.append(batchOf(4)).duplicate, true);
    assert.equal(again.append(batchOf(3)).duplicate, true);
    assert.equal(again.append(batchOf(5)).baseOffset, 50);
    again.close();
  });

  test('a torn tail that cuts batches off drops them from the producer state too', () => {
    const { log } = openLog(dir, C);
    fill(log, 8);
    log.close(); // snapshots at 60 and 80
    // Flip a byte in the last batch (offsets 70..79 of producer 7): recovery cuts it off.
    const active = fileOf(dir, 60, '.log');
    const bytes = fs.readFileSync(active);
    bytes[bytes.length - 5] ^= 0x20;
    fs.writeFileSync(active, bytes);
    const { log: again, messages } = openLog(dir, C);
    assert.equal(again.logEndOffset, 70);
    assert.ok(messages.some((m) => /removing producer state snapshot past the log end offset 70/.test(m)), JSON.stringify(messages));
    assert.ok(!fs.existsSync(path.join(dir, snapshotFileName(80))));
    // Producer 7's last batch is gone from the log, so its resend is new data, at offset 70.
    assert.equal(again.producerState.entry(7)!.lastSeq, 29);
    const r = again.append(batchOf(7));
    assert.deepEqual([r.duplicate, r.baseOffset], [undefined, 70]);
    assert.equal(again.append(batchOf(6)).duplicate, true);
    again.close();
  });

  test('torn tail after a crash: the replay sees only what recovery kept', () => {
    const { log } = openLog(dir, C);
    fill(log, 7); // active segment [60,70)
    const crashed = crashCopy(dir);
    log.close();
    const half = batchOf(7);
    half.writeBigInt64BE(70n, 0);
    fs.appendFileSync(fileOf(crashed, 60, '.log'), half.subarray(0, half.length - 7));
    const { log: again } = openLog(crashed, C);
    assert.equal(again.logEndOffset, 70);
    assert.equal(again.producerState.entry(7)!.lastSeq, 29);
    assert.equal(again.append(batchOf(7)).baseOffset, 70);
    again.close();
  });

  test('a damaged snapshot is removed and the state rebuilt from the older one or the log', () => {
    const { log } = openLog(dir, C);
    fill(log, 8);
    log.close();
    const newest = path.join(dir, snapshotFileName(80));
    const data = fs.readFileSync(newest);
    data[data.length - 3] ^= 1;
    fs.writeFileSync(newest, data);
    const { log: again, messages } = openLog(dir, C);
    assert.ok(messages.some((m) => /00000000000000000080\.snapshot: removing damaged producer state snapshot: CRC-32C/.test(m)), JSON.stringify(messages));
    assert.ok(messages.some((m) => /snapshot at offset 60 and rebuilt/.test(m)));
    assert.equal(again.append(batchOf(7)).duplicate, true);
    again.close();
    // Garbage in both: rebuilt from the log.
    for (const f of segmentFiles(dir, '.snapshot')) fs.writeFileSync(path.join(dir, f), 'garbage!'.repeat(5));
    const third = openLog(dir, C);
    assert.ok(third.messages.some((m) => /bad magic/.test(m)));
    assert.ok(third.messages.some((m) => /no producer state snapshot: rebuilt/.test(m)));
    assert.equal(third.log.append(batchOf(7)).duplicate, true);
    third.log.close();
  });

  test('expired producers are left out of snapshots', () => {
    const expiration = 60 * 60 * 1000;
    const c = config({ producerIdExpirationMs: expiration });
    const { log } = openLog(dir, c);
    log.append(idem(0, 1, 0, 1), Date.now() - 2 * expiration);
    log.append(idem(0, 1, 0, 2));
    log.close();
    const { log: again } = openLog(dir, c);
    assert.deepEqual(again.producerState.producerIds(), [2]);
    again.close();
  });

  test('an empty log writes no snapshot; a log of plain batches gets an empty one', () => {
    const { log } = openLog(dir);
    log.close();
    assert.deepEqual(segmentFiles(dir, '.snapshot'), []);
    const { log: again } = openLog(dir);
    again.append(simpleBatch(2));
    again.close();
    assert.deepEqual(segmentFiles(dir, '.snapshot'), [snapshotFileName(2)]);
    assert.equal(fs.statSync(path.join(dir, snapshotFileName(2))).size, 20);
  });

  test('records of a resent batch are in the log once', () => {
    const { log } = openLog(dir);
    log.append(idem(0, 2));
    log.append(idem(0, 2));
    log.append(idem(2, 1));
    log.append(idem(2, 1));
    assert.deepEqual(keys(log), ['s0-0', 's0-1', 's2-0']);
    log.close();
  });
});
