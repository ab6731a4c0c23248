import { afterEach, beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rmDir, simpleBatch, tempDir } from './batch-helper.js';
import { appendMany, checkEveryOffset, config, fileOf, openLog, readAll, segmentFiles } from './log-helper.js';

let dir: string;
beforeEach(() => {
  dir = path.join(tempDir(), 'topic-3');
});
afterEach(() => {
  rmDir(path.dirname(dir));
});

const SIZE = simpleBatch(10).length;
/** 5 batches (50 offsets) per segment; small index interval so that indexes have entries. */
const C = config({ segmentBytes: SIZE * 5, indexIntervalBytes: 1000 });

/** 3 segments: [0,50) [50,100) and an active one with 2 batches [100,120). */
function setup(): [number, number][] {
  const { log } = openLog(dir, C);
  appendMany(log, 12);
  const all = readAll(log);
  log.close();
  return all;
}

function reopenAndCheck(expected: [number, number][], expectLog: RegExp | null): ReturnType<typeof openLog> {
  const opened = openLog(dir, C);
  if (expectLog === null) assert.deepEqual(opened.messages, []);
  else assert.ok(opened.messages.some((m) => expectLog.test(m)), `no log line matching ${expectLog}: ${JSON.stringify(opened.messages)}`);
  const last = expected[expected.length - 1];
  assert.equal(opened.log.logEndOffset, last === undefined ? 0 : last[1] + 1);
  assert.deepEqual(readAll(opened.log), expected);
  checkEveryOffset(opened.log);
  return opened;
}

const active = (): string => fileOf(dir, 100, '.log');

test('garbage appended to the active segment is truncated; appends continue', () => {
  const all = setup();
  const sizeBefore = fs.statSync(active()).size;
  fs.appendFileSync(active(), Buffer.from('this is not a record batch at all, just junk bytes'));
  const { log, messages } = reopenAndCheck(all, /truncated 50 bytes at offset 120 \(position \d+\)/);
  assert.equal(messages.length, 1);
  assert.equal(fs.statSync(active()).size, sizeBefore);
  assert.equal(log.append(simpleBatch(10)).baseOffset, 120);
  assert.deepEqual(readAll(log), [...all, [120, 129]]);
  log.close();
});

test('half a batch at the tail is truncated', () => {
  const all = setup();
  const b = simpleBatch(10);
  b.writeBigInt64BE(120n, 0);
  fs.appendFileSync(active(), b.subarray(0, Math.floor(b.length / 2)));
  const { log } = reopenAndCheck(all, new RegExp(`truncated ${Math.floor(b.length / 2)} bytes at offset 120.*runs past the end`));
  log.close();
  // and a tail shorter than a header
  fs.appendFileSync(active(), b.subarray(0, 30));
  reopenAndCheck(all, /truncated 30 bytes at offset 120.*incomplete batch header/).log.close();
});

test('a flipped byte in the last batch (CRC region) drops that batch', () => {
  const all = setup();
  const fd = fs.openSync(active(), 'r+');
  const pos = fs.fstatSync(fd).size - 3;
  const one = Buffer.alloc(1);
  fs.readSync(fd, one, 0, 1, pos);
  one[0] ^= 0x40;
  fs.writeSync(fd, one, 0, 1, pos);
  fs.closeSync(fd);
  const { log } = reopenAndCheck(all.slice(0, -1), new RegExp(`truncated ${SIZE} bytes at offset 110 .*CRC-32C`));
  assert.equal(log.append(simpleBatch(1)).baseOffset, 110);
  log.close();
});

test('an entirely corrupt active segment becomes empty; LEO is its base offset', () => {
  const all = setup();
  fs.writeFileSync(active(), Buffer.alloc(300, 7));
  const { log } = reopenAndCheck(all.slice(0, -2), /truncated 300 bytes at offset 100/);
  assert.equal(log.segmentCount, 3);
  assert.equal(log.append(simpleBatch(2)).baseOffset, 100);
  log.close();
});

test('an empty newest segment is fine', () => {
  const all = setup();
  fs.writeFileSync(fileOf(dir, 120, '.log'), Buffer.alloc(0));
  const { log } = reopenAndCheck(all, null);
  assert.equal(log.segmentCount, 4);
  assert.equal(log.append(simpleBatch(1)).baseOffset, 120);
  log.close();
});

