/**
 * The log cleaner: compacts the logs whose cleanup.policy includes `compact`, keeping the latest
 * record per key (Kafka's LogCleaner, one cleaner thread).
 *
 * One pass over a log:
 *   1. Plan: the dirty section runs from the first offset not compacted yet (the cleaner
 *      checkpoint) to the first uncleanable offset: the active segment, or the first segment
 *      holding records younger than min.compaction.lag.ms. The log is cleaned when
 *      dirty / (clean + dirty) bytes reaches min.cleanable.dirty.ratio, when its oldest dirty
 *      record is older than max.compaction.lag.ms, or when kept tombstones have reached
 *      delete.retention.ms.
 *   2. Map: key -> latest offset over the dirty section (bounded by log.cleaner.dedupe.buffer.size;
 *      if it fills up, the pass covers only what was mapped).
 *   3. Clean: every closed segment below the mapped end is rewritten, in groups that fit
 *      segment.bytes, keeping a record unless a later offset of its key is in the map, it has no
 *      key, or it is a tombstone that was already in the cleaned part and whose segment's newest
 *      record is older than delete.retention.ms. Offsets never change; empty batches are dropped.
 *      Each cleaned group replaces its segments in one synchronous swap (segment-swap.ts).
 *   4. The checkpoint moves to the mapped end.
 *
 * The work is asynchronous: it reads log.cleaner.io.buffer.size bytes at a time and yields to the
 * event loop after every CLEANER_SLICE_MS of work, so produce and fetch requests are served in
 * between (the broker is single-threaded; a long synchronous pass would stall them). fsyncs and
 * file deletions are asynchronous too; the swap readers can observe is a few renames.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, LOG_OVERHEAD, readBatchInfos } from '../record-batch.js';
import type { PartitionLog } from '../partition-log.js';
import { LogCorruptionError, Segment } from '../segment.js';
import { INT32_MAX } from '../index-file.js';
import { filterBatch, forEachRecord } from './batch-filter.js';
import { OffsetMap } from './offset-map.js';
import { abortSwap, finishSwap, freshCleanerTmpDir, prepareSwap, removeCleanerTmpDir } from './segment-swap.js';

export interface CleanerSettings {
  /** `log.cleaner.dedupe.buffer.size`: memory for the key map of one pass. */
  dedupeBufferSize: number;
  /** `log.cleaner.io.buffer.size`: bytes read (and processed) between two yields. */
  ioBufferSize: number;
}

export interface CleanStats {
  log: string;
  /** Why the log was cleaned: dirty ratio, max.compaction.lag.ms or tombstones due. */
  reason: string;
  segmentsBefore: number;
  segmentsAfter: number;
  bytesRead: number;
  bytesWritten: number;
  recordsRead: number;
  recordsRemoved: number;
  tombstonesRemoved: number;
  keysMapped: number;
  durationMs: number;
  /** The pass stopped early because the log changed under it (retention, deletion, close). */
  aborted: boolean;
}

export interface CleaningPlan {
  reason: string;
  firstDirty: number;
  firstUncleanable: number;
  dirtyRatio: number;
  segments: Segment[];
}

/** Sum of sizes of the segments in [from, to) by offsets. */
function bytesBetween(segments: readonly Segment[], from: number, to: number): number {
  let n = 0;
  for (const s of segments) if (s.baseOffset >= from && s.nextOffset <= to) n += s.size;
  return n;
}

/**
 * Whether (and why) `log` should be cleaned at `now`; null when not. Pure apart from reading
 * the log's segment list.
 */
export function planCleaning(log: PartitionLog, now: number): CleaningPlan | null {
  const cfg = log.settings;
  if (cfg.compact !== true || log.isClosed) return null;
  const segments = log.closedSegments();
  if (segments.length === 0) return null;
  const firstDirty = log.firstDirtyOffset;
  let firstUncleanable = segments[segments.length - 1].nextOffset;
  const minLag = cfg.minCompactionLagMs ?? 0;
  if (minLag > 0) {
    for (const s of segments) {
      if (s.nextOffset > firstDirty && s.maxTimestamp > now - minLag) {
        firstUncleanable = Math.min(firstUncleanable, s.baseOffset);
        break;
      }
    }
  }
  const clean = bytesBetween(segments, 0, firstDirty);
  const dirty = bytesBetween(segments, firstDirty, firstUncleanable);
  const dirtyRatio = clean + dirty === 0 ? 0 : dirty / (clean + dirty);
  const plan = (reason: string): CleaningPlan => ({ reason, firstDirty, firstUncleanable, dirtyRatio, segments });
  if (dirty > 0 && dirtyRatio >= (cfg.minCleanableDirtyRatio ?? 0.5)) return plan(`dirty ratio ${dirtyRatio.toFixed(2)}`);
  const maxLag = cfg.maxCompactionLagMs ?? Number.MAX_SAFE_INTEGER;
  if (dirty > 0 && maxLag < Number.MAX_SAFE_INTEGER) {
    const oldest = segments.find((s) => s.nextOffset > firstDirty && s.baseOffset < firstUncleanable);
    if (oldest !== undefined && oldest.rollBaseTimestamp >= 0 && oldest.rollBaseTimestamp < now - maxLag) return plan('max.compaction.lag.ms');
  }
  if (clean > 0 && log.tombstonesDueAt <= now) return plan('tombstones past delete.retention.ms');
  return null;
}

