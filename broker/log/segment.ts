// One log segment: <base>.log (batches as received, with assigned offsets), <base>.index and
// <base>.timeindex, where <base> is the base offset zero-padded to 20 digits.
//
// The active (newest) segment keeps its .log and index fds open for positional appends.
// Closed segments are read through the process-wide fd LRU (fd-cache.ts); their index files
// are checked cheaply at open and loaded into memory on first use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChunkReader, parseStoredBatch, readFully, scanBatches, type StoredBatch } from './batch-scanner.js';
import { closedSegmentFds } from './fd-cache.js';
import { OffsetIndex } from './offset-index.js';
import {
  BASE_OFFSET_OFFSET, BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, CURRENT_MAGIC, LOG_OVERHEAD, MAGIC_OFFSET, readInt64, type BatchInfo,
} from './record-batch.js';
import { TimeIndex } from './time-index.js';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';

export function segmentFileName(baseOffset: number, suffix: string): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

export interface SegmentOptions {
  indexIntervalBytes: number;
  log: (msg: string) => void;
}

/** Reused for header scans; every use completes synchronously. */
const scratch = Buffer.allocUnsafe(16384);

export class LogCorruptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogCorruptionError';
  }
}

export class Segment {
  readonly logPath: string;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  /** Bytes of log. */
  size = 0;
  /** Offset after the last batch (the base offset when empty). */
  nextOffset: number;
  /** Largest batch maxTimestamp in the segment (-1 if none). */
  maxTimestamp = -1;
  /** Last offset of the first batch that reached maxTimestamp. */
  offsetOfMaxTimestamp: number;
  /** maxTimestamp of the first batch (-1 if none/unknown): what time-based rolling measures from. */
  rollBaseTimestamp = -1;
  indexIntervalBytes: number;
  private bytesSinceLastIndexEntry = 0;
  /** Open read-write fd of the active segment; null once closed or rolled. */
  private fd: number | null = null;
  private readonly log: (msg: string) => void;

  private constructor(dir: string, readonly baseOffset: number, opts: SegmentOptions, readonly created: number) {
    this.logPath = path.join(dir, segmentFileName(baseOffset, LOG_SUFFIX));
    this.offsetIndex = new OffsetIndex(path.join(dir, segmentFileName(baseOffset, INDEX_SUFFIX)), baseOffset);
    this.timeIndex = new TimeIndex(path.join(dir, segmentFileName(baseOffset, TIME_INDEX_SUFFIX)), baseOffset);
    this.nextOffset = baseOffset;
    this.offsetOfMaxTimestamp = baseOffset;
    this.indexIntervalBytes = opts.indexIntervalBytes;
    this.log = opts.log;
  }

  get isActive(): boolean {
    return this.fd !== null;
  }

