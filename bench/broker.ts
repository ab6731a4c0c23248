/**
 * `npm run bench:broker [-- options]`: produce and consume N records of S bytes through the
 * broker running in a child process, with a real Kafka client library, then measure the broker's
 * own cost per record batch. Run with --help for the options.
 *
 * Produce: the records are sent in `--batch` records per send() call (one Produce request, one
 * partition, acks=all), `--inflight` sends at a time, partitions taken in turn (like Kafka's
 * sticky partitioner). The latency figures are per send() call.
 * Consume: everything is read back from offset 0 with large fetches (1 MiB per partition, up to
 * 50 MiB per request), one fetch in flight, without a consumer group (group consumption is the phase below):
 * the library's own non-group fetch, and Fetch requests built with the broker's generated codecs
 * over a raw socket (`--consumer client|raw|both`).
 * Compression codecs (lib/codecs.ts, unless --skip-codecs): raw-protocol produce and consume of
 * pre-built batches compressed with each codec, and a topic with compression.type=gzip.
 * Client codecs (lib/client-codecs.ts, unless --skip-client-codecs): the same through the client
 * libraries' own compression: @platformatic/kafka none/gzip/snappy/lz4, kafkajs none/zstd.
 * Per-batch cost: PartitionLog.append() in this process, and Produce requests over a raw socket.
 * Compaction (lib/compaction.ts, unless --skip-compaction): the log cleaner's MB/s over about
 * --compaction-mb of keyed updates, and produce / fetch latency during its passes vs a baseline.
 * For it the broker child runs with log.cleaner.backoff.ms=200 (Kafka's default 15000 would make
 * the phase wait); the other phases are unaffected: until then no compacted log exists, so a
 * cleaner round is a scan of the topic list that finds nothing to do.
 * Consumer groups (lib/groups.ts, unless --skip-groups): with @platformatic/kafka group members in
 * child processes, the time from a new member joining a new group to its first record (with the
 * broker's default group.initial.rebalance.delay.ms of 3000 ms and, on a second broker child, 0)
 * and the time a 3-member group needs to rebalance after one member leaves or is killed.
 * `--profile` runs the broker under `node --cpu-prof` and prints its hot spots per phase.
 *
 * Scratch data lives in a fresh directory under os.tmpdir() and is removed at the end.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BrokerProcess } from './lib/broker-process.js';
import { intOption, onInterrupt, readOptions, UsageError } from './lib/cli.js';
import { kafkajsDriver, platformaticDriver, rawFetcher, type ClientDriver, type DriverOptions } from './lib/clients.js';
import { loadProfile, summarize, type CpuProfile, type HotSpot } from './lib/cpu-profile.js';
import { fixed, int, machineLine, mb, mib, ms, quantile, seconds, sig, table } from './lib/format.js';
import { runClientCodecPhase } from './lib/client-codecs.js';
import { runCodecPhase } from './lib/codecs.js';
import { runCompactionPhase } from './lib/compaction.js';
import { runGroupPhase } from './lib/groups.js';
import { inProcessAppend, networkProduce } from './lib/micro.js';
import { RawClient } from './lib/raw-client.js';
import { makeValues } from './lib/record-batch.js';
import { prewarmPageCache } from './lib/prewarm.js';

const TARGET_PRODUCE = 300_000;
const TARGET_CONSUME = 500_000;
/** log.cleaner.backoff.ms of the broker child when the compaction phase runs. */
const CLEANER_BACKOFF_MS = 200;

