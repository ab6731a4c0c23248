/**
 * Compaction phase of `npm run bench:broker`: how fast the log cleaner compacts, and what a
 * cleaning pass does to produce and fetch latency (the broker is single-threaded: the cleaner
 * yields every log.cleaner.io.buffer.size bytes, so a request waits for at most one chunk, or
 * for whatever the cleaner does synchronously between two yields).
 *
 * A warm-up round (40 MB, not reported: the broker's cleaner code gets optimized), then two
 * rounds, each on its own compacted topic, all over raw sockets with the broker's generated codecs:
 *   1. Create `compact-*` (cleanup.policy=compact, segment.bytes 16 MiB, min.cleanable.dirty.ratio
 *      0.5, and min.compaction.lag.ms of a day: nothing is cleanable yet, the "hold").
 *   2. Fill: about `megabytes` of keyed updates (values of valueSize bytes, keys drawn at random
 *      from a key space of a tenth of the records, so ~90% of records are superseded) produced
 *      as fast as possible: batches of `batch` records, `pipeline` requests in flight.
 *   3. Round 2 only: latency loops start on their own sockets, acks=all Produce requests of one
 *      10-record batch to `latency-*` back to back, and Fetch requests (max wait 0) of what they
 *      wrote; after a warm-up, the baseline window runs while the log is still held.
 *   4. The hold is lifted (IncrementalAlterConfigs deletes the min.compaction.lag.ms override) and
 *      the cleaner takes the log within log.cleaner.backoff.ms (the broker child runs with a low
 *      one: see bench/broker.ts).
 * Passes come from the broker's INFO line per pass (BrokerProcess.onLogLine): its timestamp is the
 * pass's end, its duration gives the start. Round 1 (the same wait between fill and release as
 * round 2, but no loops) gives the cleaner's throughput on its own;
 * in round 2, "during" latency counts only requests overlapping a pass window and "baseline" only
 * requests of the baseline window. At the end all the phase's topics are deleted, so that nothing
 * is left for the cleaner in later phases.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeRecordBatch } from '../../broker/log/record-codec.js';
import type {
  CreateTopicsResponse, DeleteTopicsResponse, IncrementalAlterConfigsResponse,
} from '../../broker/protocol/messages/index.js';
import type { BrokerProcess } from './broker-process.js';
import { makeJsonValues } from './codecs.js';
import { fixed, int, mb, quantile, sig, table } from './format.js';
import { RawClient } from './raw-client.js';
import { walkBatches } from './record-batch.js';

const SEGMENT_BYTES = 16 * 1024 * 1024;
/** Records per key: 10 means ~90% of the records are superseded by a later one. */
const UPDATES_PER_KEY = 10;
const LATENCY_BATCH_RECORDS = 10;
const LOOP_WARMUP_MS = 500;
/** Cleaning is over once no pass ended for this long (several cleaner back-offs). */
const QUIET_MS = 1000;
const FIRST_PASS_TIMEOUT_MS = 30_000;
const HOLD_LAG_MS = String(86_400_000);
/** Fill of the warm-up round: a few segments, so that some get closed and cleaned. */
const WARMUP_MB = 40;

export interface CompactionPhaseOptions {
  broker: BrokerProcess;
  dataDir: string;
  /** Bytes of log to fill, in MB (10^6). */
  megabytes: number;
  valueSize: number;
  /** Records per Produce request in the fill. */
  batch: number;
  /** Fill Produce requests in flight. */
  pipeline: number;
  /** Baseline latency window before the cleaner is let loose. */
  baselineMs: number;
  onPhase?: (name: string, fromUs: number, toUs: number) => void;
}

/** One cleaning pass, from the broker's log line (sizes there are MiB, labelled "MB"). */
interface Pass {
  startMs: number;
  endMs: number;
  aborted: boolean;
  reason: string;
  readBytes: number;
  writtenBytes: number;
  removed: number;
  read: number;
  keys: number;
  segments: string;
  seconds: number;
}

/** One timed request, in wall-clock milliseconds (comparable with the broker's log timestamps). */
interface Sample { startMs: number; endMs: number }

