// Kafka record batches (magic v2): header access and validation of incoming Produce data.
//
// Layout of a v2 batch (big-endian):
//   0 baseOffset int64 | 8 batchLength int32 (bytes after this field) | 12 partitionLeaderEpoch int32
//  16 magic int8 | 17 crc uint32 (CRC-32C of bytes 21..end) | 21 attributes int16
//  23 lastOffsetDelta int32 | 27 baseTimestamp int64 | 35 maxTimestamp int64 | 43 producerId int64
//  51 producerEpoch int16 | 53 baseSequence int32 | 57 recordCount int32 | 61 records...
//
// Validation looks at headers only; the cost per batch does not depend on the number of
// records (the CRC is computed natively over the bytes).
import { crc32c } from '@node-rs/crc32';

export const BASE_OFFSET_OFFSET = 0;
export const BATCH_LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORD_COUNT_OFFSET = 57;
/** Size of the v2 batch header (the records start here). */
export const BATCH_HEADER_SIZE = 61;
/** baseOffset + batchLength: the part common to every message format. */
export const LOG_OVERHEAD = 12;
export const CURRENT_MAGIC = 2;

export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_FLAG_MASK = 0x10;
export const CONTROL_FLAG_MASK = 0x20;
/** Codecs 0-4: none, gzip, snappy, lz4, zstd. */
export const MAX_COMPRESSION_CODEC = 4;

export type BatchErrorCode =
  | 'CORRUPT_MESSAGE'
  | 'MESSAGE_TOO_LARGE'
  | 'INVALID_RECORD'
  | 'UNSUPPORTED_COMPRESSION_TYPE'
  | 'INVALID_TIMESTAMP';

export class BatchValidationError extends Error {
  readonly code: BatchErrorCode;
  constructor(code: BatchErrorCode, message: string) {
    super(message);
    this.name = 'BatchValidationError';
    this.code = code;
  }
}

/** The fixed fields of a v2 batch header. */
export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export interface BatchInfo {
  /** Byte position of the batch in the buffer it was validated in. */
  position: number;
  /** Whole batch size in bytes (12 + batchLength). */
  size: number;
  lastOffsetDelta: number;
  recordCount: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  attributes: number;
  isTransactional: boolean;
  isControl: boolean;
}

/** Reads a signed int64 as a JS number (exact up to 2^53, which offsets and timestamps stay below). */
export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 4294967296 + buf.readUInt32BE(pos + 4);
}

/** Writes a JS integer as a signed int64. */
export function writeInt64(buf: Buffer, pos: number, value: number): void {
  const hi = Math.floor(value / 4294967296);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(value - hi * 4294967296, pos + 4);
}

/** Reads the 61-byte header of the batch at `pos`; the caller makes sure the bytes are there. */
export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  return {
    baseOffset: readInt64(buf, pos + BASE_OFFSET_OFFSET),
    batchLength: buf.readInt32BE(pos + BATCH_LENGTH_OFFSET),
    partitionLeaderEpoch: buf.readInt32BE(pos + PARTITION_LEADER_EPOCH_OFFSET),
    magic: buf.readInt8(pos + MAGIC_OFFSET),
    crc: buf.readUInt32BE(pos + CRC_OFFSET),
    attributes: buf.readInt16BE(pos + ATTRIBUTES_OFFSET),
    lastOffsetDelta: buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET),
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64(buf, pos + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET),
    recordCount: buf.readInt32BE(pos + RECORD_COUNT_OFFSET),
  };
}

/** CRC-32C over the CRC-covered region (attributes .. end) of the batch at `pos` with total `size`. */
export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf.subarray(pos + ATTRIBUTES_OFFSET, pos + size)) >>> 0;
}

/** Sets baseOffset in place. Outside the CRC region: the CRC stays valid. */
export function setBaseOffset(buf: Buffer, pos: number, baseOffset: number): void {
  writeInt64(buf, pos + BASE_OFFSET_OFFSET, baseOffset);
}

/** Sets partitionLeaderEpoch in place. Outside the CRC region: the CRC stays valid. */
export function setPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  buf.writeInt32BE(epoch, pos + PARTITION_LEADER_EPOCH_OFFSET);
}

/**
 * Marks the batch at `pos` as LogAppendTime with maxTimestamp = `ts` and recomputes the CRC,
 * as Kafka does (baseTimestamp and the record deltas are left alone; consumers take every
 * record's timestamp from maxTimestamp when the type bit is set).
 */
