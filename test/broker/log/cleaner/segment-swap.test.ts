// The cleaned-segment swap must survive a crash at every step: simulate each crash point on
// disk, reopen the log, and check it holds either the old segments or the cleaned one, whole.
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogCleaner } from '../../../../broker/log/cleaner/log-cleaner.js';
import { CLEANER_TMP_DIR, recoverSwaps } from '../../../../broker/log/cleaner/segment-swap.js';
import { PartitionLog } from '../../../../broker/log/partition-log.js';
import { rmDir, tempDir } from '../batch-helper.js';
import { assertConsistent, compactConfig, readRecords, T0, writeUpdates, type Write } from './cleaner-helper.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = tempDir();
  dir = path.join(root, 'swap-0');
});
afterEach(() => {
  rmDir(root);
});

const name = (base: number, suffix: string): string => String(base).padStart(20, '0') + suffix;

/**
 * Builds a log, cleans a copy of it to learn what the cleaned files look like, and returns the
 * writes, the old files and the cleaned files (name -> bytes) of the first cleaned group.
 */
async function prepare(): Promise<{ writes: Write[]; cleanedFiles: Map<string, Buffer>; oldRecords: Write[]; cleanedRecords: Write[]; end: number }> {
  const log = PartitionLog.open(dir, compactConfig({ segmentBytes: 100_000 }));
  const writes = writeUpdates(log, { keys: 10, rounds: 6 });
  // Roll by hand: reopen with a small segment size and write one more batch.
  log.close();
  const log2 = PartitionLog.open(dir, compactConfig({ segmentBytes: 200 }));
  writes.push(...writeUpdates(log2, { keys: 1, rounds: 1, ts: T0 + 50 }));
  const oldRecords = readRecords(log2);
  log2.close();
  fs.cpSync(dir, path.join(root, 'copy'), { recursive: true });
  const copy = PartitionLog.open(path.join(root, 'copy'), compactConfig({ segmentBytes: 100_000 }));
  const end = copy.closedSegments()[0].nextOffset;
  await new LogCleaner({ dedupeBufferSize: 1 << 20, ioBufferSize: 4096 }).clean('t', copy, T0 + 60_000);
  const cleanedRecords = readRecords(copy);
  copy.close();
  // Otherwise "old log kept" and "cleaned segment swapped in" could not be told apart.
  assert.ok(cleanedRecords.length < oldRecords.length, `the cleaner removed records (${cleanedRecords.length} of ${oldRecords.length} left)`);
  const cleanedFiles = new Map<string, Buffer>();
  for (const s of ['.log', '.index', '.timeindex']) cleanedFiles.set(name(0, s), fs.readFileSync(path.join(root, 'copy', name(0, s))));
  return { writes, cleanedFiles, oldRecords, cleanedRecords, end };
}

describe('crash during the swap of a cleaned segment', () => {
  test('before the range file: the unfinished cleaned segment is dropped, the old log stays', async () => {
    const p = await prepare();
    fs.mkdirSync(path.join(dir, CLEANER_TMP_DIR));
    for (const [f, b] of p.cleanedFiles) fs.writeFileSync(path.join(dir, CLEANER_TMP_DIR, f), b);
    const log = PartitionLog.open(dir, compactConfig());
    assert.deepEqual(readRecords(log), p.oldRecords);
    assert.ok(!fs.existsSync(path.join(dir, CLEANER_TMP_DIR)));
    log.close();
  });

  test('during the renames into .swap (no .log.swap yet): rolled back to the old log', async () => {
    const p = await prepare();
    fs.writeFileSync(path.join(dir, name(0, '.swap-range')), JSON.stringify({ base: 0, end: p.end }));
    fs.writeFileSync(path.join(dir, name(0, '.index.swap')), p.cleanedFiles.get(name(0, '.index'))!);
    const log = PartitionLog.open(dir, compactConfig());
    assert.deepEqual(readRecords(log), p.oldRecords);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('swap')), []);
    log.close();
  });

  test('after the .log.swap landed, before the old segment was deleted: the swap is completed', async () => {
    const p = await prepare();
    fs.writeFileSync(path.join(dir, name(0, '.swap-range')), JSON.stringify({ base: 0, end: p.end }));
    for (const [f, b] of p.cleanedFiles) fs.writeFileSync(path.join(dir, f + '.swap'), b);
    const messages = recoverSwaps(dir);
    assert.match(messages.join('\n'), /completed the swap/);
    const log = PartitionLog.open(dir, compactConfig());
    const seen = readRecords(log);
    assert.deepEqual(seen, p.cleanedRecords);
    assertConsistent(seen, p.writes);
    log.close();
  });

  test('after the old segment was deleted and the indexes renamed: the .log is renamed and the log is whole', async () => {
    const p = await prepare();
    fs.writeFileSync(path.join(dir, name(0, '.swap-range')), JSON.stringify({ base: 0, end: p.end }));
    for (const s of ['.log', '.index', '.timeindex']) fs.rmSync(path.join(dir, name(0, s)));
    fs.writeFileSync(path.join(dir, name(0, '.index')), p.cleanedFiles.get(name(0, '.index'))!);
    fs.writeFileSync(path.join(dir, name(0, '.timeindex')), p.cleanedFiles.get(name(0, '.timeindex'))!);
    fs.writeFileSync(path.join(dir, name(0, '.log.swap')), p.cleanedFiles.get(name(0, '.log'))!);
    const log = PartitionLog.open(dir, compactConfig());
    assert.deepEqual(readRecords(log), p.cleanedRecords);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('swap')), []);
    log.close();
  });

  test('after the commit, before the retired files were removed: the cleaned segment stays, the .deleted files go', async () => {
    const p = await prepare();
    fs.writeFileSync(path.join(dir, name(0, '.swap-range')), JSON.stringify({ base: 0, end: p.end }));
    for (const s of ['.log', '.index', '.timeindex']) fs.renameSync(path.join(dir, name(0, s)), path.join(dir, name(0, s) + '.deleted'));
    for (const [f, b] of p.cleanedFiles) fs.writeFileSync(path.join(dir, f), b);
    const log = PartitionLog.open(dir, compactConfig());
    assert.deepEqual(readRecords(log), p.cleanedRecords);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('swap') || f.endsWith('.deleted')), []);
    log.close();
  });
});