const PASS_LINE = new RegExp(String.raw`^\[(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+),(\d+)\] INFO \[(\S+)\] Log cleaner (cleaned|stopped \(the log changed\)) ` +
  String.raw`\((.*?)\): ([\d.]+) MB read, ([\d.]+) MB written, (\d+) of (\d+) records removed \(\d+ tombstones\), (\d+) keys mapped, ` +
  String.raw`(\d+ -> \d+) closed segments, ([\d.]+) s`);

/** Parses a cleaner pass line of log `name`; null for any other line. */
function parsePass(line: string, name: string): Pass | null {
  const m = PASS_LINE.exec(line);
  if (!m || m[8] !== name) return null;
  const n = m.slice(1).map(Number);
  // The logger prints local time to the millisecond (broker/util/logger.ts); same host, same clock.
  const endMs = new Date(n[0]!, n[1]! - 1, n[2]!, n[3]!, n[4]!, n[5]!, n[6]!).getTime();
  const seconds = Number(m[17]);
  return {
    startMs: endMs - seconds * 1000, endMs, aborted: m[9] !== 'cleaned', reason: m[10]!,
    readBytes: Number(m[11]) * 1048576, writtenBytes: Number(m[12]) * 1048576, removed: Number(m[13]), read: Number(m[14]),
    keys: Number(m[15]), segments: m[16]!, seconds,
  };
}

/** Wall-clock time in ms with sub-millisecond resolution. */
const wallMs = (): number => performance.timeOrigin + performance.now();
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

function logBytes(dataDir: string, topic: string): number {
  const dir = join(dataDir, `${topic}-0`);
  let total = 0;
  for (const f of readdirSync(dir)) if (f.endsWith('.log')) total += statSync(join(dir, f)).size;
  return total;
}

async function createTopic(raw: RawClient, name: string, configs: Record<string, string>): Promise<void> {
  const res = await raw.request<CreateTopicsResponse>(19, 7, {
    topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: Object.entries(configs).map(([k, v]) => ({ name: k, value: v })) }],
    timeoutMs: 30000,
    validateOnly: false,
  });
  const t = res.topics[0]!;
  if (t.errorCode !== 0) throw new Error(`CreateTopics ${name}: error ${t.errorCode} ${t.errorMessage ?? ''}`);
}

/** Lifts the hold: deletes the topic's min.compaction.lag.ms override (back to the broker default 0). */
async function releaseHold(raw: RawClient, topic: string): Promise<void> {
  const res = await raw.request<IncrementalAlterConfigsResponse>(44, 1, {
    resources: [{ resourceType: 2, resourceName: topic, configs: [{ name: 'min.compaction.lag.ms', configOperation: 1, value: null }] }],
    validateOnly: false,
  });
  const r = res.responses[0]!;
  if (r.errorCode !== 0) throw new Error(`IncrementalAlterConfigs ${topic}: error ${r.errorCode} ${r.errorMessage ?? ''}`);
}

async function deleteTopics(raw: RawClient, names: string[]): Promise<void> {
  const res = await raw.request<DeleteTopicsResponse>(20, 4, { topics: [], topicNames: names, timeoutMs: 30000 });
  for (const r of res.responses) if (r.errorCode !== 0) throw new Error(`DeleteTopics ${r.name}: error ${r.errorCode}`);
}

/**
 * Fills the compacted topic with about `o.megabytes` of keyed records; batches are built as the
 * requests go (the rate includes building them here). Returns records and batch bytes sent.
 */
async function fill(raw: RawClient, topic: string, o: CompactionPhaseOptions, values: readonly Buffer[]): Promise<{ records: number; bytes: number; keys: number }> {
  let x = 0x1234567;
  const rnd = (m: number): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % m;
  };
  const target = o.megabytes * 1e6;
  // Record size from a probe batch, hence the record count and the key space.
  const probe = encodeRecordBatch(Array.from({ length: o.batch }, (_, i) => ({ key: Buffer.from(`key-${String(i).padStart(8, '0')}`), value: values[i % values.length]! })));
  const total = Math.max(o.batch, Math.ceil((target / probe.length) * o.batch));
  const keys = Math.max(1, Math.round(total / UPDATES_PER_KEY));
  const keyBufs = Array.from({ length: keys }, (_, k) => Buffer.from(`key-${String(k).padStart(8, '0')}`));
  let sent = 0;
  let bytes = 0;
  const lane = async (): Promise<void> => {
    while (sent < total) {
      const count = Math.min(o.batch, total - sent);
      const recs = Array.from({ length: count }, (_, i) => ({ key: keyBufs[rnd(keys)]!, value: values[(sent + i) % values.length]! }));
      sent += count;
      const batch = encodeRecordBatch(recs, { baseTimestamp: Date.now() });
      bytes += batch.length;
      await raw.produce(raw.produceFrame(topic, 0, batch));
    }
  };
  await Promise.all(Array.from({ length: o.pipeline }, lane));
  return { records: total, bytes, keys };
}