const usage = `Usage: npm run bench:broker -- [options]

  --records N             records to produce and consume (default 1000000)
  --size S                value size in bytes, keys are null (default 100)
  --partitions P          partitions of the benchmark topic (default 1)
  --client NAME           platformatic (@platformatic/kafka, default) or kafkajs
  --batch B               records per send() call = per Produce request (default 1000)
  --inflight C            send() calls in flight at once (default 4)
  --consumer KIND         client (the library's non-group fetch), raw (Fetch over a socket with the
                          broker's generated codecs) or both (default; the targets apply to client)
  --fetch-max-bytes N     Fetch max_bytes (default 52428800, Kafka's fetch.max.bytes)
  --partition-fetch-bytes N   Fetch partition_max_bytes (default 1048576, Kafka's max.partition.fetch.bytes;
                          @platformatic/kafka decodes a response in time that grows with the square of
                          its size, so a few MiB per response is its sweet spot: see lib/clients.ts)
  --micro-ms MS           time per batch size in the per-batch cost runs, at most 64 MB each (default 1000)
  --pipeline D            Produce requests in flight in the network per-batch run (default 8)
  --warmup N              records produced and consumed on a separate topic first (default 50000)
  --codec-records N       records per codec in the compression-codec phase (default 200000)
  --skip-codecs           skip the compression-codec phase (raw protocol, about 10 s)
  --client-codec-records N  records per row in the client-library codec phase (default 200000)
  --skip-client-codecs    skip the client-library codec phase (about 15 s)
  --compaction-mb MB      log of keyed updates the cleaner compacts in the compaction phase (default 100)
  --compaction-baseline-ms MS  latency baseline before the cleaner starts (default 3000)
  --skip-compaction       skip the compaction phase (about 20 s)
  --skip-micro            skip the per-batch cost runs
  --skip-groups           skip the consumer-group phase (about 50 s; always with @platformatic/kafka)
  --group-runs N          repetitions of each consumer-group figure (default 5)
  --group-heartbeat-ms MS heartbeat interval of the group members (default 3000, Kafka's and the library's default)
  --group-session-ms MS   session timeout of the group members, which bounds the rebalance after a kill (default 10000,
                          Kafka's default before 3.0; not a multiple of the heartbeat interval, so that the session's
                          expiry does not race the other members' heartbeats)
  --skip-group-kill       skip the rebalance after a killed member
  --prewarm-mb MB         page cache to touch before each phase that writes (default: about what the
                          phase writes; 0 = off); see bench/lib/prewarm.ts
  --profile               write a CPU profile of the broker child and print its hot spots
  --profile-top N         functions listed per phase with --profile (default 15)
  --keep                  keep the scratch directory (data and profile)
  -h, --help              this text`;

interface Options {
  records: number;
  size: number;
  partitions: number;
  client: 'platformatic' | 'kafkajs';
  batch: number;
  inflight: number;
  consumer: 'client' | 'raw' | 'both';
  fetchMaxBytes: number;
  partitionFetchBytes: number;
  microMs: number;
  pipeline: number;
  warmup: number;
  codecRecords: number;
  skipCodecs: boolean;
  clientCodecRecords: number;
  skipClientCodecs: boolean;
  compactionMb: number;
  compactionBaselineMs: number;
  skipCompaction: boolean;
  skipMicro: boolean;
  skipGroups: boolean;
  groupRuns: number;
  groupHeartbeatMs: number;
  groupSessionMs: number;
  skipGroupKill: boolean;
  prewarmMb: number | null;
  profile: boolean;
  profileTop: number;
  keep: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string' },
      size: { type: 'string' },
      partitions: { type: 'string' },
      client: { type: 'string' },
      batch: { type: 'string' },
      inflight: { type: 'string' },
      consumer: { type: 'string' },
      'fetch-max-bytes': { type: 'string' },
      'partition-fetch-bytes': { type: 'string' },
      'micro-ms': { type: 'string' },
      pipeline: { type: 'string' },
      warmup: { type: 'string' },
      'codec-records': { type: 'string' },
      'skip-codecs': { type: 'boolean' },
      'client-codec-records': { type: 'string' },
      'skip-client-codecs': { type: 'boolean' },
      'compaction-mb': { type: 'string' },
      'compaction-baseline-ms': { type: 'string' },
      'skip-compaction': { type: 'boolean' },
      'skip-micro': { type: 'boolean' },
      'skip-groups': { type: 'boolean' },
      'group-runs': { type: 'string' },
      'group-heartbeat-ms': { type: 'string' },
      'group-session-ms': { type: 'string' },
      'skip-group-kill': { type: 'boolean' },
      'prewarm-mb': { type: 'string' },
      profile: { type: 'boolean' },
      'profile-top': { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) return null;
  const client = v.client ?? 'platformatic';
  if (client !== 'platformatic' && client !== 'kafkajs') throw new UsageError(`--client must be platformatic or kafkajs, got '${client}'`);
  const consumer = v.consumer ?? 'both';
  if (consumer !== 'client' && consumer !== 'raw' && consumer !== 'both') {
    throw new UsageError(`--consumer must be client, raw or both, got '${consumer}'`);
  }
  const groupHeartbeatMs = intOption('group-heartbeat-ms', v['group-heartbeat-ms'], 3000, 100);
  const groupSessionMs = intOption('group-session-ms', v['group-session-ms'], 10_000, 1000);
  if (groupHeartbeatMs >= groupSessionMs) {
    throw new UsageError(`--group-heartbeat-ms (${groupHeartbeatMs}) must be below --group-session-ms (${groupSessionMs})`);
  }
  return {
    records: intOption('records', v.records, 1_000_000),
    size: intOption('size', v.size, 100, 0),
    partitions: intOption('partitions', v.partitions, 1),
    client,
    batch: intOption('batch', v.batch, 1000),
    inflight: intOption('inflight', v.inflight, 4),
    consumer,
    fetchMaxBytes: intOption('fetch-max-bytes', v['fetch-max-bytes'], 52_428_800, 1024),
    partitionFetchBytes: intOption('partition-fetch-bytes', v['partition-fetch-bytes'], 1024 * 1024, 1024),
    microMs: intOption('micro-ms', v['micro-ms'], 1000),
    pipeline: intOption('pipeline', v.pipeline, 8),
    warmup: intOption('warmup', v.warmup, 50_000, 0),
    codecRecords: intOption('codec-records', v['codec-records'], 200_000),
    skipCodecs: v['skip-codecs'] ?? false,
    clientCodecRecords: intOption('client-codec-records', v['client-codec-records'], 200_000),
    skipClientCodecs: v['skip-client-codecs'] ?? false,
    compactionMb: intOption('compaction-mb', v['compaction-mb'], 100),
    compactionBaselineMs: intOption('compaction-baseline-ms', v['compaction-baseline-ms'], 3000, 500),
    skipCompaction: v['skip-compaction'] ?? false,
    skipMicro: v['skip-micro'] ?? false,
    skipGroups: v['skip-groups'] ?? false,
    groupRuns: intOption('group-runs', v['group-runs'], 5),
    groupHeartbeatMs,
    groupSessionMs,
    skipGroupKill: v['skip-group-kill'] ?? false,
    prewarmMb: v['prewarm-mb'] === undefined ? null : intOption('prewarm-mb', v['prewarm-mb'], 0, 0),
    profile: v.profile ?? false,
    profileTop: intOption('profile-top', v['profile-top'], 15),
    keep: v.keep ?? false,
  };
}

