/*
 * Encoder for the Kafka wire grammar (see the table at the top of reader.ts):
 *
 *   int8..int64, uint16/uint32, float64, bool   big-endian fixed width (int64 from a JS number,
 *                                               clamped to [-2^63, 2^63-1])
 *   uuid                                        16 bytes from the 22-char URL-safe base64 text form
 *   unsigned varint / varint / varlong          7-bit groups, zigzag for the signed forms
 *   string / compact string                     int16 N | uvarint N+1, then UTF-8 (null: -1 | 0)
 *   bytes / compact bytes / records             int32 N | uvarint N+1, then the bytes (null: -1 | 0)
 *   array / compact array                       int32 N | uvarint N+1, then elements (null: -1 | 0)
 *
 * Layout: bytes are written into a growable scratch buffer. Large byte payloads (records, big
 * `bytes` values) are not copied: the pending scratch region is closed off as a chunk and the
 * payload buffer is appended to the chunk list by reference, so a Fetch response can send log
 * segment slices without copying them. `toChunks()` hands the message out as that list (for
 * `socket.cork()` + writes / `writev`), `toBuffer()` concatenates it. Buffers appended by
 * reference must not be modified until the message has been sent.
 */
import { ProtocolEncodeError } from './errors.js';
import type { Records } from './types.js';

export type { Records } from './types.js';

/** Payloads at least this long are appended by reference instead of being copied. */
const BY_REFERENCE_MIN = 1024;
/** Strings up to this many UTF-16 units take the single-pass path (capacity reserved as 3 bytes/unit). */
const SHORT_STRING = 256;
const TWO_32 = 4294967296;
const TWO_63 = 9223372036854775808;
/** zigzag(2^63 - 1) and zigzag(-2^63) as unsigned varints (not representable as JS numbers). */
const VARLONG_MAX = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
const VARLONG_MIN = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];

export class Writer {
  private buf: Buffer;
  /** Next write position in `buf`. */
  private pos = 0;
  /** Start of the region of `buf` not yet handed to `chunks`. */
  private start = 0;
  private readonly chunks: Buffer[] = [];
  /** Total bytes in `chunks`. */
  private flushed = 0;
  /** Open size-prefixed sections; while > 0 everything is copied so the section stays contiguous. */
  private sizedDepth = 0;

