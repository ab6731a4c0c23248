/**
 * Broker-side cost per batch, for batches of 1, 10, 100, 1000 records: the claim to check is
 * that the broker's own (JavaScript) work per batch does not grow with the number of records in
 * it, only the native byte-proportional part (CRC-32C, copy into the page cache) does.
 *
 *  - in process: `PartitionLog.append()` on one prebuilt batch, repeated; the same bytes are also
 *    timed through `crc32c` alone and `fs.writeSync` alone, which splits the cost.
 *  - network: Produce requests (one batch each) pipelined over a raw socket to the broker child;
 *    the broker's CPU time per request comes from /proc (schedstat: nanoseconds).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { PartitionLog, type LogConfig } from '../../broker/log/partition-log.js';
import { buildBatch } from './record-batch.js';
import type { RawClient } from './raw-client.js';
import { seconds } from './format.js';

export const MICRO_BATCH_SIZES = [1, 10, 100, 1000] as const;

/** Upper bound of bytes appended per batch size (keeps the segment below segment.bytes: no roll, no fsync). */
const MAX_BYTES_PER_SIZE = 64 * 1024 * 1024;

const LOG_CONFIG: LogConfig = {
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 3600 * 1000,
  indexIntervalBytes: 4096,
  maxMessageBytes: 1048588,
  messageTimestampType: 'CreateTime',
};

export interface InProcessRow {
  records: number;
  batchBytes: number;
  appends: number;
  appendUs: number;
  crcUs: number;
  writeUs: number;
}

/** Runs `fn` repeatedly for about `ms` (after a short warm-up) or `maxIterations`; µs per call. */
function timeLoop(ms: number, maxIterations: number, fn: () => void): { iterations: number; us: number } {
  const warm = Math.min(100, Math.max(1, Math.floor(maxIterations / 10)));
  for (let i = 0; i < warm; i++) fn();
  const budget = maxIterations - warm;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let n = 0;
  while (n < budget) {
    const chunk = Math.min(32, budget - n);
    for (let i = 0; i < chunk; i++) fn();
    n += chunk;
    if (process.hrtime.bigint() >= deadline) break;
  }
  return { iterations: n, us: (seconds(start) * 1e6) / Math.max(1, n) };
}

/** Rounds per measurement; the fastest round counts (the others carry scheduling / page-cache noise). */
const ROUNDS = 5;

export function inProcessAppend(dir: string, values: readonly Buffer[], ms: number): InProcessRow[] {
  const rows: InProcessRow[] = [];
  for (const k of MICRO_BATCH_SIZES) {
    const batch = buildBatch(k, { values });
    const perRound = Math.max(200, Math.floor(MAX_BYTES_PER_SIZE / ROUNDS / batch.length));
    const roundMs = Math.max(20, ms / ROUNDS);
    const logDir = path.join(dir, `micro-${k}-0`);
    const file = path.join(dir, `micro-write-${k}`);
    const log = PartitionLog.open(logDir, LOG_CONFIG);
    const fd = fs.openSync(file, 'w');
    const crcRegion = batch.subarray(21);
    let pos = 0;
    let appends = 0;
    let appendUs = Infinity;
    let crcUs = Infinity;
    let writeUs = Infinity;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // append() rewrites baseOffset / partitionLeaderEpoch in place (outside the CRC): reusing the buffer is fine.
        const a = timeLoop(roundMs, perRound, () => { log.append(batch); });
        appends += a.iterations;
        appendUs = Math.min(appendUs, a.us);
        crcUs = Math.min(crcUs, timeLoop(roundMs / 4, perRound, () => { crc32c(crcRegion); }).us);
        writeUs = Math.min(writeUs, timeLoop(roundMs / 4, perRound, () => { pos += fs.writeSync(fd, batch, 0, batch.length, pos); }).us);
      }
    } finally {
      log.close();
      fs.closeSync(fd);
      fs.rmSync(logDir, { recursive: true, force: true });
      fs.rmSync(file, { force: true });
    }
    rows.push({ records: k, batchBytes: batch.length, appends, appendUs, crcUs, writeUs });
  }
  return rows;
}

export interface NetworkRow {
  records: number;
  batchBytes: number;
  requests: number;
  wallUs: number;
  /** Broker CPU per request, all threads / the main (JavaScript) thread only; NaN without /proc. */
  brokerCpuUs: number;
  brokerMainCpuUs: number;
  /** The measured window (process.hrtime µs), to pick its samples out of a profile. */
  fromUs: number;
  toUs: number;
}

/**
 * Pipelines Produce requests (acks=all, one batch of `k` records each, `depth` in flight) for
 * about `ms` or 64 MB per batch size, each size to its own single-partition topic.
 */
export async function networkProduce(
  client: RawClient, topicPrefix: string, values: readonly Buffer[], ms: number, depth: number,
  brokerCpu: () => { all: number; main: number },
): Promise<NetworkRow[]> {
  const rows: NetworkRow[] = [];
  for (const k of MICRO_BATCH_SIZES) {
    const topic = `${topicPrefix}-${k}`;
    await client.createTopic(topic, 1);
    const batch = buildBatch(k, { values });
    const frame = client.produceFrame(topic, 0, batch);
    const maxRequests = Math.max(1000, Math.floor(MAX_BYTES_PER_SIZE / batch.length));
    const run = async (budgetMs: number, limit: number): Promise<number> => {
      const deadline = process.hrtime.bigint() + BigInt(budgetMs) * 1_000_000n;
      let sent = 0;
      let stop = false;
      const lane = async (): Promise<void> => {
        while (!stop && sent < limit) {
          sent++;
          await client.produce(frame);
          if (process.hrtime.bigint() >= deadline) stop = true;
        }
      };
      await Promise.all(Array.from({ length: depth }, lane));
      return sent;
    };
    await run(100, Math.min(500, maxRequests)); // warm-up
    const cpu0 = brokerCpu();
    const t0 = process.hrtime.bigint();
    const n = await run(ms, maxRequests);
    const t1 = process.hrtime.bigint();
    const cpu1 = brokerCpu();
    rows.push({
      records: k, batchBytes: batch.length, requests: n, wallUs: (seconds(t0, t1) * 1e6) / n,
      brokerCpuUs: ((cpu1.all - cpu0.all) * 1e6) / n, brokerMainCpuUs: ((cpu1.main - cpu0.main) * 1e6) / n,
      fromUs: Number(t0 / 1000n), toUs: Number(t1 / 1000n),
    });
  }
  return rows;
}
