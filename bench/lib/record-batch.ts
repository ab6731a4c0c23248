/**
 * Building and walking Kafka record batches (magic v2, uncompressed) for the benchmarks.
 *
 * A batch is the 61-byte header (see broker/log/record-batch.ts for the layout) followed by
 * `recordCount` records, each:
 *   length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
 *   keyLength varint (-1 = null) | key | valueLength varint | value | headerCount varint
 * The CRC-32C covers everything from the attributes field (byte 21) to the end.
 */
import { crc32c } from '@node-rs/crc32';

const HEADER_SIZE = 61;

/** Bytes of a zigzag varint for a small signed int. */
function varintSize(v: number): number {
  let u = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (u >= 0x80) {
    u >>>= 7;
    n++;
  }
  return n;
}

function putVarint(buf: Buffer, pos: number, v: number): number {
  let u = ((v << 1) ^ (v >> 31)) >>> 0;
  while (u >= 0x80) {
    buf[pos++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  buf[pos++] = u;
  return pos;
}

function putInt64(buf: Buffer, pos: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(v - hi * 4294967296, pos + 4);
}

export interface BatchOptions {
  /** Record values are taken from here in turn (each must be `valueSize` bytes long). */
  values: readonly Buffer[];
  /** First value used (so consecutive batches do not all start with the same bytes). */
  valueStart?: number;
  timestamp?: number;
}

/**
 * One uncompressed v2 batch of `count` records with null keys and values of equal size, all with
 * the batch's timestamp (timestampDelta 0); baseOffset 0, no producer id, CRC-32C filled in.
 */
export function buildBatch(count: number, opts: BatchOptions): Buffer {
  const valueSize = opts.values[0]!.length;
  // attributes, timestampDelta(0), offsetDelta, keyLength(-1), valueLength, value, headerCount(0)
  const bodyOf = (i: number): number => 1 + 1 + varintSize(i) + 1 + varintSize(valueSize) + valueSize + 1;
  let total = HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    const body = bodyOf(i);
    total += varintSize(body) + body;
  }
  const buf = Buffer.alloc(total);
  const ts = opts.timestamp ?? Date.now();
  putInt64(buf, 0, 0); // baseOffset
  buf.writeInt32BE(total - 12, 8); // batchLength
  buf.writeInt32BE(-1, 12); // partitionLeaderEpoch
  buf.writeInt8(2, 16); // magic
  buf.writeInt16BE(0, 21); // attributes: no compression, CreateTime
  buf.writeInt32BE(count - 1, 23); // lastOffsetDelta
  putInt64(buf, 27, ts); // baseTimestamp
  putInt64(buf, 35, ts); // maxTimestamp
  putInt64(buf, 43, -1); // producerId
  buf.writeInt16BE(-1, 51); // producerEpoch
  buf.writeInt32BE(-1, 53); // baseSequence
  buf.writeInt32BE(count, 57); // recordCount
  let pos = HEADER_SIZE;
  const start = opts.valueStart ?? 0;
  for (let i = 0; i < count; i++) {
    pos = putVarint(buf, pos, bodyOf(i));
    buf[pos++] = 0; // attributes
    buf[pos++] = 0; // timestampDelta (zigzag 0)
    pos = putVarint(buf, pos, i); // offsetDelta
    buf[pos++] = 1; // keyLength -1 (zigzag 1)
    pos = putVarint(buf, pos, valueSize);
    const v = opts.values[(start + i) % opts.values.length]!;
    v.copy(buf, pos);
    pos += valueSize;
    buf[pos++] = 0; // no headers
  }
  buf.writeUInt32BE(crc32c(buf.subarray(21)) >>> 0, 17);
  return buf;
}

/** `n` distinct pseudo-random buffers of `size` bytes (printable, so they look like payloads). */
export function makeValues(n: number, size: number): Buffer[] {
  const out: Buffer[] = [];
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    const b = Buffer.allocUnsafe(size);
    for (let j = 0; j < size; j++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      b[j] = 0x21 + ((x >>> 0) % 94);
    }
    out.push(b);
  }
  return out;
}

function readVarint(buf: Buffer, pos: number): [value: number, next: number] {
  let u = 0;
  let shift = 0;
  let b: number;
  do {
    b = buf[pos++]!;
    u |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80 && shift < 35);
  return [(u >>> 1) ^ -(u & 1), pos];
}

export interface WalkResult {
  records: number;
  valueBytes: number;
  /** Offset after the last complete batch (the next fetch offset), or -1 if there was none. */
  nextOffset: number;
}

/**
 * Walks the uncompressed v2 batches in `buf` record by record, as a consumer decoding them
 * would (lengths, offset deltas, key and value slices), checking that offsets are contiguous from
 * `expectOffset` and every value is `valueSize` bytes. A partial batch at the end is ignored.
 */
export function walkBatches(buf: Buffer, expectOffset: number, valueSize: number): WalkResult {
  let pos = 0;
  let records = 0;
  let valueBytes = 0;
  let next = -1;
  while (pos + HEADER_SIZE <= buf.length) {
    const size = 12 + buf.readInt32BE(pos + 8);
    if (pos + size > buf.length) break;
    const base = buf.readInt32BE(pos) * 4294967296 + buf.readUInt32BE(pos + 4);
    const count = buf.readInt32BE(pos + 57);
    if ((buf.readInt16BE(pos + 21) & 7) !== 0) throw new Error(`batch at offset ${base} is compressed`);
    const lastOffset = base + buf.readInt32BE(pos + 23);
    if (lastOffset < expectOffset) { // a batch before the fetch offset (fetches return whole batches)
      pos += size;
      continue;
    }
    let p = pos + HEADER_SIZE;
    for (let i = 0; i < count; i++) {
      let len: number;
      [len, p] = readVarint(buf, p);
      const end = p + len;
      let q = p + 1; // attributes
      [, q] = readVarint(buf, q); // timestampDelta (small values: fits a varint read)
      let delta: number;
      [delta, q] = readVarint(buf, q);
      const offset = base + delta;
      if (offset >= expectOffset) {
        if (offset !== expectOffset) throw new Error(`expected offset ${expectOffset}, found ${offset}`);
        let keyLen: number;
        [keyLen, q] = readVarint(buf, q);
        if (keyLen > 0) q += keyLen;
        let valueLen: number;
        [valueLen, q] = readVarint(buf, q);
        if (valueLen !== valueSize) throw new Error(`offset ${offset}: value of ${valueLen} bytes, expected ${valueSize}`);
        valueBytes += valueLen;
        records++;
        expectOffset++;
      }
      p = end;
    }
    next = lastOffset + 1;
    pos += size;
  }
  return { records, valueBytes, nextOffset: next };
}
