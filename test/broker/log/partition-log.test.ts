import { afterEach, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OffsetOutOfRangeError } from '../../../broker/log/partition-log.js';
import { BatchValidationError, readBatchHeader, validateBatches } from '../../../broker/log/record-batch.js';
import { makeBatch, rmDir, simpleBatch, splitBatches, tempDir } from './batch-helper.js';
import { appendMany, checkEveryOffset, config, fileOf, openLog, readAll, segmentFiles } from './log-helper.js';

let dir: string;
beforeEach(() => {
  dir = path.join(tempDir(), 'topic-0');
});
afterEach(() => {
  rmDir(path.dirname(dir));
});

describe('append', () => {
  test('creates the directory and an empty first segment', () => {
    const { log } = openLog(dir);
    assert.deepEqual(segmentFiles(dir, ''), ['00000000000000000000.index', '00000000000000000000.log', '00000000000000000000.timeindex']);
    assert.equal(log.logStartOffset, 0);
    assert.equal(log.logEndOffset, 0);
    assert.equal(log.sizeInBytes, 0);
    assert.equal(log.segmentCount, 1);
    log.close();
  });

  test('assigns consecutive offsets across batches and calls, rewriting baseOffset in the caller buffer', () => {
    const { log } = openLog(dir);
    const first = Buffer.concat([simpleBatch(3), simpleBatch(1), simpleBatch(5)]);
    const r1 = log.append(first);
    assert.equal(r1.baseOffset, 0);
    assert.equal(r1.lastOffset, 8);
    assert.equal(r1.logAppendTime, -1);
    assert.equal(r1.logStartOffset, 0);
    assert.deepEqual(r1.batches.map((b) => b.recordCount), [3, 1, 5]);
    assert.deepEqual(validateBatches(first, { maxBatchBytes: 1e9 }).map((b) => readBatchHeader(first, b.position).baseOffset), [0, 3, 4]);
    assert.equal(readBatchHeader(first).partitionLeaderEpoch, 0);
    const r2 = log.append(simpleBatch(2));
    assert.deepEqual([r2.baseOffset, r2.lastOffset], [9, 10]);
    assert.equal(log.logEndOffset, 11);
    assert.equal(log.sizeInBytes, first.length + simpleBatch(2).length);
    assert.deepEqual(readAll(log), [[0, 2], [3, 3], [4, 8], [9, 10]]);
    // stored exactly as received apart from baseOffset / leader epoch
    const stored = fs.readFileSync(fileOf(dir, 0, '.log'));
    assert.ok(stored.subarray(0, first.length).equals(first));
    log.close();
  });

  test('is all-or-nothing: an invalid batch anywhere writes nothing', () => {
    const { log } = openLog(dir);
    log.append(simpleBatch(2));
    const bad = simpleBatch(2);
    bad[bad.length - 1] ^= 1;
    const buf = Buffer.concat([simpleBatch(1), bad]);
    assert.throws(() => log.append(buf), (e: unknown) => e instanceof BatchValidationError && e.code === 'CORRUPT_MESSAGE');
    assert.equal(log.logEndOffset, 2);
    assert.equal(fs.statSync(fileOf(dir, 0, '.log')).size, simpleBatch(2).length);
    assert.equal(log.append(simpleBatch(1)).baseOffset, 2);
    log.close();
  });

  test('enforces maxMessageBytes per batch', () => {
    const { log } = openLog(dir, config({ maxMessageBytes: 500 }));
    log.append(simpleBatch(2, 100));
    assert.throws(() => log.append(simpleBatch(10, 100)), (e: unknown) => e instanceof BatchValidationError && e.code === 'MESSAGE_TOO_LARGE');
    log.close();
  });

  test('message.timestamp.before/after.max.ms refuse batches outside the window, writing nothing', () => {
    const now = 1_750_000_000_000;
    const { log } = openLog(dir, config({ timestampBeforeMaxMs: 60_000, timestampAfterMaxMs: 1_000 }));
    const invalid = (e: unknown): boolean => e instanceof BatchValidationError && e.code === 'INVALID_TIMESTAMP';
    assert.throws(() => log.append(simpleBatch(2, 10, now - 120_000), now), (e: unknown) => invalid(e) && /before.max.ms \(60000\)/.test((e as Error).message));
    assert.throws(() => log.append(simpleBatch(2, 10, now + 5_000), now), (e: unknown) => invalid(e) && /after.max.ms \(1000\)/.test((e as Error).message));
    assert.equal(log.logEndOffset, 0);
    assert.equal(log.append(simpleBatch(2, 10, now - 30_000), now).baseOffset, 0);
    log.close();
  });

  test('LogAppendTime stamps maxTimestamp and the type bit with a valid CRC', () => {
    const { log } = openLog(dir, config({ messageTimestampType: 'LogAppendTime' }));
    const r = log.append(Buffer.concat([simpleBatch(2, 10, 1000), simpleBatch(1, 10, 2000)]), 1_750_000_000_000);
    assert.equal(r.logAppendTime, 1_750_000_000_000);
    assert.deepEqual(r.batches.map((b) => b.maxTimestamp), [1_750_000_000_000, 1_750_000_000_000]);
    const read = log.read(0, 1e6, false);
    const infos = validateBatches(Buffer.concat(read.records), { maxBatchBytes: 1e9 });
    assert.deepEqual(infos.map((b) => [b.maxTimestamp, b.baseTimestamp, b.attributes & 8]), [[1_750_000_000_000, 1000, 8], [1_750_000_000_000, 2000, 8]]);
    log.close();
  });
});

