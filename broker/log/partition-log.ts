// The durable, segmented log of one partition (Kafka's on-disk design, single node).
// All file I/O is synchronous: appends land in the page cache in microseconds, and the
// single-threaded broker gets trivially correct ordering. flush() fsyncs; the flush policy
// (`flush.messages`, `flush.ms`) decides when that happens beyond segment rolls and close.
import { firstRecordAtOrAfter } from './record-scan.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INT32_MAX } from './index-file.js';
import { syncDir, writeFileAtomically, writeFileAtomicallyAsync } from '../util/durable-file.js';
import {
  BatchValidationError, COMPRESSION_CODEC_MASK, setBaseOffset, setLogAppendTime, setPartitionLeaderEpoch, validateBatches, TIMESTAMP_TYPE_MASK, type BatchInfo,
} from './record-batch.js';
import { Segment, type SegmentOptions } from './segment.js';
import { commitSwap, recoverSwaps } from './cleaner/segment-swap.js';
import { codecOfCompressionType } from './compression.js';
import { decompressBatch, recompressBatch, RecordWalker } from './record-codec.js';
import {
  DEFAULT_PRODUCER_ID_EXPIRATION_MS, ProducerStateManager, replayProducerBatches, type BatchMetadata, type ProducerBatchHeader,
} from './producer-state.js';

export interface LogConfig {
  segmentBytes: number;
  segmentMs: number;
  indexIntervalBytes: number;
  maxMessageBytes: number;
  messageTimestampType: 'CreateTime' | 'LogAppendTime';
  /** `message.timestamp.before.max.ms` / `.after.max.ms`: how far a CreateTime batch's timestamps
   * may lie behind / ahead of the broker's clock (unset: no limit). */
  timestampBeforeMaxMs?: number;
  timestampAfterMaxMs?: number;
  /** `producer.id.expiration.ms`: idempotent producers without appends for this long are forgotten (default 1 day). */
  producerIdExpirationMs?: number;
  /** `retention.ms`: closed segments whose newest record is older than this are deleted (-1 or unset: never). */
  retentionMs?: number;
  /** `retention.bytes`: oldest closed segments are deleted while the log stays at least this big without them (-1 or unset: no limit). */
  retentionBytes?: number;
  /** Whether `cleanup.policy` includes `delete` (unset: true); retention applies only then. */
  deleteRetention?: boolean;
  /**
   * `flush.messages`: once this many records are appended but not fsynced, append() fsyncs the
   * active segment before returning (so before the Produce response). Unset or >= 2^53: never
   * (Kafka's default, Long.MAX: the OS page cache decides).
   */
  flushMessages?: number;
  /**
   * `flush.ms`: flushIfDue() fsyncs once the oldest unfsynced append is at least this old (the
   * topic manager's periodic flusher calls it). Unset or >= 2^53: never.
   */
  flushMs?: number;
  /**
   * `compression.type`: `producer` (or unset) stores batches exactly as produced; `uncompressed`,
   * `gzip`, `snappy`, `lz4` or `zstd` re-encodes every batch in another codec before it is
   * appended (compression.ts, recompressBatch).
   */
  compressionType?: string;
  /** Whether `cleanup.policy` includes `compact`: records need keys, the log cleaner compacts it. */
  compact?: boolean;
  /** `delete.retention.ms`: how long the cleaner keeps tombstones once they are in the cleaned part. */
  deleteRetentionMs?: number;
  /** `min.cleanable.dirty.ratio`: the dirty share of the log at which the cleaner starts. */
  minCleanableDirtyRatio?: number;
  /** `min.compaction.lag.ms`: records younger than this are never compacted. */
  minCompactionLagMs?: number;
  /** `max.compaction.lag.ms`: dirty records older than this are compacted whatever the ratio. */
  maxCompactionLagMs?: number;
}

/** Whether a flush.messages / flush.ms value is a real limit (Kafka's Long.MAX default is not). */
export function isFiniteFlushSetting(v: number | undefined): v is number {
  return v !== undefined && v >= 0 && v < Number.MAX_SAFE_INTEGER;
}

