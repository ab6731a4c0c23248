// The idempotent producers of one partition (Kafka's ProducerStateManager / ProducerAppendInfo,
// without transactions): per producer id the current epoch and the metadata of its last five
// appended batches, the sequence-number rules that decide whether a new batch is accepted, a
// duplicate, out of order or from a fenced epoch, and the durable form of that state.
//
// Rules for a batch of producer P with epoch e and sequences [first, last] (checked from the batch
// header only, so the cost per batch does not depend on its records), as Kafka (2.5+, KIP-360)
// applies them to non-transactional batches from clients:
//   - producerId -1 (no producer id): no checks, no state.
//   - same epoch as P's and [first, last] equal to one of P's last 5 batches: a duplicate (a
//     retry whose answer was lost). Nothing is written; the client is answered NONE with the
//     offsets the original batch got (Kafka >= 2.x; DUPLICATE_SEQUENCE_NUMBER was the old answer).
//   - e lower than P's epoch: INVALID_PRODUCER_EPOCH (Kafka's answer on Produce since 2.7).
//   - e higher than P's epoch (the producer bumped its epoch): first must be 0, else
//     OUT_OF_ORDER_SEQUENCE_NUMBER. P's retained batches are forgotten.
//   - same epoch: first must follow P's last sequence (last + 1, or 0 after 2147483647), else
//     OUT_OF_ORDER_SEQUENCE_NUMBER.
//   - P unknown to this partition: any first sequence is accepted. Kafka does the same since 2.5:
//     the state of a producer can disappear while the producer lives on (here: expiry after
//     `producer.id.expiration.ms` without appends, and retention and DeleteRecords, which
//     evict producers whose last offset falls below the log start offset: truncateHead), and refusing its
//     next batch would fail a healthy producer. Before 2.5 Kafka answered UNKNOWN_PRODUCER_ID.
//   - Transactional batches: INVALID_TXN_STATE until the broker has transactions (no transaction
//     coordinator could have added the partition to a transaction; Kafka's answer to a
//     transactional batch that fails verification).
//
// Durability, as Kafka: the state is written to `<offset>.snapshot` in the partition directory
// when a segment is rolled and on clean shutdown, where <offset> (20 digits) is the log end offset
// the state is valid at. On open the newest valid snapshot at or below the log end offset is
// loaded and the batch headers after it are replayed; snapshots past the log end (a truncated
// tail) and damaged ones are removed, and without any usable snapshot the state is rebuilt from
// the headers of the whole log. The two newest snapshots are kept.
//
// Snapshot format (big-endian), version 1:
//   magic        4 bytes   "TPS1"
//   crc          uint32    CRC-32C of every byte after this field
//   offset       int64     log end offset the state is valid at (equal to the file name)
//   count        int32     number of producers
//   count times:
//     producerId    int64
//     epoch         int16
//     lastUpdateMs  int64   broker time of the producer's last append (expiry clock)
//     batchCount    int8    1..5, oldest first:
//       firstSeq     int32
//       lastSeq      int32
//       firstOffset  int64
//       offsetDelta  int32   lastOffset - firstOffset
//       timestamp    int64   the batch's maxTimestamp as stored
// The file is written to `<name>.tmp`, fsynced and renamed, so a crash leaves the old file or the
// new one; the CRC catches anything else (a damaged file counts as missing).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { ChunkReader } from './batch-scanner.js';
import { writeFileAtomically } from '../util/durable-file.js';
import {
  ATTRIBUTES_OFFSET, BASE_SEQUENCE_OFFSET, BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, BatchValidationError, CURRENT_MAGIC,
  LAST_OFFSET_DELTA_OFFSET, LOG_OVERHEAD, MAGIC_OFFSET, MAX_TIMESTAMP_OFFSET, PRODUCER_EPOCH_OFFSET, PRODUCER_ID_OFFSET,
  TRANSACTIONAL_FLAG_MASK, readInt64, writeInt64, type BatchInfo,
} from './record-batch.js';

