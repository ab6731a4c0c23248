/**
 * Client-codec phase of `npm run bench:broker`: throughput per compression codec through real
 * client libraries (lib/codecs.ts measures the same over the raw protocol). For each row, N
 * JSON-like records (makeJsonValues) are produced to their own 1-partition topic with the
 * library's own compression (batches of `batch` records per send(), acks=all, `inflight` sends at
 * a time), then read back from offset 0 with the same library's non-group fetch (lib/clients.ts:
 * records decoded and decompressed by the library, every offset and value size checked).
 *
 * Rows: @platformatic/kafka with none, gzip, snappy and lz4 (its zstd uses node:zlib's zstd,
 * which Node 20 lacks: the row runs only where the library reports it available), and kafkajs
 * with none and zstd. kafkajs ships gzip only; its zstd plugin here is a thin adapter over
 * @bokuweb/zstd-wasm, the library the broker's own codec also uses (no broker code in it).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kafkajsDriver, packageVersion, platformaticDriver, type ClientDriver, type DriverOptions } from './clients.js';
import { makeJsonValues } from './codecs.js';
import { fixed, int, mb, mib, seconds, sig, table } from './format.js';
import { RawClient } from './raw-client.js';

export interface ClientCodecPhaseOptions {
  host: string;
  port: number;
  dataDir: string;
  records: number;
  valueSize: number;
  /** Records per send() call. */
  batch: number;
  /** send() calls in flight. */
  inflight: number;
  fetchMaxBytes: number;
  partitionMaxBytes: number;
  brokerCpu: () => number;
  onPhase?: (name: string, fromUs: number, toUs: number) => void;
}

/** One library with a producer whose codec is chosen per send(), and the non-group fetch of clients.ts. */
interface CodecClient {
  name: 'platformatic' | 'kafkajs';
  label: string;
  codecs: string[];
  /** Codecs the library cannot do here, with why. */
  missing: string[];
  send(topic: string, start: number, count: number, codec: string): Promise<void>;
  fetcher: ClientDriver;
  close(): Promise<void>;
}

interface Row {
  client: string;
  codec: string;
  produceSeconds: number;
  produceClientCpu: number;
  produceBrokerCpu: number;
  storedBytes: number;
  consumeSeconds: number;
  consumeClientCpu: number;
  consumeBrokerCpu: number;
}

const selfCpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

function logBytes(dataDir: string, topic: string): number {
  const dir = join(dataDir, `${topic}-0`);
  let total = 0;
  for (const f of readdirSync(dir)) if (f.endsWith('.log')) total += statSync(join(dir, f)).size;
  return total;
}

async function platformaticClient(d: DriverOptions): Promise<CodecClient> {
  const { Producer, ProduceAcks, compressionsAlgorithms } = await import('@platformatic/kafka');
  type Codec = NonNullable<ConstructorParameters<typeof Producer>[0]['compression']>;
  const producer = new Producer({
    clientId: 'tributary-bench-codecs', bootstrapBrokers: [`${d.host}:${d.port}`], maxInflights: Math.max(5, d.inflight),
    acks: ProduceAcks.ALL, autocreateTopics: false, compression: 'none',
  });
  const zstd = compressionsAlgorithms.zstd.available;
  const fetcher = await platformaticDriver(d);
  return {
    name: 'platformatic',
    label: `@platformatic/kafka ${packageVersion('@platformatic/kafka')}`,
    codecs: ['none', 'gzip', 'snappy', 'lz4', ...(zstd ? ['zstd'] : [])],
    missing: zstd ? [] : [`zstd (needs node:zlib zstd, not in Node ${process.version})`],
    async send(topic, start, count, codec) {
      const messages = new Array<{ topic: string; partition: number; value: Buffer }>(count);
      for (let i = 0; i < count; i++) messages[i] = { topic, partition: 0, value: d.values[(start + i) % d.values.length]! };
      await producer.send({ messages, compression: codec as Codec });
    },
    fetcher,
    async close() {
      await producer.close();
      await fetcher.close();
    },
  };
}

/** kafkajs with a zstd codec plugin over @bokuweb/zstd-wasm (kafkajs.CompressionCodecs is global). */
async function kafkajsClient(d: DriverOptions): Promise<CodecClient> {
  const kafkajs = (await import('kafkajs')).default;
  const zstd = await import('@bokuweb/zstd-wasm');
  try {
    zstd.compress(Buffer.from('probe'));
  } catch {
    await zstd.init(); // not yet initialized in this process (the broker's codec module does it when loaded)
  }
  const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  kafkajs.CompressionCodecs[kafkajs.CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: { buffer: Buffer }) => asBuffer(zstd.compress(encoder.buffer, 3)),
    decompress: async (buf: Buffer) => asBuffer(zstd.decompress(buf)),
  });
  const types: Record<string, number> = { none: kafkajs.CompressionTypes.None, zstd: kafkajs.CompressionTypes.ZSTD };
  const kafka = new kafkajs.Kafka({ clientId: 'tributary-bench-codecs', brokers: [`${d.host}:${d.port}`], logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: Math.max(5, d.inflight) });
  await producer.connect();
  const fetcher = await kafkajsDriver(d);
  return {
    name: 'kafkajs',
    label: `kafkajs ${packageVersion('kafkajs')}`,
    codecs: ['none', 'zstd'],
    missing: [],
    async send(topic, start, count, codec) {
      const messages = new Array<{ partition: number; value: Buffer }>(count);
      for (let i = 0; i < count; i++) messages[i] = { partition: 0, value: d.values[(start + i) % d.values.length]! };
      await producer.send({ topic, acks: -1, compression: types[codec], messages });
    },
    fetcher,
    async close() {
      await producer.disconnect();
      await fetcher.close();
    },
  };
}