/** One segment removed by retention or DeleteRecords, for the caller's INFO log line. */
export interface DeletedSegment {
  baseOffset: number;
  size: number;
  message: string;
}

/** Per-partition file holding the log start offset (Kafka's log-start-offset-checkpoint). */
export const LOG_START_OFFSET_CHECKPOINT = 'log-start-offset-checkpoint';
/** Where the cleaner stopped: offsets below it have been compacted (Kafka's cleaner-offset-checkpoint, per partition here). */
export const CLEANER_OFFSET_CHECKPOINT = 'cleaner-offset-checkpoint';

// An offset checkpoint file of the partition holds one offset in decimal and a newline.

/** The offset in checkpoint `name` of the partition (null when missing or damaged). */
function readOffsetCheckpoint(dir: string, name: string, log: (msg: string) => void): number | null {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const m = /^(\d+)\n?$/.exec(text);
  if (m === null) {
    log(`${file}: ignoring a damaged ${name.replace(/-checkpoint$/, '').replaceAll('-', ' ')} checkpoint`);
    return null;
  }
  return Number(m[1]);
}

/** Replaces checkpoint `name` of the partition with `offset` (writeFileAtomically). */
function writeOffsetCheckpoint(dir: string, name: string, offset: number): void {
  writeFileAtomically(path.join(dir, name), `${offset}\n`);
}

/** writeOffsetCheckpoint without blocking the event loop. */
function writeOffsetCheckpointAsync(dir: string, name: string, offset: number): Promise<void> {
  return writeFileAtomicallyAsync(path.join(dir, name), `${offset}\n`);
}

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
  /** The append time written into the batches, or -1 for CreateTime. */
  logAppendTime: number;
  logStartOffset: number;
  /** One per batch written, positions relative to the written buffer; maxTimestamp/attributes as stored. */
  batches: BatchInfo[];
  /**
   * True when every batch duplicated one an idempotent producer had already appended (a retry):
   * nothing was written and the offsets (and, for LogAppendTime, the time) are the original ones.
   */
  duplicate?: boolean;
}

export interface ReadResult {
  /** Chunks of whole batches as stored (one chunk per segment read from). */
  records: Buffer[];
  bytes: number;
  highWatermark: number;
  logStartOffset: number;
}

/** ListOffsets sentinel timestamps. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export class OffsetOutOfRangeError extends Error {
  readonly code = 'OFFSET_OUT_OF_RANGE';
  constructor(readonly offset: number, readonly logStartOffset: number, readonly logEndOffset: number) {
    super(`offset ${offset} is out of range [${logStartOffset}, ${logEndOffset}]`);
    this.name = 'OffsetOutOfRangeError';
  }
}

const SEGMENT_FILE = /^(\d{20})\.(log|index|timeindex)$/;

/**
 * Feeds the idempotent batches of the log from offset `from` on to `onBatch` (batch headers only),
 * for rebuilding the producer state after the newest snapshot.
 */
function replaySegments(segments: readonly Segment[], from: number, onBatch: (h: ProducerBatchHeader) => void): number {
  let n = 0;
  for (const seg of segments) {
    if (seg.nextOffset <= from || seg.size === 0) continue;
    let position = 0;
    if (seg.baseOffset < from) {
      try {
        position = seg.locate(from)?.position ?? seg.size;
      } catch {
        position = 0; // the walk from the start skips the batches before `from`
      }
    }
    n += replayProducerBatches(seg.readFd(), position, seg.size, from, onBatch);
  }
  return n;
}

/** The batches of `records` not marked as duplicates, copied into a new buffer. */
function withoutDuplicates(records: Buffer, batches: readonly BatchInfo[], duplicates: readonly (BatchMetadata | null)[]): { records: Buffer; batches: BatchInfo[] } {
  const keep = batches.filter((_, i) => duplicates[i] === null);
  const out = Buffer.concat(keep.map((b) => records.subarray(b.position, b.position + b.size)));
  let position = 0;
  return {
    records: out,
    batches: keep.map((b) => {
      const moved = { ...b, position };
      position += b.size;
      return moved;
    }),
  };
}

