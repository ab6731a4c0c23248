/**
 * Record-level reads inside one stored batch, for the rare paths that need them (ListOffsets by
 * timestamp). The produce and fetch paths never look inside batches. Records are visited with the
 * codec's RecordWalker (see record-codec.ts for the record grammar), which allocates nothing per
 * record.
 */
import { ATTRIBUTES_OFFSET, COMPRESSION_CODEC_MASK, TIMESTAMP_TYPE_MASK } from './record-batch.js';
import { RecordWalker, decompressBatch } from './record-codec.js';

/**
 * The first record of the batch at `buf[0..]` whose timestamp is at or after `ts`, as an offset
 * delta and timestamp (a compressed batch is decompressed first); `undefined` when the batch
 * carries log-append time (one timestamp for all records) or its records do not decompress, so
 * the caller keeps the batch-level answer; `null` when no record qualifies.
 */
export function firstRecordAtOrAfter(buf: Buffer, ts: number): { offsetDelta: number; timestamp: number } | null | undefined {
  const attributes = buf.readInt16BE(ATTRIBUTES_OFFSET);
  if ((attributes & TIMESTAMP_TYPE_MASK) !== 0) return undefined;
  if ((attributes & COMPRESSION_CODEC_MASK) !== 0) {
    try {
      buf = decompressBatch(buf);
    } catch {
      return undefined;
    }
  }
  const records = new RecordWalker(buf);
  while (records.next()) {
    const timestamp = records.baseTimestamp + records.timestampDelta;
    if (timestamp >= ts) return { offsetDelta: records.offsetDelta, timestamp };
  }
  return null;
}