/** The process's own CPU seconds (user + system). */
function selfCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Bytes in the .log segment files of the topic's partitions (directories `<topic>-<partition>`). */
function logBytes(dataDir: string, topic: string, partitions: number): number {
  let total = 0;
  for (let p = 0; p < partitions; p++) {
    const dir = join(dataDir, `${topic}-${p}`);
    for (const f of readdirSync(dir)) if (f.endsWith('.log')) total += statSync(join(dir, f)).size;
  }
  return total;
}

interface Phase { name: string; fromUs: number; toUs: number }

/** Set on SIGINT / SIGTERM: cleanup is under way and the run's own errors are not reported. */
let interrupted = false;

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

interface BrokerCpu { all: number; main: number }

const cpuDelta = (a: BrokerCpu, b: BrokerCpu): BrokerCpu => ({ all: b.all - a.all, main: b.main - a.main });

interface ProduceStats { elapsed: number; latenciesMs: number[]; perPartition: number[]; brokerCpu: BrokerCpu; clientCpu: number }

async function produce(driver: ClientDriver, topic: string, records: number, o: Options, brokerCpu: () => BrokerCpu): Promise<ProduceStats> {
  const perPartition = new Array<number>(o.partitions).fill(0);
  const latenciesMs: number[] = [];
  let next = 0;
  let batchNo = 0;
  const cpu0 = brokerCpu();
  const self0 = selfCpu();
  const t0 = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    while (next < records) {
      const start = next;
      const count = Math.min(o.batch, records - start);
      next += count;
      const partition = batchNo++ % o.partitions;
      perPartition[partition]! += count;
      const s = process.hrtime.bigint();
      await driver.send(topic, partition, start, count);
      latenciesMs.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: o.inflight }, lane));
  const elapsed = seconds(t0);
  return { elapsed, latenciesMs, perPartition, brokerCpu: cpuDelta(cpu0, brokerCpu()), clientCpu: selfCpu() - self0 };
}

interface ConsumeStats { elapsed: number; records: number; valueBytes: number; fetches: number; brokerCpu: BrokerCpu; clientCpu: number }