export class PartitionLog {
  /** Written into every appended batch's partitionLeaderEpoch (single node: stays 0 unless set). */
  leaderEpoch = 0;
  private readonly segments: Segment[];
  private closed = false;
  private startOffset: number;
  /** Records appended since the last fsync of the active segment. */
  private unflushed = 0;
  /** Time of the first append since the last fsync (null: nothing unflushed). */
  private unflushedSince: number | null = null;
  private flushes = 0;
  /** First offset the cleaner has not compacted yet (persisted in CLEANER_OFFSET_CHECKPOINT). */
  private firstDirty: number;
  /**
   * When the cleaner should look at this log again for tombstones past delete.retention.ms, even
   * if nothing new is dirty (0: unknown, e.g. after a restart, so look once).
   */
  tombstonesDueAt = 0;

  private constructor(
    readonly dir: string,
    private config: LogConfig,
    private readonly logFn: (msg: string) => void,
    segments: Segment[],
    /** The idempotent producers of this partition (sequence numbers, epochs, duplicates). */
    readonly producerState: ProducerStateManager,
    startOffset: number,
  ) {
    this.segments = segments;
    this.startOffset = startOffset;
    this.firstDirty = Math.max(readOffsetCheckpoint(dir, CLEANER_OFFSET_CHECKPOINT, logFn) ?? 0, startOffset);
  }

  /** Opens (creating the directory if missing) and recovers the log in `dir`. */
  static open(dir: string, config: LogConfig, log: (msg: string) => void = () => {}): PartitionLog {
    fs.mkdirSync(dir, { recursive: true });
    for (const line of recoverSwaps(dir)) log(`${dir}: ${line}`);
    const opts: SegmentOptions = { indexIntervalBytes: config.indexIntervalBytes, log };
    const logs = new Set<string>();
    const others: string[] = [];
    for (const name of fs.readdirSync(dir)) {
      const m = SEGMENT_FILE.exec(name);
      if (m === null) continue;
      if (m[2] === 'log') logs.add(m[1]);
      else others.push(name);
    }
    for (const name of others) {
      if (!logs.has(name.slice(0, 20))) {
        log(`${path.join(dir, name)}: removing index file without a log segment`);
        fs.rmSync(path.join(dir, name), { force: true });
      }
    }
    const bases = [...logs].map(Number).sort((a, b) => a - b);
    const now = Date.now();
    const segments: Segment[] = [];
    if (bases.length === 0) {
      segments.push(Segment.create(dir, 0, opts, now));
      syncDir(dir);
    } else {
      for (let i = 0; i < bases.length - 1; i++) segments.push(Segment.openClosed(dir, bases[i], bases[i + 1], opts, now));
      segments.push(Segment.recoverActive(dir, bases[bases.length - 1], opts, now));
    }
    // Only whole segments are deleted by retention, but DeleteRecords can move the start offset
    // into a segment: the checkpoint keeps it, clamped to what the segments on disk hold.
    const leo = segments[segments.length - 1].nextOffset;
    const checkpointed = readOffsetCheckpoint(dir, LOG_START_OFFSET_CHECKPOINT, log);
    const startOffset = Math.min(Math.max(checkpointed ?? 0, segments[0].baseOffset), leo);
    const producers = ProducerStateManager.load(dir, {
      logStartOffset: startOffset,
      logEndOffset: segments[segments.length - 1].nextOffset,
      now,
      expirationMs: config.producerIdExpirationMs ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS,
      log,
      replay: (from, onBatch) => replaySegments(segments, from, onBatch),
    });
    if (startOffset > segments[0].baseOffset) producers.truncateHead(startOffset);
    return new PartitionLog(dir, { ...config }, log, segments, producers, startOffset);
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  /** Next offset to assign; on a single node also the high watermark. */
  get logEndOffset(): number {
    return this.active.nextOffset;
  }

  get sizeInBytes(): number {
    let total = 0;
    for (const s of this.segments) total += s.size;
    return total;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Base offsets of the segments, oldest first. */
  get segmentBaseOffsets(): number[] {
    return this.segments.map((s) => s.baseOffset);
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1];
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`log ${this.dir} is closed`);
  }

