/**
 * Kafka record batches (magic v2, uncompressed) for the benchmarks: built and walked with the
 * broker's codec (broker/log/record-codec.ts, which documents the layout).
 */
import { BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, LAST_OFFSET_DELTA_OFFSET, LOG_OVERHEAD, readInt64 } from '../../broker/log/record-batch.js';
import { encodeRecordBatch, RecordWalker } from '../../broker/log/record-codec.js';

export interface BatchOptions {
  /** Record values are taken from here in turn. */
  values: readonly Buffer[];
  /** First value used (so consecutive batches do not all start with the same bytes). */
  valueStart?: number;
  timestamp?: number;
}

/**
 * One uncompressed v2 batch of `count` records with null keys, all with the batch's timestamp
 * (timestampDelta 0); baseOffset 0, no producer id, CRC-32C filled in.
 */
export function buildBatch(count: number, opts: BatchOptions): Buffer {
  const start = opts.valueStart ?? 0;
  const records = Array.from({ length: count }, (_, i) => ({ value: opts.values[(start + i) % opts.values.length]! }));
  return encodeRecordBatch(records, { baseTimestamp: opts.timestamp ?? Date.now() });
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

export interface WalkResult {
  records: number;
  valueBytes: number;
  /** Offset after the last complete batch (the next fetch offset), or -1 if there was none. */
  nextOffset: number;
}

/**
 * Walks the uncompressed v2 batches in `buf` record by record, as a consumer decoding them
 * would (lengths, offset deltas, key and value positions), checking that offsets are contiguous
 * from `expectOffset` and every value is `valueSize` bytes. A partial batch at the end is ignored.
 */
export function walkBatches(buf: Buffer, expectOffset: number, valueSize: number): WalkResult {
  const walker = new RecordWalker();
  let pos = 0;
  let records = 0;
  let valueBytes = 0;
  let next = -1;
  while (pos + BATCH_HEADER_SIZE <= buf.length) {
    const size = LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
    if (pos + size > buf.length) break;
    const base = readInt64(buf, pos);
    const lastOffset = base + buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
    if (lastOffset < expectOffset) { // a batch before the fetch offset (fetches return whole batches)
      pos += size;
      continue;
    }
    walker.reset(buf, pos); // throws on a compressed batch
    while (walker.next()) {
      const offset = base + walker.offsetDelta;
      if (offset < expectOffset) continue;
      if (offset !== expectOffset) throw new Error(`expected offset ${expectOffset}, found ${offset}`);
      if (walker.valueLength !== valueSize) throw new Error(`offset ${offset}: value of ${walker.valueLength} bytes, expected ${valueSize}`);
      valueBytes += valueSize;
      records++;
      expectOffset++;
    }
    next = lastOffset + 1;
    pos += size;
  }
  return { records, valueBytes, nextOffset: next };
}