async function runOne(o: ClientCodecPhaseOptions, raw: RawClient, c: CodecClient, codec: string, topic: string, records: number, timed: boolean): Promise<Row> {
  await raw.createTopic(topic, 1);
  const phase = (what: string, from: number): void => {
    if (timed) o.onPhase?.(`client codec ${c.name} ${codec}: ${what}`, from, nowUs());
  };
  let from = nowUs();
  let broker0 = o.brokerCpu();
  let self0 = selfCpu();
  let t0 = process.hrtime.bigint();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < records) {
      const start = next;
      const count = Math.min(o.batch, records - start);
      next += count;
      await c.send(topic, start, count, codec);
    }
  };
  await Promise.all(Array.from({ length: o.inflight }, lane));
  const produceSeconds = seconds(t0);
  const produceClientCpu = selfCpu() - self0;
  const produceBrokerCpu = o.brokerCpu() - broker0;
  phase('produce', from);
  const storedBytes = logBytes(o.dataDir, topic);

  from = nowUs();
  broker0 = o.brokerCpu();
  self0 = selfCpu();
  t0 = process.hrtime.bigint();
  let offset = 0;
  let idle = 0;
  while (offset < records) {
    const got = (await c.fetcher.fetch(topic, [{ partition: 0, offset }]))[0];
    if (got !== undefined && got.records > 0) offset = got.nextOffset;
    else if (++idle > 20) throw new Error(`${topic}: consume stalled at offset ${offset} of ${records}`);
  }
  const consumeSeconds = seconds(t0);
  phase('consume', from);
  return {
    client: c.label, codec, produceSeconds, produceClientCpu, produceBrokerCpu, storedBytes,
    consumeSeconds, consumeClientCpu: selfCpu() - self0, consumeBrokerCpu: o.brokerCpu() - broker0,
  };
}

/** Runs the phase and prints its table. */
export async function runClientCodecPhase(o: ClientCodecPhaseOptions): Promise<Row[]> {
  const d: DriverOptions = {
    host: o.host, port: o.port, values: makeJsonValues(1024, o.valueSize), valueSize: o.valueSize, inflight: o.inflight,
    fetchMaxBytes: o.fetchMaxBytes, partitionMaxBytes: o.partitionMaxBytes,
  };
  const run = Date.now().toString(36);
  const raw = await RawClient.open(o.host, o.port, 'bench-client-codecs');
  const clients: CodecClient[] = [];
  const rows: Row[] = [];
  try {
    clients.push(await platformaticClient(d), await kafkajsClient(d));
    const warmRecords = Math.min(o.records, 20 * o.batch);
    for (const c of clients) {
      for (const codec of c.codecs) await runOne(o, raw, c, codec, `client-codec-warmup-${run}-${c.name}-${codec}`, warmRecords, false);
    }
    for (const c of clients) {
      for (const codec of c.codecs) rows.push(await runOne(o, raw, c, codec, `client-codec-${run}-${c.name}-${codec}`, o.records, true));
    }
  } finally {
    for (const c of clients) await c.close().catch(() => {});
    raw.close();
  }

  const valueBytes = o.records * o.valueSize;
  const per = (s: number): string => sig((s * 1e6) / o.records);
  console.log(`\nCompression codecs through client libraries: ${int(o.records)} records x ${o.valueSize} B JSON-like values ` +
    `(${mb(valueBytes)}) per row, null keys, 1-partition topic per row`);
  console.log(`  produce: the library's send() with its compression option, ${int(o.batch)} records per call, acks=all, ${o.inflight} calls in flight`);
  console.log(`  consume: the library's non-group fetch from offset 0 (lib/clients.ts), one in flight, max_bytes ${mib(o.fetchMaxBytes)}, ` +
    `partition_max_bytes ${mib(o.partitionMaxBytes)}; decompressed and decoded by the library, every record checked`);
  console.log('  MB/s = uncompressed value bytes per second; stored = .log bytes (ratio: the same library\'s uncompressed row / this row);');
  console.log('  client / broker µs/rec = CPU of this process / of the broker (all threads) per record. Every path warmed up first.');
  for (const c of clients) if (c.missing.length > 0) console.log(`  ${c.label}: no ${c.missing.join(', ')}`);
  const base = new Map(rows.filter((r) => r.codec === 'none').map((r) => [r.client, r.storedBytes]));
  console.log(table(
    ['client', 'codec', 'produce rec/s', 'MB/s', 'client µs/rec', 'broker µs/rec', 'stored', 'ratio', 'consume rec/s', 'MB/s', 'client µs/rec', 'broker µs/rec'],
    rows.map((r) => [
      r.client, r.codec, int(o.records / r.produceSeconds), fixed(valueBytes / r.produceSeconds / 1e6, 1), per(r.produceClientCpu), per(r.produceBrokerCpu),
      mb(r.storedBytes), `${fixed((base.get(r.client) ?? NaN) / r.storedBytes, 2)}x`,
      int(o.records / r.consumeSeconds), fixed(valueBytes / r.consumeSeconds / 1e6, 1), per(r.consumeClientCpu), per(r.consumeBrokerCpu),
    ]),
  ));
  return rows;
}
