/**
 * Kafka record batches (magic 2, uncompressed) for the integration tests: an encoder to build
 * Produce data by hand and a decoder for Fetch responses, both written from the protocol
 * description (varint/zigzag record fields, CRC-32C over attributes..end).
 */
import { crc32c } from '@node-rs/crc32';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface RecordIn {
  key?: Buffer | string | null;
  value?: Buffer | string | null;
  headers?: { key: string; value: Buffer | string | null }[];
  /** Absolute timestamp; defaults to the batch's base timestamp. */
  timestamp?: number;
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface DecodedBatch {
  baseOffset: number;
  lastOffset: number;
  /** Whole batch size in bytes. */
  size: number;
  partitionLeaderEpoch: number;
  attributes: number;
  baseTimestamp: number;
  maxTimestamp: number;
  crcValid: boolean;
  records: DecodedRecord[];
}

// ---- encoding ----

function zigzagVarlong(n: number): Buffer {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  out.push(z);
  return Buffer.from(out);
}

const asBuffer = (v: Buffer | string): Buffer => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);

function varBytes(v: Buffer | string | null | undefined): Buffer {
  if (v === null || v === undefined) return zigzagVarlong(-1);
  const b = asBuffer(v);
  return Buffer.concat([zigzagVarlong(b.length), b]);
}

/** One uncompressed v2 batch holding `records` (base offset 0, no producer id). */
export function encodeBatch(records: RecordIn[], opts: { baseTimestamp?: number; partitionLeaderEpoch?: number } = {}): Buffer {
  if (records.length === 0) throw new Error('a batch needs at least one record');
  const baseTimestamp = opts.baseTimestamp ?? records[0].timestamp ?? Date.now();
  let maxTimestamp = baseTimestamp;
  const bodies = records.map((r, i) => {
    const ts = r.timestamp ?? baseTimestamp;
    maxTimestamp = Math.max(maxTimestamp, ts);
    const headers = r.headers ?? [];
    const body = Buffer.concat([
      Buffer.from([0]),
      zigzagVarlong(ts - baseTimestamp),
      zigzagVarlong(i),
      varBytes(r.key),
      varBytes(r.value),
      zigzagVarlong(headers.length),
      ...headers.flatMap((h) => [varBytes(h.key), varBytes(h.value)]),
    ]);
    return Buffer.concat([zigzagVarlong(body.length), body]);
  });
  const recordBytes = Buffer.concat(bodies);
  const h = Buffer.alloc(61);
  h.writeBigInt64BE(0n, 0);
  h.writeInt32BE(61 - 12 + recordBytes.length, 8);
  h.writeInt32BE(opts.partitionLeaderEpoch ?? -1, 12);
  h.writeInt8(2, 16);
  h.writeInt16BE(0, 21);
  h.writeInt32BE(records.length - 1, 23);
  h.writeBigInt64BE(BigInt(baseTimestamp), 27);
  h.writeBigInt64BE(BigInt(maxTimestamp), 35);
  h.writeBigInt64BE(-1n, 43);
  h.writeInt16BE(-1, 51);
  h.writeInt32BE(-1, 53);
  h.writeInt32BE(records.length, 57);
  const batch = Buffer.concat([h, recordBytes]);
  batch.writeUInt32BE(crc32c(batch.subarray(21)) >>> 0, 17);
  return batch;
}

// ---- decoding ----

class Cursor {
  constructor(private readonly buf: Buffer, public pos: number) {}

  varlong(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      mul *= 128;
    }
    throw new Error('varint too long');
  }

  bytes(): Buffer | null {
    const n = this.varlong();
    if (n < 0) return null;
    if (this.pos + n > this.buf.length) throw new Error('truncated bytes');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/**
 * Decodes concatenated batches (a Fetch `records` field). A partial batch at the end (which
 * Kafka allows in a fetch response) is ignored. Compressed batches are refused: the tests
 * produce with compression off.
 */
export function decodeBatches(data: Buffer | readonly Buffer[] | null | undefined): DecodedBatch[] {
  if (data === null || data === undefined) return [];
  const buf = Buffer.isBuffer(data) ? data : Buffer.concat(data as readonly Buffer[]);
  const out: DecodedBatch[] = [];
  let pos = 0;
  while (pos + 12 <= buf.length) {
    const size = 12 + buf.readInt32BE(pos + 8);
    if (pos + size > buf.length || size < 61) break;
    const batch = buf.subarray(pos, pos + size);
    const baseOffset = Number(batch.readBigInt64BE(0));
    const attributes = batch.readInt16BE(21);
    if ((attributes & 0x07) !== 0) throw new Error(`batch at offset ${baseOffset} is compressed (codec ${attributes & 0x07})`);
    const baseTimestamp = Number(batch.readBigInt64BE(27));
    const maxTimestamp = Number(batch.readBigInt64BE(35));
    const logAppendTime = (attributes & 0x08) !== 0;
    const count = batch.readInt32BE(57);
    const c = new Cursor(batch, 61);
    const records: DecodedRecord[] = [];
    for (let i = 0; i < count; i++) {
      const len = c.varlong();
      const end = c.pos + len;
      c.pos += 1; // attributes
      const tsDelta = c.varlong();
      const offsetDelta = c.varlong();
      const key = c.bytes();
      const value = c.bytes();
      const nHeaders = c.varlong();
      const headers: RecordHeader[] = [];
      for (let j = 0; j < nHeaders; j++) {
        const hk = c.bytes();
        headers.push({ key: hk === null ? '' : hk.toString('utf8'), value: c.bytes() });
      }
      if (c.pos !== end) throw new Error(`record ${i} of batch ${baseOffset}: length ${len} does not match its fields`);
      records.push({ offset: baseOffset + offsetDelta, timestamp: logAppendTime ? maxTimestamp : baseTimestamp + tsDelta, key, value, headers });
    }
    out.push({
      baseOffset,
      lastOffset: baseOffset + batch.readInt32BE(23),
      size,
      partitionLeaderEpoch: batch.readInt32BE(12),
      attributes,
      baseTimestamp,
      maxTimestamp,
      crcValid: (crc32c(batch.subarray(21)) >>> 0) === batch.readUInt32BE(17),
      records,
    });
    pos += size;
  }
  return out;
}

/** All records of the decoded batches, in order. */
export function decodeRecords(data: Buffer | readonly Buffer[] | null | undefined): DecodedRecord[] {
  return decodeBatches(data).flatMap((b) => b.records);
}