async function consume(
  fetcher: Pick<ClientDriver, 'fetch'>, topic: string, expected: readonly number[], brokerCpu: () => BrokerCpu,
): Promise<ConsumeStats> {
  const offsets = expected.map(() => 0);
  let records = 0;
  let valueBytes = 0;
  let fetches = 0;
  let idleFetches = 0;
  const cpu0 = brokerCpu();
  const self0 = selfCpu();
  const t0 = process.hrtime.bigint();
  for (;;) {
    const active = offsets.map((offset, partition) => ({ partition, offset })).filter((p) => p.offset < expected[p.partition]!);
    if (active.length === 0) break;
    const got = await fetcher.fetch(topic, active);
    fetches++;
    let n = 0;
    for (const g of got) {
      offsets[g.partition] = g.nextOffset;
      records += g.records;
      valueBytes += g.valueBytes;
      n += g.records;
    }
    if (n === 0 && ++idleFetches > 20) {
      throw new Error(`consume stalled at offsets ${JSON.stringify(offsets)} of ${JSON.stringify(expected)}`);
    }
  }
  const elapsed = seconds(t0);
  return { elapsed, records, valueBytes, fetches, brokerCpu: cpuDelta(cpu0, brokerCpu()), clientCpu: selfCpu() - self0 };
}

function cpuLine(broker: BrokerCpu, client: number, records: number): string {
  const per = (s: number): string => `${fixed((s * 1e6) / records, 2)} µs/record`;
  return `  CPU: broker ${fixed(broker.all, 2)} s (${per(broker.all)}; main thread ${fixed(broker.main, 2)} s, ${per(broker.main)}), ` +
    `benchmark client ${fixed(client, 2)} s (${per(client)})`;
}

