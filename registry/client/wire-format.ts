/**
 * Confluent's wire format for Kafka keys and values written through a schema registry:
 *
 *   offset 0   magic byte, always 0
 *   offset 1   schema id, 4 bytes, big-endian signed int32 (ids the registry hands out are >= 0)
 *   offset 5   payload: Avro binary of the value (no container header), or the UTF-8 JSON text
 *              for JSON Schema
 *
 * Nothing else is in the frame: no length, no checksum. The payload runs to the end of the
 * Kafka record's key or value.
 */
import { RegistryClientError } from './client-error.js';

export const MAGIC_BYTE = 0;
/** Magic byte plus schema id. */
export const HEADER_SIZE = 5;
const MAX_SCHEMA_ID = 0x7fffffff;

export interface Frame {
  readonly schemaId: number;
  /** The bytes after the header. A view of the decoded buffer (no copy): it shares that
   * buffer's memory, so the caller must not change the buffer while it uses the payload. */
  readonly payload: Buffer;
}

/** A new buffer holding the header and a copy of `payload`; the caller keeps `payload`. */
export function encodeFrame(schemaId: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_SIZE + payload.length);
  writeHeader(out, schemaId);
  out.set(payload, HEADER_SIZE);
  return out;
}

/** Writes the 5-byte header at the start of `out` (for encoders that write the payload after it). */
export function writeHeader(out: Buffer, schemaId: number): void {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > MAX_SCHEMA_ID) {
    throw new RangeError(`schema id must be an integer from 0 to ${MAX_SCHEMA_ID}, got ${String(schemaId)}`);
  }
  out[0] = MAGIC_BYTE;
  out.writeInt32BE(schemaId, 1);
}

/** Splits a frame into schema id and payload; throws WIRE_FORMAT for anything that is not one. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER_SIZE) {
    throw new RegistryClientError('WIRE_FORMAT',
      `Not Confluent wire format: ${buf.length} byte(s) ${hex(buf)}, expected at least ${HEADER_SIZE} (magic byte 0x00 and a 4-byte schema id before the payload)`);
  }
  if (buf[0] !== MAGIC_BYTE) {
    // Newer Confluent serializers can frame with magic byte 1 and a 16-byte schema GUID; say so
    // rather than suggest the data has no schema at all.
    const why = buf[0] === 1
      ? 'magic byte 0x01 is the schema-GUID framing of newer Confluent serializers, which this library does not read; configure the producer to write schema ids'
      : 'the data was probably written without a schema-registry serializer (e.g. plain JSON or string)';
    throw new RegistryClientError('WIRE_FORMAT',
      `Not Confluent wire format: first byte is 0x${byteHex(buf[0]!)}${printable(buf[0]!)}, expected the magic byte 0x00; ${why}`);
  }
  return { schemaId: buf.readInt32BE(1), payload: buf.subarray(HEADER_SIZE) };
}

const byteHex = (b: number): string => b.toString(16).padStart(2, '0');
const hex = (buf: Buffer): string => (buf.length === 0 ? '(empty)' : `[${[...buf].map((b) => '0x' + byteHex(b)).join(' ')}]`);
const printable = (b: number): string => (b >= 0x20 && b < 0x7f ? ` ('${String.fromCharCode(b)}')` : '');