describe('read', () => {
  test('returns whole batches within maxBytes, minOneBatch, mid-batch offsets, LEO and out of range', () => {
    const { log } = openLog(dir);
    const sizes = [3, 4, 5].map((n) => simpleBatch(n).length);
    log.append(Buffer.concat([simpleBatch(3), simpleBatch(4), simpleBatch(5)])); // offsets 0-2, 3-6, 7-11
    const all = log.read(0, 1e6, false);
    assert.equal(all.bytes, sizes[0] + sizes[1] + sizes[2]);
    assert.equal(all.highWatermark, 12);
    assert.equal(all.logStartOffset, 0);

    const two = log.read(0, sizes[0] + sizes[1] + sizes[2] - 1, false);
    assert.deepEqual(splitBatches(two.records).map((b) => b.baseOffset), [0, 3]);
    assert.equal(two.bytes, sizes[0] + sizes[1]);

    const mid = log.read(5, 1e6, false);
    assert.deepEqual(splitBatches(mid.records).map((b) => b.baseOffset), [3, 7]);

    assert.equal(log.read(3, sizes[1] - 1, false).bytes, 0);
    const forced = log.read(3, sizes[1] - 1, true);
    assert.deepEqual(splitBatches(forced.records).map((b) => b.baseOffset), [3]);
    assert.equal(forced.bytes, sizes[1]);
    assert.equal(log.read(3, 0, true).bytes, sizes[1]);

    const atEnd = log.read(12, 1e6, true);
    assert.deepEqual([atEnd.records.length, atEnd.bytes, atEnd.highWatermark], [0, 0, 12]);
    assert.throws(() => log.read(13, 100, true), (e: unknown) => e instanceof OffsetOutOfRangeError && e.code === 'OFFSET_OUT_OF_RANGE');
    assert.throws(() => log.read(-1, 100, true), OffsetOutOfRangeError);
    log.close();
  });

  test('a batch bigger than maxBytes is returned whole with minOneBatch even after a roll boundary', () => {
    const { log } = openLog(dir, config({ segmentBytes: 1500 }));
    log.append(simpleBatch(1, 100));
    log.append(simpleBatch(15, 100)); // > 1500 bytes: rolls
    assert.equal(log.segmentCount, 2);
    const r = log.read(1, 10, true);
    assert.equal(r.bytes, simpleBatch(15, 100).length);
    assert.deepEqual(splitBatches(r.records).map((b) => [b.baseOffset, b.lastOffset]), [[1, 15]]);
    log.close();
  });
});