  /**
   * Validates, assigns offsets (rewriting baseOffset/partitionLeaderEpoch in `records`), applies
   * LogAppendTime if configured, rolls if needed and writes. All-or-nothing: an invalid batch
   * throws BatchValidationError, one refused by the idempotent-producer rules ProducerStateError,
   * before anything is written.
   *
   * Batches of idempotent producers (producerId >= 0) are checked against the producer state
   * (producer-state.ts). A batch that duplicates one already appended is not written again: when
   * every batch is such a duplicate the result carries the original offsets and `duplicate`;
   * otherwise only the new batches are written (Kafka clients send one batch per partition, so
   * that mix does not happen in practice) and baseOffset is the first batch's, original or new.
   */
  append(records: Buffer, now: number = Date.now()): AppendResult {
    this.checkOpen();
    let batches = validateBatches(records, { maxBatchBytes: this.config.maxMessageBytes });
    const targetCodec = this.config.compressionType === undefined || this.config.compressionType === 'producer'
      ? -1 : codecOfCompressionType(this.config.compressionType);
    if (targetCodec >= 0) ({ records, batches } = this.recompress(records, batches, targetCodec));
    if (this.config.messageTimestampType === 'CreateTime') this.checkTimestamps(batches, now);
    if (this.config.compact === true) this.checkKeys(records, batches);
    let idempotent = false;
    for (const b of batches) {
      if (b.producerId >= 0 || b.isTransactional) {
        idempotent = true;
        break;
      }
    }
    let firstDuplicate: BatchMetadata | null = null;
    if (idempotent) {
      const check = this.producerState.check(batches);
      if (check.duplicates !== null) {
        if (check.duplicateCount === batches.length) return this.duplicateResult(check.duplicates as BatchMetadata[]);
        firstDuplicate = check.duplicates[0];
        ({ records, batches } = withoutDuplicates(records, batches, check.duplicates));
      }
      this.producerState.maybeExpire(now);
    }
    const logAppendTime = this.config.messageTimestampType === 'LogAppendTime' ? now : -1;
    const baseOffset = this.logEndOffset;
    let next = baseOffset;
    let largestTimestamp = -1;
    for (const b of batches) {
      setBaseOffset(records, b.position, next);
      setPartitionLeaderEpoch(records, b.position, this.leaderEpoch);
      if (logAppendTime >= 0) {
        setLogAppendTime(records, b.position, logAppendTime);
        b.maxTimestamp = logAppendTime;
        b.attributes |= TIMESTAMP_TYPE_MASK;
      }
      largestTimestamp = Math.max(largestTimestamp, b.maxTimestamp);
      next += b.lastOffsetDelta + 1;
    }
    const lastOffset = next - 1;
    this.maybeRoll(records.length, largestTimestamp, lastOffset, now);
    this.active.append(records, batches);
    this.countUnflushed(batches, now);
    if (idempotent) {
      let offset = baseOffset;
      for (const b of batches) {
        if (b.producerId >= 0) this.producerState.update(b, offset, now);
        offset += b.lastOffsetDelta + 1;
      }
    }
    return { baseOffset: firstDuplicate?.firstOffset ?? baseOffset, lastOffset, logAppendTime, logStartOffset: this.logStartOffset, batches };
  }

  /**
   * Re-encodes the batches whose codec is not the topic's `compression.type` (control batches
   * are left alone), as Kafka does; only then are the records looked at (decompressed and their
   * framing checked). The result is validated again (sizes, CRCs).
   */
  private recompress(records: Buffer, batches: BatchInfo[], codec: number): { records: Buffer; batches: BatchInfo[] } {
    if (batches.every((b) => b.isControl || (b.attributes & COMPRESSION_CODEC_MASK) === codec)) return { records, batches };
    const parts = batches.map((b) => (b.isControl
      ? records.subarray(b.position, b.position + b.size)
      : recompressBatch(records, b.position, codec)));
    const out = Buffer.concat(parts);
    return { records: out, batches: validateBatches(out, { maxBatchBytes: this.config.maxMessageBytes }) };
  }

