// Kafka v2 record batches for the log tests, built with the broker's codec
// (broker/log/record-codec.ts) and optionally made invalid afterwards, plus small fs helpers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ATTRIBUTES_OFFSET, BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, CRC_OFFSET, LAST_OFFSET_DELTA_OFFSET, LOG_OVERHEAD,
  MAGIC_OFFSET, MAX_TIMESTAMP_OFFSET, RECORD_COUNT_OFFSET, computeBatchCrc, readInt64, writeInt64, COMPRESSION_CODEC_MASK,
} from '../../../broker/log/record-batch.js';
import { encodeRecordBatch, type RecordInput } from '../../../broker/log/record-codec.js';

export interface TestRecord {
  key?: RecordInput['key'];
  value?: RecordInput['value'];
  timestampDelta?: number;
  headers?: RecordInput['headers'];
}

export interface BatchSpec {
  records: TestRecord[];
  baseOffset?: number;
  baseTimestamp?: number;
  /** Defaults to the largest record timestamp. */
  maxTimestamp?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /** May name a compression codec (0-7): the records stay uncompressed, only the bits are set. */
  attributes?: number;
  partitionLeaderEpoch?: number;
  magic?: number;
  /** Override the header fields (to build invalid batches). */
  lastOffsetDelta?: number;
  recordCount?: number;
}

const toInput = (r: TestRecord): RecordInput => ({ ...r, value: r.value ?? null });

/** One record as it stands inside a batch (length-prefixed). */
export function encodeRecord(r: TestRecord, offsetDelta: number): Buffer {
  return encodeRecordBatch([{ ...toInput(r), offsetDelta }], { baseTimestamp: 0 }).subarray(BATCH_HEADER_SIZE);
}

export function makeBatch(spec: BatchSpec): Buffer {
  const { records, attributes = 0, magic, maxTimestamp, lastOffsetDelta, recordCount, ...header } = spec;
  const batch = encodeRecordBatch(records.map(toInput), {
    ...header,
    baseTimestamp: spec.baseTimestamp ?? 1_700_000_000_000,
    attributes: attributes & ~COMPRESSION_CODEC_MASK,
  });
  // What the codec does not write (it only builds valid, uncompressed batches) is patched in.
  batch.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  if (magic !== undefined) batch.writeInt8(magic, MAGIC_OFFSET);
  if (maxTimestamp !== undefined) writeInt64(batch, MAX_TIMESTAMP_OFFSET, maxTimestamp);
  if (lastOffsetDelta !== undefined) batch.writeInt32BE(lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  if (recordCount !== undefined) batch.writeInt32BE(recordCount, RECORD_COUNT_OFFSET);
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), CRC_OFFSET);
  return batch;
}

/** A batch of `count` records each with a `valueBytes`-byte value. */
export function simpleBatch(count: number, valueBytes = 100, baseTimestamp?: number, fill = 0x61): Buffer {
  const value = Buffer.alloc(valueBytes, fill);
  return makeBatch({ records: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value, timestampDelta: i })), baseTimestamp });
}

/** Splits concatenated stored batches into [baseOffset, batch] pairs (whole batches only). */
export function splitBatches(chunks: Buffer[]): { baseOffset: number; lastOffset: number; batch: Buffer }[] {
  const out: { baseOffset: number; lastOffset: number; batch: Buffer }[] = [];
  for (const c of chunks) {
    for (let pos = 0; pos < c.length;) {
      const size = LOG_OVERHEAD + c.readInt32BE(pos + BATCH_LENGTH_OFFSET);
      if (pos + size > c.length) throw new Error(`partial batch at ${pos} in a read chunk`);
      const baseOffset = readInt64(c, pos);
      out.push({ baseOffset, lastOffset: baseOffset + c.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET), batch: c.subarray(pos, pos + size) });
      pos += size;
    }
  }
  return out;
}

export function tempDir(prefix = 'tributary-log-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rmDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
