// Shared setup for the log cleaner tests: a compacted partition log fed with keyed updates and
// tombstones, and a reader that returns what a consumer would see.
import * as assert from 'node:assert/strict';
import { PartitionLog, type LogConfig } from '../../../../broker/log/partition-log.js';
import { encodeRecordBatch } from '../../../../broker/log/record-codec.js';
import { decodeRecords } from '../../../helpers/records.js';
import { config } from '../log-helper.js';

export const T0 = 1_700_000_000_000;

export function compactConfig(over: Partial<LogConfig> = {}): LogConfig {
  return config({
    segmentBytes: 400,
    compact: true,
    deleteRetention: false,
    deleteRetentionMs: 86_400_000,
    minCleanableDirtyRatio: 0.01,
    minCompactionLagMs: 0,
    ...over,
  });
}

export interface Write {
  key: string;
  /** null: a tombstone. */
  value: string | null;
  offset: number;
}

/**
 * Appends `rounds` rounds of updates of keys k0..k{keys-1} (value `<key>@<round>`), `perBatch`
 * records per batch, timestamps T0 + round; with `codec` compression. Returns every write.
 */
export function writeUpdates(log: PartitionLog, opts: { keys: number; rounds: number; perBatch?: number; codec?: number; ts?: number }): Write[] {
  const writes: Write[] = [];
  const perBatch = opts.perBatch ?? 5;
  for (let round = 0; round < opts.rounds; round++) {
    for (let k = 0; k < opts.keys; k += perBatch) {
      const recs = [];
      for (let j = k; j < Math.min(k + perBatch, opts.keys); j++) recs.push({ key: `k${j}`, value: `k${j}@${round}` });
      writes.push(...appendRecords(log, recs, opts.codec ?? 0, (opts.ts ?? T0) + round));
    }
  }
  return writes;
}

export function appendRecords(log: PartitionLog, recs: { key: string; value: string | null }[], codec = 0, ts = T0): Write[] {
  const r = log.append(encodeRecordBatch(recs.map((x) => ({ key: x.key, value: x.value, timestamp: ts })), { compression: codec }));
  return recs.map((x, i) => ({ key: x.key, value: x.value, offset: r.baseOffset + i }));
}

/** Every record of the log from its start, as a consumer reads it. */
export function readRecords(log: PartitionLog): Write[] {
  const r = log.read(log.logStartOffset, Number.MAX_SAFE_INTEGER, true);
  return decodeRecords(r.records).map((rec) => ({
    key: rec.key === null ? '<null>' : rec.key.toString(),
    value: rec.value === null ? null : rec.value.toString(),
    offset: rec.offset,
  }));
}

/** The latest write per key, in offset order. */
export function latestPerKey(writes: readonly Write[]): Write[] {
  const m = new Map<string, Write>();
  for (const w of writes) m.set(w.key, w);
  return [...m.values()].sort((a, b) => a.offset - b.offset);
}

/**
 * What a reader must see at any time, cleaned or not: offsets strictly increasing, every record
 * one that was written at that offset, and the latest write of every key present.
 */
export function assertConsistent(seen: readonly Write[], writes: readonly Write[]): void {
  const byOffset = new Map(writes.map((w) => [w.offset, w]));
  let last = -1;
  for (const r of seen) {
    assert.ok(r.offset > last, `offsets increase (${r.offset} after ${last})`);
    last = r.offset;
    assert.deepEqual(r, byOffset.get(r.offset), `offset ${r.offset} holds what was written there`);
  }
  const seenOffsets = new Set(seen.map((r) => r.offset));
  for (const w of latestPerKey(writes)) assert.ok(seenOffsets.has(w.offset), `latest write of ${w.key} (offset ${w.offset}) is readable`);
}