function printHotSpots(title: string, p: CpuProfile, root: string, phase: Phase | null, top: number): void {
  const s = summarize(p, root, phase?.fromUs, phase?.toUs);
  if (s.busyMs + s.idleMs < 1) {
    console.log(`\n  ${title}: no samples in this window`);
    return;
  }
  console.log(`\n  ${title}: busy ${ms(s.busyMs / 1000)} of ${ms((s.busyMs + s.idleMs) / 1000)} sampled`);
  const row = (h: HotSpot, v: number): string[] => [fixed((100 * v) / s.busyMs, 1) + '%', `${sig(v)} ms`, h.name.slice(0, 40), h.where];
  console.log('  self time:');
  console.log(table(['%busy', 'self', 'function', 'where'], s.bySelf.slice(0, top).map((h) => row(h, h.selfMs)), '    '));
  console.log('  inclusive time (broker code only):');
  const own = s.byTotal.filter((h) => /^(broker|cli)\//.test(h.where)).slice(0, top);
  console.log(table(['%busy', 'total', 'function', 'where'], own.map((h) => row(h, h.totalMs)), '    '));
}

async function main(): Promise<number> {
  const o = readOptions(parseOptions, usage);
  if (typeof o === 'number') return o;
  const here = fileURLToPath(new URL('.', import.meta.url)); // build/bench/
  const cliPath = resolve(here, '../cli/main.js');
  const projectRoot = resolve(here, '../..');
  const scratch = mkdtempSync(join(tmpdir(), 'tributary-bench-'));
  const dataDir = join(scratch, 'data');
  const profileDir = join(scratch, 'profile');
  const topic = `bench-${o.records}x${o.size}-p${o.partitions}`;
  const values = makeValues(1024, o.size);
  let broker: BrokerProcess | null = null;
  let driver: ClientDriver | null = null;
  const phases: Phase[] = [];
  const stopListening = onInterrupt(async () => {
    interrupted = true;
    try {
      await BrokerProcess.stopAll();
    } finally {
      if (!o.keep) rmSync(scratch, { recursive: true, force: true });
    }
  });

  try {
    console.log('tributary broker benchmark');
    console.log(machineLine());
    console.log(`  records ${int(o.records)} x ${o.size} B values (${mb(o.records * o.size)}), null keys, no compression; ` +
      `topic ${topic} with ${o.partitions} partition${o.partitions === 1 ? '' : 's'}`);

    // Before each phase that writes log data, about that much page cache is touched (see
    // lib/prewarm.ts): records take about 16 B of framing each plus 61 B per batch; the per-batch
    // runs write at most 64 MB (plus warm-up) per batch size.
    let prewarmedMb = 0;
    let prewarmSeconds = 0;
    const prewarm = (bytes: number): void => {
      const mbs = o.prewarmMb ?? Math.ceil((bytes * 1.2) / 1e6 + 32);
      if (mbs <= 0) return;
      prewarmSeconds += prewarmPageCache(scratch, mbs * 1e6);
      prewarmedMb += mbs;
    };
    if (!o.skipMicro) prewarm(140e6);

    // In-process per-batch cost first, while no broker child competes for the CPU.
    let inProc: ReturnType<typeof inProcessAppend> | null = null;
    if (!o.skipMicro) inProc = inProcessAppend(scratch, makeValues(1024, 100), o.microMs);

    broker = await BrokerProcess.start({
      cliPath, dataDir, cpuProfileDir: o.profile ? profileDir : undefined,
      overrides: o.skipCompaction ? {} : { 'log.cleaner.backoff.ms': String(CLEANER_BACKOFF_MS) },
    });
    const b = broker;
    const brokerCpu = (): BrokerCpu => ({ all: b.cpuSeconds(), main: b.mainThreadCpuSeconds() });
    console.log(`  broker: child process \`node ${cliPath.startsWith(projectRoot) ? cliPath.slice(projectRoot.length + 1) : cliPath} broker\` (pid ${b.pid}) ` +
      `on ${b.bootstrap}, data in ${dataDir}${o.profile ? ', with --cpu-prof' : ''}` +
      `${o.skipCompaction ? '' : `, log.cleaner.backoff.ms=${CLEANER_BACKOFF_MS}`}`);

    const driverOpts: DriverOptions = {
      host: b.host, port: b.port, values, valueSize: o.size, inflight: o.inflight,
      fetchMaxBytes: o.fetchMaxBytes, partitionMaxBytes: o.partitionFetchBytes,
    };
    driver = o.client === 'kafkajs' ? await kafkajsDriver(driverOpts) : await platformaticDriver(driverOpts);
    console.log(`  client: ${driver.label}`);
    await driver.createTopic(topic, o.partitions);

    // Warm-up (not measured): the same produce and consume paths on a separate topic, so that
    // both processes run optimized code when the clock starts.
    if (o.warmup > 0) {
      const warmTopic = `${topic}-warmup`;
      await driver.createTopic(warmTopic, o.partitions);
      const w = await produce(driver, warmTopic, o.warmup, o, brokerCpu);
      const fetchers: Pick<ClientDriver, 'fetch' | 'close'>[] = [];
      if (o.consumer !== 'raw') fetchers.push(driver);
      if (o.consumer !== 'client') fetchers.push(await rawFetcher(driverOpts));
      for (const f of fetchers) {
        await consume(f, warmTopic, w.perPartition, brokerCpu);
        if (f !== driver) await f.close();
      }
      console.log(`  warm-up: ${int(o.warmup)} records produced and consumed on ${warmTopic} before measuring`);
    }

    // Produce.
    prewarm(o.records * (o.size + 16) + Math.ceil(o.records / o.batch) * 61);
    let from = nowUs();
    const p = await produce(driver, topic, o.records, o, brokerCpu);
    phases.push({ name: 'produce', fromUs: from, toUs: nowUs() });
    const stored = logBytes(dataDir, topic, o.partitions);
    const lat = [...p.latenciesMs].sort((x, y) => x - y);
    const produceRate = o.records / p.elapsed;
    console.log(`\nProduce: ${driver.producePath}, ${int(o.batch)} records per call to one partition (partitions in turn), ` +
      `acks=all, ${o.inflight} calls in flight`);
    console.log(`  ${int(o.records)} records in ${fixed(p.elapsed, 2)} s: ${int(produceRate)} records/s, ` +
      `${fixed((o.records * o.size) / p.elapsed / 1e6, 1)} MB/s of values (${fixed(stored / p.elapsed / 1e6, 1)} MB/s of log, ${mib(stored)} stored)`);
    console.log(`  latency per send() call (${int(Math.min(o.batch, o.records))} records = one Produce request, acks=all; ` +
      `${int(lat.length)} calls): p50 ${sig(quantile(lat, 0.5))} ms, p99 ${sig(quantile(lat, 0.99))} ms, max ${sig(lat[lat.length - 1]!)} ms`);
    console.log(cpuLine(p.brokerCpu, p.clientCpu, o.records));

    // Consume: the client library's non-group fetch and/or raw Fetch requests with the generated codecs.
    const kinds = o.consumer === 'both' ? (['client', 'raw'] as const) : [o.consumer];
    const consumeRates = new Map<string, number>();
    for (const kind of kinds) {
      const fetcher: Pick<ClientDriver, 'fetch' | 'close' | 'consumePath'> = kind === 'raw' ? await rawFetcher(driverOpts) : driver;
      from = nowUs();
      const c = await consume(fetcher, topic, p.perPartition, brokerCpu);
      phases.push({ name: `consume (${kind})`, fromUs: from, toUs: nowUs() });
      if (fetcher !== driver) await fetcher.close();
      if (c.records !== o.records || c.valueBytes !== o.records * o.size) {
        throw new Error(`consumed ${c.records} records / ${c.valueBytes} value bytes, expected ${o.records} / ${o.records * o.size}`);
      }
      const rate = c.records / c.elapsed;
      consumeRates.set(kind, rate);
      console.log(`\nConsume (${kind}): ${fetcher.consumePath}; from offset 0, max_bytes ${mib(o.fetchMaxBytes)}, ` +
        `partition_max_bytes ${mib(o.partitionFetchBytes)}, one fetch in flight`);
      console.log(`  ${int(c.records)} records in ${fixed(c.elapsed, 2)} s: ${int(rate)} records/s, ` +
        `${fixed(c.valueBytes / c.elapsed / 1e6, 1)} MB/s of values (${fixed(stored / c.elapsed / 1e6, 1)} MB/s of log); ${int(c.fetches)} fetches, every record checked`);
      console.log(cpuLine(c.brokerCpu, c.clientCpu, c.records));
    }
    const consumeKind = consumeRates.has('client') ? 'client' : 'raw';
    const consumeRate = consumeRates.get(consumeKind)!;

    console.log(`\nTargets (${cpus().length}-core machine, client ${driver.label}):`);
    console.log(`  produce >= ${int(TARGET_PRODUCE)} records/s: ${produceRate >= TARGET_PRODUCE ? 'met' : 'MISSED'} (${int(produceRate)})`);
    console.log(`  consume >= ${int(TARGET_CONSUME)} records/s: ${consumeRate >= TARGET_CONSUME ? 'met' : 'MISSED'} (${int(consumeRate)}, ${consumeKind} fetch)`);

    await driver.close();
    driver = null;

    // Compression codecs, over the raw protocol.
    if (!o.skipCodecs) {
      // Warm-up and measured rows: the uncompressed row stores about value size + 16 B per record,
      // the five compressed ones (with compressible values) together less than that again.
      prewarm(2 * (Math.min(o.codecRecords, 20 * o.batch) + o.codecRecords) * (o.size + 16));
      const raw = await RawClient.open(b.host, b.port);
      try {
        await runCodecPhase({
          raw, dataDir, records: o.codecRecords, valueSize: o.size, batch: o.batch, pipeline: o.pipeline,
          fetchMaxBytes: o.fetchMaxBytes, partitionMaxBytes: o.partitionFetchBytes, brokerCpu: () => b.cpuSeconds(),
          onPhase: (name, fromUs, toUs) => phases.push({ name, fromUs, toUs }),
        });
      } finally {
        raw.close();
      }
    }

    // Compression codecs, through the client libraries.
    if (!o.skipClientCodecs) {
      // Two uncompressed rows (one per library) and five compressed ones, warm-up included.
      prewarm(4 * (Math.min(o.clientCodecRecords, 20 * o.batch) + o.clientCodecRecords) * (o.size + 16));
      await runClientCodecPhase({
        host: b.host, port: b.port, dataDir, records: o.clientCodecRecords, valueSize: o.size, batch: o.batch, inflight: o.inflight,
        fetchMaxBytes: o.fetchMaxBytes, partitionMaxBytes: o.partitionFetchBytes, brokerCpu: () => b.cpuSeconds(),
        onPhase: (name, fromUs, toUs) => phases.push({ name, fromUs, toUs }),
      });
    }

    // Broker cost per batch.
    if (inProc) {
      console.log('\nBroker cost per batch (records of 100 B; the JavaScript work per batch should not grow with the records in it)');
      console.log('  in process: PartitionLog.append() of one batch (validate incl. CRC-32C, assign offsets, write, index);');
      console.log('  the same bytes timed through crc32c() alone and fs.writeSync() alone; rest = append - CRC - write');
      console.log(table(
        ['records/batch', 'batch bytes', 'appends', 'µs/batch', 'µs/record', 'CRC µs', 'write µs', 'rest µs'],
        inProc.map((r) => [
          int(r.records), int(r.batchBytes), int(r.appends), sig(r.appendUs), sig(r.appendUs / r.records),
          sig(r.crcUs), sig(r.writeUs), sig(Math.max(0, r.appendUs - r.crcUs - r.writeUs)),
        ]),
      ));
      prewarm(280e6);
      const raw = await RawClient.open(b.host, b.port);
      let net;
      try {
        net = await networkProduce(raw, `${topic}-micro`, makeValues(1024, 100), o.microMs, o.pipeline, brokerCpu);
      } finally {
        raw.close();
      }
      for (const r of net) phases.push({ name: `Produce requests of one ${r.records}-record batch (network)`, fromUs: r.fromUs, toUs: r.toUs });
      console.log(`  network: Produce v9 requests with one batch each, acks=all, ${o.pipeline} in flight over one raw socket ` +
        '(generated codecs); broker CPU from /proc (main = the JavaScript thread, all = with GC helper threads)');
      console.log(table(
        ['records/batch', 'batch bytes', 'requests', 'wall µs/batch', 'main CPU µs/batch', 'main CPU µs/record', 'all CPU µs/batch', 'records/s'],
        net.map((r) => [
          int(r.records), int(r.batchBytes), int(r.requests), sig(r.wallUs), sig(r.brokerMainCpuUs), sig(r.brokerMainCpuUs / r.records),
          sig(r.brokerCpuUs), int((r.records * 1e6) / r.wallUs),
        ]),
      ));
    }

    // Compaction: three fills (warm-up of 40 MB), their cleaned copies (a tenth each) and the latency loops' topic
    // (back-to-back 10-record Produce requests write up to ~20 MB/s while they run).
    if (!o.skipCompaction) {
      prewarm((2 * o.compactionMb + 40) * 1.1e6 + 20e6 * (o.compactionBaselineMs / 1000 + 4));
      await runCompactionPhase({
        broker: b, dataDir, megabytes: o.compactionMb, valueSize: o.size, batch: o.batch, pipeline: o.pipeline,
        baselineMs: o.compactionBaselineMs, onPhase: (name, fromUs, toUs) => phases.push({ name, fromUs, toUs }),
      });
    }

    if (!o.skipGroups) {
      await runGroupPhase({
        cliPath, scratch, broker: b, values, runs: o.groupRuns, heartbeatMs: o.groupHeartbeatMs, sessionMs: o.groupSessionMs,
        kill: !o.skipGroupKill, onPhase: (name, fromUs, toUs) => phases.push({ name, fromUs, toUs }),
      });
    }

    if (prewarmedMb > 0) {
      console.log(`\nPage cache pre-warmed before the writing phases: ${int(prewarmedMb)} MB written and deleted in ` +
        `${fixed(prewarmSeconds, 2)} s (this VM backs untouched memory lazily; --prewarm-mb 0 turns it off)`);
    }
    const rss = b.rssBytes();
    const code = await b.stop();
    broker = null;
    if (code !== 0) console.log(`\n(broker exited with code ${code}:\n${b.log()})`);
    else if (Number.isFinite(rss)) console.log(`\nBroker RSS at the end: ${mib(rss)}`);

    if (o.profile) {
      const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
      if (files.length === 0) {
        console.log('\nNo CPU profile was written by the broker.');
      } else {
        const file = join(profileDir, files[0]!);
        const prof = loadProfile(file);
        console.log(`\nBroker CPU profile (${file}${o.keep ? '' : ', deleted at exit: use --keep to keep it'})`);
        console.log('  V8 samples of the broker\'s JavaScript thread per phase; time inside a system call is charged to the');
        console.log('  function that made it: writeBuffer = fs.writeSync (log pwrite), writev = socket write, read = fs.readSync.');
        for (const ph of phases) printHotSpots(ph.name, prof, projectRoot, ph, o.profileTop);
      }
    }
    return 0;
  } finally {
    stopListening();
    if (driver) await driver.close().catch(() => {});
    if (broker) {
      const log = broker.log();
      await broker.stop();
      if (log) console.error(`broker log (tail):\n${log}`);
    }
    if (o.keep) console.log(`\nScratch directory kept: ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  if (interrupted) return; // Ctrl-C: the broker was stopped under the run's feet; exiting with 130
  console.error(err);
  process.exitCode = 1;
});
