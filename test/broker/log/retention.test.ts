// Retention (retention.ms, retention.bytes) and DeleteRecords on a PartitionLog: which segments go,
// the log start offset, its checkpoint across a reopen, reads below it, and the producer state.
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOG_START_OFFSET_CHECKPOINT, OffsetOutOfRangeError, EARLIEST_TIMESTAMP, type PartitionLog } from '../../../broker/log/partition-log.js';
import { makeBatch, rmDir, tempDir } from './batch-helper.js';
import { appendMany, checkEveryOffset, config, fileOf, openLog, readAll, segmentFiles } from './log-helper.js';

const TS0 = 1_700_000_000_000;
// Batches of 10 records of 100 bytes (about 1.2 KB): two per 3000-byte segment.
const SEGMENT_BYTES = 3000;

let dir: string;
beforeEach(() => {
  dir = path.join(tempDir(), 'topic-0');
});
afterEach(() => {
  rmDir(path.dirname(dir));
});

/** A log of 5 segments (bases 0, 20, 40, 60, 80; the last one active), batch i at TS0 + i s. */
function fiveSegments(over: Parameters<typeof config>[0] = {}): PartitionLog {
  const { log } = openLog(dir, config({ segmentBytes: SEGMENT_BYTES, ...over }));
  appendMany(log, 10, 10, 100, TS0);
  assert.deepEqual(log.segmentBaseOffsets, [0, 20, 40, 60, 80]);
  return log;
}

/** Largest timestamp of segment k of fiveSegments(): its second batch's last record. */
const segmentMaxTs = (k: number): number => TS0 + (2 * k + 1) * 1000 + 9;

const logFiles = (): string[] => segmentFiles(dir, '.log');

