/**
 * Codec phase of `npm run bench:broker`: for each compression codec (none, gzip, snappy, lz4,
 * zstd) N records are produced to their own topic as pre-built batches compressed in this process
 * with the broker's codec (encodeRecordBatch with `compression`), over one raw socket (Produce v9,
 * RawClient, no client library), then read back from offset 0 with raw Fetch v12 requests whose
 * records are decoded with decodeRecordBatches (so the consumer side pays for decompression).
 * One more row produces uncompressed batches to a topic with `compression.type=gzip`, so that the
 * broker re-encodes every batch on append.
 *
 * Values are JSON-like text (an event object with a few ids, a repeated vocabulary of names and
 * paths), padded or cut to the value size: compressible like typical application payloads.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CODEC_NAMES } from '../../broker/log/compression.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../broker/log/record-codec.js';
import type { CreateTopicsResponse } from '../../broker/protocol/messages/index.js';
import { fixed, int, mb, mib, seconds, sig, table } from './format.js';
import type { RawClient } from './raw-client.js';

const CREATE_TOPICS_VERSION = 7;
const FETCH_WAIT_MS = 500;

export interface CodecPhaseOptions {
  raw: RawClient;
  dataDir: string;
  records: number;
  valueSize: number;
  /** Records per batch = per Produce request. */
  batch: number;
  /** Produce requests in flight. */
  pipeline: number;
  fetchMaxBytes: number;
  partitionMaxBytes: number;
  brokerCpu: () => number;
  onPhase?: (name: string, fromUs: number, toUs: number) => void;
}

export interface CodecRow {
  label: string;
  /** Client-side time to build (encode + compress) the batches, µs per record; not in the rates. */
  buildUs: number;
  produceSeconds: number;
  produceBrokerCpu: number;
  storedBytes: number;
  consumeSeconds: number;
  consumeBrokerCpu: number;
  consumeClientCpu: number;
}

/** `n` distinct JSON-like values of exactly `size` bytes (ASCII). */
export function makeJsonValues(n: number, size: number): Buffer[] {
  const events = ['page_view', 'add_to_cart', 'checkout', 'login', 'search', 'logout'];
  const countries = ['DE', 'FR', 'US', 'GB', 'JP', 'BR', 'IN', 'NL'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)'];
  let x = 0x2545f491;
  const rnd = (m: number): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % m;
  };
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    let s = JSON.stringify({
      id: 1_000_000 + i,
      user: `user-${String(rnd(5000)).padStart(4, '0')}`,
      event: events[rnd(events.length)],
      path: `/products/${rnd(1000)}`,
      country: countries[rnd(countries.length)],
      ts: 1_700_000_000_000 + i * 37,
      agent: agents[rnd(agents.length)],
    });
    while (s.length < size) s += ` ${events[rnd(events.length)]}`;
    out.push(Buffer.from(s.slice(0, size), 'latin1'));
  }
  return out;
}

function logBytes(dataDir: string, topic: string): number {
  const dir = join(dataDir, `${topic}-0`);
  let total = 0;
  for (const f of readdirSync(dir)) if (f.endsWith('.log')) total += statSync(join(dir, f)).size;
  return total;
}

async function createTopic(raw: RawClient, name: string, configs: { name: string; value: string }[]): Promise<void> {
  const res = await raw.request<CreateTopicsResponse>(19, CREATE_TOPICS_VERSION, {
    topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs }],
    timeoutMs: 30000,
    validateOnly: false,
  });
  const t = res.topics[0]!;
  if (t.errorCode !== 0) throw new Error(`CreateTopics ${name}: error ${t.errorCode} ${t.errorMessage ?? ''}`);
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Produce frames for `records` records, each carrying one batch compressed with `codec`. */
function buildFrames(raw: RawClient, topic: string, values: readonly Buffer[], records: number, batch: number, codec: number): Buffer[][] {
  const frames: Buffer[][] = [];
  const ts = Date.now();
  for (let start = 0; start < records; start += batch) {
    const count = Math.min(batch, records - start);
    const recs = Array.from({ length: count }, (_, i) => ({ value: values[(start + i) % values.length]! }));
    frames.push(raw.produceFrame(topic, 0, encodeRecordBatch(recs, { baseTimestamp: ts, compression: codec })));
  }
  return frames;
}

async function produceFrames(raw: RawClient, frames: readonly Buffer[][], pipeline: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < frames.length) await raw.produce(frames[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(pipeline, frames.length) }, lane));
}

/** Fetches everything from offset 0 and decodes it; checks offsets and value sizes. */
async function consumeAll(o: CodecPhaseOptions, topic: string, expected: number): Promise<void> {
  let offset = 0;
  let idle = 0;
  while (offset < expected) {
    const res = await o.raw.fetch(topic, [{ partition: 0, offset }], o.fetchMaxBytes, o.partitionMaxBytes, FETCH_WAIT_MS);
    const data = res.responses[0]?.partitions[0]?.records ?? null;
    let got = 0;
    if (data !== null && (Buffer.isBuffer(data) ? data.length : data.length) > 0) {
      for (const b of decodeRecordBatches(data)) {
        for (const r of b.records) {
          if (r.offset < offset) continue;
          if (r.offset !== offset) throw new Error(`${topic}: expected offset ${offset}, found ${r.offset}`);
          if (r.value?.length !== o.valueSize) throw new Error(`${topic}: offset ${offset}: value of ${r.value?.length ?? 'null'} bytes`);
          offset++;
          got++;
        }
      }
    }
    if (got === 0 && ++idle > 20) throw new Error(`${topic}: consume stalled at offset ${offset} of ${expected}`);
  }
}

