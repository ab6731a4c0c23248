/*
 * Kafka wire grammar (all fixed-width integers big-endian, two's complement):
 *
 *   int8 | int16 | int32 | int64     1 | 2 | 4 | 8 bytes (int64 is a JS number here: exact to 2^53)
 *   uint16 | uint32                  2 | 4 bytes unsigned
 *   float64                          8 bytes IEEE-754
 *   bool                             1 byte, 0 = false, anything else = true
 *   uuid                             16 bytes; text form is URL-safe base64 without padding (22 chars)
 *   unsigned varint                  7 bits per byte, least significant group first, high bit set
 *                                    on every byte but the last; at most 5 bytes (uint32)
 *   varint | varlong                 zigzag ((n << 1) ^ (n >> 31|63)) then unsigned varint;
 *                                    at most 5 | 10 bytes
 *   string                           int16 N, then N bytes of UTF-8; N = -1 is null (nullable only)
 *   compact string                   unsigned varint N+1, then N bytes; 0 is null (nullable only)
 *   bytes                            int32 N, then N bytes; N = -1 is null (nullable only)
 *   compact bytes                    unsigned varint N+1, then N bytes; 0 is null
 *   array                            int32 N, then N elements; -1 is null
 *   compact array                    unsigned varint N+1, then N elements; 0 is null
 *   records                          nullable bytes; compact nullable bytes in flexible versions
 *   tagged fields (flexible only)    unsigned varint count, then per field in ascending tag order:
 *                                    unsigned varint tag, unsigned varint size, `size` bytes
 *
 * Flexible versions of a message use the compact forms for strings, bytes and arrays and end every
 * struct (and the message itself) with a tagged-field section.
 */
import { ProtocolDecodeError } from './errors.js';

const TWO_32 = 4294967296;

function truncated(what: string, at: number, need: number, have: number): ProtocolDecodeError {
  return new ProtocolDecodeError(`truncated input reading ${what} at offset ${at}: need ${need} bytes, ${have} left`, at);
}

function invalid(what: string, value: number, at: number): ProtocolDecodeError {
  return new ProtocolDecodeError(`invalid ${what} ${value} at offset ${at}`, at);
}

/** Sequential decoder over one buffer. Byte slices it returns are views (`subarray`), not copies. */
export class Reader {
  readonly buf: Buffer;
  offset: number;

  constructor(buf: Buffer, offset = 0) {
    this.buf = buf;
    this.offset = offset;
  }

  remaining(): number {
    return this.buf.length - this.offset;
  }

  /** Reserves `n` bytes at the current offset and returns their start. */
  private take(n: number, what: string): number {
    const o = this.offset;
    if (o + n > this.buf.length) throw truncated(what, o, n, this.buf.length - o);
    this.offset = o + n;
    return o;
  }

  skip(n: number): void {
    if (n < 0) throw invalid('skip length', n, this.offset);
    this.take(n, 'skipped bytes');
  }

  /** Reads `n` raw bytes as a view. */
  readRaw(n: number): Buffer {
    const o = this.take(n, 'raw bytes');
    return this.buf.subarray(o, o + n);
  }

  readInt8(): number {
    const o = this.take(1, 'int8');
    return (this.buf[o] << 24) >> 24;
  }

  readBool(): boolean {
    const o = this.take(1, 'bool');
    return this.buf[o] !== 0;
  }

  readInt16(): number {
    const o = this.take(2, 'int16');
    const b = this.buf;
    return ((b[o] << 24) | (b[o + 1] << 16)) >> 16;
  }

  readUInt16(): number {
    const o = this.take(2, 'uint16');
    return (this.buf[o] << 8) | this.buf[o + 1];
  }

  readInt32(): number {
    const o = this.take(4, 'int32');
    const b = this.buf;
    return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
  }

  readUInt32(): number {
    const o = this.take(4, 'uint32');
    const b = this.buf;
    return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  }

  /** int64 as a number: exact within +-2^53, rounded beyond (Long.MAX_VALUE reads as 2^63). */
  readInt64(): number {
    const o = this.take(8, 'int64');
    const b = this.buf;
    const hi = (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
    const lo = ((b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7]) >>> 0;
    return hi * TWO_32 + lo;
  }

  readFloat64(): number {
    return this.buf.readDoubleBE(this.take(8, 'float64'));
  }

  readUuid(): string {
    const o = this.take(16, 'uuid');
    return this.buf.toString('base64url', o, o + 16);
  }

  readUnsignedVarInt(): number {
    const b = this.buf;
    const start = this.offset;
    let o = start;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (o >= b.length) throw truncated('unsigned varint', start, o - start + 1, b.length - start);
      const x = b[o++];
      result |= (x & 0x7f) << shift;
      if (x < 0x80) {
        this.offset = o;
        return result >>> 0;
      }
    }
    throw new ProtocolDecodeError(`unsigned varint longer than 5 bytes at offset ${start}`, start);
  }

