import { afterEach, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { LogCleaner, planCleaning } from '../../../../broker/log/cleaner/log-cleaner.js';
import { CLEANER_OFFSET_CHECKPOINT, PartitionLog } from '../../../../broker/log/partition-log.js';
import { rmDir, tempDir } from '../batch-helper.js';
import { decodeRecords } from '../../../helpers/records.js';
import { appendRecords, assertConsistent, compactConfig, latestPerKey, readRecords, T0, writeUpdates, type Write } from './cleaner-helper.js';

let dir: string;
beforeEach(() => {
  dir = path.join(tempDir(), 'compacted-0');
});
afterEach(() => {
  rmDir(path.dirname(dir));
});

const cleaner = (io = 1 << 16): LogCleaner => new LogCleaner({ dedupeBufferSize: 1 << 24, ioBufferSize: io });

/** The records of the closed segments only (the active segment is never cleaned). */
function closedEnd(log: PartitionLog): number {
  const closed = log.closedSegments();
  return closed[closed.length - 1].nextOffset;
}

describe('compaction keeps the latest record per key', () => {
  for (const [codec, name] of [[0, 'uncompressed'], [1, 'gzip'], [2, 'snappy'], [3, 'lz4'], [4, 'zstd']] as const) {
    test(`${name} batches: latest value per key, offsets unchanged, active segment untouched`, async () => {
      const log = PartitionLog.open(dir, compactConfig());
      const writes = writeUpdates(log, { keys: 20, rounds: 6, codec });
      assert.ok(log.segmentCount > 3, `several segments (${log.segmentCount})`);
      const end = closedEnd(log);
      const stats = await cleaner().clean('t-0', log, T0 + 60_000);
      assert.ok(stats !== null && !stats.aborted, 'cleaned');
      assert.ok(stats.recordsRemoved > 0);
      const seen = readRecords(log);
      assertConsistent(seen, writes);
      // Below the old closed end: exactly one record per key that has no newer write there.
      const cleaned = seen.filter((r) => r.offset < end);
      const expected = latestPerKey(writes.filter((w) => w.offset < end)).filter((w) => !writes.some((x) => x.key === w.key && x.offset > w.offset && x.offset < end));
      assert.deepEqual(cleaned, expected);
      // The active segment is as written.
      assert.deepEqual(seen.filter((r) => r.offset >= end), writes.filter((w) => w.offset >= end));
      assert.equal(log.logEndOffset, writes[writes.length - 1].offset + 1);
      assert.equal(log.logStartOffset, 0);
      log.close();
    });
  }

  test('every offset can still be fetched: a removed one gives the next kept record', async () => {
    const log = PartitionLog.open(dir, compactConfig());
    const writes = writeUpdates(log, { keys: 10, rounds: 8 });
    await cleaner().clean('t-0', log, T0 + 60_000);
    const kept = readRecords(log).map((r) => r.offset);
    for (let o = 0; o < log.logEndOffset; o++) {
      const r = log.read(o, 1, true);
      const first = decodeRecords(r.records).find((x) => x.offset >= o);
      assert.equal(first?.offset, kept.find((k) => k >= o), `fetch at ${o}`);
    }
    assert.equal(writes.length, log.logEndOffset);
    log.close();
  });

  test('the result survives a restart and the checkpoint stops needless passes', async () => {
    let log = PartitionLog.open(dir, compactConfig());
    const writes = writeUpdates(log, { keys: 10, rounds: 8 });
    await cleaner().clean('t-0', log, T0 + 60_000);
    const before = readRecords(log);
    const firstDirty = log.firstDirtyOffset;
    assert.ok(firstDirty > 0);
    log.close();
    assert.equal(fs.readFileSync(path.join(dir, CLEANER_OFFSET_CHECKPOINT), 'utf8'), `${firstDirty}\n`);
    log = PartitionLog.open(dir, compactConfig());
    assert.deepEqual(readRecords(log), before);
    assertConsistent(before, writes);
    assert.equal(log.firstDirtyOffset, firstDirty);
    log.tombstonesDueAt = Number.MAX_SAFE_INTEGER;
    assert.equal(planCleaning(log, T0 + 60_000), null, 'nothing dirty: no pass');
    log.close();
  });
});

describe('tombstones', () => {
  test('are kept for delete.retention.ms, then removed', async () => {
    const log = PartitionLog.open(dir, compactConfig({ deleteRetentionMs: 10_000 }));
    const writes: Write[] = writeUpdates(log, { keys: 10, rounds: 3 });
    writes.push(...appendRecords(log, [{ key: 'k3', value: null }, { key: 'k7', value: null }], 0, T0 + 100));
    // Fill up so that the tombstones land in a closed segment.
    const filler: Write[] = [];
    for (let i = 0; i < 30; i++) filler.push(...appendRecords(log, [{ key: `f${i}`, value: 'x'.repeat(50) }], 0, T0 + 300));
    writes.push(...filler);
    const tombstoneOffsets = writes.filter((w) => w.value === null).map((w) => w.offset);
    assert.ok(tombstoneOffsets.every((o) => o < closedEnd(log)), 'tombstones are in closed segments');

    // First pass, right after: the tombstones stay (and hide the older values of k3 and k7).
    await cleaner().clean('t-0', log, T0 + 1_000);
    let seen = readRecords(log);
    assertConsistent(seen, writes);
    assert.deepEqual(seen.filter((r) => r.key === 'k3' || r.key === 'k7').map((r) => r.value), [null, null]);
    assert.ok(log.tombstonesDueAt <= T0 + 300 + 10_000, `tombstone check due (${log.tombstonesDueAt})`);

    // Before delete.retention.ms has passed: nothing to do.
    assert.equal(planCleaning(log, T0 + 5_000), null);
    // After it: a pass removes them, and only them.
    const later = T0 + 300 + 10_001;
    assert.ok(planCleaning(log, later) !== null);
    const stats = await cleaner().clean('t-0', log, later);
    assert.equal(stats?.tombstonesRemoved, 2);
    seen = readRecords(log);
    assert.equal(seen.filter((r) => r.key === 'k3' || r.key === 'k7').length, 0, 'keys deleted by tombstones are gone');
    assert.equal(seen.filter((r) => r.value === null).length, 0);
    for (const w of latestPerKey(writes).filter((x) => x.value !== null)) assert.ok(seen.some((r) => r.offset === w.offset), `${w.key} kept`);
    log.close();
  });
});

describe('when the cleaner runs', () => {
  test('min.cleanable.dirty.ratio: a log with little dirty data is left alone', async () => {
    const log = PartitionLog.open(dir, compactConfig({ minCleanableDirtyRatio: 0.9 }));
    writeUpdates(log, { keys: 10, rounds: 8 });
    await cleaner().clean('t-0', log, T0 + 60_000); // first pass: everything was dirty (ratio 1)
    log.tombstonesDueAt = Number.MAX_SAFE_INTEGER;
    writeUpdates(log, { keys: 2, rounds: 10, perBatch: 1, ts: T0 + 100 });
    const plan = planCleaning(log, T0 + 60_000);
    assert.equal(plan, null, 'dirty ratio below 0.9');
    log.close();
  });

  test('min.compaction.lag.ms: records younger than the lag are not compacted', async () => {
    const log = PartitionLog.open(dir, compactConfig({ minCompactionLagMs: 60_000 }));
    const writes = writeUpdates(log, { keys: 10, rounds: 8 });
    // At T0 + 30 s every record is younger than 60 s.
    assert.equal(planCleaning(log, T0 + 30_000), null);
    const stats = await cleaner().clean('t-0', log, T0 + 30_000);
    assert.equal(stats, null);
    assert.deepEqual(readRecords(log), writes);
    // Later they are old enough.
    assert.ok((await cleaner().clean('t-0', log, T0 + 120_000))!.recordsRemoved > 0);
    log.close();
  });

  test('max.compaction.lag.ms forces a pass whatever the dirty ratio', async () => {
    const log = PartitionLog.open(dir, compactConfig({ minCleanableDirtyRatio: 1, maxCompactionLagMs: 60_000 }));
    writeUpdates(log, { keys: 10, rounds: 8 });
    await cleaner().clean('t-0', log, T0 + 1_000); // ratio 1 reaches 1: the first pass
    log.tombstonesDueAt = Number.MAX_SAFE_INTEGER;
    writeUpdates(log, { keys: 10, rounds: 4, ts: T0 + 10 });
    const ratioOnly = planCleaning(log, T0 + 20_000);
    assert.equal(ratioOnly, null);
    const forced = planCleaning(log, T0 + 10 + 60_001);
    assert.equal(forced?.reason, 'max.compaction.lag.ms');
    log.close();
  });

  test('a log that is not compacted is never cleaned', async () => {
    const log = PartitionLog.open(dir, compactConfig({ compact: false }));
    const writes = writeUpdates(log, { keys: 10, rounds: 8 });
    assert.equal(await cleaner().clean('t-0', log, T0 + 60_000), null);
    assert.deepEqual(readRecords(log), writes);
    log.close();
  });

  test('a small key map cleans over several passes, correctly each time', async () => {
    const log = PartitionLog.open(dir, compactConfig());
    const writes = writeUpdates(log, { keys: 40, rounds: 6 });
    const small = new LogCleaner({ dedupeBufferSize: 20 * 70, ioBufferSize: 4096 });
    let passes = 0;
    for (;;) {
      const st = await small.clean('t-0', log, T0 + 60_000);
      if (st === null) break;
      passes++;
      assertConsistent(readRecords(log), writes);
      if (passes > 20) assert.fail('too many passes');
      log.tombstonesDueAt = Number.MAX_SAFE_INTEGER;
    }
    assert.ok(passes >= 2, `several passes (${passes})`);
    log.close();
  });
});

describe('readers during cleaning', () => {
  test('see a consistent log at every moment, while producers keep appending', async () => {
    const log = PartitionLog.open(dir, compactConfig());
    const writes = writeUpdates(log, { keys: 30, rounds: 10 });
    const pass = cleaner(4096).clean('t-0', log, T0 + 60_000);
    let done = false;
    void pass.then(() => {
      done = true;
    });
    let reads = 0;
    let round = 100;
    while (!done) {
      assertConsistent(readRecords(log), writes);
      writes.push(...writeUpdates(log, { keys: 5, rounds: 1, ts: T0 + round++ }));
      reads++;
      await tick();
    }
    const stats = await pass;
    assert.ok(stats !== null && !stats.aborted);
    assert.ok(reads > 5, `reads interleaved with the pass (${reads})`);
    assertConsistent(readRecords(log), writes);
    log.close();
  });

  test('a pass stops without changing anything when the log is closed under it', async () => {
    const log = PartitionLog.open(dir, compactConfig());
    writeUpdates(log, { keys: 30, rounds: 10 });
    const pass = cleaner(4096).clean('t-0', log, T0 + 60_000);
    await tick();
    log.close();
    const stats = await pass;
    assert.equal(stats?.aborted, true);
    const reopened = PartitionLog.open(dir, compactConfig());
    assert.ok(!fs.existsSync(path.join(dir, 'cleaner-tmp')), 'no leftovers after reopening');
    reopened.close();
  });
});

describe('null keys', () => {
  test('are refused on a compacted topic with INVALID_RECORD, before anything is written', () => {
    const log = PartitionLog.open(dir, compactConfig());
    for (const codec of [0, 1, 4]) {
      assert.throws(() => appendRecords(log, [{ key: 'a', value: '1' }, { key: null as unknown as string, value: '2' }], codec), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'INVALID_RECORD');
        assert.match(e.message, /Compacted topic cannot accept message without key in topic partition compacted-0/);
        return true;
      });
    }
    assert.equal(log.logEndOffset, 0);
    log.close();
  });
});
