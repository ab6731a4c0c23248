/**
 * Record-level reads inside one stored batch, for the rare paths that need them (ListOffsets by
 * timestamp). The produce and fetch paths never look inside batches. Records are visited with the
 * codec's RecordWalker (see record-codec.ts for the record grammar), which allocates nothing per
 * record.
 */
import { ATTRIBUTES_OFFSET, COMPRESSION_CODEC_MASK, TIMESTAMP_TYPE_MASK } from './record-batch.js';
import { RecordWalker } from './record-codec.js';

/**
 * The first record of the batch at `buf[0..]` whose timestamp is at or after `ts`, as an offset
 * delta and timestamp; `undefined` when the batch cannot be inspected without decompressing it or
 * carries log-append time (one timestamp for all records), so the caller keeps the batch-level
 * answer; `null` when no record qualifies.
 */
export function firstRecordAtOrAfter(buf: Buffer, ts: number): { offsetDelta: number; timestamp: number } | null | undefined {
  const attributes = buf.readInt16BE(ATTRIBUTES_OFFSET);
  if ((attributes & COMPRESSION_CODEC_MASK) !== 0 || (attributes & TIMESTAMP_TYPE_MASK) !== 0) return undefined;
  const records = new RecordWalker(buf);
  while (records.next()) {
    const timestamp = records.baseTimestamp + records.timestampDelta;
    if (timestamp >= ts) return { offsetDelta: records.offsetDelta, timestamp };
  }
  return null;
}
