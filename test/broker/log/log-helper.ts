// Shared setup for the PartitionLog tests.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PartitionLog, type LogConfig } from '../../../broker/log/partition-log.js';
import { simpleBatch, splitBatches } from './batch-helper.js';

export function config(over: Partial<LogConfig> = {}): LogConfig {
  return {
    segmentBytes: 1 << 30,
    segmentMs: 7 * 24 * 3600 * 1000,
    indexIntervalBytes: 4096,
    maxMessageBytes: 1 << 20,
    messageTimestampType: 'CreateTime',
    ...over,
  };
}

export interface Opened {
  log: PartitionLog;
  messages: string[];
}

export function openLog(dir: string, c: LogConfig = config()): Opened {
  const messages: string[] = [];
  return { log: PartitionLog.open(dir, c, (m) => messages.push(m)), messages };
}

/** Appends `n` single-call batches of `records` records; returns [baseOffset, lastOffset, maxTimestamp] per batch. */
export function appendMany(log: PartitionLog, n: number, records = 10, valueBytes = 100, ts0 = 1_700_000_000_000): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const r = log.append(simpleBatch(records, valueBytes, ts0 + i * 1000));
    out.push([r.baseOffset, r.lastOffset, r.batches[0].maxTimestamp]);
  }
  return out;
}

/** Checks that fetching every offset returns the batch containing it first. */
export function checkEveryOffset(log: PartitionLog): void {
  for (let o = log.logStartOffset; o < log.logEndOffset; o++) {
    const r = log.read(o, 1, true);
    const [first] = splitBatches(r.records);
    assert.ok(first.baseOffset <= o && o <= first.lastOffset, `offset ${o} read batch [${first.baseOffset}, ${first.lastOffset}]`);
  }
}

/** Reads the whole log and returns its batches' [baseOffset, lastOffset]. */
export function readAll(log: PartitionLog): [number, number][] {
  const r = log.read(log.logStartOffset, Number.MAX_SAFE_INTEGER, true);
  return splitBatches(r.records).map((b) => [b.baseOffset, b.lastOffset]);
}

export function segmentFiles(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort();
}

export function fileOf(dir: string, base: number, suffix: string): string {
  return path.join(dir, String(base).padStart(20, '0') + suffix);
}
