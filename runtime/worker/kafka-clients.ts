/**
 * The worker's Kafka clients (@platformatic/kafka): one producer shared by the source tasks and
 * the dead letter queues, one admin client, and a consumer per sink task (sink-consumer.ts).
 *
 * `produce()` decides every record's partition itself before sending, so that each record's
 * offset in the answer is known (the client reports one base offset per partition): an explicit
 * `kafkaPartition`, else the Java client's default for keyed records (murmur2 of the key bytes,
 * masked positive, modulo the partition count: the same partition Kafka Connect would choose),
 * else round robin per topic. Records are sent with acks=all; topics are created on first use
 * where the broker allows (Metadata with auto-creation), or explicitly by `ensureTopic`.
 *
 * Errors are the client's; storage/kafka-errors.ts reads them (Kafka error name, retriable or not).
 */
import { Admin, compatibilityPartitioner, Producer, ProduceAcks, type BaseOptions, type MessageToProduce } from '@platformatic/kafka';
import { kafkaErrorName } from '../storage/kafka-errors.js';

export interface ProduceRecord {
  readonly topic: string;
  readonly partition: number | null;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ReadonlyArray<readonly [string, Buffer | null]>;
  readonly timestamp: number | null;
}

export interface ProducedAt {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number | null;
}

function headerMap(headers: ProduceRecord['headers']): Map<Buffer, Buffer> {
  const m = new Map<Buffer, Buffer>();
  for (const [k, v] of headers) m.set(Buffer.from(k, 'utf8'), v as Buffer);
  return m;
}

export function clientOptions(servers: readonly string[], clientId: string): BaseOptions {
  return { clientId, bootstrapBrokers: [...servers], connectTimeout: 5_000, requestTimeout: 30_000, retries: 3, retryDelay: 250, metadataMaxAge: 5_000 };
}

export class KafkaClients {
  readonly producer: Producer;
  readonly admin: Admin;
  readonly #roundRobin = new Map<string, number>();

  constructor(readonly servers: readonly string[], readonly clientIdPrefix: string) {
    this.producer = new Producer({ ...clientOptions(servers, `${clientIdPrefix}-producer`), acks: ProduceAcks.ALL, autocreateTopics: true });
    this.admin = new Admin(clientOptions(servers, `${clientIdPrefix}-admin`));
    // An 'error' event without a listener would end the process; failures surface per call.
    this.producer.on('error', () => {});
    this.admin.on('error', () => {});
  }

  /** Sends the records (acks=all); resolves with where each landed, in the same order. */
  async produce(records: readonly ProduceRecord[]): Promise<ProducedAt[]> {
    if (records.length === 0) return [];
    const topics = [...new Set(records.map((r) => r.topic))];
    const md = await this.producer.metadata({ topics, autocreateTopics: true });
    const messages = records.map((r): MessageToProduce & { topic: string; partition: number } => {
      const t = md.topics.get(r.topic);
      if (t === undefined) throw new Error(`No metadata for topic ${r.topic}`);
      const partition = r.partition ?? this.#partitionFor(r.topic, r.key, t.partitionsCount);
      if (partition >= t.partitionsCount) throw new Error(`Topic ${r.topic} has ${t.partitionsCount} partition(s); the record asked for partition ${partition}`);
      // One object shape for every message (no spreads: this runs per record).
      return {
        topic: r.topic, partition,
        key: r.key ?? undefined,
        value: r.value ?? undefined,
        headers: r.headers.length === 0 ? undefined : headerMap(r.headers),
        timestamp: r.timestamp === null ? undefined : BigInt(r.timestamp),
      };
    });
    const result = await this.producer.send({ messages, acks: ProduceAcks.ALL, autocreateTopics: true });
    const base = new Map<string, bigint>();
    for (const o of result.offsets ?? []) base.set(`${o.topic}\u0000${o.partition}`, o.offset);
    const seen = new Map<string, number>();
    return messages.map((m, i) => {
      const key = `${m.topic}\u0000${m.partition}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const b = base.get(key);
      return { topic: m.topic, partition: m.partition, offset: b === undefined ? -1 : Number(b) + n, timestamp: records[i]!.timestamp };
    });
  }

  #partitionFor(topic: string, key: Buffer | null, count: number): number {
    if (key !== null) return compatibilityPartitioner(undefined as never, key) % count;
    const n = this.#roundRobin.get(topic) ?? 0;
    this.#roundRobin.set(topic, n + 1);
    return n % count;
  }

  /** Creates the topic unless it exists; replication capped at the number of brokers (-1: broker default). */
  async ensureTopic(topic: string, partitions: number, replicationFactor: number, configs: Record<string, string> = {}): Promise<boolean> {
    const cluster = await this.admin.metadata({ topics: [], forceUpdate: true });
    const replicas = replicationFactor < 0 ? -1 : Math.max(1, Math.min(replicationFactor, cluster.brokers.size));
    try {
      await this.admin.createTopics({
        topics: [topic], partitions: partitions < 0 ? -1 : partitions, replicas,
        configs: Object.entries(configs).map(([name, value]) => ({ name, value })),
      });
      return true;
    } catch (err) {
      if (kafkaErrorName(err) === 'TOPIC_ALREADY_EXISTS') return false;
      throw err;
    }
  }

  /** The cluster id (GET / answers it as kafka_cluster_id). */
  async clusterId(): Promise<string | null> {
    try {
      return (await this.admin.metadata({ topics: [] })).id ?? null;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.close(), this.admin.close()]);
  }
}