  /**
   * Kafka's rule for compacted topics: every record needs a key (the cleaner keeps the latest
   * record per key, so a keyless one could never be compacted).
   */
  private checkKeys(records: Buffer, batches: readonly BatchInfo[]): void {
    const w = new RecordWalker();
    for (const b of batches) {
      if (b.isControl) continue;
      // Only the key lengths are looked at: no per-record allocation on the produce path.
      w.reset(decompressBatch(records, b.position));
      while (w.next()) {
        if (w.keyLength < 0) {
          throw new BatchValidationError('INVALID_RECORD', `Compacted topic cannot accept message without key in topic partition ${path.basename(this.dir)}. Give every record a key, or set cleanup.policy=delete on the topic.`);
        }
      }
    }
  }

  /** The answer to an append whose batches were all written before (Kafka: the original offsets). */
  private duplicateResult(duplicates: readonly BatchMetadata[]): AppendResult {
    const first = duplicates[0];
    return {
      baseOffset: first.firstOffset,
      lastOffset: duplicates[duplicates.length - 1].lastOffset,
      logAppendTime: this.config.messageTimestampType === 'LogAppendTime' ? first.timestamp : -1,
      logStartOffset: this.logStartOffset,
      batches: [],
      duplicate: true,
    };
  }

  /**
   * Kafka's timestamp bounds, checked per batch from its header (the first record's timestamp and
   * the largest one) so the cost does not grow with the records in the batch.
   */
  private checkTimestamps(batches: readonly BatchInfo[], now: number): void {
    const before = this.config.timestampBeforeMaxMs ?? Number.MAX_VALUE;
    const after = this.config.timestampAfterMaxMs ?? Number.MAX_VALUE;
    if (before >= Number.MAX_SAFE_INTEGER && after >= Number.MAX_SAFE_INTEGER) return;
    for (const b of batches) {
      if (b.baseTimestamp >= 0 && now - b.baseTimestamp > before) {
        throw new BatchValidationError('INVALID_TIMESTAMP', `Timestamp ${b.baseTimestamp} of a record is ${now - b.baseTimestamp} ms before the broker's time ${now}: more than message.timestamp.before.max.ms (${before}) allows`);
      }
      if (b.maxTimestamp - now > after) {
        throw new BatchValidationError('INVALID_TIMESTAMP', `Timestamp ${b.maxTimestamp} of a record is ${b.maxTimestamp - now} ms after the broker's time ${now}: more than message.timestamp.after.max.ms (${after}) allows`);
      }
    }
  }

  private maybeRoll(bytes: number, largestTimestamp: number, lastOffset: number, now: number): void {
    const seg = this.active;
    if (seg.size === 0) return;
    let why: string | null = null;
    if (seg.size + bytes > this.config.segmentBytes || seg.size + bytes > INT32_MAX) why = 'segment.bytes';
    else if (seg.timeWaitedForRoll(now, largestTimestamp) > this.config.segmentMs) why = 'segment.ms';
    else if (lastOffset - seg.baseOffset > INT32_MAX) why = 'relative offset overflow';
    if (why === null) return;
    this.roll(now, why);
  }

  /** Closes the active segment and starts a new one at the log end offset. */
  private roll(now: number, why: string): void {
    const seg = this.active;
    const newBase = this.logEndOffset;
    seg.roll();
    // roll() fsynced everything appended so far.
    this.unflushed = 0;
    this.unflushedSince = null;
    this.segments.push(Segment.create(this.dir, newBase, { indexIntervalBytes: this.config.indexIntervalBytes, log: this.logFn }, now));
    syncDir(this.dir);
    this.logFn(`${this.dir}: rolled new segment at offset ${newBase} (${why})`);
    // As Kafka: a producer state snapshot at every roll, so that recovery after a crash replays
    // at most the active segment.
    this.snapshotProducerState(newBase, now);
  }

  /** Writes the producer state snapshot at `offset`; a failure only costs a longer replay later. */
  private snapshotProducerState(offset: number, now: number): void {
    try {
      this.producerState.takeSnapshot(offset, now);
    } catch (e) {
      this.logFn(`${this.dir}: could not write the producer state snapshot at offset ${offset}: ${(e as Error).message}`);
    }
  }