/** Groups consecutive segments so that each cleaned segment stays within segment.bytes and int32 offsets. */
export function groupSegments(segments: readonly Segment[], maxBytes: number): Segment[][] {
  const groups: Segment[][] = [];
  let current: Segment[] = [];
  let bytes = 0;
  for (const s of segments) {
    const fits = current.length > 0 && bytes + s.size <= maxBytes && s.nextOffset - 1 - current[0].baseOffset <= INT32_MAX;
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(s);
    bytes += s.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * How long the cleaner works before it lets requests run. Produce and fetch requests wait at most
 * about this long behind the cleaner (the broker is single-threaded).
 */
export const CLEANER_SLICE_MS = 1;

/**
 * Visits every batch of `seg` in order (reading `chunkBytes` at a time), yielding to the event
 * loop whenever CLEANER_SLICE_MS of work has passed. Returns false if `stillValid` turned false
 * (the visit stops there). The batch buffers are only valid during the call.
 */
async function forEachBatchOf(seg: Segment, chunkBytes: number, visit: (batch: Buffer) => void, stillValid: () => boolean): Promise<boolean> {
  let position = 0;
  let sliceStart = performance.now();
  while (position < seg.size) {
    if (!stillValid()) return false;
    const chunk = seg.readBatches(position, chunkBytes, true);
    if (chunk === null) break;
    let pos = 0;
    while (pos < chunk.length) {
      const size = LOG_OVERHEAD + chunk.readInt32BE(pos + BATCH_LENGTH_OFFSET);
      if (size < BATCH_HEADER_SIZE || pos + size > chunk.length) throw new LogCorruptionError(`${seg.logPath}: bad batch length at position ${position + pos}`);
      visit(chunk.subarray(pos, pos + size));
      pos += size;
      if (performance.now() - sliceStart >= CLEANER_SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
        if (!stillValid()) return false;
      }
    }
    position += chunk.length;
  }
  return true;
}

/** Cleans one log at a time; see the file comment. */
export class LogCleaner {
  constructor(private readonly settings: CleanerSettings, private readonly logFn: (msg: string) => void = () => {}) {}

  /** One pass over `log` if planCleaning says so; null when there was nothing to do. */
  async clean(name: string, log: PartitionLog, now: number = Date.now()): Promise<CleanStats | null> {
    const plan = planCleaning(log, now);
    if (plan === null) return null;
    const started = performance.now();
    const stats: CleanStats = {
      log: name, reason: plan.reason, segmentsBefore: plan.segments.length, segmentsAfter: plan.segments.length, bytesRead: 0,
      bytesWritten: 0, recordsRead: 0, recordsRemoved: 0, tombstonesRemoved: 0, keysMapped: 0, durationMs: 0, aborted: false,
    };
    const valid = (): boolean => !log.isClosed;
    try {
      const mappedEnd = await this.buildMap(log, plan, stats, valid);
      if (mappedEnd === null) return this.finish(stats, started, true);
      const { map, end } = mappedEnd;
      const cfg = log.settings;
      const deleteRetentionMs = cfg.deleteRetentionMs ?? 86_400_000;
      let nextTombstoneDue = Number.MAX_SAFE_INTEGER;
      const toClean = plan.segments.filter((s) => s.nextOffset <= end);
      for (const group of groupSegments(toClean, cfg.segmentBytes)) {
        const r = await this.cleanGroup(log, group, map, plan.firstDirty, now - deleteRetentionMs, stats, valid);
        if (r === null) return this.finish(stats, started, true);
        nextTombstoneDue = Math.min(nextTombstoneDue, r.oldestKeptTombstoneSegmentTs + deleteRetentionMs);
      }
      if (end > log.firstDirtyOffset && !log.isClosed) await log.setFirstDirtyOffset(end);
      log.tombstonesDueAt = nextTombstoneDue;
      stats.segmentsAfter = log.closedSegments().length;
      return this.finish(stats, started, false);
    } finally {
      if (!log.isClosed) removeCleanerTmpDir(log.dir);
    }
  }

  private finish(stats: CleanStats, started: number, aborted: boolean): CleanStats {
    stats.durationMs = performance.now() - started;
    stats.aborted = aborted;
    return stats;
  }

  /** Step 2: the key map over the dirty section; returns it with the offset it covers up to. */
  private async buildMap(log: PartitionLog, plan: CleaningPlan, stats: CleanStats, valid: () => boolean): Promise<{ map: OffsetMap; end: number } | null> {
    const map = new OffsetMap(this.settings.dedupeBufferSize);
    let end = plan.firstDirty;
    for (const seg of plan.segments) {
      if (seg.nextOffset <= plan.firstDirty) continue;
      if (seg.baseOffset >= plan.firstUncleanable) break;
      let full = false;
      const ok = await forEachBatchOf(seg, this.settings.ioBufferSize, (batch) => {
        if (full) return;
        forEachRecord(batch, (r) => {
          if (!full && r.key !== null && !map.put(r.key, r.offset)) full = true;
        });
      }, () => valid() && !full);
      if (!ok && !full) return null;
      if (full) {
        // What was mapped of this segment still only removes older versions of keys whose
        // newer record is kept, so the map stays usable; the pass covers offsets below it.
        this.logFn(`${log.dir}: the cleaner's key map (log.cleaner.dedupe.buffer.size=${this.settings.dedupeBufferSize}) filled up at offset ${map.latestOffset}; cleaning up to offset ${seg.baseOffset} in this pass`);
        end = seg.baseOffset;
        break;
      }
      end = seg.nextOffset;
    }
    stats.keysMapped = map.size;
    return { map, end };
  }

  /**
   * Step 3 for one group: writes the cleaned segment into <dir>/cleaner-tmp and swaps it in.
   * Returns null if the log changed meanwhile (nothing swapped), else the largest-timestamp of
   * the oldest segment that still holds a tombstone (MAX_SAFE_INTEGER if none).
   */
  private async cleanGroup(
    log: PartitionLog, group: readonly Segment[], map: OffsetMap, firstDirty: number, tombstoneHorizon: number,
    stats: CleanStats, valid: () => boolean,
  ): Promise<{ oldestKeptTombstoneSegmentTs: number } | null> {
    const tmp = freshCleanerTmpDir(log.dir);
    const base = group[0].baseOffset;
    const end = group[group.length - 1].nextOffset;
    const out = Segment.create(tmp, base, { indexIntervalBytes: log.settings.indexIntervalBytes, log: this.logFn }, Date.now());
    let changed = false;
    let oldestKeptTombstoneSegmentTs = Number.MAX_SAFE_INTEGER;
    let completed = true;
    // Filtered batches are gathered and written about every ioBufferSize bytes.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const writePending = (): void => {
      if (pendingBytes === 0) return;
      const buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      out.append(buf, readBatchInfos(buf));
      stats.bytesWritten += buf.length;
      pending = [];
      pendingBytes = 0;
    };
    try {
      for (const seg of group) {
        // A tombstone may go once it was in the cleaned part before this pass (so readers had
        // the chance to see it) and its segment's newest record is past delete.retention.ms.
        const tombstonesExpired = seg.maxTimestamp >= 0 && seg.maxTimestamp < tombstoneHorizon;
        let keptTombstone = false;
        const ok = await forEachBatchOf(seg, this.settings.ioBufferSize, (batch) => {
          stats.bytesRead += batch.length;
          const r = filterBatch(batch, (rec) => {
            if (rec.key === null) return false;
            if (map.get(rec.key) > rec.offset) return false;
            if (rec.tombstone && rec.offset < firstDirty && tombstonesExpired) {
              stats.tombstonesRemoved++;
              return false;
            }
            return true;
          });
          stats.recordsRead += r.kept + r.removed;
          stats.recordsRemoved += r.removed;
          if (r.keptTombstones > 0) keptTombstone = true;
          if (r.batch !== batch) changed = true;
          if (r.batch !== null) {
            // A view into the chunk read for it (each read allocates its own buffer).
            pending.push(r.batch);
            pendingBytes += r.batch.length;
            if (pendingBytes >= this.settings.ioBufferSize) writePending();
          }
        }, valid);
        if (!ok) {
          completed = false;
          break;
        }
        if (keptTombstone) oldestKeptTombstoneSegmentTs = Math.min(oldestKeptTombstoneSegmentTs, Math.max(seg.maxTimestamp, 0));
      }
      writePending();
    } finally {
      out.seal();
    }
    if (!completed || !valid()) return null;
    if (!changed) return { oldestKeptTombstoneSegmentTs };
    // The slow parts (fsyncs, the range file, renames into place) happen before the one
    // synchronous step that readers can observe; removing the retired files happens after.
    await prepareSwap(log.dir, base, end);
    if (!log.swapCleaned(group, end)) {
      if (!log.isClosed) abortSwap(log.dir, base);
      return null;
    }
    await finishSwap(log.dir, base);
    return { oldestKeptTombstoneSegmentTs };
  }
}