async function runOne(o: CodecPhaseOptions, values: readonly Buffer[], label: string, topic: string, codec: number, configs: { name: string; value: string }[]): Promise<CodecRow> {
  await createTopic(o.raw, topic, configs);
  const b0 = process.hrtime.bigint();
  const frames = buildFrames(o.raw, topic, values, o.records, o.batch, codec);
  const buildUs = (seconds(b0) * 1e6) / o.records;

  let from = nowUs();
  let cpu0 = o.brokerCpu();
  const p0 = process.hrtime.bigint();
  await produceFrames(o.raw, frames, o.pipeline);
  const produceSeconds = seconds(p0);
  const produceBrokerCpu = o.brokerCpu() - cpu0;
  o.onPhase?.(`codec ${label}: produce`, from, nowUs());
  frames.length = 0;
  const storedBytes = logBytes(o.dataDir, topic);

  from = nowUs();
  cpu0 = o.brokerCpu();
  const self0 = cpuNow();
  const c0 = process.hrtime.bigint();
  await consumeAll(o, topic, o.records);
  const consumeSeconds = seconds(c0);
  const consumeClientCpu = cpuNow() - self0;
  const consumeBrokerCpu = o.brokerCpu() - cpu0;
  o.onPhase?.(`codec ${label}: consume`, from, nowUs());
  return { label, buildUs, produceSeconds, produceBrokerCpu, storedBytes, consumeSeconds, consumeBrokerCpu, consumeClientCpu };
}

/** Runs the codec phase and prints its table. */
export async function runCodecPhase(o: CodecPhaseOptions): Promise<CodecRow[]> {
  const values = makeJsonValues(1024, o.valueSize);
  const run = `${Date.now().toString(36)}`;

  // Warm-up (not measured): every path once with a few batches, on its own topics.
  const warmRecords = Math.min(o.records, 20 * o.batch);
  const warm = { ...o, records: warmRecords, onPhase: undefined };
  for (let codec = 0; codec < CODEC_NAMES.length; codec++) {
    await runOne(warm, values, 'warm-up', `codec-warmup-${run}-${CODEC_NAMES[codec]}`, codec, []);
  }
  await runOne(warm, values, 'warm-up', `codec-warmup-${run}-broker-gzip`, 0, [{ name: 'compression.type', value: 'gzip' }]);

  const rows: CodecRow[] = [];
  for (let codec = 0; codec < CODEC_NAMES.length; codec++) {
    const name = CODEC_NAMES[codec]!;
    rows.push(await runOne(o, values, name, `codec-${run}-${name}`, codec, []));
  }
  rows.push(await runOne(o, values, 'none -> topic gzip', `codec-${run}-broker-gzip`, 0, [{ name: 'compression.type', value: 'gzip' }]));

  const valueBytes = o.records * o.valueSize;
  const base = rows[0]!.storedBytes;
  console.log(`\nCompression codecs: RAW-PROTOCOL figures (no client library): Produce v9 / Fetch v12 over one socket with the broker's generated codecs`);
  console.log(`  per row: ${int(o.records)} records x ${o.valueSize} B JSON-like values (event objects with ids, user, path, country, timestamp, user agent;`);
  console.log(`  ${mb(valueBytes)} of values), null keys, ${int(o.batch)} records per batch = per Produce request, acks=all, ${o.pipeline} requests in flight,`);
  console.log('  one topic with 1 partition per row; every path warmed up on separate topics first.');
  console.log('  build: encodeRecordBatch (+ compression) in this process before the clock starts, NOT in the produce rate;');
  console.log('  produce: wall time from the first Produce request to the last response (the broker validates, stores as sent,');
  console.log('  except the last row: uncompressed batches to a topic with compression.type=gzip, re-encoded by the broker on append);');
  console.log('  consume: Fetch from offset 0, one in flight, max_bytes ' +
    `${mib(o.fetchMaxBytes)}, partition_max_bytes ${mib(o.partitionMaxBytes)}; each response decoded with decodeRecordBatches in this process`);
  console.log('  (decompression counted), every record checked. MB/s = uncompressed value bytes per second; stored = .log bytes;');
  console.log('  ratio = stored bytes of the uncompressed row / this row\'s; broker µs/rec = broker CPU from /proc (all threads);');
  console.log('  client µs/rec = this process\'s CPU while consuming (Fetch encoding, response parsing, decompression, decoding).');
  console.log(table(
    ['codec', 'build µs/rec', 'produce rec/s', 'MB/s', 'broker µs/rec', 'stored', 'ratio', 'consume rec/s', 'MB/s', 'broker µs/rec', 'client µs/rec'],
    rows.map((r) => [
      r.label, sig(r.buildUs),
      int(o.records / r.produceSeconds), fixed(valueBytes / r.produceSeconds / 1e6, 1), sig((r.produceBrokerCpu * 1e6) / o.records),
      mb(r.storedBytes), `${fixed(base / r.storedBytes, 2)}x`,
      int(o.records / r.consumeSeconds), fixed(valueBytes / r.consumeSeconds / 1e6, 1), sig((r.consumeBrokerCpu * 1e6) / o.records),
      sig((r.consumeClientCpu * 1e6) / o.records),
    ]),
  ));
  return rows;
}
