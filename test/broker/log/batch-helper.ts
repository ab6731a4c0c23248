// Builds valid Kafka v2 record batches for the log tests (records encoded with zigzag varints,
// CRC-32C computed with @node-rs/crc32), plus small fs helpers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32c } from '@node-rs/crc32';

export interface TestRecord {
  key?: Buffer | string | null;
  value?: Buffer | string | null;
  timestampDelta?: number;
  headers?: { key: string; value: Buffer | string | null }[];
}

export interface BatchSpec {
  records: TestRecord[];
  baseOffset?: number;
  baseTimestamp?: number;
  /** Defaults to baseTimestamp + the largest timestampDelta. */
  maxTimestamp?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  attributes?: number;
  partitionLeaderEpoch?: number;
  magic?: number;
  /** Override the header fields (to build invalid batches). */
  lastOffsetDelta?: number;
  recordCount?: number;
}

function varint(n: number): Buffer {
  let z = n >= 0 ? n * 2 : -n * 2 - 1; // zigzag, exact for |n| < 2^52
  const out: number[] = [];
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  out.push(z);
  return Buffer.from(out);
}

function bytesField(v: Buffer | string | null | undefined): Buffer {
  if (v === null || v === undefined) return varint(-1);
  const b = typeof v === 'string' ? Buffer.from(v) : v;
  return Buffer.concat([varint(b.length), b]);
}

function int64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

export function encodeRecord(r: TestRecord, offsetDelta: number): Buffer {
  const headers = r.headers ?? [];
  const body = Buffer.concat([
    Buffer.from([0]),
    varint(r.timestampDelta ?? 0),
    varint(offsetDelta),
    bytesField(r.key),
    bytesField(r.value),
    varint(headers.length),
    ...headers.flatMap((h) => [bytesField(h.key), bytesField(h.value)]),
  ]);
  return Buffer.concat([varint(body.length), body]);
}

export function makeBatch(spec: BatchSpec): Buffer {
  const records = Buffer.concat(spec.records.map((r, i) => encodeRecord(r, i)));
  const baseTimestamp = spec.baseTimestamp ?? 1_700_000_000_000;
  const maxDelta = Math.max(0, ...spec.records.map((r) => r.timestampDelta ?? 0));
  const h = Buffer.alloc(61);
  h.set(int64(spec.baseOffset ?? 0), 0);
  h.writeInt32BE(61 - 12 + records.length, 8);
  h.writeInt32BE(spec.partitionLeaderEpoch ?? -1, 12);
  h.writeInt8(spec.magic ?? 2, 16);
  h.writeInt16BE(spec.attributes ?? 0, 21);
  h.writeInt32BE(spec.lastOffsetDelta ?? spec.records.length - 1, 23);
  h.set(int64(baseTimestamp), 27);
  h.set(int64(spec.maxTimestamp ?? baseTimestamp + maxDelta), 35);
  h.set(int64(spec.producerId ?? -1), 43);
  h.writeInt16BE(spec.producerEpoch ?? -1, 51);
  h.writeInt32BE(spec.baseSequence ?? -1, 53);
  h.writeInt32BE(spec.recordCount ?? spec.records.length, 57);
  const batch = Buffer.concat([h, records]);
  batch.writeUInt32BE(crc32c(batch.subarray(21)) >>> 0, 17);
  return batch;
}

/** A batch of `count` records each with a `valueBytes`-byte value. */
export function simpleBatch(count: number, valueBytes = 100, baseTimestamp?: number, fill = 0x61): Buffer {
  const value = Buffer.alloc(valueBytes, fill);
  return makeBatch({ records: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value, timestampDelta: i })), baseTimestamp });
}

/** Splits concatenated stored batches into [baseOffset, batch] pairs. */
export function splitBatches(chunks: Buffer[]): { baseOffset: number; lastOffset: number; batch: Buffer }[] {
  const out: { baseOffset: number; lastOffset: number; batch: Buffer }[] = [];
  for (const c of chunks) {
    let pos = 0;
    while (pos < c.length) {
      const size = 12 + c.readInt32BE(pos + 8);
      if (pos + size > c.length) throw new Error(`partial batch at ${pos} in a read chunk`);
      const baseOffset = Number(c.readBigInt64BE(pos));
      out.push({ baseOffset, lastOffset: baseOffset + c.readInt32BE(pos + 23), batch: c.subarray(pos, pos + size) });
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
