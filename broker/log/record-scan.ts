/**
 * Record-level reads inside one stored batch, for the rare paths that need them (ListOffsets by
 * timestamp). The produce and fetch paths never look inside batches.
 *
 * Record grammar (magic 2, uncompressed): length varint, attributes int8, timestampDelta varlong,
 * offsetDelta varint, key (varint length, -1 = null), value, headers — all zigzag varints.
 */
import {
  ATTRIBUTES_OFFSET, BASE_TIMESTAMP_OFFSET, BATCH_HEADER_SIZE, COMPRESSION_CODEC_MASK, readInt64, TIMESTAMP_TYPE_MASK,
} from './record-batch.js';

/** Zigzag varint (up to 64 bits, as a JS number); returns [value, next position]. */
function readVarlong(buf: Buffer, pos: number): [number, number] {
  let shift = 0;
  let raw = 0n;
  for (;;) {
    if (pos >= buf.length || shift > 63) throw new RangeError('truncated or overlong varint in record');
    const byte = buf[pos++]!;
    raw |= BigInt(byte & 0x7f) << BigInt(shift);
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  return [Number((raw >> 1n) ^ -(raw & 1n)), pos];
}

/**
 * The first record of the batch at `buf[0..]` whose timestamp is at or after `ts`, as an offset
 * delta and timestamp; `undefined` when the batch cannot be inspected without decompressing it or
 * carries log-append time (one timestamp for all records), so the caller keeps the batch-level
 * answer; `null` when no record qualifies.
 */
export function firstRecordAtOrAfter(buf: Buffer, ts: number): { offsetDelta: number; timestamp: number } | null | undefined {
  const attributes = buf.readInt16BE(ATTRIBUTES_OFFSET);
  if ((attributes & COMPRESSION_CODEC_MASK) !== 0 || (attributes & TIMESTAMP_TYPE_MASK) !== 0) return undefined;
  const base = readInt64(buf, BASE_TIMESTAMP_OFFSET);
  let pos = BATCH_HEADER_SIZE;
  while (pos < buf.length) {
    const [length, body] = readVarlong(buf, pos);
    const [tsDelta, afterTs] = readVarlong(buf, body + 1);
    const [offsetDelta] = readVarlong(buf, afterTs);
    if (base + tsDelta >= ts) return { offsetDelta, timestamp: base + tsDelta };
    pos = body + length;
  }
  return null;
}
