import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OffsetIndex } from '../../../broker/log/offset-index.js';
import { TimeIndex } from '../../../broker/log/time-index.js';
import { FdCache } from '../../../broker/log/fd-cache.js';
import { rmDir, tempDir } from './batch-helper.js';

test('offset index: append, lookup, persist and reload', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, '00000000000000000100.index');
    const idx = new OffsetIndex(file, 100);
    idx.reset();
    idx.openForAppend();
    idx.writeFile();
    assert.equal(idx.lookup(150), 0);
    idx.append(110, 4000);
    idx.append(125, 8100);
    idx.append(140, 12500);
    assert.equal(idx.lookup(100), 0);
    assert.equal(idx.lookup(109), 0);
    assert.equal(idx.lookup(110), 4000);
    assert.equal(idx.lookup(124), 4000);
    assert.equal(idx.lookup(125), 8100);
    assert.equal(idx.lookup(10_000), 12500);
    assert.throws(() => idx.append(140, 13000), RangeError);
    assert.throws(() => idx.append(150, 12000), RangeError);
    idx.close();

    const bytes = fs.readFileSync(file);
    assert.equal(bytes.length, 24);
    assert.deepEqual([bytes.readInt32BE(0), bytes.readInt32BE(4), bytes.readInt32BE(16), bytes.readInt32BE(20)], [10, 4000, 40, 12500]);

    const again = new OffsetIndex(file, 100);
    assert.deepEqual(again.readLastEntryFromFile(), { offset: 140, position: 12500 });
    assert.equal(again.load(), null);
    assert.equal(again.entryCount, 3);
    assert.deepEqual(again.entry(1), { offset: 125, position: 8100 });
    assert.equal(again.lookup(130), 8100);
  } finally {
    rmDir(dir);
  }
});

test('offset index: load rejects bad sizes and non-monotonic entries', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'x.index');
    const idx = new OffsetIndex(file, 0);
    assert.match(idx.load() ?? '', /missing/);
    fs.writeFileSync(file, Buffer.alloc(12));
    assert.match(idx.load() ?? '', /not a multiple of 8/);
    const b = Buffer.alloc(16);
    b.writeInt32BE(5, 0);
    b.writeInt32BE(100, 4);
    b.writeInt32BE(4, 8);
    b.writeInt32BE(200, 12);
    fs.writeFileSync(file, b);
    assert.match(idx.load() ?? '', /not after entry 0/);
    assert.equal(idx.entryCount, 0);
  } finally {
    rmDir(dir);
  }
});

test('time index: only growing timestamps are added; lookup gives the largest entry <= ts', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, '00000000000000000050.timeindex');
    const idx = new TimeIndex(file, 50);
    idx.reset();
    idx.openForAppend();
    assert.equal(idx.maybeAppend(-1, 50), false);
    assert.equal(idx.maybeAppend(1000, 55), true);
    assert.equal(idx.maybeAppend(1000, 60), false);
    assert.equal(idx.maybeAppend(900, 61), false);
    assert.equal(idx.maybeAppend(2000, 70), true);
    assert.deepEqual(idx.lookup(999), { timestamp: -1, offset: 50 });
    assert.deepEqual(idx.lookup(1000), { timestamp: 1000, offset: 55 });
    assert.deepEqual(idx.lookup(1999), { timestamp: 1000, offset: 55 });
    assert.deepEqual(idx.lookup(5000), { timestamp: 2000, offset: 70 });
    idx.close();
    assert.equal(fs.statSync(file).size, 24);
    const again = new TimeIndex(file, 50);
    assert.deepEqual(again.readLastEntryFromFile(), { timestamp: 2000, offset: 70 });
    assert.equal(again.load(), null);
    assert.deepEqual(again.entry(0), { timestamp: 1000, offset: 55 });
    fs.writeFileSync(file, Buffer.alloc(13));
    assert.match(again.load() ?? '', /not a multiple of 12/);
  } finally {
    rmDir(dir);
  }
});

test('fd cache: bounded LRU that closes evicted fds', () => {
  const dir = tempDir();
  try {
    const files = [0, 1, 2].map((i) => {
      const f = path.join(dir, `f${i}`);
      fs.writeFileSync(f, String(i));
      return f;
    });
    const cache = new FdCache(2);
    const fd0 = cache.get(files[0]);
    assert.equal(cache.get(files[0]), fd0);
    cache.get(files[1]);
    cache.get(files[0]); // 0 becomes most recent
    cache.get(files[2]); // evicts 1
    assert.equal(cache.size, 2);
    assert.equal(cache.get(files[0]), fd0);
    const buf = Buffer.alloc(1);
    fs.readSync(fd0, buf, 0, 1, 0);
    assert.equal(buf.toString(), '0');
    cache.release(files[0]);
    assert.throws(() => fs.readSync(fd0, buf, 0, 1, 0));
    cache.setCapacity(1);
    assert.equal(cache.size, 1);
    cache.release(files[2]);
    cache.release(files[1]);
    assert.equal(cache.size, 0);
  } finally {
    rmDir(dir);
  }
});
