/**
 * A `records` field as the generated writers accept it: one buffer, a list of buffers that are
 * sent back to back (e.g. record batches straight from a log segment), or null. The generated
 * readers always produce `Buffer | null` (a view into the request, not a copy).
 */
export type Records = Buffer | readonly Buffer[] | null;

/** The all-zero UUID in Kafka's text form (URL-safe base64 of 16 zero bytes, no padding). */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** Shared zero-length buffer used as the default of non-nullable `bytes` fields. */
export const EMPTY_BUFFER: Buffer = Buffer.alloc(0);

/**
 * A decoded `records` field as a buffer. Readers only ever produce `Buffer | null`, so this is a
 * no-op narrowing for them; a list (as given to a writer) is concatenated.
 */
export function recordsToBuffer(records: Records): Buffer | null {
  if (records === null || Buffer.isBuffer(records)) return records;
  return Buffer.concat(records as readonly Buffer[]);
}
