// Walking the batches of a segment file by their headers (and, for recovery, their CRCs),
// reading the file in chunks so that a scan over many small batches costs few syscalls.
import * as fs from 'node:fs';
import {
  BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, CRC_OFFSET, CURRENT_MAGIC, LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD, MAGIC_OFFSET, MAX_TIMESTAMP_OFFSET, computeBatchCrc, readInt64,
} from './record-batch.js';

/** Reads exactly `length` bytes at `position` (fewer only at end of file). */
export function readFully(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Serves byte ranges of [0, end) of a file from a reusable chunk buffer. */
export class ChunkReader {
  private readonly chunk: Buffer;
  private chunkStart = 0;
  private chunkLen = 0;

  /** `chunk`: a buffer to reuse (it must not be used by anyone else meanwhile) or a size. */
  constructor(private readonly fd: number, private readonly end: number, chunk: Buffer | number = 16384) {
    this.chunk = typeof chunk === 'number' ? Buffer.allocUnsafe(chunk) : chunk;
  }

  /**
   * A buffer holding [pos, pos+len) and the offset of `pos` in it (valid until the next call),
   * or null if the range passes `end` or the file is shorter.
   */
  view(pos: number, len: number): { buf: Buffer; at: number } | null {
    if (pos + len > this.end) return null;
    if (pos >= this.chunkStart && pos + len <= this.chunkStart + this.chunkLen) {
      return { buf: this.chunk, at: pos - this.chunkStart };
    }
    if (len > this.chunk.length) {
      const big = Buffer.allocUnsafe(len);
      return readFully(this.fd, big, 0, len, pos) === len ? { buf: big, at: 0 } : null;
    }
    this.chunkStart = pos;
    this.chunkLen = readFully(this.fd, this.chunk, 0, Math.min(this.chunk.length, this.end - pos), pos);
    return this.chunkLen >= len ? { buf: this.chunk, at: 0 } : null;
  }
}

/** What segment code needs from a stored batch header. */
export interface StoredBatch {
  position: number;
  size: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
}

/** Parses the header at (buf, at) — the caller provides BATCH_HEADER_SIZE bytes. */
export function parseStoredBatch(buf: Buffer, at: number, position: number): StoredBatch {
  const baseOffset = readInt64(buf, at);
  return {
    position,
    size: LOG_OVERHEAD + buf.readInt32BE(at + BATCH_LENGTH_OFFSET),
    baseOffset,
    lastOffset: baseOffset + buf.readInt32BE(at + LAST_OFFSET_DELTA_OFFSET),
    maxTimestamp: readInt64(buf, at + MAX_TIMESTAMP_OFFSET),
  };
}

export interface ScanResult {
  /** Bytes of valid batches from the start of the file. */
  validBytes: number;
  /** Offset after the last valid batch (`firstOffset` if there is none). */
  nextOffset: number;
  /** Why the scan stopped before the end of the file, or null. */
  problem: string | null;
  /** Offset at which the problem was found (the expected next offset). */
  problemOffset: number;
}

/**
 * Walks the batches of [0, fileSize) of a segment file whose first batch must start at
 * at or after `firstOffset`, checking that each header is complete and sane, that offsets increase
 * and (if `verifyCrc`) that the CRC matches. Calls `onBatch` for every valid batch and stops
 * at the first invalid one.
 */
export function scanBatches(
  fd: number, fileSize: number, firstOffset: number, verifyCrc: boolean, onBatch: (b: StoredBatch) => void,
): ScanResult {
  const reader = new ChunkReader(fd, fileSize, verifyCrc ? 1 << 20 : 16384);
  let pos = 0;
  let expected = firstOffset;
  const stop = (problem: string): ScanResult => ({ validBytes: pos, nextOffset: expected, problem, problemOffset: expected });
  while (pos < fileSize) {
    const v = reader.view(pos, BATCH_HEADER_SIZE);
    if (v === null) return stop(`incomplete batch header (${fileSize - pos} bytes left)`);
    const magic = v.buf.readInt8(v.at + MAGIC_OFFSET);
    if (magic !== CURRENT_MAGIC) return stop(`magic ${magic} at position ${pos}`);
    const b = parseStoredBatch(v.buf, v.at, pos);
    const storedCrc = v.buf.readUInt32BE(v.at + CRC_OFFSET);
    if (b.size < BATCH_HEADER_SIZE) return stop(`batch length ${b.size - LOG_OVERHEAD} at position ${pos} is too small`);
    if (pos + b.size > fileSize) return stop(`batch at position ${pos} of ${b.size} bytes runs past the end of the file`);
    // Offsets only increase; gaps are normal in a compacted segment (the cleaner removes records).
    if (b.baseOffset < expected) return stop(`batch at position ${pos} has base offset ${b.baseOffset}, below the expected ${expected}`);
    if (b.lastOffset < b.baseOffset) return stop(`batch at position ${pos} has a negative lastOffsetDelta`);
    if (verifyCrc) {
      const whole = reader.view(pos, b.size);
      if (whole === null) return stop(`batch at position ${pos} could not be read`);
      const computed = computeBatchCrc(whole.buf, whole.at, b.size);
      if (computed !== storedCrc) {
        return stop(`batch at position ${pos} has CRC-32C 0x${storedCrc.toString(16)}, computed 0x${computed.toString(16)}`);
      }
    }
    onBatch(b);
    expected = b.lastOffset + 1;
    pos += b.size;
  }
  return { validBytes: pos, nextOffset: expected, problem: null, problemOffset: expected };
}