interface LatencyLoops {
  readonly produced: Sample[];
  readonly fetched: Sample[];
  /** Records the Fetch loop read back (checked: contiguous offsets, value sizes). */
  readonly fetchedRecords: number;
  /** Ends both loops after their current request; rejects if either failed. */
  stop(): Promise<void>;
}

/** Starts the two latency loops, each on its own socket (a connection's requests are served in order). */
function startLatencyLoops(produceRaw: RawClient, fetchRaw: RawClient, topic: string, values: readonly Buffer[], valueSize: number): LatencyLoops {
  const produced: Sample[] = [];
  const fetched: Sample[] = [];
  let stopping = false;
  let fetchedRecords = 0;
  const batch = encodeRecordBatch(values.slice(0, LATENCY_BATCH_RECORDS).map((value) => ({ value })));
  const frame = produceRaw.produceFrame(topic, 0, batch);
  const produceLoop = async (): Promise<void> => {
    while (!stopping) {
      const startMs = wallMs();
      await produceRaw.produce(frame);
      produced.push({ startMs, endMs: wallMs() });
    }
  };
  const fetchLoop = async (): Promise<void> => {
    let offset = 0;
    while (!stopping) {
      const startMs = wallMs();
      const res = await fetchRaw.fetch(topic, [{ partition: 0, offset }], 1024 * 1024, 1024 * 1024, 0);
      fetched.push({ startMs, endMs: wallMs() });
      const p = res.responses[0]?.partitions[0];
      const data = p?.records ?? null;
      const buf = data === null ? null : Buffer.isBuffer(data) ? data : Buffer.concat(data);
      if (buf !== null && buf.length > 0) {
        const w = walkBatches(buf, offset, valueSize);
        fetchedRecords += w.records;
        if (w.nextOffset > offset) offset = w.nextOffset;
      }
    }
  };
  const done = Promise.all([produceLoop(), fetchLoop()]);
  done.catch(() => {}); // a failure is reported by stop(); until then it must not count as unhandled
  return {
    produced, fetched,
    get fetchedRecords() { return fetchedRecords; },
    async stop(): Promise<void> {
      stopping = true;
      await done;
    },
  };
}

interface LatencyStats { n: number; p50: number; p99: number; max: number }

function stats(samples: readonly Sample[]): LatencyStats {
  const d = samples.map((s) => s.endMs - s.startMs).sort((a, b) => a - b);
  return { n: d.length, p50: quantile(d, 0.5), p99: quantile(d, 0.99), max: d.length ? d[d.length - 1]! : NaN };
}

interface Round {
  filled: { records: number; bytes: number; keys: number };
  fillSeconds: number;
  logBefore: number;
  logAfter: number;
  /** Passes logged before the hold was lifted (should be none). */
  early: number;
  passes: Pass[];
}

/**
 * One compacted topic: create (held), fill, `whileHeld` (the latency baseline), lift the hold,
 * wait for the passes (until none was logged for QUIET_MS: with the default
 * log.cleaner.dedupe.buffer.size one pass covers the whole fill, a second one could only follow a
 * full key map). `passes` is filled by the caller's log-line listener.
 */