  /** Index of the segment holding `offset`: the last one whose base offset is <= it. */
  private segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid].baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Whole batches from the one containing `fetchOffset`, up to `maxBytes` in total (continuing
   * into later segments); if the first batch alone exceeds maxBytes it is returned anyway when
   * `minOneBatch`. Throws OffsetOutOfRangeError outside [logStartOffset, logEndOffset].
   */
  read(fetchOffset: number, maxBytes: number, minOneBatch: boolean): ReadResult {
    this.checkOpen();
    const leo = this.logEndOffset;
    const result: ReadResult = { records: [], bytes: 0, highWatermark: leo, logStartOffset: this.logStartOffset };
    if (fetchOffset < this.logStartOffset || fetchOffset > leo) throw new OffsetOutOfRangeError(fetchOffset, this.logStartOffset, leo);
    if (fetchOffset === leo) return result;
    for (let i = this.segmentIndexFor(fetchOffset); i < this.segments.length; i++) {
      const seg = this.segments[i];
      let position = 0;
      if (result.bytes === 0) {
        const first = seg.locate(fetchOffset);
        if (first === null) continue;
        position = first.position;
      }
      const chunk = seg.readBatches(position, maxBytes - result.bytes, minOneBatch && result.bytes === 0);
      if (chunk === null) break;
      result.records.push(chunk);
      result.bytes += chunk.length;
      if (position + chunk.length < seg.size || result.bytes >= maxBytes) break;
    }
    return result;
  }

  /**
   * The first batch whose maxTimestamp >= `ts`: its base offset (never below logStartOffset) and
   * maxTimestamp; null if there is none. The ListOffsets sentinels -1 (latest) and -2
   * (earliest) give logEndOffset and logStartOffset with timestamp -1.
   */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    this.checkOpen();
    if (ts === LATEST_TIMESTAMP) return { offset: this.logEndOffset, timestamp: -1 };
    if (ts === EARLIEST_TIMESTAMP) return { offset: this.logStartOffset, timestamp: -1 };
    for (const seg of this.segments) {
      const b = seg.findByTimestamp(ts);
      if (b === null) continue;
      // Narrow to the record: the batch holds the first record at or after ts (its maxTimestamp
      // is >= ts), but earlier records of it may be older.
      const bytes = seg.readBatches(b.position, b.size, true);
      const r = bytes ? firstRecordAtOrAfter(bytes, ts) : undefined;
      if (r) return { offset: Math.max(b.baseOffset + r.offsetDelta, this.logStartOffset), timestamp: r.timestamp };
      return { offset: Math.max(b.baseOffset, this.logStartOffset), timestamp: b.maxTimestamp };
    }
    return null;
  }

  /**
   * ListOffsets' MAX_TIMESTAMP (-3): the largest batch maxTimestamp in the log and the last offset
   * of the first batch that reached it (Kafka's "shallow" offset of the max timestamp), or null
   * for an empty log or one without timestamps.
   */
  maxTimestampOffset(): { offset: number; timestamp: number } | null {
    this.checkOpen();
    let best: { offset: number; timestamp: number } | null = null;
    for (const seg of this.segments) {
      if (seg.maxTimestamp >= 0 && (best === null || seg.maxTimestamp > best.timestamp)) {
        best = { offset: seg.offsetOfMaxTimestamp, timestamp: seg.maxTimestamp };
      }
    }
    return best;
  }

  /**
   * Retention (Kafka's deleteOldSegments): deletes, oldest first, the closed segments (never the
   * active one) that lie wholly below the log start offset, then those whose largest record
   * timestamp (the file's mtime when it has none) is more than `retention.ms` before `now`, then
   * those that can go while the log stays at least `retention.bytes` big. Each rule deletes a
   * prefix of the log and stops at the first segment it keeps. Does nothing unless cleanup.policy
   * includes delete. Returns the deleted segments.
   */
  deleteOldSegments(now: number = Date.now()): DeletedSegment[] {
    this.checkOpen();
    const deleted: DeletedSegment[] = [];
    // Below the log start offset (after DeleteRecords): whatever the cleanup policy.
    deleted.push(...this.deletePrefix((_seg, next) => next.baseOffset <= this.startOffset,
      () => `due to log start offset ${this.startOffset} breach`));
    if (this.config.deleteRetention === false) return deleted;
    const retentionMs = this.config.retentionMs ?? -1;
    if (retentionMs >= 0) {
      const expired = (seg: Segment): boolean => now - this.largestTimestamp(seg) > retentionMs;
      deleted.push(...this.deletePrefix(expired, () => `due to retention time ${retentionMs}ms breach`));
      // As Kafka: when everything left is the active segment and it has expired too, roll it so
      // that it can go (a topic nobody writes to does not keep its last segment forever).
      if (this.segments.length === 1 && this.active.size > 0 && expired(this.active)) {
        this.roll(now, 'retention.ms breached by the active segment');
        deleted.push(...this.deletePrefix(expired, () => `due to retention time ${retentionMs}ms breach`));
      }
    }
    const retentionBytes = this.config.retentionBytes ?? -1;
    if (retentionBytes >= 0) {
      let diff = this.sizeInBytes - retentionBytes;
      deleted.push(...this.deletePrefix((seg) => {
        if (diff - seg.size < 0) return false;
        diff -= seg.size;
        return true;
      }, () => `due to retention size ${retentionBytes} breach. Log size after deletion will be ${this.sizeInBytes}`));
    }
    return deleted;
  }

  /**
   * DeleteRecords: moves the log start offset up to `offset` (which must be at most the high
   * watermark; a lower one than the current start changes nothing), persists it, and deletes the
   * closed segments wholly below it. Returns the new log start offset and the deleted segments.
   */
  deleteRecordsBefore(offset: number): { logStartOffset: number; deleted: DeletedSegment[] } {
    this.checkOpen();
    if (offset < 0 || offset > this.logEndOffset) throw new OffsetOutOfRangeError(offset, this.startOffset, this.logEndOffset);
    if (offset <= this.startOffset) return { logStartOffset: this.startOffset, deleted: [] };
    this.startOffset = offset;
    this.writeStartCheckpoint();
    this.producerState.truncateHead(offset);
    const deleted = this.deletePrefix((_seg, next) => next.baseOffset <= this.startOffset,
      () => `due to log start offset ${this.startOffset} breach`);
    return { logStartOffset: this.startOffset, deleted };
  }

  /** A segment's largest record timestamp, or its file's modification time when it has none. */
  private largestTimestamp(seg: Segment): number {
    if (seg.maxTimestamp >= 0) return seg.maxTimestamp;
    try {
      return fs.statSync(seg.logPath).mtimeMs;
    } catch {
      return Date.now();
    }
  }

  /**
   * Deletes the longest prefix of closed segments for which `shouldDelete(segment, nextSegment)`
   * holds (the message is built after the segment is gone, so sizes in it are the new ones).
   */
  private deletePrefix(shouldDelete: (seg: Segment, next: Segment) => boolean, reason: () => string): DeletedSegment[] {
    const out: DeletedSegment[] = [];
    while (this.segments.length > 1 && shouldDelete(this.segments[0], this.segments[1])) {
      const seg = this.segments[0];
      const describe = `LogSegment(baseOffset=${seg.baseOffset}, size=${seg.size}, largestRecordTimestamp=${seg.maxTimestamp})`;
      // Closing first releases the segment's fd from the shared read cache, so no later read can
      // use an fd of a deleted file; reads are synchronous, so none is in progress.
      seg.deleteFiles();
      this.segments.shift();
      out.push({ baseOffset: seg.baseOffset, size: seg.size, message: `Deleting segment ${describe} ${reason()}` });
    }
    if (out.length > 0) {
      syncDir(this.dir);
      if (this.segments[0].baseOffset > this.startOffset) {
        this.startOffset = this.segments[0].baseOffset;
        this.writeStartCheckpoint();
        this.producerState.truncateHead(this.startOffset);
      }
    }
    return out;
  }

  private writeStartCheckpoint(): void {
    writeOffsetCheckpoint(this.dir, LOG_START_OFFSET_CHECKPOINT, this.startOffset);
  }

  // ---- for the log cleaner (cleaner/log-cleaner.ts) ----

  /** The settings in force (the cleaner reads the compaction ones). */
  get settings(): Readonly<LogConfig> {
    return this.config;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** First offset not yet compacted (never below the log start offset). */
  get firstDirtyOffset(): number {
    return Math.max(this.firstDirty, this.startOffset);
  }

  /** The closed segments, oldest first (a copy; the segments themselves are live). */
  closedSegments(): Segment[] {
    return this.segments.slice(0, -1);
  }

  /** Records (durably, without blocking requests) that everything below `offset` has been compacted. */
  async setFirstDirtyOffset(offset: number): Promise<void> {
    await writeOffsetCheckpointAsync(this.dir, CLEANER_OFFSET_CHECKPOINT, offset);
    this.firstDirty = offset;
  }

  /**
   * Replaces `group` (consecutive closed segments of this log, followed by the segment at `end`)
   * with the cleaned segment the cleaner prepared as .swap files (segment-swap.ts), in one
   * synchronous step of renames, so no read ever sees a partly cleaned log. Returns false,
   * changing nothing, when the log changed since the cleaner looked (closed, segments deleted by
   * retention, ...); the caller then aborts the swap.
   */
  swapCleaned(group: readonly Segment[], end: number, now: number = Date.now()): boolean {
    if (this.closed || group.length === 0) return false;
    const i = this.segments.indexOf(group[0]);
    if (i < 0 || i + group.length >= this.segments.length || group.some((seg, k) => this.segments[i + k] !== seg)) return false;
    if (this.segments[i + group.length].baseOffset !== end) return false;
    const base = group[0].baseOffset;
    for (const seg of group) seg.close();
    commitSwap(this.dir, base, end);
    const cleaned = Segment.openClosed(this.dir, base, end, { indexIntervalBytes: this.config.indexIntervalBytes, log: this.logFn }, now);
    this.segments.splice(i, group.length, cleaned);
    return true;
  }

  /** New settings apply from the next append (rolling) and to index entries added from now on. */
  updateConfig(c: LogConfig): void {
    this.config = { ...c };
    this.producerState.updateOptions({ expirationMs: c.producerIdExpirationMs ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS, log: this.logFn });
    for (const s of this.segments) s.indexIntervalBytes = c.indexIntervalBytes;
  }

  /** Flush policy bookkeeping for batches just written; fsyncs when flush.messages is reached. */
  private countUnflushed(batches: readonly BatchInfo[], now: number): void {
    for (const b of batches) this.unflushed += b.recordCount;
    this.unflushedSince ??= now;
    const limit = this.config.flushMessages;
    if (isFiniteFlushSetting(limit) && this.unflushed >= limit) this.flush();
  }

  /** Records appended but not yet fsynced. */
  get unflushedMessages(): number {
    return this.unflushed;
  }

  /** fsyncs done by flush() (policy, periodic or explicit; not counting rolls and close). */
  get flushCount(): number {
    return this.flushes;
  }

  /**
   * The periodic flusher's check: fsyncs if the oldest unflushed append is at least `flush.ms`
   * old at `now`. Returns whether it flushed.
   */
  flushIfDue(now: number = Date.now()): boolean {
    if (this.closed || this.unflushedSince === null) return false;
    const flushMs = this.config.flushMs;
    if (!isFiniteFlushSetting(flushMs) || now - this.unflushedSince < flushMs) return false;
    this.flush();
    return true;
  }

  /** fsyncs the active segment's log and index files. */
  flush(): void {
    this.checkOpen();
    this.active.flush();
    this.unflushed = 0;
    this.unflushedSince = null;
    this.flushes++;
  }

  /**
   * Flushes and closes every fd (including cached read fds of closed segments), after writing a
   * producer state snapshot at the log end offset (unless the newest one is already there, or the
   * log is empty and there is no state).
   */
  close(): void {
    if (this.closed) return;
    this.active.flush();
    const leo = this.logEndOffset;
    if (leo !== this.producerState.latestSnapshotOffset && (leo !== this.logStartOffset || this.producerState.size > 0)) {
      this.snapshotProducerState(leo, Date.now());
    }
    for (const s of this.segments) s.close();
    this.closed = true;
  }

  /** Closes the log and removes its directory (topic deletion). */
  deleteAll(): void {
    if (!this.closed) {
      for (const s of this.segments) s.close();
      this.closed = true;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
