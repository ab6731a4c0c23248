/**
 * Reading partitions with kafkajs without a consumer group. kafkajs's `consumer` always joins a
 * group (the broker has no group coordinator yet), so this goes one level down: a kafkajs Cluster
 * (made by the Kafka instance's own factory) and the leader's `Broker.fetch` — the same Fetch
 * (v11) request and record decoding the kafkajs consumer uses.
 */
import type { Kafka } from 'kafkajs';

export interface KafkajsRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

interface KjsMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkajsRecord['headers'];
  isControlRecord: boolean;
}

interface KjsFetchResponse {
  responses: { topicName: string; partitions: { partition: number; errorCode: number; highWatermark: string; messages: KjsMessage[] }[] }[];
}

interface KjsBroker {
  fetch(req: {
    isolationLevel: number; maxWaitTime: number; minBytes: number; maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<KjsFetchResponse>;
}

interface KjsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(q: { nodeId: number }): Promise<KjsBroker>;
}

/** A connected kafkajs Cluster of `kafka` (call `disconnect()` when done). */
async function cluster(kafka: Kafka): Promise<KjsCluster> {
  const factory = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!factory) throw new Error('this kafkajs version has no cluster factory on the Kafka instance');
  const c = (kafka as unknown as Record<symbol, (o: object) => KjsCluster>)[factory]({});
  await c.connect();
  return c;
}

/** Every record of each partition of `topic`, in log order, read with kafkajs's Fetch. */
export async function kafkajsReadTopic(kafka: Kafka, topic: string): Promise<Map<number, KafkajsRecord[]>> {
  const c = await cluster(kafka);
  try {
    await c.addTargetTopic(topic);
    const out = new Map<number, KafkajsRecord[]>();
    for (const { partitionId, leader } of c.findTopicPartitionMetadata(topic)) {
      const broker = await c.findBroker({ nodeId: leader });
      const records: KafkajsRecord[] = [];
      let offset = 0;
      for (;;) {
        const res = await broker.fetch({
          // READ_COMMITTED, the kafkajs consumer's default.
          isolationLevel: 1, maxWaitTime: 0, minBytes: 0, maxBytes: 1 << 20,
          topics: [{ topic, partitions: [{ partition: partitionId, fetchOffset: String(offset), maxBytes: 64 * 1024 }] }],
        });
        const p = res.responses[0].partitions[0];
        if (p.errorCode !== 0) throw new Error(`kafkajs fetch ${topic}-${partitionId}: error ${p.errorCode}`);
        const fresh = p.messages.filter((m) => !m.isControlRecord && Number(m.offset) >= offset);
        for (const m of fresh) {
          records.push({ offset: Number(m.offset), timestamp: Number(m.timestamp), key: m.key, value: m.value, headers: m.headers });
        }
        if (fresh.length) offset = Number(fresh[fresh.length - 1].offset) + 1;
        if (fresh.length === 0 || offset >= Number(p.highWatermark)) break;
      }
      out.set(partitionId, records);
    }
    return out;
  } finally {
    await c.disconnect();
  }
}