async function cleanRound(
  o: CompactionPhaseOptions, admin: RawClient, topic: string, values: readonly Buffer[], passes: Map<string, Pass[]>, label: string,
  whileHeld: () => Promise<void>,
): Promise<Round> {
  const mine: Pass[] = [];
  passes.set(`${topic}-0`, mine);
  await createTopic(admin, topic, {
    'cleanup.policy': 'compact', 'segment.bytes': String(SEGMENT_BYTES), 'min.cleanable.dirty.ratio': '0.5', 'min.compaction.lag.ms': HOLD_LAG_MS,
  });
  let from = nowUs();
  const f0 = performance.now();
  const filled = await fill(admin, topic, o, values);
  const fillSeconds = (performance.now() - f0) / 1000;
  o.onPhase?.(`compaction ${label}: fill`, from, nowUs());
  const logBefore = logBytes(o.dataDir, topic);
  await whileHeld();
  const early = mine.length;
  from = nowUs();
  await releaseHold(admin, topic);
  const waitStart = Date.now();
  while (mine.length === early && Date.now() - waitStart < FIRST_PASS_TIMEOUT_MS) await sleep(20);
  while (mine.length > early && Date.now() - mine[mine.length - 1]!.endMs < QUIET_MS) await sleep(20);
  o.onPhase?.(`compaction ${label}: cleaning`, from, nowUs());
  return { filled, fillSeconds, logBefore, logAfter: logBytes(o.dataDir, topic), early, passes: mine.slice(early) };
}

/** Runs the phase and prints its tables. */
export async function runCompactionPhase(o: CompactionPhaseOptions): Promise<void> {
  const run = Date.now().toString(36);
  const latencyTopic = `latency-${run}`;
  const topics: string[] = [];
  const values = makeJsonValues(1024, o.valueSize);
  const passes = new Map<string, Pass[]>();
  const unsubscribe = o.broker.onLogLine((line) => {
    const name = /\] INFO \[(\S+)\] Log cleaner /.exec(line)?.[1];
    const list = name === undefined ? undefined : passes.get(name);
    const p = list && parsePass(line, name!);
    if (p) list!.push(p);
  });
  const admin = await RawClient.open(o.broker.host, o.broker.port, 'bench-compaction');
  const produceRaw = await RawClient.open(o.broker.host, o.broker.port, 'bench-latency-produce');
  const fetchRaw = await RawClient.open(o.broker.host, o.broker.port, 'bench-latency-fetch');
  const state: { loops: LatencyLoops | null } = { loops: null };
  try {
    // Warm-up (not reported): one closed segment's worth, so that the broker's cleaner code is
    // optimized before round 1 is timed.
    topics.push(`compact-${run}-warmup`, `compact-${run}-alone`, `compact-${run}-loops`, latencyTopic);
    await cleanRound({ ...o, megabytes: Math.min(o.megabytes, WARMUP_MB) }, admin, topics[0]!, values, passes, 'warm-up', async () => {});

    // Round 1: the cleaner alone (its throughput without competing requests). It waits as long
    // between fill and release as round 2 does, so that both start with the fill's page-cache
    // writeback equally far along (the cleaner fsyncs every cleaned segment).
    const alone = await cleanRound(o, admin, topics[1]!, values, passes, 'alone', () => sleep(LOOP_WARMUP_MS + o.baselineMs));

    // Round 2: the same with the latency loops running; baseline while the log is still held.
    await createTopic(admin, latencyTopic, {});
    let baselineFromMs = 0;
    let releaseMs = 0;
    const loaded = await cleanRound(o, admin, topics[2]!, values, passes, 'with latency loops', async () => {
      state.loops = startLatencyLoops(produceRaw, fetchRaw, latencyTopic, values, o.valueSize);
      await sleep(LOOP_WARMUP_MS);
      baselineFromMs = wallMs();
      const from = nowUs();
      await sleep(o.baselineMs);
      releaseMs = wallMs();
      o.onPhase?.('compaction: latency baseline', from, nowUs());
    });
    const l = state.loops!;
    await l.stop();

    const inPass = (s: Sample): boolean => loaded.passes.some((p) => s.startMs < p.endMs && s.endMs > p.startMs);
    const baseline = (s: Sample): boolean => s.startMs >= baselineFromMs && s.endMs <= releaseMs;
    const rows = [
      ['Produce (acks=all, 1 batch of 10)', l.produced],
      ['Fetch (max wait 0)', l.fetched],
    ] as const;
    print(o, alone, loaded, rows.map(([label, samples]) => ({
      label, base: stats(samples.filter(baseline)), during: stats(samples.filter(inPass)),
    })), l.fetchedRecords);
  } finally {
    unsubscribe();
    await state.loops?.stop().catch(() => {});
    produceRaw.close();
    fetchRaw.close();
    await deleteTopics(admin, topics).catch((err: unknown) => console.log(`  (could not delete the phase's topics: ${(err as Error).message})`));
    admin.close();
  }
}

