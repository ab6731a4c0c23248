/**
 * Rewrites one stored record batch keeping only some of its records, for the log cleaner.
 *
 * What a filtered batch keeps (as Kafka's v2 batches do): the base offset, lastOffsetDelta
 * (so consumers and the producer state still see where the batch ended, even when its last
 * records are gone), the base timestamp, the producer id/epoch/base sequence, the attributes and
 * the codec; each kept record keeps its bytes, so its offset and timestamp deltas are unchanged.
 * Only recordCount, maxTimestamp (CreateTime batches: the largest kept record's), batchLength and
 * the CRC change. Compressed batches are decompressed, filtered and compressed again with their
 * own codec. Control batches are returned untouched (no transactions on this broker).
 */
import {
  ATTRIBUTES_OFFSET, BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, COMPRESSION_CODEC_MASK, CONTROL_FLAG_MASK, computeBatchCrc, CRC_OFFSET,
  LOG_OVERHEAD, MAX_TIMESTAMP_OFFSET, RECORD_COUNT_OFFSET, TIMESTAMP_TYPE_MASK, writeInt64,
} from '../record-batch.js';
import { decompressBatch, recompressBatch, RecordWalker } from '../record-codec.js';

/** One record as the cleaner judges it: views into the decompressed batch, valid during the call. */
export interface RecordRef {
  offset: number;
  timestamp: number;
  /** null for a record without a key (never retained on a compacted topic). */
  key: Buffer | null;
  /** A tombstone: the value is null. */
  tombstone: boolean;
}

export interface FilterResult {
  /** The batch to write: `batch` itself when every record stays, null when none does. */
  batch: Buffer | null;
  kept: number;
  removed: number;
  /** Tombstones among the kept records. */
  keptTombstones: number;
}

/** Points `ref` at the walker's current record (reusing the one object for every record). */
function readRecord(w: RecordWalker, ref: RecordRef): RecordRef {
  ref.offset = w.baseOffset + w.offsetDelta;
  ref.timestamp = w.baseTimestamp + w.timestampDelta;
  ref.key = w.key();
  ref.tombstone = w.valueLength < 0;
  return ref;
}

/** Calls `visit` for every record of the batch (exactly the stored bytes of one batch). */
export function forEachRecord(batch: Buffer, visit: (r: RecordRef) => void): void {
  if ((batch.readInt16BE(ATTRIBUTES_OFFSET) & CONTROL_FLAG_MASK) !== 0) return;
  const w = new RecordWalker(decompressBatch(batch, 0), 0);
  const ref: RecordRef = { offset: 0, timestamp: 0, key: null, tombstone: false };
  while (w.next()) visit(readRecord(w, ref));
}

/** The batch with only the records for which `retain` is true (see the file comment). */
export function filterBatch(batch: Buffer, retain: (r: RecordRef) => boolean): FilterResult {
  const attributes = batch.readInt16BE(ATTRIBUTES_OFFSET);
  if ((attributes & CONTROL_FLAG_MASK) !== 0) return { batch, kept: 0, removed: 0, keptTombstones: 0 };
  const plain = decompressBatch(batch, 0);
  const w = new RecordWalker(plain, 0);
  const ranges: number[] = [];
  const ref: RecordRef = { offset: 0, timestamp: 0, key: null, tombstone: false };
  let kept = 0;
  let removed = 0;
  let keptTombstones = 0;
  let maxTimestamp = -1;
  let start = BATCH_HEADER_SIZE;
  while (w.next()) {
    if (retain(readRecord(w, ref))) {
      kept++;
      if (ref.tombstone) keptTombstones++;
      if (ref.timestamp > maxTimestamp) maxTimestamp = ref.timestamp;
      // Coalesce adjacent kept records into one copy range.
      if (ranges.length > 0 && ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = w.end;
      else ranges.push(start, w.end);
    } else {
      removed++;
    }
    start = w.end;
  }
  if (removed === 0) return { batch, kept, removed, keptTombstones };
  if (kept === 0) return { batch: null, kept, removed, keptTombstones };
  let size = BATCH_HEADER_SIZE;
  for (let i = 0; i < ranges.length; i += 2) size += ranges[i + 1] - ranges[i];
  const out = Buffer.allocUnsafe(size);
  plain.copy(out, 0, 0, BATCH_HEADER_SIZE);
  let at = BATCH_HEADER_SIZE;
  for (let i = 0; i < ranges.length; i += 2) at += plain.copy(out, at, ranges[i], ranges[i + 1]);
  out.writeInt32BE(size - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  out.writeInt32BE(kept, RECORD_COUNT_OFFSET);
  // LogAppendTime batches carry the append time as maxTimestamp: it stays.
  if ((attributes & TIMESTAMP_TYPE_MASK) === 0) writeInt64(out, MAX_TIMESTAMP_OFFSET, maxTimestamp);
  out.writeUInt32BE(computeBatchCrc(out, 0, size), CRC_OFFSET);
  const codec = attributes & COMPRESSION_CODEC_MASK;
  return { batch: codec === 0 ? out : recompressBatch(out, 0, codec), kept, removed, keptTombstones };
}
