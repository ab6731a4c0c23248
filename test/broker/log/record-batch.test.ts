import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { crc32c } from '@node-rs/crc32';
import {
  BatchValidationError, computeBatchCrc, readBatchHeader, setBaseOffset, setLogAppendTime, setPartitionLeaderEpoch,
  validateBatches, type BatchErrorCode,
} from '../../../broker/log/record-batch.js';
import { makeBatch, simpleBatch } from './batch-helper.js';

const opts = { maxBatchBytes: 1 << 20 };

function expectError(buf: Buffer, code: BatchErrorCode, pattern: RegExp, max = opts.maxBatchBytes): void {
  assert.throws(() => validateBatches(buf, { maxBatchBytes: max }), (e: unknown) => {
    assert.ok(e instanceof BatchValidationError);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

test('crc32c is the Castagnoli polynomial', () => {
  assert.equal(crc32c('123456789') >>> 0, 0xe3069283);
});

test('validates a single batch and reports its header', () => {
  const b = makeBatch({
    records: [{ key: 'a', value: 'x', timestampDelta: 0 }, { key: 'b', value: 'y', timestampDelta: 7 }],
    baseTimestamp: 1000, producerId: 42, producerEpoch: 3, baseSequence: 9, attributes: 0x10,
  });
  const [info, ...rest] = validateBatches(b, opts);
  assert.equal(rest.length, 0);
  assert.deepEqual(info, {
    position: 0, size: b.length, lastOffsetDelta: 1, recordCount: 2, baseTimestamp: 1000, maxTimestamp: 1007,
    producerId: 42, producerEpoch: 3, baseSequence: 9, attributes: 0x10, isTransactional: true, isControl: false,
  });
});

test('validates concatenated batches with their positions', () => {
  const a = simpleBatch(3);
  const b = simpleBatch(1);
  const c = makeBatch({ records: [{ value: 'ctl' }], attributes: 0x20 });
  const infos = validateBatches(Buffer.concat([a, b, c]), opts);
  assert.deepEqual(infos.map((i) => [i.position, i.size, i.recordCount]), [[0, a.length, 3], [a.length, b.length, 1], [a.length + b.length, c.length, 1]]);
  assert.equal(infos[2].isControl, true);
});

test('rejects empty data', () => {
  expectError(Buffer.alloc(0), 'INVALID_RECORD', /no record batch/);
});

test('rejects a bad CRC', () => {
  const b = simpleBatch(2);
  b[b.length - 1] ^= 0xff;
  expectError(b, 'CORRUPT_MESSAGE', /^batch at byte 0: CRC-32C 0x[0-9a-f]{8} does not match computed 0x[0-9a-f]{8}$/);
});

test('rejects a CRC error in the second batch, naming its position', () => {
  const a = simpleBatch(2);
  const b = simpleBatch(2);
  b.writeInt16BE(1, 21); // attributes are CRC-covered
  expectError(Buffer.concat([a, b]), 'CORRUPT_MESSAGE', new RegExp(`^batch at byte ${a.length}: CRC`));
});

test('rejects a torn batch and a torn header', () => {
  const b = simpleBatch(2);
  expectError(b.subarray(0, b.length - 1), 'CORRUPT_MESSAGE', /runs past the end/);
  expectError(b.subarray(0, 10), 'CORRUPT_MESSAGE', /too few for a batch header/);
});

test('rejects trailing bytes after the last batch', () => {
  const b = simpleBatch(2);
  expectError(Buffer.concat([b, Buffer.alloc(5)]), 'CORRUPT_MESSAGE', new RegExp(`batch at byte ${b.length}: 5 trailing bytes`));
  expectError(Buffer.concat([b, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 2])]), 'CORRUPT_MESSAGE', /runs past the end/);
});

test('rejects magic 0 and 1', () => {
  expectError(makeBatch({ records: [{ value: 'v' }], magic: 1 }), 'INVALID_RECORD', /magic 1/);
  expectError(makeBatch({ records: [{ value: 'v' }], magic: 0 }), 'INVALID_RECORD', /magic 0/);
});

test('rejects a batchLength smaller than the header', () => {
  const b = simpleBatch(1);
  b.writeInt32BE(20, 8);
  expectError(b, 'CORRUPT_MESSAGE', /smaller than the 49-byte v2 header/);
  b.writeInt32BE(-1, 8);
  expectError(b, 'CORRUPT_MESSAGE', /batchLength -1/);
});

test('rejects record count mismatches and empty batches', () => {
  expectError(makeBatch({ records: [{ value: 'a' }, { value: 'b' }], lastOffsetDelta: 5 }), 'INVALID_RECORD', /recordCount 2 does not match lastOffsetDelta 5/);
  expectError(makeBatch({ records: [{ value: 'a' }], recordCount: 0, lastOffsetDelta: -1 }), 'INVALID_RECORD', /at least one record/);
});

test('rejects a batch larger than the maximum', () => {
  const b = simpleBatch(10, 100);
  assert.equal(validateBatches(b, { maxBatchBytes: b.length }).length, 1);
  expectError(b, 'MESSAGE_TOO_LARGE', new RegExp(`batch of ${b.length} bytes exceeds the maximum of ${b.length - 1}`), b.length - 1);
});

test('rejects unknown compression codecs but accepts 0-4', () => {
  for (let codec = 0; codec <= 4; codec++) validateBatches(makeBatch({ records: [{ value: 'v' }], attributes: codec }), opts);
  expectError(makeBatch({ records: [{ value: 'v' }], attributes: 5 }), 'UNSUPPORTED_COMPRESSION_TYPE', /codec 5/);
});

test('validation cost does not depend on record framing: garbage records with a valid CRC pass', () => {
  // The records are not parsed (that is the consumer's job); only headers and the CRC are checked.
  const b = makeBatch({ records: [{ value: 'v' }, { value: 'w' }] });
  b.fill(0xee, 61);
  b.writeUInt32BE(computeBatchCrc(b, 0, b.length), 17);
  assert.equal(validateBatches(b, opts).length, 1);
});

test('setBaseOffset / setPartitionLeaderEpoch keep the CRC valid', () => {
  const b = simpleBatch(3);
  setBaseOffset(b, 0, 2 ** 40 + 5);
  setPartitionLeaderEpoch(b, 0, 7);
  const h = readBatchHeader(b);
  assert.equal(h.baseOffset, 2 ** 40 + 5);
  assert.equal(h.partitionLeaderEpoch, 7);
  validateBatches(b, opts);
});

test('setLogAppendTime sets the timestamp type and maxTimestamp and recomputes the CRC', () => {
  const a = simpleBatch(1);
  const b = simpleBatch(2, 10, 5000);
  const buf = Buffer.concat([a, b]);
  setLogAppendTime(buf, a.length, 1_800_000_000_123);
  const [ia, ib] = validateBatches(buf, opts);
  assert.equal(ia.attributes & 0x08, 0);
  assert.equal(ib.attributes & 0x08, 0x08);
  assert.equal(ib.maxTimestamp, 1_800_000_000_123);
  assert.equal(ib.baseTimestamp, 5000);
  const h = readBatchHeader(buf, a.length);
  assert.equal(h.crc, computeBatchCrc(buf, a.length, ib.size));
});

test('readBatchHeader decodes every field', () => {
  const b = makeBatch({ records: [{ value: 'v' }], baseOffset: 77, baseTimestamp: 123, maxTimestamp: 456, producerId: 2 ** 35, producerEpoch: 4, baseSequence: 11, partitionLeaderEpoch: 3 });
  const h = readBatchHeader(b);
  assert.deepEqual({ ...h, crc: 0 }, {
    baseOffset: 77, batchLength: b.length - 12, partitionLeaderEpoch: 3, magic: 2, crc: 0, attributes: 0, lastOffsetDelta: 0,
    baseTimestamp: 123, maxTimestamp: 456, producerId: 2 ** 35, producerEpoch: 4, baseSequence: 11, recordCount: 1,
  });
});
