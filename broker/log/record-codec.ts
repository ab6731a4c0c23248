/**
 * Kafka record batches (magic 2) record by record: building a batch from records, decoding batches
 * back into records, and a walker that visits records without allocating. record-batch.ts holds
 * the header offsets and the header-only checks of the produce path; this file is for the code
 * that has to look inside batches (group coordinator, log cleaner, ListOffsets by timestamp).
 *
 * Wire grammar (integers big-endian; `varint` / `varlong` are zigzag-encoded LEB128 of at most
 * 32 / 64 bits, 7 bits a byte, low bits first, high bit set on every byte but the last):
 *
 *   RecordBatch =>
 *     baseOffset int64
 *     batchLength int32              bytes after this field
 *     partitionLeaderEpoch int32
 *     magic int8                     2
 *     crc uint32                     CRC-32C of attributes .. the end of the batch
 *     attributes int16               bits 0-2 compression (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd),
 *                                    bit 3 timestamp type (1 = LogAppendTime), bit 4 transactional,
 *                                    bit 5 control
 *     lastOffsetDelta int32
 *     baseTimestamp int64
 *     maxTimestamp int64
 *     producerId int64
 *     producerEpoch int16
 *     baseSequence int32
 *     recordCount int32
 *     records [Record]               recordCount records (one compressed block when compressed)
 *
 *   Record =>
 *     length varint                  bytes after this field
 *     attributes int8                unused, 0
 *     timestampDelta varlong         timestamp - baseTimestamp
 *     offsetDelta varint             offset - baseOffset
 *     keyLength varint               -1 = null key
 *     key bytes
 *     valueLength varint             -1 = null value
 *     value bytes
 *     headerCount varint
 *     headers [Header]
 *
 *   Header =>
 *     headerKeyLength varint
 *     headerKey string               UTF-8
 *     headerValueLength varint       -1 = null value
 *     headerValue bytes
 *
 * Compressed batches (compression.ts) hold the records as one compressed block: the walker reads
 * uncompressed batches only, decodeRecordBatches decompresses first, encodeRecordBatch compresses
 * with `opts.compression`, and recompressBatch re-encodes a batch with another codec.
 */
import {
  ATTRIBUTES_OFFSET, BASE_OFFSET_OFFSET, BASE_TIMESTAMP_OFFSET, BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET,
  BatchValidationError, COMPRESSION_CODEC_MASK, CRC_OFFSET, CURRENT_MAGIC, LAST_OFFSET_DELTA_OFFSET, LOG_OVERHEAD,
  MAGIC_OFFSET, MAX_TIMESTAMP_OFFSET, PARTITION_LEADER_EPOCH_OFFSET, PRODUCER_EPOCH_OFFSET, PRODUCER_ID_OFFSET,
  BASE_SEQUENCE_OFFSET, RECORD_COUNT_OFFSET, TIMESTAMP_TYPE_MASK, computeBatchCrc, readBatchHeader, readInt64,
  writeInt64, type BatchHeader,
} from './record-batch.js';
import { CODEC_NAMES, CompressionError, codecName, compress, decompress } from './compression.js';

// ---- varints ----

/** Largest magnitude a varlong may have here: its zigzag form stays an exact JS number. */
const MAX_VARLONG = 2 ** 52;

/** Zigzag form of a 64-bit value (as a non-negative JS number); RangeError outside ±2^52. */
function zigzag64(n: number): number {
  if (!Number.isInteger(n) || n > MAX_VARLONG || n < -MAX_VARLONG) {
    throw new RangeError(`${n} cannot be written as a varlong (integers within ±2^52 only)`);
  }
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

/** Bytes of the zigzag varint (or varlong) of the integer `n`. */
export function varintSize(n: number): number {
  let z: number;
  if ((n | 0) === n) {
    z = ((n << 1) ^ (n >> 31)) >>> 0;
    return z < 0x80 ? 1 : z < 0x4000 ? 2 : z < 0x200000 ? 3 : z < 0x10000000 ? 4 : 5;
  }
  z = zigzag64(n);
  let size = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 0x80);
    size++;
  }
  return size;
}