export function setLogAppendTime(buf: Buffer, pos: number, ts: number): void {
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  buf.writeInt16BE(attributes | TIMESTAMP_TYPE_MASK, pos + ATTRIBUTES_OFFSET);
  writeInt64(buf, pos + MAX_TIMESTAMP_OFFSET, ts);
  const size = LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
  buf.writeUInt32BE(computeBatchCrc(buf, pos, size), pos + CRC_OFFSET);
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * Walks the concatenated batches of one Produce partition entry and checks every header and
 * CRC. Throws BatchValidationError on the first problem; returns one BatchInfo per batch.
 */
export function validateBatches(buf: Buffer, opts: { maxBatchBytes: number }): BatchInfo[] {
  if (buf.length === 0) throw new BatchValidationError('INVALID_RECORD', 'no record batch in the produce data');
  const out: BatchInfo[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const where = `batch at byte ${pos}`;
    const remaining = buf.length - pos;
    if (remaining < MAGIC_OFFSET + 1) {
      throw new BatchValidationError('CORRUPT_MESSAGE', `${where}: ${remaining} trailing bytes are too few for a batch header`);
    }
    const batchLength = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
    const magic = buf.readInt8(pos + MAGIC_OFFSET);
    if (magic !== CURRENT_MAGIC) {
      // As Kafka: Produce v3+ may only carry magic 2 batches (InvalidRecordException).
      throw new BatchValidationError('INVALID_RECORD', `${where}: magic ${magic} is not supported: Produce v3+ requests must carry record batches with magic 2`);
    }
    if (batchLength < BATCH_HEADER_SIZE - LOG_OVERHEAD) {
      throw new BatchValidationError('CORRUPT_MESSAGE', `${where}: batchLength ${batchLength} is smaller than the ${BATCH_HEADER_SIZE - LOG_OVERHEAD}-byte v2 header`);
    }
    const size = LOG_OVERHEAD + batchLength;
    if (size > remaining) {
      throw new BatchValidationError('CORRUPT_MESSAGE', `${where}: batchLength ${batchLength} runs past the end of the data (${remaining - LOG_OVERHEAD} bytes follow the length field)`);
    }
    if (size > opts.maxBatchBytes) {
      throw new BatchValidationError('MESSAGE_TOO_LARGE', `${where}: batch of ${size} bytes exceeds the maximum of ${opts.maxBatchBytes} bytes`);
    }
    const storedCrc = buf.readUInt32BE(pos + CRC_OFFSET);
    const computedCrc = computeBatchCrc(buf, pos, size);
    if (storedCrc !== computedCrc) {
      throw new BatchValidationError('CORRUPT_MESSAGE', `${where}: CRC-32C ${hex(storedCrc)} does not match computed ${hex(computedCrc)}`);
    }
    const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
    const codec = attributes & COMPRESSION_CODEC_MASK;
    if (codec > MAX_COMPRESSION_CODEC) {
      throw new BatchValidationError('UNSUPPORTED_COMPRESSION_TYPE', `${where}: unknown compression codec ${codec}`);
    }
    const lastOffsetDelta = buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
    const recordCount = buf.readInt32BE(pos + RECORD_COUNT_OFFSET);
    if (recordCount < 1) {
      throw new BatchValidationError('INVALID_RECORD', `${where}: recordCount ${recordCount}; a batch must hold at least one record`);
    }
    if (recordCount !== lastOffsetDelta + 1) {
      throw new BatchValidationError('INVALID_RECORD', `${where}: recordCount ${recordCount} does not match lastOffsetDelta ${lastOffsetDelta} + 1`);
    }
    out.push(batchInfoAt(buf, pos, size));
    pos += size;
  }
  return out;
}

/** The BatchInfo of the `size`-byte batch at `pos`, read from its header without any check. */
function batchInfoAt(buf: Buffer, pos: number, size: number): BatchInfo {
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  return {
    position: pos,
    size,
    lastOffsetDelta: buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET),
    recordCount: buf.readInt32BE(pos + RECORD_COUNT_OFFSET),
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64(buf, pos + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET),
    attributes,
    isTransactional: (attributes & TRANSACTIONAL_FLAG_MASK) !== 0,
    isControl: (attributes & CONTROL_FLAG_MASK) !== 0,
  };
}

/**
 * One BatchInfo per batch of `buf`, for batches the broker built itself (the log cleaner's
 * filtered batches, whose record counts may no longer match their offsets): headers are read,
 * nothing is checked.
 */
export function readBatchInfos(buf: Buffer): BatchInfo[] {
  const out: BatchInfo[] = [];
  for (let pos = 0; pos < buf.length;) {
    const size = LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
    out.push(batchInfoAt(buf, pos, size));
    pos += size;
  }
  return out;
}