describe('time-based retention', () => {
  test('deletes the closed segments whose largest timestamp is older than retention.ms, and nothing newer', () => {
    const log = fiveSegments({ retentionMs: 10_000 });
    // Segments 0 and 1 end before now - 10 s; segment 2 ends after it.
    const now = segmentMaxTs(2) + 9_000;
    assert.ok(now - segmentMaxTs(1) > 10_000 && now - segmentMaxTs(2) <= 10_000);
    const deleted = log.deleteOldSegments(now);
    assert.deepEqual(deleted.map((d) => d.baseOffset), [0, 20]);
    assert.match(deleted[0].message, /^Deleting segment LogSegment\(baseOffset=0, .*due to retention time 10000ms breach/);
    assert.deepEqual(log.segmentBaseOffsets, [40, 60, 80]);
    assert.equal(log.logStartOffset, 40);
    assert.deepEqual(logFiles(), [40, 60, 80].map((b) => path.basename(fileOf(dir, b, '.log'))));
    assert.ok(!fs.existsSync(fileOf(dir, 0, '.index')) && !fs.existsSync(fileOf(dir, 0, '.timeindex')));
    assert.equal(readAll(log)[0][0], 40);
    checkEveryOffset(log);
    // A second pass at the same time changes nothing.
    assert.deepEqual(log.deleteOldSegments(now), []);
    log.close();
  });

  test('rolls and deletes the active segment too once all of it has expired (as Kafka)', () => {
    const log = fiveSegments({ retentionMs: 1 });
    const deleted = log.deleteOldSegments(TS0 + 365 * 86_400_000);
    assert.deepEqual(deleted.map((d) => d.baseOffset), [0, 20, 40, 60, 80]);
    // A new, empty active segment at the log end: nothing readable, offsets continue.
    assert.deepEqual(log.segmentBaseOffsets, [100]);
    assert.equal(log.logStartOffset, 100);
    assert.equal(log.logEndOffset, 100);
    assert.equal(log.append(makeBatch({ records: [{ value: 'x' }] })).baseOffset, 100);
    log.close();
  });

  test('keeps the active segment while any of its records is within retention.ms', () => {
    const log = fiveSegments({ retentionMs: 1_500 });
    const deleted = log.deleteOldSegments(segmentMaxTs(4) + 1_000);
    assert.deepEqual(deleted.map((d) => d.baseOffset), [0, 20, 40, 60]);
    assert.deepEqual(log.segmentBaseOffsets, [80]);
    assert.equal(log.logStartOffset, 80);
    log.close();
  });

  test('-1 disables it, and so does a cleanup.policy without delete', () => {
    for (const over of [{ retentionMs: -1 }, { retentionMs: 1, deleteRetention: false }]) {
      const log = fiveSegments(over);
      assert.deepEqual(log.deleteOldSegments(TS0 + 365 * 86_400_000), []);
      assert.equal(log.segmentCount, 5);
      log.deleteAll();
    }
  });

  test('uses the file modification time of segments without timestamps', () => {
    const { log } = openLog(dir, config({ segmentBytes: 400, retentionMs: 60_000 }));
    for (let i = 0; i < 4; i++) {
      log.append(makeBatch({ records: [{ value: Buffer.alloc(300, 0x62), timestampDelta: 0 }], baseTimestamp: -1, maxTimestamp: -1 }));
    }
    assert.equal(log.segmentCount, 4);
    const now = Date.now();
    const old = (now - 3_600_000) / 1000;
    fs.utimesSync(fileOf(dir, 0, '.log'), old, old);
    const deleted = log.deleteOldSegments(now);
    assert.deepEqual(deleted.map((d) => d.baseOffset), [0]);
    assert.equal(log.logStartOffset, 1);
    log.close();
  });
});

describe('size-based retention', () => {
  test('deletes the oldest closed segments while the log exceeds retention.bytes by at least their size', () => {
    const log = fiveSegments();
    const segSize = log.sizeInBytes / 5;
    assert.equal(Math.round(segSize), segSize, 'segments of equal size');
    // 2.5 segments: two can go (leaving 3), a third would leave 2 < 2.5.
    log.updateConfig(config({ segmentBytes: SEGMENT_BYTES, retentionBytes: Math.floor(2.5 * segSize) }));
    const deleted = log.deleteOldSegments(TS0);
    assert.deepEqual(deleted.map((d) => d.baseOffset), [0, 20]);
    assert.match(deleted[1].message, /due to retention size \d+ breach/);
    assert.equal(log.sizeInBytes, 3 * segSize);
    assert.equal(log.logStartOffset, 40);
    // Exactly at the limit: a segment goes when the rest is still >= retention.bytes.
    log.updateConfig(config({ segmentBytes: SEGMENT_BYTES, retentionBytes: 2 * segSize }));
    assert.deepEqual(log.deleteOldSegments(TS0).map((d) => d.baseOffset), [40]);
    // 0: every closed segment goes, the active one stays.
    log.updateConfig(config({ segmentBytes: SEGMENT_BYTES, retentionBytes: 0 }));
    assert.deepEqual(log.deleteOldSegments(TS0).map((d) => d.baseOffset), [60]);
    assert.deepEqual(log.segmentBaseOffsets, [80]);
    checkEveryOffset(log);
    log.close();
  });

  test('-1 disables it', () => {
    const log = fiveSegments({ retentionBytes: -1 });
    assert.deepEqual(log.deleteOldSegments(TS0), []);
    log.close();
  });
});

describe('log start offset', () => {
  test('reads below it are out of range; ListOffsets earliest is it; it survives a reopen', () => {
    const log = fiveSegments({ retentionMs: 10_000 });
    // A closed segment's fd in the shared cache while it is deleted.
    assert.equal(log.read(5, 100_000, true).records.length > 0, true);
    log.deleteOldSegments(segmentMaxTs(2) + 9_000);
    assert.throws(() => log.read(39, 1000, true), (e: unknown) => e instanceof OffsetOutOfRangeError && e.logStartOffset === 40);
    assert.equal(log.read(40, 1000, true).logStartOffset, 40);
    assert.deepEqual(log.offsetForTimestamp(EARLIEST_TIMESTAMP), { offset: 40, timestamp: -1 });
    // A timestamp before the remaining data finds the first offset that is left.
    assert.equal(log.offsetForTimestamp(TS0)?.offset, 40);
    log.close();
    const { log: again } = openLog(dir, config({ segmentBytes: SEGMENT_BYTES }));
    assert.equal(again.logStartOffset, 40);
    assert.equal(again.logEndOffset, 100);
    checkEveryOffset(again);
    again.close();
  });

  test('DeleteRecords moves it inside a segment, deletes the segments below, and it survives a reopen', () => {
    const log = fiveSegments();
    assert.throws(() => log.deleteRecordsBefore(101), OffsetOutOfRangeError);
    const r = log.deleteRecordsBefore(45);
    assert.equal(r.logStartOffset, 45);
    assert.deepEqual(r.deleted.map((d) => d.baseOffset), [0, 20]);
    assert.match(r.deleted[0].message, /due to log start offset 45 breach/);
    assert.deepEqual(log.segmentBaseOffsets, [40, 60, 80]);
    assert.throws(() => log.read(44, 1000, true), OffsetOutOfRangeError);
    assert.equal(log.read(45, 1000, true).records.length, 1);
    // Moving it backwards changes nothing.
    assert.equal(log.deleteRecordsBefore(10).logStartOffset, 45);
    assert.equal(fs.readFileSync(path.join(dir, LOG_START_OFFSET_CHECKPOINT), 'utf8'), '45\n');
    log.close();
    const { log: again } = openLog(dir, config({ segmentBytes: SEGMENT_BYTES }));
    assert.equal(again.logStartOffset, 45);
    assert.throws(() => again.read(44, 1000, true), OffsetOutOfRangeError);
    // Up to the log end: the active segment stays, empty of readable records.
    assert.equal(again.deleteRecordsBefore(100).logStartOffset, 100);
    assert.deepEqual(again.segmentBaseOffsets, [80]);
    assert.equal(again.read(100, 1000, true).bytes, 0);
    again.close();
  });

  test('the checkpoint is clamped to the segments on disk', () => {
    const log = fiveSegments();
    log.close();
    fs.writeFileSync(path.join(dir, LOG_START_OFFSET_CHECKPOINT), '1000\n');
    const { log: high } = openLog(dir, config({ segmentBytes: SEGMENT_BYTES }));
    assert.equal(high.logStartOffset, 100);
    high.close();
    fs.writeFileSync(path.join(dir, LOG_START_OFFSET_CHECKPOINT), 'garbage');
    const { log: bad, messages } = openLog(dir, config({ segmentBytes: SEGMENT_BYTES }));
    assert.equal(bad.logStartOffset, 0);
    assert.ok(messages.some((m) => /damaged log start offset checkpoint/.test(m)));
    bad.close();
  });
});

describe('producer state', () => {
  const idem = (pid: number, seq: number): Buffer => makeBatch({
    records: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: Buffer.alloc(100, 0x63), timestampDelta: i })),
    producerId: pid, producerEpoch: 0, baseSequence: seq, baseTimestamp: TS0,
  });

  test('producers whose last batch is below the new log start offset and older snapshots are removed', () => {
    const { log } = openLog(dir, config({ segmentBytes: SEGMENT_BYTES }));
    log.append(idem(1, 0)); // 0..9
    log.append(idem(1, 10)); // 10..19
    log.append(idem(2, 0)); // 20..29, second segment
    appendMany(log, 4, 10, 100, TS0); // 30..69: segments at 40 and 60 (active)
    assert.deepEqual(log.segmentBaseOffsets, [0, 20, 40, 60]);
    assert.deepEqual(log.producerState.producerIds().sort(), [1, 2]);
    assert.deepEqual(log.producerState.snapshotOffsets(), [40, 60]);
    // Size-based, so that just the first segment (2 of the 7 equal batches) goes.
    log.updateConfig(config({ segmentBytes: SEGMENT_BYTES, retentionBytes: (log.sizeInBytes / 7) * 5 }));
    assert.deepEqual(log.deleteOldSegments(TS0).map((d) => d.baseOffset), [0]);
    assert.deepEqual(log.producerState.producerIds(), [2]);
    // DeleteRecords past producer 2's batch and the snapshot at 40.
    log.deleteRecordsBefore(45);
    assert.deepEqual(log.producerState.producerIds(), []);
    assert.deepEqual(log.producerState.snapshotOffsets(), [60]);
    assert.ok(!fs.existsSync(path.join(dir, `${String(40).padStart(20, '0')}.snapshot`)));
    // Producer 1 may go on with any sequence (unknown producers are accepted).
    assert.equal(log.append(idem(1, 20)).baseOffset, 70);
    log.close();
    const { log: again } = openLog(dir, config({ segmentBytes: SEGMENT_BYTES }));
    assert.equal(again.logStartOffset, 45);
    assert.deepEqual(again.producerState.producerIds(), [1]);
    again.close();
  });
});