  /** A new, empty active segment. */
  static create(dir: string, baseOffset: number, opts: SegmentOptions, now: number): Segment {
    const seg = new Segment(dir, baseOffset, opts, now);
    seg.fd = fs.openSync(seg.logPath, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
    seg.offsetIndex.reset();
    seg.timeIndex.reset();
    seg.startIndexes();
    return seg;
  }

  /**
   * Opens the newest segment as the active one, checking every batch (header, offsets, CRC)
   * and truncating the file at the first invalid or torn batch. Indexes are rebuilt.
   */
  static recoverActive(dir: string, baseOffset: number, opts: SegmentOptions, now: number): Segment {
    const seg = new Segment(dir, baseOffset, opts, now);
    const fd = fs.openSync(seg.logPath, fs.constants.O_RDWR);
    seg.fd = fd;
    const fileSize = fs.fstatSync(fd).size;
    seg.offsetIndex.reset();
    seg.timeIndex.reset();
    const scan = scanBatches(fd, fileSize, baseOffset, true, (b) => seg.indexBatch(b));
    if (scan.problem !== null) {
      seg.log(`${seg.logPath}: truncated ${fileSize - scan.validBytes} bytes at offset ${scan.problemOffset} ` +
        `(position ${scan.validBytes}): ${scan.problem}`);
      fs.ftruncateSync(fd, scan.validBytes);
    }
    seg.size = scan.validBytes;
    seg.nextOffset = scan.nextOffset;
    seg.startIndexes();
    return seg;
  }

  /** Opens a closed segment; `nextBase` is the base offset of the segment after it. */
  static openClosed(dir: string, baseOffset: number, nextBase: number, opts: SegmentOptions, now: number): Segment {
    const seg = new Segment(dir, baseOffset, opts, now);
    seg.size = fs.statSync(seg.logPath).size;
    seg.nextOffset = nextBase;
    const reason = seg.checkIndexFiles();
    if (reason !== null) {
      seg.log(`${seg.logPath}: rebuilding indexes: ${reason}`);
      seg.rebuildIndexes();
    } else {
      const last = seg.timeIndex.readLastEntryFromFile();
      if (last !== null) {
        seg.maxTimestamp = last.timestamp;
        seg.offsetOfMaxTimestamp = last.offset;
      }
    }
    return seg;
  }

  /** Writes the in-memory indexes to fresh files and keeps them open for appends. */
  private startIndexes(): void {
    this.offsetIndex.openForAppend();
    this.timeIndex.openForAppend();
    this.offsetIndex.writeFile();
    this.timeIndex.writeFile();
  }

  /** Cheap check of a closed segment's index files: shapes and last entries only. */
  private checkIndexFiles(): string | null {
    const shape = this.offsetIndex.checkFileShape() ?? this.timeIndex.checkFileShape();
    if (shape !== null) return shape;
    const lastOffset = this.offsetIndex.readLastEntryFromFile();
    if (lastOffset !== null) {
      if (lastOffset.position < 0 || lastOffset.position + BATCH_HEADER_SIZE > this.size) {
        return `offset index entry ${JSON.stringify(lastOffset)} points past the end of the ${this.size}-byte log`;
      }
      const b = this.headerAt(lastOffset.position);
      if (b.lastOffset !== lastOffset.offset) {
        return `offset index entry ${JSON.stringify(lastOffset)} points at a batch ending at offset ${b.lastOffset}`;
      }
    }
    const lastTime = this.timeIndex.readLastEntryFromFile();
    if (lastTime !== null) {
      if (lastTime.offset < this.baseOffset || lastTime.offset >= this.nextOffset) {
        return `time index entry ${JSON.stringify(lastTime)} is outside the segment's offsets`;
      }
    } else if (this.size >= BATCH_HEADER_SIZE && this.headerAt(0).maxTimestamp >= 0) {
      return 'time index is empty but the first batch has a timestamp';
    }
    return null;
  }

  /** Loads a closed segment's indexes on first use, rebuilding them if they turn out invalid. */
  private ensureIndexes(): void {
    if (this.offsetIndex.loaded && this.timeIndex.loaded) return;
    let reason = this.offsetIndex.loaded ? null : this.offsetIndex.load();
    const last = this.offsetIndex.lastEntry();
    if (reason === null && last !== null && last.position >= this.size) {
      reason = `${this.offsetIndex.path}: last entry points past the end of the log`;
    }
    reason ??= this.timeIndex.loaded ? null : this.timeIndex.load();
    if (reason !== null) {
      this.log(`${this.logPath}: rebuilding indexes: ${reason}`);
      this.rebuildIndexes();
    }
  }

  /** Rebuilds a closed segment's indexes by scanning its batch headers. */
  private rebuildIndexes(): void {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.bytesSinceLastIndexEntry = 0;
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = this.baseOffset;
    const scan = scanBatches(this.readFd(), this.size, this.baseOffset, false, (b) => this.indexBatch(b));
    if (scan.problem !== null) this.log(`${this.logPath}: closed segment is damaged, indexed up to offset ${scan.nextOffset}: ${scan.problem}`);
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
    this.offsetIndex.writeFile();
    this.timeIndex.writeFile();
  }

  /** Index maintenance for one batch stored at b.position (Kafka's rules). */
  private indexBatch(b: StoredBatch): void {
    if (b.position === 0) this.rollBaseTimestamp = b.maxTimestamp;
    if (b.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = b.maxTimestamp;
      this.offsetOfMaxTimestamp = b.lastOffset;
    }
    if (this.bytesSinceLastIndexEntry > this.indexIntervalBytes) {
      this.offsetIndex.append(b.lastOffset, b.position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += b.size;
  }

  /** Time the segment has been open for rolling purposes (Kafka: by message timestamps when known). */
  timeWaitedForRoll(now: number, largestIncomingTimestamp: number): number {
    return this.rollBaseTimestamp >= 0 ? largestIncomingTimestamp - this.rollBaseTimestamp : now - this.created;
  }

  /**
   * Appends validated batches whose base offsets are already written into `buf` (increasing,
   * gaps allowed: the cleaner writes compacted segments through this too). On a write error the
   * file is truncated back and the error rethrown.
   */
  append(buf: Buffer, batches: BatchInfo[]): void {
    if (this.fd === null) throw new Error(`${this.logPath} is not the active segment`);
    const start = this.size;
    try {
      let done = 0;
      while (done < buf.length) done += fs.writeSync(this.fd, buf, done, buf.length - done, start + done);
    } catch (e) {
      try {
        fs.ftruncateSync(this.fd, start);
      } catch {
        // keep the original error
      }
      throw e;
    }
    let next = this.nextOffset;
    for (const info of batches) {
      const baseOffset = readInt64(buf, info.position + BASE_OFFSET_OFFSET);
      const lastOffset = baseOffset + info.lastOffsetDelta;
      this.indexBatch({ position: start + info.position, size: info.size, baseOffset, lastOffset, maxTimestamp: info.maxTimestamp });
      next = lastOffset + 1;
    }
    this.size = start + buf.length;
    this.nextOffset = next;
  }

  /** An fd to read the .log with: the active segment's own, or one from the shared LRU. */
  readFd(): number {
    return this.fd ?? closedSegmentFds.get(this.logPath);
  }

  private headerAt(position: number): StoredBatch {
    const buf = Buffer.allocUnsafe(BATCH_HEADER_SIZE);
    if (readFully(this.readFd(), buf, 0, BATCH_HEADER_SIZE, position) < BATCH_HEADER_SIZE) {
      throw new LogCorruptionError(`${this.logPath}: incomplete batch header at position ${position}`);
    }
    return parseStoredBatch(buf, 0, position);
  }

  /** Walks batch headers from `position` until `stop` returns true; returns that batch or null. */
  private scanFrom(position: number, stop: (b: StoredBatch) => boolean): StoredBatch | null {
    const reader = new ChunkReader(this.readFd(), this.size, scratch);
    let pos = position;
    while (pos < this.size) {
      const v = reader.view(pos, BATCH_HEADER_SIZE);
      if (v === null || v.buf.readInt8(v.at + MAGIC_OFFSET) !== CURRENT_MAGIC) {
        throw new LogCorruptionError(`${this.logPath}: no valid batch header at position ${pos}`);
      }
      const b = parseStoredBatch(v.buf, v.at, pos);
      if (b.size < BATCH_HEADER_SIZE) throw new LogCorruptionError(`${this.logPath}: bad batch length at position ${pos}`);
      if (stop(b)) return b;
      pos += b.size;
    }
    return null;
  }

  /** The stored batch containing `offset` (or the first after it), or null if none in this segment. */
  locate(offset: number): StoredBatch | null {
    this.ensureIndexes();
    return this.scanFrom(this.offsetIndex.lookup(offset), (b) => b.lastOffset >= offset);
  }

  /** The first batch whose maxTimestamp >= `ts`, or null if none in this segment. */
  findByTimestamp(ts: number): StoredBatch | null {
    if (this.maxTimestamp < ts) return null;
    this.ensureIndexes();
    const from = this.offsetIndex.lookup(this.timeIndex.lookup(ts).offset);
    return this.scanFrom(from, (b) => b.maxTimestamp >= ts);
  }

  /**
   * Whole batches from `position` (a batch boundary) totalling at most `maxBytes`; if none fits
   * and `minOneBatch`, the first batch whole. Null when nothing is returned.
   */
  readBatches(position: number, maxBytes: number, minOneBatch: boolean): Buffer | null {
    const available = this.size - position;
    if (available <= 0) return null;
    const fd = this.readFd();
    const want = Math.min(Math.max(maxBytes, 0), available);
    let buf = Buffer.allocUnsafe(want);
    const got = readFully(fd, buf, 0, want, position);
    let end = 0;
    while (end + LOG_OVERHEAD <= got) {
      const size = LOG_OVERHEAD + buf.readInt32BE(end + BATCH_LENGTH_OFFSET);
      if (size < BATCH_HEADER_SIZE) throw new LogCorruptionError(`${this.logPath}: bad batch length at position ${position + end}`);
      if (end + size > got) break;
      end += size;
    }
    if (end > 0) return end === got ? buf : buf.subarray(0, end);
    if (!minOneBatch) return null;
    const first = this.headerAt(position);
    if (first.size > available) throw new LogCorruptionError(`${this.logPath}: batch at position ${position} runs past the end`);
    buf = Buffer.allocUnsafe(first.size);
    readFully(fd, buf, 0, first.size, position);
    return buf;
  }

  /** Turns the active segment into a closed one: final time-index entry, fsync, fds released. */
  roll(): void {
    if (this.fd === null) return;
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
    this.flush();
    this.offsetIndex.close();
    this.timeIndex.close();
    closedSegmentFds.adopt(this.logPath, this.fd);
    this.fd = null;
  }

  /**
   * For a segment written aside (the cleaner's): the final time-index entry, then every file
   * closed without an fsync; the writer fsyncs the files asynchronously before using them.
   */
  seal(): void {
    if (this.fd === null) return;
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
    this.offsetIndex.close();
    this.timeIndex.close();
    fs.closeSync(this.fd);
    this.fd = null;
  }

  flush(): void {
    if (this.fd === null) return;
    fs.fsyncSync(this.fd);
    this.offsetIndex.sync();
    this.timeIndex.sync();
  }

  close(): void {
    this.offsetIndex.close();
    this.timeIndex.close();
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
    closedSegmentFds.release(this.logPath);
  }

  deleteFiles(): void {
    this.close();
    fs.rmSync(this.logPath, { force: true });
    this.offsetIndex.deleteFile();
    this.timeIndex.deleteFile();
  }
}