function print(
  o: CompactionPhaseOptions, alone: Round, loaded: Round, latency: { label: string; base: LatencyStats; during: LatencyStats }[], fetchedRecords: number,
): void {
  const f = alone.filled;
  console.log('\nCompaction: log cleaner throughput, and produce/fetch latency while it cleans (raw protocol)');
  console.log(`  per round: ${int(f.records)} keyed records x ${o.valueSize} B JSON-like values, keys drawn at random from ${int(f.keys)} ` +
    `(~${100 - Math.round(100 / UPDATES_PER_KEY)}% superseded), ${mb(f.bytes)} of batches, to a topic with cleanup.policy=compact,`);
  console.log(`  segment.bytes ${SEGMENT_BYTES / 1048576} MiB, min.cleanable.dirty.ratio 0.5; filled with ${int(o.batch)} records per Produce request, ` +
    `${o.pipeline} in flight (${int(f.records / alone.fillSeconds)} and ${int(loaded.filled.records / loaded.fillSeconds)} records/s incl. building the batches here),`);
  console.log('  with cleaning held (min.compaction.lag.ms of a day) until the hold is lifted; round 1 cleans alone, round 2 while the latency loops run.');
  for (const r of [alone, loaded]) if (r.early > 0) console.log(`  WARNING: ${r.early} pass(es) ran before the hold was lifted`);
  if (alone.passes.length === 0 || loaded.passes.length === 0) {
    console.log(`  NO cleaning pass was logged within ${FIRST_PASS_TIMEOUT_MS / 1000} s of lifting the hold: no figures`);
    return;
  }
  console.log('  cleaning passes (from the broker\'s log line per pass; MB = 10^6 bytes; MB/s = bytes per second of the pass):');
  const passRow = (label: string, p: Pass): string[] => [
    label, p.aborted ? `stopped: ${p.reason}` : p.reason, mb(p.readBytes), mb(p.writtenBytes), `${int(p.removed)} of ${int(p.read)}`, int(p.keys),
    p.segments, fixed(p.seconds, 2), fixed(p.readBytes / p.seconds / 1e6, 1), fixed(p.writtenBytes / p.seconds / 1e6, 1),
  ];
  console.log(table(['round', 'reason', 'read', 'written', 'records removed', 'keys mapped', 'segments', 's', 'MB/s read', 'MB/s written'], [
    ...alone.passes.map((p) => passRow('1 alone', p)), ...loaded.passes.map((p) => passRow('2 with loops', p)),
  ], '    '));
  console.log(`  partition .log bytes (active segment included, not cleanable): round 1 ${mb(alone.logBefore)} -> ${mb(alone.logAfter)}, ` +
    `round 2 ${mb(loaded.logBefore)} -> ${mb(loaded.logAfter)}`);

  console.log('  latency per request in round 2, two sequential back-to-back loops on their own sockets: Produce of one 10-record batch');
  console.log(`  and Fetch of what it wrote (${int(fetchedRecords)} records read back and checked); baseline = the ${fixed(o.baselineMs / 1000, 1)} s ` +
    'before the hold was lifted, during = requests overlapping a cleaning pass; ms');
  console.log(table(
    ['requests', 'n base', 'p50', 'p99', 'max', 'n during', 'p50', 'p99', 'max', 'p99 diff'],
    latency.map(({ label, base, during }) => [
      label, int(base.n), sig(base.p50), sig(base.p99), sig(base.max), int(during.n), sig(during.p50), sig(during.p99), sig(during.max),
      `${during.p99 >= base.p99 ? '+' : ''}${sig(during.p99 - base.p99)}`,
    ]),
    '    ',
  ));
  const worst = Math.max(...latency.map((l) => l.during.p99 - l.base.p99));
  console.log(`  compaction adds ${sig(Math.max(0, worst))} ms at p99 (worst of the two; goal: no more than a few ms)`);
}
