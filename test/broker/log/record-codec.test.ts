import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  BatchValidationError, computeBatchCrc, readBatchHeader, setLogAppendTime, validateBatches,
} from '../../../broker/log/record-batch.js';
import {
  decodeRecordBatches, encodeRecordBatch, RecordWalker, varintSize, writeVarint, type DecodedRecord,
} from '../../../broker/log/record-codec.js';

const opts = { maxBatchBytes: 64 << 20 };
const T0 = 1_700_000_000_000;

/** Records as plain values for deepEqual (Buffers as strings). */
function plain(records: DecodedRecord[]): unknown[] {
  return records.map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key?.toString() ?? null,
    value: r.value?.toString() ?? null,
    headers: r.headers.map((h) => [h.key, h.value?.toString() ?? null]),
  }));
}

function expectCorrupt(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof BatchValidationError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

test('the record section is laid out as the grammar says', () => {
  const b = encodeRecordBatch([{ key: 'k', value: 'vv', headers: [{ key: 'h', value: null }] }], { baseTimestamp: T0 });
  // length 12 | attributes 0 | timestampDelta 0 | offsetDelta 0 | key 1 'k' | value 2 'vv' | 1 header: key 1 'h', value -1
  const expected = [24, 0, 0, 0, 2, 0x6b, 4, 0x76, 0x76, 2, 2, 0x68, 1];
  assert.deepEqual([...b.subarray(61)], expected);
  assert.equal(b.length, 61 + expected.length);
  assert.deepEqual({ ...readBatchHeader(b), crc: 0 }, {
    baseOffset: 0, batchLength: b.length - 12, partitionLeaderEpoch: -1, magic: 2, crc: 0, attributes: 0, lastOffsetDelta: 0,
    baseTimestamp: T0, maxTimestamp: T0, producerId: -1, producerEpoch: -1, baseSequence: -1, recordCount: 1,
  });
});

test('round trip: header fields, keys, values and headers; the CRC passes validateBatches', () => {
  const b = encodeRecordBatch([
    { key: 'a', value: 'first', headers: [{ key: 'trace', value: 'x1' }, { key: 'trace', value: Buffer.from([0, 1, 2]) }] },
    { key: Buffer.from('b'), value: Buffer.from('second'), timestampDelta: 5, headers: { 'content-type': 'json', empty: '', none: null } },
    { value: 'no key', timestamp: T0 + 3 },
  ], { baseOffset: 100, baseTimestamp: T0, producerId: 2 ** 40, producerEpoch: 7, baseSequence: 12, partitionLeaderEpoch: 4, attributes: 0x10 });
  const [info] = validateBatches(b, opts);
  assert.deepEqual(info, {
    position: 0, size: b.length, lastOffsetDelta: 2, recordCount: 3, baseTimestamp: T0, maxTimestamp: T0 + 5,
    producerId: 2 ** 40, producerEpoch: 7, baseSequence: 12, attributes: 0x10, isTransactional: true, isControl: false,
  });
  const [d, ...rest] = decodeRecordBatches(b);
  assert.equal(rest.length, 0);
  assert.equal(d.baseOffset, 100);
  assert.equal(d.lastOffset, 102);
  assert.equal(d.size, b.length);
  assert.equal(d.partitionLeaderEpoch, 4);
  assert.equal(d.crcValid, true);
  assert.deepEqual(plain(d.records), [
    { offset: 100, timestamp: T0, key: 'a', value: 'first', headers: [['trace', 'x1'], ['trace', '\u0000\u0001\u0002']] },
    { offset: 101, timestamp: T0 + 5, key: 'b', value: 'second', headers: [['content-type', 'json'], ['empty', ''], ['none', null]] },
    { offset: 102, timestamp: T0 + 3, key: null, value: 'no key', headers: [] },
  ]);
});

test('null and empty keys and values stay apart; UTF-8 strings are written as bytes', () => {
  const b = encodeRecordBatch([
    { key: null, value: null },
    { key: '', value: '' },
    { key: Buffer.alloc(0), value: Buffer.alloc(0) },
    { key: 'schlüssel', value: '値 🙂', headers: [{ key: 'ключ', value: 'é' }] },
  ], { baseTimestamp: T0 });
  const records = decodeRecordBatches(b)[0].records;
  assert.equal(records[0].key, null);
  assert.equal(records[0].value, null);
  for (const r of records.slice(1, 3)) {
    assert.ok(r.key !== null && r.key.length === 0);
    assert.ok(r.value !== null && r.value.length === 0);
  }
  assert.equal(records[3].key?.toString(), 'schlüssel');
  assert.equal(records[3].value?.toString(), '値 🙂');
  assert.deepEqual(records[3].headers.map((h) => [h.key, h.value?.toString()]), [['ключ', 'é']]);
  validateBatches(b, opts);
});

test('timestamps: base from the first record, negative deltas, maxTimestamp is the largest record timestamp', () => {
  const b = encodeRecordBatch([{ value: 'a', timestamp: T0 }, { value: 'b', timestamp: T0 - 60_000 }, { value: 'c', timestamp: T0 + 1 }]);
  const [d] = decodeRecordBatches(b);
  assert.equal(d.baseTimestamp, T0);
  assert.equal(d.maxTimestamp, T0 + 1);
  assert.deepEqual(d.records.map((r) => r.timestamp), [T0, T0 - 60_000, T0 + 1]);

  // All records before the base timestamp: maxTimestamp is below it, as Kafka's producer writes it.
  const early = decodeRecordBatches(encodeRecordBatch([{ value: 'x', timestampDelta: -10 }, { value: 'y', timestampDelta: -3 }], { baseTimestamp: T0 }))[0];
  assert.equal(early.maxTimestamp, T0 - 3);
  assert.deepEqual(early.records.map((r) => r.timestamp), [T0 - 10, T0 - 3]);
});

test('LogAppendTime batches give every record the batch maxTimestamp', () => {
  const b = encodeRecordBatch([{ value: 'a' }, { value: 'b', timestampDelta: 4 }], { baseTimestamp: T0 });
  setLogAppendTime(b, 0, T0 + 999);
  assert.deepEqual(decodeRecordBatches(b)[0].records.map((r) => r.timestamp), [T0 + 999, T0 + 999]);
});

test('large varints: offset deltas, timestamp deltas and lengths at the byte boundaries', () => {
  const offsetDeltas = [0, 63, 64, 8191, 8192, 2 ** 20 - 1, 2 ** 20, 2 ** 27 - 1, 2 ** 27, 2 ** 30];
  const tsDeltas = [0, -1, 63, -64, -65, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 45, -(2 ** 45), 2 ** 52, -(2 ** 52)];
  const records = tsDeltas.map((timestampDelta, i) => ({ value: `v${i}`, timestampDelta, offsetDelta: offsetDeltas[i] ?? 2 ** 31 - tsDeltas.length + i }));
  const base = 2 ** 52; // baseTimestamp + delta stays a safe integer
  const b = encodeRecordBatch(records, { baseTimestamp: base, baseOffset: 2 ** 40 });
  const [d] = decodeRecordBatches(b); // (validateBatches would refuse the offset gaps: Produce wants contiguous offsets)
  assert.equal(d.crcValid, true);
  assert.equal(d.lastOffsetDelta, records[records.length - 1].offsetDelta);
  assert.deepEqual(d.records.map((r) => [r.offset - 2 ** 40, r.timestamp - base]), records.map((r) => [r.offsetDelta, r.timestampDelta]));

  // Key, value and header lengths of 3 and 4 varint bytes.
  const key = Buffer.alloc(70_000, 1);
  const value = Buffer.alloc(2 ** 21, 2);
  const hv = Buffer.alloc(9000, 3);
  const big = encodeRecordBatch([{ key, value, headers: [{ key: 'h'.repeat(200), value: hv }] }], { baseTimestamp: T0 });
  validateBatches(big, opts);
  const [r] = decodeRecordBatches(big)[0].records;
  assert.ok(r.key?.equals(key) && r.value?.equals(value) && r.headers[0].value?.equals(hv));
  assert.equal(r.headers[0].key, 'h'.repeat(200));
});

test('varintSize and writeVarint agree with the zigzag encoding', () => {
  const cases: [number, number[]][] = [
    [0, [0]], [-1, [1]], [1, [2]], [-64, [127]], [64, [0x80, 1]], [2 ** 31 - 1, [0xfe, 0xff, 0xff, 0xff, 0x0f]],
    [-(2 ** 31), [0xff, 0xff, 0xff, 0xff, 0x0f]], [2 ** 31, [0x80, 0x80, 0x80, 0x80, 0x10]],
  ];
  for (const [n, bytes] of cases) {
    const buf = Buffer.alloc(10);
    assert.equal(writeVarint(buf, 0, n), bytes.length, `size of ${n}`);
    assert.equal(varintSize(n), bytes.length);
    assert.deepEqual([...buf.subarray(0, bytes.length)], bytes, `bytes of ${n}`);
  }
  assert.equal(varintSize(2 ** 52), 8);
  assert.equal(varintSize(-(2 ** 52)), 8);
  assert.throws(() => varintSize(2 ** 53), RangeError);
  assert.throws(() => varintSize(0.5), RangeError);
});

test('offset deltas may leave gaps (as after compaction) but must increase', () => {
  const b = encodeRecordBatch([{ value: 'a', offsetDelta: 0 }, { value: 'b', offsetDelta: 5 }, { value: 'c', offsetDelta: 9 }], { baseOffset: 10 });
  const [d] = decodeRecordBatches(b);
  assert.equal(d.lastOffsetDelta, 9);
  assert.equal(d.recordCount, 3);
  assert.deepEqual(d.records.map((r) => r.offset), [10, 15, 19]);
  assert.throws(() => encodeRecordBatch([{ value: 'a', offsetDelta: 1 }, { value: 'b', offsetDelta: 1 }]), /offsetDelta 1 must be an int32 above/);
  assert.throws(() => encodeRecordBatch([{ value: 'a', offsetDelta: -1 }]), /offsetDelta -1/);
});

test('encoding refuses an empty batch, unknown codecs and non-integer timestamps', () => {
  assert.throws(() => encodeRecordBatch([]), /at least one record/);
  assert.throws(() => encodeRecordBatch([{ value: 'v' }], { compression: 5 }), /unknown compression codec 5/);
  assert.throws(() => encodeRecordBatch([{ value: 'v' }], { baseTimestamp: 1.5 }), RangeError);
  assert.throws(() => encodeRecordBatch([{ value: 'v', timestamp: T0 + 0.5 }], { baseTimestamp: T0 }), RangeError);
  const ctl = encodeRecordBatch([{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }], { attributes: 0x30 | 0x08 });
  const [info] = validateBatches(ctl, opts);
  assert.equal(info.isControl, true);
  assert.equal(info.isTransactional, true);
  assert.equal(info.attributes & 0x08, 0x08);
});

test('decodes concatenated batches with absolute offsets, and ignores a partial batch at the end', () => {
  const a = encodeRecordBatch([{ value: 'a0' }, { value: 'a1' }], { baseOffset: 0, baseTimestamp: T0 });
  const b = encodeRecordBatch([{ value: 'b0' }], { baseOffset: 2, baseTimestamp: T0 + 1 });
  const c = encodeRecordBatch([{ value: 'c0' }, { value: 'c1' }, { value: 'c2' }], { baseOffset: 3, baseTimestamp: T0 + 2 });
  const all = Buffer.concat([a, b, c]);
  const decoded = decodeRecordBatches(all);
  assert.deepEqual(decoded.map((d) => [d.baseOffset, d.lastOffset, d.size]), [[0, 1, a.length], [2, 2, b.length], [3, 5, c.length]]);
  assert.deepEqual(decoded.flatMap((d) => d.records.map((r) => [r.offset, r.value?.toString()])), [[0, 'a0'], [1, 'a1'], [2, 'b0'], [3, 'c0'], [4, 'c1'], [5, 'c2']]);
  for (const cut of [all.length - 1, a.length + b.length + 61, a.length + b.length + 20, a.length + b.length + 5]) {
    assert.deepEqual(decodeRecordBatches(all.subarray(0, cut)).map((d) => d.baseOffset), [0, 2], `cut at ${cut}`);
  }
  assert.deepEqual(decodeRecordBatches(Buffer.alloc(0)), []);
  assert.deepEqual(decodeRecordBatches([]), []);
});

test('decodes batches split across Buffer[] chunks at any byte', () => {
  const a = encodeRecordBatch([{ key: 'k', value: 'first', headers: { h: 'v' } }], { baseOffset: 7, baseTimestamp: T0 });
  const b = encodeRecordBatch([{ value: 'second' }, { value: null, timestampDelta: -2 }], { baseOffset: 8, baseTimestamp: T0 });
  const all = Buffer.concat([a, b]);
  const expected = plain(decodeRecordBatches(all).flatMap((d) => d.records));
  assert.equal(expected.length, 3);
  for (let cut = 1; cut < all.length; cut++) {
    const chunks = [all.subarray(0, cut), all.subarray(cut, cut + 10), all.subarray(cut + 10)];
    assert.deepEqual(plain(decodeRecordBatches(chunks).flatMap((d) => d.records)), expected, `split at ${cut}`);
  }
});

test('reports a bad CRC without refusing the batch', () => {
  const b = encodeRecordBatch([{ value: 'v' }]);
  b[b.length - 2] ^= 1; // the value
  const [d] = decodeRecordBatches(b);
  assert.equal(d.crcValid, false);
});

test('a batch whose records do not decompress is refused naming the codec', () => {
  const b = encodeRecordBatch([{ value: 'v' }], { baseOffset: 42 });
  b.writeInt16BE(3, 21); // lz4 bits over uncompressed records
  b.writeUInt32BE(computeBatchCrc(b, 0, b.length), 17);
  validateBatches(b, opts); // the produce path accepts it (it does not look inside)
  expectCorrupt(() => decodeRecordBatches(b), 'CORRUPT_MESSAGE', /^record batch at offset 42: cannot decompress \d+ bytes with lz4: /);
  assert.throws(() => new RecordWalker(b), /compressed with lz4 \(codec 3\)/);
});

test('broken record framing throws CORRUPT_MESSAGE instead of returning garbage', () => {
  const good = encodeRecordBatch([{ key: 'k', value: 'value', headers: [{ key: 'h', value: 'x' }] }, { value: 'second' }], { baseOffset: 5 });
  const patched = (at: number, byte: number): Buffer => {
    const b = Buffer.from(good);
    b[at] = byte;
    return b;
  };
  // Record length (the first byte after the header) too long, too short, zero.
  expectCorrupt(() => decodeRecordBatches(patched(61, 0x7e)), 'CORRUPT_MESSAGE', /offset 5, record 0: length 63 does not fit the batch/);
  expectCorrupt(() => decodeRecordBatches(patched(61, good[61] - 2)), 'CORRUPT_MESSAGE', /offset 5, record 0/);
  expectCorrupt(() => decodeRecordBatches(patched(61, 0)), 'CORRUPT_MESSAGE', /record 0: length 0/);
  // Key length running past the record.
  expectCorrupt(() => decodeRecordBatches(patched(65, 0x40)), 'CORRUPT_MESSAGE', /record 0: key length 32 and value length/);
  // More records announced than there are; fewer announced than there are.
  const more = Buffer.from(good);
  more.writeInt32BE(3, 57);
  expectCorrupt(() => decodeRecordBatches(more), 'CORRUPT_MESSAGE', /record 2: /);
  const fewer = Buffer.from(good);
  fewer.writeInt32BE(1, 57);
  expectCorrupt(() => decodeRecordBatches(fewer), 'CORRUPT_MESSAGE', /bytes follow the last of its 1 records/);
  // Garbage records (which the produce path's validation lets through with a valid CRC).
  const garbage = Buffer.from(good);
  garbage.fill(0xee, 61);
  expectCorrupt(() => decodeRecordBatches(garbage), 'CORRUPT_MESSAGE', /record 0: /);
  // Magic 1 and a batchLength below the header size.
  expectCorrupt(() => decodeRecordBatches(patched(16, 1)), 'CORRUPT_MESSAGE', /magic 1/);
  const short = Buffer.from(good);
  short.writeInt32BE(20, 8);
  expectCorrupt(() => decodeRecordBatches(short), 'CORRUPT_MESSAGE', /batchLength 20/);
});

test('RecordWalker visits records without decoding them', () => {
  const b = Buffer.concat([
    encodeRecordBatch([{ value: 'skip me' }], { baseOffset: 0 }),
    encodeRecordBatch([{ key: 'k', value: 'abc', timestampDelta: 3 }, { value: null, offsetDelta: 4, timestampDelta: -1 }], { baseOffset: 10, baseTimestamp: T0 }),
  ]);
  const w = new RecordWalker(b, decodeRecordBatches(b)[0].size);
  assert.equal(w.baseOffset, 10);
  assert.equal(w.baseTimestamp, T0);
  assert.equal(w.recordCount, 2);
  assert.equal(w.batchEnd, b.length);
  const seen: unknown[] = [];
  while (w.next()) {
    seen.push([w.offsetDelta, w.timestampDelta, w.keyLength, w.key()?.toString() ?? null, w.valueLength, w.value()?.toString() ?? null]);
  }
  assert.deepEqual(seen, [[0, 3, 1, 'k', 3, 'abc'], [4, -1, -1, null, -1, null]]);
  assert.equal(w.next(), false);
  // reset() reuses the walker on another batch.
  w.reset(b, 0);
  assert.equal(w.next(), true);
  assert.equal(w.value()?.toString(), 'skip me');
  assert.equal(w.next(), false);
});
