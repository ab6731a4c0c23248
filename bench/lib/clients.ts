/**
 * The Kafka client libraries the benchmark can drive, behind one small interface: create the
 * topic, send one batch of records to one partition (acks=all), and fetch from given offsets
 * without a consumer group (lib/groups.ts measures group consumption).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RawClient } from './raw-client.js';
import { walkBatches } from './record-batch.js';

export interface FetchedPartition {
  partition: number;
  records: number;
  valueBytes: number;
  /** Next offset to fetch (unchanged if nothing came back). */
  nextOffset: number;
}

export interface ClientDriver {
  /** Library name and version, e.g. "@platformatic/kafka 1.35.0". */
  readonly label: string;
  /** How produce requests are made, for the output. */
  readonly producePath: string;
  /** How the consume side fetches, for the output. */
  readonly consumePath: string;
  createTopic(topic: string, partitions: number): Promise<void>;
  /** One send of `count` records (values[start..] in turn) to one partition, acks=all. */
  send(topic: string, partition: number, start: number, count: number): Promise<void>;
  /** One fetch of the given partitions (one request to the leader). */
  fetch(topic: string, partitions: readonly { partition: number; offset: number }[]): Promise<FetchedPartition[]>;
  close(): Promise<void>;
}

export interface DriverOptions {
  host: string;
  port: number;
  values: readonly Buffer[];
  valueSize: number;
  /** Sends in flight at once (the driver allows at least this many requests per connection). */
  inflight: number;
  fetchMaxBytes: number;
  partitionMaxBytes: number;
}

const require = createRequire(import.meta.url);

/** The installed version of a package (its package.json may not be exported, so it is looked up on disk). */
export function packageVersion(name: string): string {
  try {
    for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '?';
    }
  } catch {
    // fall through
  }
  return '?';
}

const FETCH_WAIT_MS = 500;

/**
 * @platformatic/kafka 1.x keeps a response as the list of socket reads it arrived in (64 KiB
 * each, a DynamicBuffer) and every varint/int read looks its chunk up from the first one, so
 * decoding a response costs O(records x chunks): per record about 1 µs with 1 MiB responses,
 * 2 µs with 4 MiB and 4 µs with 16 MiB on the reference machine. Hence Kafka's default of
 * 1 MiB per partition rather than bigger fetches (the broker itself serves 16 MiB fetches faster).
 */
export async function platformaticDriver(o: DriverOptions): Promise<ClientDriver> {
  const { Admin, Consumer, Producer, ProduceAcks, FetchIsolationLevels } = await import('@platformatic/kafka');
  const bootstrapBrokers = [`${o.host}:${o.port}`];
  const base = { clientId: 'tributary-bench', bootstrapBrokers, maxInflights: Math.max(5, o.inflight) };
  const producer = new Producer({ ...base, acks: ProduceAcks.ALL, autocreateTopics: false, compression: 'none' });
  const consumer = new Consumer({
    ...base, groupId: 'tributary-bench-unused', isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
    minBytes: 1, maxBytes: o.fetchMaxBytes, maxWaitTime: FETCH_WAIT_MS,
  });
  const leaders = new Map<string, { id: string; leaders: number[] }>();
  const leaderOf = async (topic: string): Promise<{ id: string; leaders: number[] }> => {
    let l = leaders.get(topic);
    if (!l) {
      const md = (await consumer.metadata({ topics: [topic] })).topics.get(topic)!;
      l = { id: md.id, leaders: md.partitions.map((p) => p.leader) };
      leaders.set(topic, l);
    }
    return l;
  };
  return {
    label: `@platformatic/kafka ${packageVersion('@platformatic/kafka')}`,
    producePath: 'Producer.send()',
    consumePath: 'Consumer.fetch() (the library\'s non-group fetch; records decoded by the library)',
    async createTopic(topic, partitions) {
      const admin = new Admin(base);
      try {
        await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
      } finally {
        await admin.close();
      }
    },
    async send(topic, partition, start, count) {
      const messages = new Array<{ topic: string; partition: number; value: Buffer }>(count);
      for (let i = 0; i < count; i++) messages[i] = { topic, partition, value: o.values[(start + i) % o.values.length]! };
      await producer.send({ messages });
    },
    async fetch(topic, partitions) {
      const { id, leaders: l } = await leaderOf(topic);
      const node = l[partitions[0]!.partition]!;
      const res = await consumer.fetch({
        node,
        topics: [{
          topicId: id, // the library sends Fetch v13+ (topics by id) when the broker offers it
          partitions: partitions.map((p) => ({
            partition: p.partition, currentLeaderEpoch: -1, fetchOffset: BigInt(p.offset), lastFetchedEpoch: -1,
            partitionMaxBytes: o.partitionMaxBytes,
          })),
        }],
      });
      const out: FetchedPartition[] = [];
      for (const t of res.responses) {
        for (const p of t.partitions) {
          const want = partitions.find((x) => x.partition === p.partitionIndex)!;
          let expect = want.offset;
          let records = 0;
          let valueBytes = 0;
          for (const batch of p.records ?? []) {
            const base = Number(batch.firstOffset);
            for (const r of batch.records) {
              const offset = base + r.offsetDelta;
              if (offset < expect) continue;
              if (offset !== expect) throw new Error(`partition ${p.partitionIndex}: expected offset ${expect}, got ${offset}`);
              if (r.value?.length !== o.valueSize) throw new Error(`offset ${offset}: value of ${r.value?.length} bytes`);
              valueBytes += r.value.length;
              records++;
              expect++;
            }
          }
          out.push({ partition: p.partitionIndex, records, valueBytes, nextOffset: expect });
        }
      }
      return out;
    },
    async close() {
      await producer.close();
      await consumer.close();
    },
  };
}