/** Batches remembered per producer for duplicate detection (Kafka's NUM_BATCHES_TO_RETAIN). */
export const NUM_BATCHES_TO_RETAIN = 5;
/** `producer.id.expiration.ms`: a producer without appends for this long is forgotten. */
export const DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000;
/** `producer.id.expiration.check.interval.ms`: how often appends look for expired producers. */
export const PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = 600_000;
export const SNAPSHOT_SUFFIX = '.snapshot';
/** Snapshots kept after writing a new one (the newest ones). */
const SNAPSHOTS_TO_KEEP = 2;

const INT32_MAX = 2147483647;
const SNAPSHOT_MAGIC = Buffer.from('TPS1', 'latin1');
const SNAPSHOT_HEADER = 4 + 4 + 8 + 4;
const PRODUCER_SIZE = 8 + 2 + 8 + 1;
const BATCH_META_SIZE = 4 + 4 + 8 + 4 + 8;
const SNAPSHOT_FILE = /^(\d{20})\.snapshot$/;

export type ProducerErrorCode = 'OUT_OF_ORDER_SEQUENCE_NUMBER' | 'INVALID_PRODUCER_EPOCH' | 'INVALID_TXN_STATE';

/** A batch refused by the producer-state rules; nothing of the append was written. */
export class ProducerStateError extends Error {
  constructor(readonly code: ProducerErrorCode, message: string) {
    super(message);
    this.name = 'ProducerStateError';
  }
}

/** Where one appended batch of a producer landed. */
export interface BatchMetadata {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  /** The batch's maxTimestamp as stored (the append time for LogAppendTime topics). */
  readonly timestamp: number;
}

/** One producer's state in one partition. */
export class ProducerEntry {
  constructor(
    public epoch: number,
    /** Oldest first, at most NUM_BATCHES_TO_RETAIN, all of `epoch`. */
    public batches: BatchMetadata[],
    /** Broker time of the last append (or of the replay that found it), for expiry. */
    public lastUpdateMs: number,
  ) {}

  get lastSeq(): number {
    return this.batches.length === 0 ? -1 : this.batches[this.batches.length - 1].lastSeq;
  }

  findDuplicate(epoch: number, firstSeq: number, lastSeq: number): BatchMetadata | null {
    if (epoch !== this.epoch) return null;
    for (const b of this.batches) if (b.firstSeq === firstSeq && b.lastSeq === lastSeq) return b;
    return null;
  }

  addBatch(epoch: number, meta: BatchMetadata, now: number): void {
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.batches = [];
    }
    this.batches.push(meta);
    if (this.batches.length > NUM_BATCHES_TO_RETAIN) this.batches.shift();
    this.lastUpdateMs = now;
  }
}

