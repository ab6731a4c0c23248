/**
 * Kafka record batches for the integration tests: Produce data built by hand and Fetch responses
 * decoded, with the broker's own codec (broker/log/record-codec.ts), compressed batches included.
 */
import {
  decodeRecordBatches, encodeRecordBatch, type DecodedBatch, type DecodedRecord, type RecordHeader, type RecordInput,
} from '../../broker/log/record-codec.js';

export type { DecodedBatch, DecodedRecord, RecordHeader };

/** A record to produce; `value` defaults to null, `timestamp` to the batch's base timestamp. */
export type RecordIn = Omit<RecordInput, 'value'> & { value?: RecordInput['value'] };

/** One uncompressed v2 batch holding `records` (base offset 0, no producer id). */
export function encodeBatch(records: RecordIn[], opts: { baseTimestamp?: number; partitionLeaderEpoch?: number } = {}): Buffer {
  return encodeRecordBatch(records.map((r) => ({ ...r, value: r.value ?? null })), opts);
}

/** Decodes concatenated batches (a Fetch `records` field); a partial batch at the end is ignored. */
export function decodeBatches(data: Buffer | readonly Buffer[] | null | undefined): DecodedBatch[] {
  return data === null || data === undefined ? [] : decodeRecordBatches(data);
}

/** All records of the decoded batches, in order. */
export function decodeRecords(data: Buffer | readonly Buffer[] | null | undefined): DecodedRecord[] {
  return decodeBatches(data).flatMap((b) => b.records);
}