// kafkajs has no public fetch without a consumer group; its internal Cluster / Broker objects do
// (the same code path its group consumer uses). The typed surface below is what is used of them.
interface KjsMessage { offset: string; value: Buffer | null }
interface KjsBroker {
  fetch(req: {
    replicaId: number; isolationLevel: number; maxWaitTime: number; minBytes: number; maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: { partition: number; errorCode: number; messages: KjsMessage[] }[] }[] }>;
}
interface KjsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(q: { nodeId: number }): Promise<KjsBroker>;
}

export async function kafkajsDriver(o: DriverOptions): Promise<ClientDriver> {
  const kafkajs = (await import('kafkajs')).default;
  const { Kafka, Partitioners, logLevel } = kafkajs;
  const kafka = new Kafka({ clientId: 'tributary-bench', brokers: [`${o.host}:${o.port}`], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false, maxInFlightRequests: Math.max(5, o.inflight),
  });
  await producer.connect();
  const createCluster = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!createCluster) throw new Error('this kafkajs version has no private:Kafka:createCluster: cannot fetch without a group');
  const cluster = (kafka as unknown as Record<symbol, (o: object) => KjsCluster>)[createCluster]!({ allowAutoTopicCreation: false, maxInFlightRequests: null });
  await cluster.connect();
  const brokers = new Map<number, KjsBroker>();
  const leaderOf = async (topic: string, partition: number): Promise<KjsBroker> => {
    await cluster.addTargetTopic(topic);
    const leader = cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition)!.leader;
    let b = brokers.get(leader);
    if (!b) {
      b = await cluster.findBroker({ nodeId: leader });
      brokers.set(leader, b);
    }
    return b;
  };
  return {
    label: `kafkajs ${packageVersion('kafkajs')}`,
    producePath: 'producer.send()',
    consumePath: 'kafkajs internal Broker.fetch() (no public non-group fetch; records decoded by the library)',
    async createTopic(topic, partitions) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
      } finally {
        await admin.disconnect();
      }
    },
    async send(topic, partition, start, count) {
      const messages = new Array<{ partition: number; value: Buffer }>(count);
      for (let i = 0; i < count; i++) messages[i] = { partition, value: o.values[(start + i) % o.values.length]! };
      await producer.send({ topic, acks: -1, messages });
    },
    async fetch(topic, partitions) {
      const broker = await leaderOf(topic, partitions[0]!.partition);
      const res = await broker.fetch({
        replicaId: -1, isolationLevel: 0, maxWaitTime: FETCH_WAIT_MS, minBytes: 1, maxBytes: o.fetchMaxBytes,
        topics: [{ topic, partitions: partitions.map((p) => ({ partition: p.partition, fetchOffset: String(p.offset), maxBytes: o.partitionMaxBytes })) }],
      });
      const out: FetchedPartition[] = [];
      for (const t of res.responses) {
        for (const p of t.partitions) {
          if (p.errorCode !== 0) throw new Error(`Fetch ${topic}-${p.partition}: error ${p.errorCode}`);
          let expect = partitions.find((x) => x.partition === p.partition)!.offset;
          let records = 0;
          let valueBytes = 0;
          for (const m of p.messages) {
            const offset = Number(m.offset);
            if (offset < expect) continue;
            if (offset !== expect) throw new Error(`partition ${p.partition}: expected offset ${expect}, got ${offset}`);
            if (m.value?.length !== o.valueSize) throw new Error(`offset ${offset}: value of ${m.value?.length} bytes`);
            valueBytes += m.value.length;
            records++;
            expect++;
          }
          out.push({ partition: p.partition, records, valueBytes, nextOffset: expect });
        }
      }
      return out;
    },
    async close() {
      await producer.disconnect();
      await cluster.disconnect();
    },
  };
}

/** Consumer side only: Fetch over a raw socket with the broker's generated codecs. */
export async function rawFetcher(o: DriverOptions): Promise<Pick<ClientDriver, 'fetch' | 'close' | 'consumePath'>> {
  const client = await RawClient.open(o.host, o.port);
  return {
    consumePath: 'raw Fetch v12 over one socket with the broker\'s generated codecs; records walked one by one',
    async fetch(topic, partitions) {
      const res = await client.fetch(topic, [...partitions], o.fetchMaxBytes, o.partitionMaxBytes, FETCH_WAIT_MS);
      const out: FetchedPartition[] = [];
      for (const t of res.responses) {
        for (const p of t.partitions) {
          const from = partitions.find((x) => x.partition === p.partitionIndex)!.offset;
          const records = p.records === null ? null : Buffer.isBuffer(p.records) ? p.records : Buffer.concat(p.records);
          if (records === null || records.length === 0) {
            out.push({ partition: p.partitionIndex, records: 0, valueBytes: 0, nextOffset: from });
            continue;
          }
          const w = walkBatches(records, from, o.valueSize);
          out.push({ partition: p.partitionIndex, records: w.records, valueBytes: w.valueBytes, nextOffset: w.nextOffset < 0 ? from : w.nextOffset });
        }
      }
      return out;
    },
    async close() {
      client.close();
    },
  };
}