describe('segments', () => {
  test('roll by segmentBytes; reads continue across segment boundaries', () => {
    const size = simpleBatch(10).length;
    const { log, messages } = openLog(dir, config({ segmentBytes: size * 3 }));
    const batches = appendMany(log, 10);
    assert.equal(log.segmentCount, 4);
    assert.deepEqual(segmentFiles(dir, '.log'), [0, 30, 60, 90].map((b) => String(b).padStart(20, '0') + '.log'));
    assert.equal(messages.filter((m) => /rolled new segment at offset \d+ \(segment.bytes\)/.test(m)).length, 3);
    assert.equal(log.sizeInBytes, size * 10);
    assert.deepEqual(readAll(log), batches.map(([b, l]) => [b, l]));
    // bounded read crossing a boundary returns whole batches from both segments
    const r = log.read(25, size * 3, false);
    assert.deepEqual(splitBatches(r.records).map((b) => b.baseOffset), [20, 30, 40]);
    assert.equal(r.records.length, 2);
    checkEveryOffset(log);
    log.close();
  });

  test('roll by segmentMs measured from the first batch timestamp (CreateTime)', () => {
    const { log } = openLog(dir, config({ segmentMs: 10_000 }));
    log.append(simpleBatch(1, 10, 100_000));
    log.append(simpleBatch(1, 10, 105_000));
    log.append(simpleBatch(1, 10, 110_000));
    assert.equal(log.segmentCount, 1);
    log.append(simpleBatch(1, 10, 110_001));
    assert.equal(log.segmentCount, 2);
    log.append(simpleBatch(1, 10, 120_000));
    assert.equal(log.segmentCount, 2);
    log.append(simpleBatch(1, 10, 120_002));
    assert.equal(log.segmentCount, 3);
    assert.equal(log.logEndOffset, 6);
    log.close();
  });

  test('roll by segmentMs with LogAppendTime uses the append time', () => {
    const { log } = openLog(dir, config({ segmentMs: 1000, messageTimestampType: 'LogAppendTime' }));
    log.append(simpleBatch(1), 5_000);
    log.append(simpleBatch(1), 5_900);
    assert.equal(log.segmentCount, 1);
    log.append(simpleBatch(1), 6_001);
    assert.equal(log.segmentCount, 2);
    log.close();
  });

  test('updateConfig applies to later appends', () => {
    const size = simpleBatch(10).length;
    const { log } = openLog(dir);
    appendMany(log, 5);
    assert.equal(log.segmentCount, 1);
    log.updateConfig(config({ segmentBytes: size * 2 }));
    appendMany(log, 4);
    assert.equal(log.segmentCount, 3);
    log.close();
  });
});