  readVarInt(): number {
    const u = this.readUnsignedVarInt();
    return (u >>> 1) ^ -(u & 1);
  }

  /** Zigzag varlong as a number (exact within +-2^53). */
  readVarLong(): number {
    const b = this.buf;
    const start = this.offset;
    if (start >= b.length) throw truncated('varlong', start, 1, 0);
    // Accumulate the zigzag magnitude (u >>> 1) directly: u itself needs 54 bits at +-2^53.
    const first = b[start];
    let magnitude = (first & 0x7f) >>> 1;
    let o = start + 1;
    if (first >= 0x80) {
      let scale = 64;
      for (;;) {
        if (o - start >= 10) throw new ProtocolDecodeError(`varlong longer than 10 bytes at offset ${start}`, start);
        if (o >= b.length) throw truncated('varlong', start, o - start + 1, b.length - start);
        const x = b[o++];
        magnitude += (x & 0x7f) * scale;
        if (x < 0x80) break;
        scale *= 128;
      }
    }
    this.offset = o;
    return (first & 1) === 1 ? -magnitude - 1 : magnitude;
  }

  private utf8(n: number, what: string): string {
    const o = this.take(n, what);
    return this.buf.toString('utf8', o, o + n);
  }

  private bytes(n: number, what: string): Buffer {
    const o = this.take(n, what);
    return this.buf.subarray(o, o + n);
  }

  readString(): string {
    const at = this.offset;
    const n = this.readInt16();
    if (n < 0) throw invalid('string length (non-nullable string)', n, at);
    return this.utf8(n, 'string');
  }

  readNullableString(): string | null {
    const at = this.offset;
    const n = this.readInt16();
    if (n === -1) return null;
    if (n < 0) throw invalid('string length', n, at);
    return this.utf8(n, 'string');
  }

  readCompactString(): string {
    const at = this.offset;
    const n = this.readUnsignedVarInt() - 1;
    if (n < 0) throw invalid('compact string length (non-nullable string)', n, at);
    return this.utf8(n, 'compact string');
  }

  readCompactNullableString(): string | null {
    const n = this.readUnsignedVarInt() - 1;
    return n < 0 ? null : this.utf8(n, 'compact string');
  }

  readBytes(): Buffer {
    const at = this.offset;
    const n = this.readInt32();
    if (n < 0) throw invalid('bytes length (non-nullable bytes)', n, at);
    return this.bytes(n, 'bytes');
  }

  readNullableBytes(): Buffer | null {
    const at = this.offset;
    const n = this.readInt32();
    if (n === -1) return null;
    if (n < 0) throw invalid('bytes length', n, at);
    return this.bytes(n, 'bytes');
  }

  readCompactBytes(): Buffer {
    const at = this.offset;
    const n = this.readUnsignedVarInt() - 1;
    if (n < 0) throw invalid('compact bytes length (non-nullable bytes)', n, at);
    return this.bytes(n, 'compact bytes');
  }

  readCompactNullableBytes(): Buffer | null {
    const n = this.readUnsignedVarInt() - 1;
    return n < 0 ? null : this.bytes(n, 'compact bytes');
  }

  /**
   * Array element count: -1 for null (only when `nullable`), otherwise 0..remaining() (every
   * element takes at least one byte, so a larger count is garbage, not a reason to allocate).
   */
  readArrayLength(nullable = false): number {
    const at = this.offset;
    const n = this.readInt32();
    return this.checkCount(n, nullable, at);
  }

  readCompactArrayLength(nullable = false): number {
    const at = this.offset;
    const n = this.readUnsignedVarInt() - 1;
    return this.checkCount(n, nullable, at);
  }

  private checkCount(n: number, nullable: boolean, at: number): number {
    if (n === -1 && nullable) return -1;
    if (n < 0) throw invalid(nullable ? 'array length' : 'array length (non-nullable array)', n, at);
    if (n > this.buf.length - this.offset) {
      throw new ProtocolDecodeError(`array length ${n} at offset ${at} exceeds the ${this.buf.length - this.offset} bytes left`, at);
    }
    return n;
  }

  /** Skips a whole tagged-field section (used by structs with no known tagged fields). */
  skipTaggedFields(): void {
    const count = this.readUnsignedVarInt();
    for (let i = 0; i < count; i++) {
      this.readUnsignedVarInt();
      this.skip(this.readUnsignedVarInt());
    }
  }

  /** After decoding a known tagged field: it must have used exactly its declared size. */
  endTaggedField(tag: number, end: number): void {
    if (this.offset !== end) {
      throw new ProtocolDecodeError(`tagged field ${tag} ends at offset ${this.offset}, but its size says ${end}`, this.offset);
    }
  }
}