  constructor(initialCapacity = 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Total number of bytes written so far. */
  get length(): number {
    return this.flushed + this.pos - this.start;
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const pending = this.pos - this.start;
    let size = this.buf.length;
    while (size < pending + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, this.start, this.pos);
    // Chunks already handed out keep viewing the old buffer; only the pending region moves.
    this.buf = next;
    this.start = 0;
    this.pos = pending;
  }

  private closeChunk(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos));
      this.flushed += this.pos - this.start;
      this.start = this.pos;
    }
  }

  /** Appends raw bytes with no length prefix (by reference when large). */
  writeRaw(b: Buffer): void {
    const n = b.length;
    if (n >= BY_REFERENCE_MIN && this.sizedDepth === 0) {
      this.closeChunk();
      this.chunks.push(b);
      this.flushed += n;
    } else {
      this.ensure(n);
      this.buf.set(b, this.pos);
      this.pos += n;
    }
  }

  writeInt8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  writeBool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  writeInt16(v: number): void {
    this.ensure(2);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >> 8;
    b[p + 1] = v;
    this.pos = p + 2;
  }

  writeUInt16(v: number): void {
    this.writeInt16(v);
  }

  writeInt32(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.pos = p + 4;
  }

  writeUInt32(v: number): void {
    this.writeInt32(v);
  }

  /** int64 from a number, clamped to the int64 range (so 2^63 writes Long.MAX_VALUE). */
  writeInt64(v: number): void {
    let hi: number;
    let lo: number;
    if (v >= TWO_63) {
      hi = 0x7fffffff;
      lo = 0xffffffff;
    } else if (v <= -TWO_63) {
      hi = -0x80000000;
      lo = 0;
    } else {
      hi = Math.floor(v / TWO_32);
      lo = v - hi * TWO_32;
    }
    this.ensure(8);
    const b = this.buf;
    const p = this.pos;
    b[p] = hi >>> 24;
    b[p + 1] = hi >>> 16;
    b[p + 2] = hi >>> 8;
    b[p + 3] = hi;
    b[p + 4] = lo >>> 24;
    b[p + 5] = lo >>> 16;
    b[p + 6] = lo >>> 8;
    b[p + 7] = lo;
    this.pos = p + 8;
  }

  writeFloat64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  /** Writes a UUID given in Kafka's text form (22 chars of URL-safe base64, no padding). */
  writeUuid(s: string): void {
    this.ensure(16);
    if (s.length !== 22 || this.buf.write(s, this.pos, 16, 'base64url') !== 16) {
      throw new ProtocolEncodeError(`invalid UUID ${JSON.stringify(s)}: expected 22 characters of URL-safe base64`);
    }
    this.pos += 16;
  }

  writeUnsignedVarInt(v: number): void {
    this.ensure(5);
    const b = this.buf;
    let p = this.pos;
    let u = v >>> 0;
    while (u >= 0x80) {
      b[p++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    b[p++] = u;
    this.pos = p;
  }

  writeVarInt(v: number): void {
    this.writeUnsignedVarInt((v << 1) ^ (v >> 31));
  }

  /** Zigzag varlong from a number, clamped to the int64 range. */
  writeVarLong(v: number): void {
    if (v >= -0x40000000 && v < 0x40000000) {
      this.writeUnsignedVarInt((v << 1) ^ (v >> 31));
      return;
    }
    this.ensure(10);
    const b = this.buf;
    let p = this.pos;
    if (v >= TWO_63 || v <= -TWO_63) {
      for (const x of v > 0 ? VARLONG_MAX : VARLONG_MIN) b[p++] = x;
    } else {
      // zigzag(v) = 2k + sign with k = v or -v-1; emit from k so nothing needs more than 53 bits.
      const t = Math.trunc(v);
      let k = t >= 0 ? t : -t - 1;
      let x = (k % 64) * 2 + (t >= 0 ? 0 : 1);
      k = Math.floor(k / 64);
      while (k > 0) {
        b[p++] = x | 0x80;
        x = k % 128;
        k = Math.floor(k / 128);
      }
      b[p++] = x;
    }
    this.pos = p;
  }

  /** Writes the UTF-8 of `s` at `at` (capacity for 3 bytes per UTF-16 unit reserved by the caller). */
  private putUtf8(s: string, at: number): number {
    const n = s.length;
    if (n <= 32) {
      const b = this.buf;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[at + i] = c;
      }
      if (i === n) return n;
    }
    return this.buf.write(s, at, 'utf8');
  }

  writeString(s: string): void {
    if (s.length <= SHORT_STRING) {
      this.ensure(2 + s.length * 3);
      const n = this.putUtf8(s, this.pos + 2);
      this.buf[this.pos] = n >> 8;
      this.buf[this.pos + 1] = n;
      this.pos += 2 + n;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    if (n > 0x7fff) throw new ProtocolEncodeError(`string of ${n} bytes is too long for an int16 length`);
    this.writeInt16(n);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  writeNullableString(s: string | null): void {
    if (s === null) this.writeInt16(-1);
    else this.writeString(s);
  }

  writeCompactString(s: string): void {
    if (s.length <= 42) {
      // At most 126 bytes of UTF-8, so the length prefix N+1 is a single varint byte.
      this.ensure(1 + s.length * 3);
      const n = this.putUtf8(s, this.pos + 1);
      this.buf[this.pos] = n + 1;
      this.pos += 1 + n;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.writeUnsignedVarInt(n + 1);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  writeCompactNullableString(s: string | null): void {
    if (s === null) this.writeInt8(0);
    else this.writeCompactString(s);
  }

  writeBytes(b: Buffer): void {
    this.writeInt32(b.length);
    this.writeRaw(b);
  }

  writeNullableBytes(b: Buffer | null): void {
    if (b === null) this.writeInt32(-1);
    else this.writeBytes(b);
  }

  writeCompactBytes(b: Buffer): void {
    this.writeUnsignedVarInt(b.length + 1);
    this.writeRaw(b);
  }

  writeCompactNullableBytes(b: Buffer | null): void {
    if (b === null) this.writeInt8(0);
    else this.writeCompactBytes(b);
  }

  /** A `records` field: nullable (compact, when `flexible`) bytes; a list is sent back to back. */
  writeRecords(r: Records, flexible: boolean): void {
    if (r === null) {
      if (flexible) this.writeInt8(0);
      else this.writeInt32(-1);
      return;
    }
    if (Buffer.isBuffer(r)) {
      if (flexible) this.writeUnsignedVarInt(r.length + 1);
      else this.writeInt32(r.length);
      this.writeRaw(r);
      return;
    }
    const list = r as readonly Buffer[];
    let n = 0;
    for (let i = 0; i < list.length; i++) n += list[i].length;
    if (flexible) this.writeUnsignedVarInt(n + 1);
    else this.writeInt32(n);
    for (let i = 0; i < list.length; i++) this.writeRaw(list[i]);
  }

  /** Array element count; -1 writes the null array. */
  writeArrayLength(n: number): void {
    this.writeInt32(n);
  }

  /** Compact array element count (written as N+1); -1 writes the null array. */
  writeCompactArrayLength(n: number): void {
    this.writeUnsignedVarInt(n + 1);
  }

  /** The tagged-field section of a struct that has no tagged field to send: a count of 0. */
  writeEmptyTaggedFields(): void {
    this.writeInt8(0);
  }

  /**
   * Starts a section preceded by its unsigned-varint byte length (a tagged field's value).
   * Returns a mark for `endSizePrefixed`. Sections may nest.
   */
  beginSizePrefixed(): number {
    this.ensure(1);
    this.sizedDepth++;
    const mark = this.pos - this.start;
    this.pos++;
    return mark;
  }

  endSizePrefixed(mark: number): void {
    this.sizedDepth--;
    let at = this.start + mark;
    const n = this.pos - at - 1;
    if (n < 0x80) {
      this.buf[at] = n;
      return;
    }
    let extra = 0;
    for (let u = n >>> 7; u >= 0x80; u >>>= 7) extra++;
    extra++;
    this.ensure(extra);
    at = this.start + mark;
    this.buf.copyWithin(at + 1 + extra, at + 1, this.pos);
    this.pos += extra;
    const end = this.pos;
    this.pos = at;
    this.writeUnsignedVarInt(n);
    this.pos = end;
  }

  /** Overwrites 4 bytes written earlier at absolute offset `at` (e.g. a frame size placeholder). */
  patchInt32(at: number, v: number): void {
    let b: Buffer | undefined;
    let i = at - this.flushed;
    if (i >= 0) {
      b = this.buf;
      i += this.start;
      if (i + 4 > this.pos) b = undefined;
    } else {
      let base = 0;
      for (const c of this.chunks) {
        if (at < base + c.length) {
          if (at + 4 <= base + c.length) {
            b = c;
            i = at - base;
          }
          break;
        }
        base += c.length;
      }
    }
    if (b === undefined) throw new RangeError(`patchInt32: offset ${at} is not inside 4 contiguous written bytes`);
    b[i] = v >>> 24;
    b[i + 1] = v >>> 16;
    b[i + 2] = v >>> 8;
    b[i + 3] = v;
  }

  /** The message so far as a list of buffers (scratch views and by-reference payloads). */
  toChunks(): Buffer[] {
    this.closeChunk();
    return this.chunks;
  }

  /** The message so far as one buffer. */
  toBuffer(): Buffer {
    const chunks = this.toChunks();
    if (chunks.length === 1) return chunks[0];
    return Buffer.concat(chunks, this.flushed);
  }
}