describe('indexes', () => {
  test('offset index is sparse (Kafka rule) and lookups are right for every offset', () => {
    const { log } = openLog(dir, config({ indexIntervalBytes: 4096 }));
    const size = simpleBatch(10).length;
    appendMany(log, 300);
    let since = 0;
    let expected = 0;
    for (let i = 0; i < 300; i++) {
      if (since > 4096) {
        expected++;
        since = 0;
      }
      since += size;
    }
    const index = fs.readFileSync(fileOf(dir, 0, '.index'));
    assert.equal(index.length, expected * 8);
    assert.ok(expected >= Math.floor((300 * size) / (4096 + size)) && expected <= (300 * size) / 4096);
    const logBytes = fs.readFileSync(fileOf(dir, 0, '.log'));
    for (let i = 0; i < expected; i++) {
      const rel = index.readInt32BE(i * 8);
      const pos = index.readInt32BE(i * 8 + 4);
      const h = readBatchHeader(logBytes, pos);
      assert.equal(h.baseOffset + h.lastOffsetDelta, rel); // entries map a batch's last offset to its position
    }
    checkEveryOffset(log);
    log.close();
  });

  test('time index and offsetForTimestamp across segments', () => {
    const mk = (ts: number): Buffer => makeBatch({ records: [0, 1, 2].map((d) => ({ value: Buffer.alloc(50), timestampDelta: d * 10 })), baseTimestamp: ts });
    const size = mk(0).length;
    const { log } = openLog(dir, config({ segmentBytes: size * 40, indexIntervalBytes: 500 }));
    // timestamps mostly increasing, with some going back
    const stamps: number[] = [];
    for (let i = 0; i < 150; i++) stamps.push(10_000 + i * 100 - (i % 7 === 3 ? 450 : 0));
    const info = stamps.map((ts) => log.append(mk(ts)));
    assert.equal(log.segmentCount, 4);
    const maxTs = stamps.map((ts) => ts + 20);
    const brute = (t: number): { offset: number; timestamp: number } | null => {
      // the first record (not just batch) at or after t: records are at ts, ts+10, ts+20
      const i = maxTs.findIndex((m) => m >= t);
      if (i < 0) return null;
      const d = [0, 1, 2].find((k) => stamps[i] + k * 10 >= t)!;
      return { offset: info[i].baseOffset + d, timestamp: stamps[i] + d * 10 };
    };
    for (let t = 9_000; t <= 26_000; t += 37) assert.deepEqual(log.offsetForTimestamp(t), brute(t), `ts ${t}`);
    for (const t of maxTs) assert.deepEqual(log.offsetForTimestamp(t), brute(t), `ts ${t}`);
    assert.equal(log.offsetForTimestamp(Math.max(...maxTs) + 1), null);
    assert.deepEqual(log.offsetForTimestamp(-1), { offset: 450, timestamp: -1 });
    assert.deepEqual(log.offsetForTimestamp(-2), { offset: 0, timestamp: -1 });
    const timeIndex = fs.readFileSync(fileOf(dir, 0, '.timeindex'));
    assert.ok(timeIndex.length > 0 && timeIndex.length % 12 === 0);
    // the closed segment's last time-index entry carries its max timestamp
    assert.equal(Number(timeIndex.readBigInt64BE(timeIndex.length - 12)), Math.max(...maxTs.slice(0, 40)));
    log.close();
  });
});

describe('lifecycle', () => {
  test('reopen after close keeps offsets, data, indexes and timestamps', () => {
    const size = simpleBatch(10).length;
    const c = config({ segmentBytes: size * 7 });
    const first = openLog(dir, c);
    const batches = appendMany(first.log, 30);
    const before = readAll(first.log);
    const ts = first.log.offsetForTimestamp(1_700_000_000_000 + 12_500);
    first.log.flush();
    first.log.close();
    const indexFiles = segmentFiles(dir, 'index').map((f) => fs.readFileSync(path.join(dir, f)));
    const { log, messages } = openLog(dir, c);
    assert.deepEqual(messages, []);
    assert.equal(log.logEndOffset, 300);
    assert.equal(log.segmentCount, 5);
    assert.equal(log.sizeInBytes, size * 30);
    assert.deepEqual(readAll(log), before);
    assert.deepEqual(before, batches.map(([b, l]) => [b, l]));
    assert.deepEqual(log.offsetForTimestamp(1_700_000_000_000 + 12_500), ts);
    assert.deepEqual(segmentFiles(dir, 'index').map((f) => fs.readFileSync(path.join(dir, f))), indexFiles);
    checkEveryOffset(log);
    assert.equal(log.append(simpleBatch(1)).baseOffset, 300);
    log.close();
    assert.throws(() => log.read(0, 1, true), /closed/);
  });

  test('deleteAll removes the directory', () => {
    const { log } = openLog(dir, config({ segmentBytes: 2000 }));
    appendMany(log, 5);
    log.deleteAll();
    assert.equal(fs.existsSync(dir), false);
  });
});