/** Writes the zigzag varint (or varlong) of the integer `n` at `pos`; returns the position after it. */
export function writeVarint(buf: Buffer, pos: number, n: number): number {
  let z: number;
  if ((n | 0) === n) {
    z = ((n << 1) ^ (n >> 31)) >>> 0;
    while (z >= 0x80) {
      buf[pos++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
  } else {
    z = zigzag64(n);
    while (z >= 0x80) {
      buf[pos++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
  }
  buf[pos++] = z;
  return pos;
}

// ---- encoding ----

/** Key, value or header value: bytes, a string (written as UTF-8) or null. */
export type RecordBytes = Buffer | string | null;

export interface RecordHeaderInput {
  key: string;
  value: RecordBytes;
}

export interface RecordInput {
  /** Default null. */
  key?: RecordBytes;
  value: RecordBytes;
  /** In order (repeated keys allowed), or as an object of key -> value. */
  headers?: readonly RecordHeaderInput[] | Readonly<Record<string, RecordBytes>>;
  /** Absolute timestamp (ms); wins over `timestampDelta`. */
  timestamp?: number;
  /** Timestamp relative to the batch's base timestamp; default 0. */
  timestampDelta?: number;
  /** Offset relative to the batch's base offset; default the record's index. Must increase. */
  offsetDelta?: number;
}

export interface EncodeBatchOptions {
  /** Default 0 (the broker assigns offsets on append). */
  baseOffset?: number;
  /** Default the first record's `timestamp`, else the current time. */
  baseTimestamp?: number;
  /** Default -1 (no idempotent producer). */
  producerId?: number;
  /** Default -1. */
  producerEpoch?: number;
  /** Default -1. */
  baseSequence?: number;
  /** Default -1. */
  partitionLeaderEpoch?: number;
  /** Timestamp-type, transactional and control bits (compression bits: see `compression`). Default 0. */
  attributes?: number;
  /** Compression codec (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd); default the attributes' compression bits. */
  compression?: number;
}

/** Byte length of a key/value (-1 for null). */
function bytesLength(v: RecordBytes): number {
  return v === null ? -1 : typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;
}

/** Size of a length-prefixed key/value. */
function bytesFieldSize(v: RecordBytes): number {
  const len = bytesLength(v);
  return varintSize(len) + Math.max(len, 0);
}

function writeBytesField(buf: Buffer, pos: number, v: RecordBytes): number {
  if (v === null) return writeVarint(buf, pos, -1);
  if (typeof v === 'string') {
    const len = Buffer.byteLength(v, 'utf8');
    pos = writeVarint(buf, pos, len);
    return pos + buf.write(v, pos, len, 'utf8');
  }
  pos = writeVarint(buf, pos, v.length);
  return pos + v.copy(buf, pos);
}

function headerList(r: RecordInput): readonly RecordHeaderInput[] {
  const h = r.headers;
  if (h === undefined) return [];
  if (Array.isArray(h)) return h as readonly RecordHeaderInput[];
  return Object.entries(h as Readonly<Record<string, RecordBytes>>).map(([key, value]) => ({ key, value }));
}

/**
 * One uncompressed magic-2 batch holding `records`, with lastOffsetDelta, maxTimestamp (the
 * largest record timestamp) and the CRC-32C filled in.
 */
export function encodeRecordBatch(records: readonly RecordInput[], opts: EncodeBatchOptions = {}): Buffer {
  const count = records.length;
  if (count === 0) throw new RangeError('a record batch needs at least one record');
  const codec = opts.compression ?? ((opts.attributes ?? 0) & COMPRESSION_CODEC_MASK);
  if (!Number.isInteger(codec) || codec < 0 || codec >= CODEC_NAMES.length) throw new RangeError(`unknown compression codec ${codec}`);
  const attributes = (opts.attributes ?? 0) & ~COMPRESSION_CODEC_MASK;
  const baseTimestamp = opts.baseTimestamp ?? records[0].timestamp ?? Date.now();
  if (!Number.isSafeInteger(baseTimestamp)) throw new RangeError(`baseTimestamp ${baseTimestamp} is not an integer`);

  // First pass: per-record deltas and sizes, so that the batch is written into one allocation.
  const tsDeltas = new Array<number>(count);
  const offsetDeltas = new Array<number>(count);
  const bodySizes = new Array<number>(count);
  const headers = new Array<readonly RecordHeaderInput[]>(count);
  let maxTimestamp = -Infinity;
  let total = BATCH_HEADER_SIZE;
  let lastOffsetDelta = -1;
  for (let i = 0; i < count; i++) {
    const r = records[i];
    const timestamp = r.timestamp ?? baseTimestamp + (r.timestampDelta ?? 0);
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    const tsDelta = timestamp - baseTimestamp;
    const offsetDelta = r.offsetDelta ?? i;
    if ((offsetDelta | 0) !== offsetDelta || offsetDelta <= lastOffsetDelta) {
      throw new RangeError(`record ${i}: offsetDelta ${offsetDelta} must be an int32 above the previous record's ${lastOffsetDelta}`);
    }
    lastOffsetDelta = offsetDelta;
    const hs = headerList(r);
    let body = 1 + varintSize(tsDelta) + varintSize(offsetDelta)
      + bytesFieldSize(r.key ?? null) + bytesFieldSize(r.value ?? null) + varintSize(hs.length);
    for (const h of hs) body += bytesFieldSize(h.key) + bytesFieldSize(h.value);
    tsDeltas[i] = tsDelta;
    offsetDeltas[i] = offsetDelta;
    bodySizes[i] = body;
    headers[i] = hs;
    total += varintSize(body) + body;
  }

  const buf = Buffer.allocUnsafe(total);
  writeInt64(buf, BASE_OFFSET_OFFSET, opts.baseOffset ?? 0);
  buf.writeInt32BE(total - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  buf.writeInt32BE(opts.partitionLeaderEpoch ?? -1, PARTITION_LEADER_EPOCH_OFFSET);
  buf.writeInt8(CURRENT_MAGIC, MAGIC_OFFSET);
  buf.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  buf.writeInt32BE(lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(buf, BASE_TIMESTAMP_OFFSET, baseTimestamp);
  writeInt64(buf, MAX_TIMESTAMP_OFFSET, maxTimestamp);
  writeInt64(buf, PRODUCER_ID_OFFSET, opts.producerId ?? -1);
  buf.writeInt16BE(opts.producerEpoch ?? -1, PRODUCER_EPOCH_OFFSET);
  buf.writeInt32BE(opts.baseSequence ?? -1, BASE_SEQUENCE_OFFSET);
  buf.writeInt32BE(count, RECORD_COUNT_OFFSET);

  let pos = BATCH_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    const r = records[i];
    const hs = headers[i];
    pos = writeVarint(buf, pos, bodySizes[i]);
    buf[pos++] = 0; // record attributes
    pos = writeVarint(buf, pos, tsDeltas[i]);
    pos = writeVarint(buf, pos, offsetDeltas[i]);
    pos = writeBytesField(buf, pos, r.key ?? null);
    pos = writeBytesField(buf, pos, r.value ?? null);
    pos = writeVarint(buf, pos, hs.length);
    for (const h of hs) {
      pos = writeBytesField(buf, pos, h.key);
      pos = writeBytesField(buf, pos, h.value);
    }
  }
  if (pos !== total) throw new Error(`record batch encoder wrote ${pos} bytes of the ${total} it sized`);
  buf.writeUInt32BE(computeBatchCrc(buf, 0, total), CRC_OFFSET);
  return codec === 0 ? buf : recompressBatch(buf, 0, codec);
}

// ---- compression ----

/** Copy of `header` (61 bytes) followed by `records`, with batchLength, attributes' codec and the CRC set. */
function withRecords(header: Buffer, records: Buffer, codec: number): Buffer {
  const out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + records.length);
  header.copy(out, 0, 0, BATCH_HEADER_SIZE);
  records.copy(out, BATCH_HEADER_SIZE);
  out.writeInt32BE(out.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  const attributes = out.readInt16BE(ATTRIBUTES_OFFSET);
  out.writeInt16BE((attributes & ~COMPRESSION_CODEC_MASK) | codec, ATTRIBUTES_OFFSET);
  out.writeUInt32BE(computeBatchCrc(out, 0, out.length), CRC_OFFSET);
  return out;
}

/**
 * The batch at `pos` of `buf` (all of it there) as an uncompressed batch: the same header fields
 * (offsets, timestamps, producer fields, other attribute bits), the decompressed records, a new
 * batchLength and CRC. An uncompressed batch is returned as a view. Throws BatchValidationError
 * (CORRUPT_MESSAGE, naming the codec) when the records do not decompress.
 */
export function decompressBatch(buf: Buffer, pos = 0): Buffer {
  const size = LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
  const codec = buf.readInt16BE(pos + ATTRIBUTES_OFFSET) & COMPRESSION_CODEC_MASK;
  if (codec === 0) return buf.subarray(pos, pos + size);
  let records: Buffer;
  try {
    records = decompress(codec, buf.subarray(pos + BATCH_HEADER_SIZE, pos + size));
  } catch (e) {
    const baseOffset = readInt64(buf, pos + BASE_OFFSET_OFFSET);
    if (e instanceof CompressionError) throw corrupt(`record batch at offset ${baseOffset}: ${e.message}`);
    throw e;
  }
  return withRecords(buf.subarray(pos, pos + BATCH_HEADER_SIZE), records, 0);
}

/**
 * The batch at `pos` of `buf` re-encoded with `codec` (0 = uncompressed): decompressed, its
 * record framing checked (BatchValidationError if broken), and compressed again; every header
 * field but batchLength, the codec bits and the CRC is kept, and so are the records' offset and
 * timestamp deltas. A batch already in `codec` comes back unchanged (a view).
 */
export function recompressBatch(buf: Buffer, pos: number, codec: number): Buffer {
  const size = LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
  const from = buf.readInt16BE(pos + ATTRIBUTES_OFFSET) & COMPRESSION_CODEC_MASK;
  if (from === codec) return buf.subarray(pos, pos + size);
  const plain = decompressBatch(buf, pos);
  const walker = new RecordWalker(plain);
  while (walker.next()) { /* checks every record's framing */ }
  if (codec === 0) return plain;
  let records: Buffer;
  try {
    records = compress(codec, plain.subarray(BATCH_HEADER_SIZE));
  } catch (e) {
    if (e instanceof CompressionError) throw new BatchValidationError('UNSUPPORTED_COMPRESSION_TYPE', e.message);
    throw e;
  }
  return withRecords(plain, records, codec);
}

// ---- walking ----

function corrupt(message: string): BatchValidationError {
  return new BatchValidationError('CORRUPT_MESSAGE', message);
}

/**
 * Visits the records of uncompressed batches without allocating: `reset()` on a batch, then
 * `next()` until it returns false; after each `next()` the public fields describe the current
 * record (positions are into the batch's buffer). Throws BatchValidationError on a compressed
 * batch or on record framing that does not fit the batch.
 *
 * next() is on the consume benchmark's per-record path (bench/lib/record-batch.ts) and is kept
 * small enough for V8 to inline it there: varints are read without a bound check per byte (a read
 * past the buffer gives undefined, taken as 0 with the position left past the end), the record's
 * fields are checked against its length once, at the end, and the header count is left to
 * headers().
 */
export class RecordWalker {
  // The batch (set by reset()).
  baseOffset = 0;
  baseTimestamp = 0;
  recordCount = 0;
  /** Position just after the batch. */
  batchEnd = 0;

  // The current record (set by next()).
  timestampDelta = 0;
  offsetDelta = 0;
  keyOffset = 0;
  /** -1 for a null key. */
  keyLength = -1;
  valueOffset = 0;
  /** -1 for a null value. */
  valueLength = -1;
  /** Position just after the record. */
  end = 0;

  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private remaining = 0;

  constructor(buf?: Buffer, batchPos = 0) {
    if (buf !== undefined) this.reset(buf, batchPos);
  }

  /** Starts on the batch at `batchPos` of `buf`, which must hold all of it. */
  reset(buf: Buffer, batchPos = 0): this {
    const where = `record batch at byte ${batchPos}`;
    if (buf.length - batchPos < BATCH_HEADER_SIZE) throw corrupt(`${where}: ${buf.length - batchPos} bytes are too few for a batch header`);
    const magic = buf.readInt8(batchPos + MAGIC_OFFSET);
    if (magic !== CURRENT_MAGIC) throw corrupt(`${where}: magic ${magic}; only magic ${CURRENT_MAGIC} batches can be read`);
    const batchLength = buf.readInt32BE(batchPos + BATCH_LENGTH_OFFSET);
    const end = batchPos + LOG_OVERHEAD + batchLength;
    if (batchLength < BATCH_HEADER_SIZE - LOG_OVERHEAD || end > buf.length) {
      throw corrupt(`${where}: batchLength ${batchLength} does not fit the ${buf.length - batchPos} bytes there`);
    }
    this.baseOffset = readInt64(buf, batchPos + BASE_OFFSET_OFFSET);
    const codec = buf.readInt16BE(batchPos + ATTRIBUTES_OFFSET) & COMPRESSION_CODEC_MASK;
    if (codec !== 0) {
      throw new BatchValidationError('UNSUPPORTED_COMPRESSION_TYPE', `record batch at offset ${this.baseOffset} is compressed with ${codecName(codec)} (codec ${codec}): decompress it first (decompressBatch)`);
    }
    this.baseTimestamp = readInt64(buf, batchPos + BASE_TIMESTAMP_OFFSET);
    this.recordCount = buf.readInt32BE(batchPos + RECORD_COUNT_OFFSET);
    this.batchEnd = end;
    this.buf = buf;
    this.pos = batchPos + BATCH_HEADER_SIZE;
    this.end = this.pos;
    this.remaining = this.recordCount;
    return this;
  }

  /** Moves to the next record; false after the last one. */
  next(): boolean {
    if (this.remaining <= 0) return this.finish();
    this.remaining--;
    const length = this.varint();
    const end = this.pos + length;
    this.end = end;
    this.pos++; // record attributes: unused
    this.timestampDelta = this.varlong();
    this.offsetDelta = this.varint();
    const keyLength = this.varint();
    this.keyLength = keyLength;
    this.keyOffset = this.pos;
    if (keyLength > 0) this.pos += keyLength;
    const valueLength = this.varint();
    this.valueLength = valueLength;
    this.valueOffset = this.pos;
    if (valueLength > 0) this.pos += valueLength;
    // Reads past the record (or the buffer) were harmless; here they are caught. At least the
    // header count must follow the value.
    if (length < 1 || end > this.batchEnd || this.pos >= end || keyLength < -1 || valueLength < -1) throw this.badFields(length);
    this.pos = end;
    return true;
  }

  /** The current record's key (a view into the buffer). */
  key(): Buffer | null {
    return this.keyLength < 0 ? null : this.buf.subarray(this.keyOffset, this.keyOffset + this.keyLength);
  }

  /** The current record's value (a view into the buffer). */
  value(): Buffer | null {
    return this.valueLength < 0 ? null : this.buf.subarray(this.valueOffset, this.valueOffset + this.valueLength);
  }

  /** Decodes the current record's headers (values are views into the buffer). */
  headers(): RecordHeader[] {
    const next = this.pos;
    const end = this.end;
    this.pos = this.valueOffset + Math.max(this.valueLength, 0);
    const count = this.varint();
    if (count < 0) throw this.badRecord(`header count ${count}`);
    const out: RecordHeader[] = [];
    for (let i = 0; i < count; i++) {
      const keyLength = this.varint();
      const keyOffset = this.pos;
      if (keyLength < 0 || keyOffset + keyLength > end) throw this.badRecord(`header ${i}: key length ${keyLength} does not fit the record`);
      this.pos += keyLength;
      const valueLength = this.varint();
      const valueOffset = this.pos;
      if (valueLength < -1 || valueOffset + valueLength > end) throw this.badRecord(`header ${i}: value length ${valueLength} does not fit the record`);
      if (valueLength > 0) this.pos += valueLength;
      out.push({
        key: this.buf.toString('utf8', keyOffset, keyOffset + keyLength),
        value: valueLength < 0 ? null : this.buf.subarray(valueOffset, valueOffset + valueLength),
      });
    }
    if (this.pos !== end) throw this.badRecord(`its ${count} headers end ${end - this.pos} bytes before the record does`);
    this.pos = next;
    return out;
  }

  /**
   * A zigzag varint of up to 32 bits (5 bytes); the common one- and two-byte ones inline. (Past
   * the buffer's end a read gives undefined and this returns 0 with the position past the end:
   * the callers' end checks catch that.)
   */
  private varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let u = buf[pos++];
    if (u > 0x7f) {
      const b = buf[pos++];
      if (b > 0x7f) return this.longVarint();
      u = (u & 0x7f) | (b << 7);
    }
    this.pos = pos;
    return (u >>> 1) ^ -(u & 1);
  }

  private longVarint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let u = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = buf[pos++];
      u |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return (u >>> 1) ^ -(u & 1);
      }
    }
    throw this.badRecord('varint longer than 5 bytes or cut short');
  }

  /** A zigzag varlong, exact while within ±2^53; one-byte values inline. */
  private varlong(): number {
    const b = this.buf[this.pos];
    if (b > 0x7f) return this.longVarlong();
    this.pos++;
    return (b >>> 1) ^ -(b & 1);
  }

  private longVarlong(): number {
    const buf = this.buf;
    let pos = this.pos;
    let z = 0;
    let mul = 1;
    for (let i = 0; i < 10 && pos < buf.length; i++) {
      const b = buf[pos++];
      z += (b & 0x7f) * mul;
      if (b < 0x80) {
        this.pos = pos;
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      mul *= 0x80;
    }
    throw this.badRecord('varlong longer than 10 bytes or cut short');
  }

  /** After the last record: the batch must end there. */
  private finish(): false {
    if (this.end !== this.batchEnd) {
      throw corrupt(`record batch at offset ${this.baseOffset}: ${this.batchEnd - this.end} bytes follow the last of its ${this.recordCount} records`);
    }
    return false;
  }

  private badFields(length: number): BatchValidationError {
    return length < 1 || this.end > this.batchEnd
      ? this.badRecord(`length ${length} does not fit the batch`)
      : this.badRecord(`key length ${this.keyLength} and value length ${this.valueLength} do not fit its length ${length}`);
  }

  private badRecord(what: string): BatchValidationError {
    return corrupt(`record batch at offset ${this.baseOffset}, record ${this.recordCount - this.remaining - 1}: ${what}`);
  }
}

// ---- decoding ----

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface DecodedRecord {
  offset: number;
  /** The record's own timestamp, or the batch's maxTimestamp when the batch has LogAppendTime. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface DecodedBatch extends BatchHeader {
  /** Whole batch size in bytes (12 + batchLength). */
  size: number;
  /** baseOffset + lastOffsetDelta. */
  lastOffset: number;
  /** Whether the stored CRC matches the bytes. */
  crcValid: boolean;
  records: DecodedRecord[];
}

/**
 * Decodes concatenated batches (a Fetch response's records, a segment's bytes). Keys, values and
 * header values are views into the data (into a joined copy when the data comes in several
 * chunks, into the decompressed records of a compressed batch). A partial batch at the end, which
 * a fetch response may carry, is left out; records that do not decompress or broken record
 * framing throw BatchValidationError.
 */
export function decodeRecordBatches(data: Buffer | readonly Buffer[]): DecodedBatch[] {
  const buf = Buffer.isBuffer(data) ? data : data.length === 1 ? data[0] : Buffer.concat(data);
  const out: DecodedBatch[] = [];
  const walker = new RecordWalker();
  let pos = 0;
  while (buf.length - pos >= BATCH_HEADER_SIZE) {
    const size = LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
    if (size >= BATCH_HEADER_SIZE && pos + size > buf.length) break;
    const header = readBatchHeader(buf, pos);
    if ((header.attributes & COMPRESSION_CODEC_MASK) !== 0 && header.magic === CURRENT_MAGIC && size >= BATCH_HEADER_SIZE) {
      walker.reset(decompressBatch(buf, pos));
    } else {
      walker.reset(buf, pos);
    }
    const logAppendTime = (header.attributes & TIMESTAMP_TYPE_MASK) !== 0;
    const records: DecodedRecord[] = [];
    while (walker.next()) {
      records.push({
        offset: header.baseOffset + walker.offsetDelta,
        timestamp: logAppendTime ? header.maxTimestamp : header.baseTimestamp + walker.timestampDelta,
        key: walker.key(),
        value: walker.value(),
        headers: walker.headers(),
      });
    }
    out.push({
      ...header,
      size,
      lastOffset: header.baseOffset + header.lastOffsetDelta,
      crcValid: computeBatchCrc(buf, pos, size) === header.crc,
      records,
    });
    pos += size;
  }
  return out;
}