/** `sequence + increment`, wrapping past 2147483647 to 0 (Kafka's DefaultRecordBatch.incrementSequence). */
export function incrementSequence(sequence: number, increment: number): number {
  return sequence > INT32_MAX - increment ? increment - (INT32_MAX - sequence) - 1 : sequence + increment;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

/** The outcome of checking the batches of one append. */
export interface ProducerCheck {
  /** Per batch: the batch already in the log it duplicates, or null for a batch to write (null: none is). */
  readonly duplicates: (BatchMetadata | null)[] | null;
  readonly duplicateCount: number;
}

/** The producer fields of a batch header, as met when replaying the log. */
export interface ProducerBatchHeader {
  baseOffset: number;
  lastOffsetDelta: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

/**
 * Walks the batch headers of [position, end) of a segment file (reading 61 bytes a batch, in
 * chunks), calling `onBatch` for every batch of an idempotent producer. Stops quietly at anything
 * that is not a whole batch header (the log layer has already recovered the file).
 */
export function replayProducerBatches(fd: number, position: number, end: number, fromOffset: number, onBatch: (h: ProducerBatchHeader) => void): number {
  const reader = new ChunkReader(fd, end);
  let pos = position;
  let count = 0;
  while (pos < end) {
    const v = reader.view(pos, BATCH_HEADER_SIZE);
    if (v === null || v.buf.readInt8(v.at + MAGIC_OFFSET) !== CURRENT_MAGIC) break;
    const size = LOG_OVERHEAD + v.buf.readInt32BE(v.at + BATCH_LENGTH_OFFSET);
    if (size < BATCH_HEADER_SIZE) break;
    const baseOffset = readInt64(v.buf, v.at);
    const lastOffsetDelta = v.buf.readInt32BE(v.at + LAST_OFFSET_DELTA_OFFSET);
    const producerId = readInt64(v.buf, v.at + PRODUCER_ID_OFFSET);
    if (producerId >= 0 && baseOffset + lastOffsetDelta >= fromOffset && (v.buf.readInt16BE(v.at + ATTRIBUTES_OFFSET) & TRANSACTIONAL_FLAG_MASK) === 0) {
      onBatch({
        baseOffset,
        lastOffsetDelta,
        maxTimestamp: readInt64(v.buf, v.at + MAX_TIMESTAMP_OFFSET),
        producerId,
        producerEpoch: v.buf.readInt16BE(v.at + PRODUCER_EPOCH_OFFSET),
        baseSequence: v.buf.readInt32BE(v.at + BASE_SEQUENCE_OFFSET),
      });
      count++;
    }
    pos += size;
  }
  return count;
}

export function snapshotFileName(offset: number): string {
  return String(offset).padStart(20, '0') + SNAPSHOT_SUFFIX;
}

export interface ProducerStateOptions {
  /** `producer.id.expiration.ms`. */
  expirationMs: number;
  log: (msg: string) => void;
}

export interface LoadOptions extends ProducerStateOptions {
  logStartOffset: number;
  logEndOffset: number;
  now: number;
  /** Replays the idempotent batches of the log from `fromOffset` to its end; returns how many. */
  replay: (fromOffset: number, onBatch: (h: ProducerBatchHeader) => void) => number;
}

export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerEntry>();
  /** Offsets of the snapshot files on disk, ascending. */
  private snapshots: number[] = [];
  private lastExpiryCheck: number;

  private constructor(readonly dir: string, private opts: ProducerStateOptions, now: number) {
    this.lastExpiryCheck = now;
  }

  /** An empty state that writes its snapshots to `dir` (no files are read). */
  static empty(dir: string, opts: ProducerStateOptions, now = Date.now()): ProducerStateManager {
    return new ProducerStateManager(dir, opts, now);
  }

  /** Loads the state of the log in `dir`: newest usable snapshot plus the batches after it. */
  static load(dir: string, o: LoadOptions): ProducerStateManager {
    const m = new ProducerStateManager(dir, { expirationMs: o.expirationMs, log: o.log }, o.now);
    const found: number[] = [];
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith(SNAPSHOT_SUFFIX + '.tmp')) {
        fs.rmSync(path.join(dir, name), { force: true });
        continue;
      }
      const match = SNAPSHOT_FILE.exec(name);
      if (match === null) continue;
      const offset = Number(match[1]);
      if (offset > o.logEndOffset) {
        o.log(`${path.join(dir, name)}: removing producer state snapshot past the log end offset ${o.logEndOffset}`);
        fs.rmSync(path.join(dir, name), { force: true });
      } else {
        found.push(offset);
      }
    }
    found.sort((a, b) => a - b);
    let from = o.logStartOffset;
    let loaded = false;
    for (let i = found.length - 1; i >= 0; i--) {
      const file = path.join(dir, snapshotFileName(found[i]));
      const problem = m.readSnapshot(file, found[i]);
      if (problem === null) {
        from = Math.max(found[i], o.logStartOffset);
        loaded = true;
        break;
      }
      o.log(`${file}: removing damaged producer state snapshot: ${problem}`);
      fs.rmSync(file, { force: true });
      found.splice(i, 1);
      m.producers.clear();
    }
    m.snapshots = found;
    if (from < o.logEndOffset) {
      const started = Date.now();
      const n = o.replay(from, (h) => m.replayBatch(h, o.now));
      // Logged only when idempotent batches were found: most logs have none.
      if (n > 0) o.log(`${loaded ? `loaded the producer state snapshot at offset ${from} and rebuilt` : 'no producer state snapshot: rebuilt'} ` +
        `the producer state from the batch headers of offsets ${from}..${o.logEndOffset - 1} ` +
        `(${n} idempotent batches, ${m.producers.size} producers) in ${Date.now() - started} ms`);
    }
    m.removeExpired(o.now);
    return m;
  }

  get size(): number {
    return this.producers.size;
  }

  /** The state of `producerId` (read-only use). */
  entry(producerId: number): ProducerEntry | undefined {
    return this.producers.get(producerId);
  }

  producerIds(): number[] {
    return [...this.producers.keys()];
  }

  /** Offsets of the snapshot files on disk, ascending. */
  snapshotOffsets(): readonly number[] {
    return this.snapshots;
  }

  get latestSnapshotOffset(): number {
    return this.snapshots.length === 0 ? -1 : this.snapshots[this.snapshots.length - 1];
  }

  updateOptions(opts: ProducerStateOptions): void {
    this.opts = opts;
  }

  /**
   * Checks the batches of one append against the state (and against the batches before them in
   * the same append). Throws ProducerStateError or BatchValidationError; changes nothing.
   */
  check(batches: readonly BatchInfo[]): ProducerCheck {
    let duplicates: (BatchMetadata | null)[] | null = null;
    let duplicateCount = 0;
    // Epoch and last sequence of producers after the earlier batches of this append.
    let pending: Map<number, { epoch: number; lastSeq: number }> | null = null;
    for (let i = 0; i < batches.length; i++) {
      const b = batches[i];
      if (b.isTransactional) {
        throw new ProducerStateError('INVALID_TXN_STATE', `Transactional record batches are not supported by this broker yet (producer id ${b.producerId}, epoch ${b.producerEpoch}): use a non-transactional (idempotent) producer`);
      }
      if (b.producerId < 0) continue;
      if (b.baseSequence < 0 || b.producerEpoch < 0) {
        throw new BatchValidationError('INVALID_RECORD', `Invalid sequence number ${b.baseSequence} or epoch ${b.producerEpoch} in record batch with producerId ${b.producerId}`);
      }
      const firstSeq = b.baseSequence;
      const lastSeq = incrementSequence(firstSeq, b.lastOffsetDelta);
      const entry = this.producers.get(b.producerId);
      const earlier = pending?.get(b.producerId);
      if (earlier === undefined && entry !== undefined) {
        const dup = entry.findDuplicate(b.producerEpoch, firstSeq, lastSeq);
        if (dup !== null) {
          duplicates ??= new Array<BatchMetadata | null>(batches.length).fill(null);
          duplicates[i] = dup;
          duplicateCount++;
          continue;
        }
      }
      const currentEpoch = earlier?.epoch ?? entry?.epoch ?? -1;
      const currentLastSeq = earlier?.lastSeq ?? entry?.lastSeq ?? -1;
      if (currentEpoch >= 0) {
        if (b.producerEpoch < currentEpoch) {
          throw new ProducerStateError('INVALID_PRODUCER_EPOCH', `Epoch of producer ${b.producerId} is ${b.producerEpoch}, which is smaller than the last seen epoch ${currentEpoch}`);
        }
        if (b.producerEpoch !== currentEpoch) {
          if (firstSeq !== 0) {
            throw new ProducerStateError('OUT_OF_ORDER_SEQUENCE_NUMBER', `Invalid sequence number for new epoch of producer ${b.producerId}: ${b.producerEpoch} (request epoch), ${firstSeq} (seq. number), ${currentEpoch} (current producer epoch)`);
          }
        } else if (currentLastSeq >= 0 && !inSequence(currentLastSeq, firstSeq)) {
          throw new ProducerStateError('OUT_OF_ORDER_SEQUENCE_NUMBER', `Out of order sequence number for producer ${b.producerId}: ${firstSeq} (incoming seq. number), ${currentLastSeq} (current end sequence number)`);
        }
      }
      if (i < batches.length - 1) {
        pending ??= new Map();
        pending.set(b.producerId, { epoch: b.producerEpoch, lastSeq });
      }
    }
    return { duplicates, duplicateCount };
  }

  /** Records a batch just written at [firstOffset, firstOffset + lastOffsetDelta]. */
  update(b: BatchInfo, firstOffset: number, now: number): void {
    const meta: BatchMetadata = {
      firstSeq: b.baseSequence,
      lastSeq: incrementSequence(b.baseSequence, b.lastOffsetDelta),
      firstOffset,
      lastOffset: firstOffset + b.lastOffsetDelta,
      timestamp: b.maxTimestamp,
    };
    const entry = this.producers.get(b.producerId);
    if (entry === undefined) this.producers.set(b.producerId, new ProducerEntry(b.producerEpoch, [meta], now));
    else entry.addBatch(b.producerEpoch, meta, now);
  }

  private replayBatch(h: ProducerBatchHeader, now: number): void {
    const meta: BatchMetadata = {
      firstSeq: h.baseSequence,
      lastSeq: incrementSequence(h.baseSequence, h.lastOffsetDelta),
      firstOffset: h.baseOffset,
      lastOffset: h.baseOffset + h.lastOffsetDelta,
      timestamp: h.maxTimestamp,
    };
    // The broker time of these appends is unknown; counting from the replay keeps the producer
    // at most one expiration period longer than it would have lived.
    const entry = this.producers.get(h.producerId);
    if (entry === undefined) this.producers.set(h.producerId, new ProducerEntry(h.producerEpoch, [meta], now));
    else entry.addBatch(h.producerEpoch, meta, now);
  }

  /** Forgets producers without appends for `producer.id.expiration.ms` (at most every check interval). */
  maybeExpire(now: number): void {
    if (now - this.lastExpiryCheck >= PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS) this.removeExpired(now);
  }

  removeExpired(now: number): number {
    this.lastExpiryCheck = now;
    let removed = 0;
    for (const [id, e] of this.producers) {
      if (now - e.lastUpdateMs >= this.opts.expirationMs) {
        this.producers.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /**
   * The log start offset moved to `logStartOffset` (retention or DeleteRecords): as Kafka's
   * truncateHead, forgets the producers whose last appended offset is below it (their batches
   * are gone, so they can no longer be duplicates) and deletes the snapshots below it. Returns
   * how many producers were removed.
   */
  truncateHead(logStartOffset: number): number {
    let removed = 0;
    for (const [id, e] of this.producers) {
      const last = e.batches.length === 0 ? -1 : e.batches[e.batches.length - 1].lastOffset;
      if (last < logStartOffset) {
        this.producers.delete(id);
        removed++;
      }
    }
    while (this.snapshots.length > 0 && this.snapshots[0] < logStartOffset) {
      const old = this.snapshots.shift()!;
      fs.rmSync(path.join(this.dir, snapshotFileName(old)), { force: true });
    }
    return removed;
  }

  /**
   * Writes the state as of log end offset `offset` to `<offset>.snapshot` (atomically) and
   * removes all but the newest snapshots.
   */
  takeSnapshot(offset: number, now: number): void {
    this.removeExpired(now);
    const file = path.join(this.dir, snapshotFileName(offset));
    writeFileAtomically(file, this.encode(offset));
    this.snapshots = this.snapshots.filter((o) => o !== offset);
    this.snapshots.push(offset);
    this.snapshots.sort((a, b) => a - b);
    while (this.snapshots.length > SNAPSHOTS_TO_KEEP) {
      const old = this.snapshots.shift()!;
      fs.rmSync(path.join(this.dir, snapshotFileName(old)), { force: true });
    }
  }

  private encode(offset: number): Buffer {
    let size = SNAPSHOT_HEADER;
    for (const e of this.producers.values()) size += PRODUCER_SIZE + e.batches.length * BATCH_META_SIZE;
    const buf = Buffer.alloc(size);
    SNAPSHOT_MAGIC.copy(buf, 0);
    let pos = 8;
    writeInt64(buf, pos, offset);
    buf.writeInt32BE(this.producers.size, pos + 8);
    pos += 12;
    for (const [id, e] of this.producers) {
      writeInt64(buf, pos, id);
      buf.writeInt16BE(e.epoch, pos + 8);
      writeInt64(buf, pos + 10, e.lastUpdateMs);
      buf.writeInt8(e.batches.length, pos + 18);
      pos += PRODUCER_SIZE;
      for (const b of e.batches) {
        buf.writeInt32BE(b.firstSeq, pos);
        buf.writeInt32BE(b.lastSeq, pos + 4);
        writeInt64(buf, pos + 8, b.firstOffset);
        buf.writeInt32BE(b.lastOffset - b.firstOffset, pos + 16);
        writeInt64(buf, pos + 20, b.timestamp);
        pos += BATCH_META_SIZE;
      }
    }
    buf.writeUInt32BE(crc32c(buf.subarray(8)) >>> 0, 4);
    return buf;
  }

  /** Reads a snapshot into the (empty) map; returns what is wrong with it, or null. */
  private readSnapshot(file: string, expectedOffset: number): string | null {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (e) {
      return `cannot be read: ${(e as Error).message}`;
    }
    if (buf.length < SNAPSHOT_HEADER) return `${buf.length} bytes are too few for the header`;
    if (!buf.subarray(0, 4).equals(SNAPSHOT_MAGIC)) return 'not a snapshot of this format (bad magic)';
    const stored = buf.readUInt32BE(4);
    const computed = crc32c(buf.subarray(8)) >>> 0;
    if (stored !== computed) return `CRC-32C 0x${stored.toString(16)} does not match computed 0x${computed.toString(16)}`;
    const offset = readInt64(buf, 8);
    if (offset !== expectedOffset) return `holds offset ${offset}, not the ${expectedOffset} of its name`;
    const count = buf.readInt32BE(16);
    let pos = SNAPSHOT_HEADER;
    for (let i = 0; i < count; i++) {
      if (pos + PRODUCER_SIZE > buf.length) return `producer ${i} of ${count} runs past the end`;
      const id = readInt64(buf, pos);
      const epoch = buf.readInt16BE(pos + 8);
      const lastUpdateMs = readInt64(buf, pos + 10);
      const n = buf.readInt8(pos + 18);
      pos += PRODUCER_SIZE;
      if (n < 1 || n > NUM_BATCHES_TO_RETAIN) return `producer ${id} has ${n} batches`;
      if (pos + n * BATCH_META_SIZE > buf.length) return `batches of producer ${id} run past the end`;
      const batches: BatchMetadata[] = [];
      for (let j = 0; j < n; j++) {
        const firstOffset = readInt64(buf, pos + 8);
        batches.push({
          firstSeq: buf.readInt32BE(pos),
          lastSeq: buf.readInt32BE(pos + 4),
          firstOffset,
          lastOffset: firstOffset + buf.readInt32BE(pos + 16),
          timestamp: readInt64(buf, pos + 20),
        });
        pos += BATCH_META_SIZE;
      }
      this.producers.set(id, new ProducerEntry(epoch, batches, lastUpdateMs));
    }
    if (pos !== buf.length) return `${buf.length - pos} bytes after the last producer`;
    return null;
  }
}