test('deleted index files of closed segments are rebuilt identically', () => {
  const all = setup();
  const files = [fileOf(dir, 0, '.index'), fileOf(dir, 50, '.timeindex'), fileOf(dir, 100, '.index')];
  const before = files.map((f) => fs.readFileSync(f));
  assert.ok(before[0].length > 0 && before[1].length > 0);
  for (const f of files) fs.rmSync(f);
  const { log, messages } = reopenAndCheck(all, /00000000000000000000\.log: rebuilding indexes: .*\.index is missing/);
  assert.ok(messages.some((m) => /00000000000000000050\.log: rebuilding indexes: .*timeindex is missing/.test(m)));
  assert.equal(messages.length, 2); // the active segment is always rebuilt, silently
  assert.deepEqual(files.map((f) => fs.readFileSync(f)), before);
  log.close();
});

test('index files with a bad size, a bad last entry or non-monotonic entries are rebuilt', () => {
  const all = setup();
  const idx0 = fileOf(dir, 0, '.index');
  const idx50 = fileOf(dir, 50, '.index');
  const good0 = fs.readFileSync(idx0);
  const good50 = fs.readFileSync(idx50);
  assert.ok(good50.length >= 16, 'needs at least two entries');
  fs.appendFileSync(idx0, Buffer.alloc(3));
  const pastEnd = Buffer.from(good50);
  pastEnd.writeInt32BE(1 << 30, pastEnd.length - 4);
  fs.writeFileSync(idx50, pastEnd);
  const first = reopenAndCheck(all, /00000000000000000000\.log: rebuilding indexes: .*not a multiple of 8/);
  assert.ok(first.messages.some((m) => /00000000000000000050\.log: rebuilding indexes: .*points past the end/.test(m)));
  first.log.close();
  assert.deepEqual(fs.readFileSync(idx0), good0);
  assert.deepEqual(fs.readFileSync(idx50), good50);

  // A bad entry that is not the last one passes the cheap check at open and is caught when the
  // index is loaded on first use.
  const swapped = Buffer.from(good50);
  swapped.writeInt32BE(good50.readInt32BE(8) + 1, 0);
  fs.writeFileSync(idx50, swapped);
  const { log, messages } = openLog(dir, C);
  assert.deepEqual(messages, []);
  assert.deepEqual(readAll(log), all);
  checkEveryOffset(log);
  assert.ok(messages.some((m) => /00000000000000000050\.log: rebuilding indexes: .*not after entry 0/.test(m)), JSON.stringify(messages));
  assert.deepEqual(fs.readFileSync(idx50), good50);
  log.close();
});

test('an empty time index on a segment with timestamps is rebuilt', () => {
  const all = setup();
  const ti = fileOf(dir, 0, '.timeindex');
  const good = fs.readFileSync(ti);
  fs.writeFileSync(ti, Buffer.alloc(0));
  const { log } = reopenAndCheck(all, /rebuilding indexes: time index is empty/);
  assert.deepEqual(log.offsetForTimestamp(0), { offset: 0, timestamp: 1_700_000_000_000 }); // the first record, not the batch max
  assert.deepEqual(fs.readFileSync(ti), good);
  log.close();
});

test('orphaned index files are removed', () => {
  const all = setup();
  fs.writeFileSync(fileOf(dir, 500, '.index'), Buffer.alloc(8));
  fs.writeFileSync(fileOf(dir, 500, '.timeindex'), Buffer.alloc(12));
  fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'keep me');
  const { log, messages } = reopenAndCheck(all, /00000000000000000500\.index: removing index file without a log segment/);
  assert.equal(messages.length, 2);
  assert.deepEqual(segmentFiles(dir, '.timeindex').length, 3);
  assert.ok(fs.existsSync(path.join(dir, 'unrelated.txt')));
  log.close();
});

test('the active segment index files are rebuilt from the scan even if missing', () => {
  const all = setup();
  fs.rmSync(fileOf(dir, 100, '.index'));
  fs.rmSync(fileOf(dir, 100, '.timeindex'));
  const { log } = reopenAndCheck(all, null);
  assert.ok(fs.existsSync(fileOf(dir, 100, '.index')));
  assert.ok(fs.existsSync(fileOf(dir, 100, '.timeindex')));
  log.close();
});
