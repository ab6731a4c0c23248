import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import snappy from 'snappy';
import {
  CODEC_GZIP, CODEC_LZ4, CODEC_NAMES, CODEC_SNAPPY, CODEC_ZSTD, CompressionError, codecOfCompressionType, compress,
  compressXerialSnappy, decompress, isXerialSnappy,
} from '../../../broker/log/compression.js';
import { computeBatchCrc, readBatchHeader, validateBatches } from '../../../broker/log/record-batch.js';
import { decodeRecordBatches, decompressBatch, encodeRecordBatch, recompressBatch } from '../../../broker/log/record-codec.js';

const T0 = 1_700_000_000_000;
const opts = { maxBatchBytes: 64 << 20 };
const payload = Buffer.concat([Buffer.from('hello compressed world '.repeat(500)), randomBytes(3000)]);

function records(): { key: string | null; value: string | null; headers: Record<string, string>; timestamp: number }[] {
  return Array.from({ length: 25 }, (_, i) => ({ key: i % 3 === 0 ? null : `k${i}`, value: i === 7 ? null : `value ${i} `.repeat(i + 1), headers: { i: String(i) }, timestamp: T0 + i * 3 }));
}

function plain(data: Buffer): unknown[] {
  return decodeRecordBatches(data).flatMap((b) => b.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null, r.headers.map((h) => [h.key, h.value?.toString()])]));
}

for (const codec of [CODEC_GZIP, CODEC_SNAPPY, CODEC_LZ4, CODEC_ZSTD]) {
  const name = CODEC_NAMES[codec];
  test(`${name}: compress/decompress round trip, including empty input`, () => {
    assert.deepEqual(decompress(codec, compress(codec, payload)), payload);
    assert.deepEqual(decompress(codec, compress(codec, Buffer.alloc(0))), Buffer.alloc(0));
    assert.ok(compress(codec, payload).length < payload.length);
  });

  test(`${name}: garbage fails with an error naming the codec`, () => {
    assert.throws(() => decompress(codec, Buffer.from('definitely not compressed data at all')), (e: unknown) => {
      assert.ok(e instanceof CompressionError);
      assert.equal(e.codec, codec);
      assert.match(e.message, new RegExp(`with ${name}:`));
      return true;
    });
  });

  test(`${name}: batches encode compressed, validate, and decode to the same records`, () => {
    const b = encodeRecordBatch(records(), { baseOffset: 100, producerId: 9, producerEpoch: 2, baseSequence: 40, compression: codec });
    const [info] = validateBatches(b, opts);
    assert.equal(info.attributes & 7, codec);
    assert.equal(info.recordCount, 25);
    const uncompressed = encodeRecordBatch(records(), { baseOffset: 100, producerId: 9, producerEpoch: 2, baseSequence: 40 });
    assert.ok(b.length < uncompressed.length);
    assert.deepEqual(plain(b), plain(uncompressed));
    const [d] = decodeRecordBatches(b);
    assert.equal(d.crcValid, true);
    // decompressBatch gives back exactly the uncompressed encoding.
    assert.deepEqual(decompressBatch(b), uncompressed);
  });

  test(`${name}: recompressBatch keeps header fields, deltas and timestamps and sets a new CRC`, () => {
    const src = encodeRecordBatch(records(), { baseOffset: 5, producerId: 3, producerEpoch: 1, baseSequence: 7, attributes: 0x08, compression: codec === CODEC_GZIP ? CODEC_ZSTD : CODEC_GZIP });
    const out = recompressBatch(src, 0, codec);
    const h = readBatchHeader(out);
    const s = readBatchHeader(src);
    assert.equal(h.attributes, (s.attributes & ~7) | codec);
    for (const k of ['baseOffset', 'lastOffsetDelta', 'baseTimestamp', 'maxTimestamp', 'producerId', 'producerEpoch', 'baseSequence', 'recordCount', 'partitionLeaderEpoch'] as const) {
      assert.equal(h[k], s[k], k);
    }
    assert.equal(h.crc, computeBatchCrc(out, 0, out.length));
    assert.deepEqual(plain(out), plain(src));
    assert.deepEqual(recompressBatch(out, 0, codec), out); // already in that codec: unchanged
    assert.deepEqual(recompressBatch(out, 0, 0), decompressBatch(src));
  });
}

test('snappy: the xerial framed form (Java client) and the raw form both decompress', () => {
  const framed = compressXerialSnappy(payload, 4096);
  assert.ok(isXerialSnappy(framed));
  assert.deepEqual(framed.subarray(0, 8), Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0]));
  assert.deepEqual(decompress(CODEC_SNAPPY, framed), payload);
  const raw = snappy.compressSync(payload);
  assert.equal(isXerialSnappy(raw), false);
  assert.deepEqual(decompress(CODEC_SNAPPY, raw), payload);
  assert.deepEqual(decompress(CODEC_SNAPPY, compressXerialSnappy(Buffer.alloc(0))), Buffer.alloc(0));
  // A batch whose records are xerial-framed decodes like any other.
  const plainBatch = encodeRecordBatch(records(), { baseTimestamp: T0 });
  const body = compressXerialSnappy(plainBatch.subarray(61), 1000);
  const b = Buffer.concat([plainBatch.subarray(0, 61), body]);
  b.writeInt32BE(b.length - 12, 8);
  b.writeInt16BE(CODEC_SNAPPY, 21);
  b.writeUInt32BE(computeBatchCrc(b, 0, b.length), 17);
  assert.deepEqual(plain(b), plain(plainBatch));
  // A cut xerial block names the codec.
  assert.throws(() => decompress(CODEC_SNAPPY, framed.subarray(0, framed.length - 3)), /with snappy: xerial snappy block/);
});

test('compression.type names map to codecs', () => {
  assert.deepEqual(['uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'].map(codecOfCompressionType), [0, 1, 2, 3, 4]);
  assert.throws(() => codecOfCompressionType('brotli'), /unknown compression.type brotli/);
});

test('ListOffsets by time narrows to the record inside compressed batches too', async () => {
  const { firstRecordAtOrAfter } = await import('../../../broker/log/record-scan.js');
  for (const codec of [0, CODEC_GZIP, CODEC_SNAPPY, CODEC_LZ4, CODEC_ZSTD]) {
    const b = encodeRecordBatch(records(), { compression: codec });
    assert.deepEqual(firstRecordAtOrAfter(b, T0 + 10), { offsetDelta: 4, timestamp: T0 + 12 }, CODEC_NAMES[codec]);
    assert.equal(firstRecordAtOrAfter(b, T0 + 1000), null);
  }
});
