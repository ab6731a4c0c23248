/**
 * Reading partitions with @platformatic/kafka without a consumer group: `Consumer.fetch` sends a
 * plain Fetch (v12 against this broker) to a given node and returns the decoded batches; it never
 * contacts a group coordinator (only `consume()`/`joinGroup()` do).
 */
import type { Consumer } from '@platformatic/kafka';

export interface PlatformaticRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, string | null][];
}

/** Every record of each partition of `topic`, in log order. */
export async function platformaticReadTopic(consumer: Consumer, topic: string): Promise<Map<number, PlatformaticRecord[]>> {
  const md = await consumer.metadata({ topics: [topic], forceUpdate: true });
  const t = md.topics.get(topic);
  if (!t) throw new Error(`no metadata for ${topic}`);
  const out = new Map<number, PlatformaticRecord[]>();
  for (let partition = 0; partition < t.partitionsCount; partition++) {
    const records: PlatformaticRecord[] = [];
    let offset = 0;
    for (;;) {
      const res = await consumer.fetch({
        node: t.partitions[partition].leader, maxWaitTime: 0, minBytes: 0, maxBytes: 1 << 20,
        // The client negotiates Fetch v13+, which identifies topics by id.
        topics: [{ topicId: t.id, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), lastFetchedEpoch: -1, partitionMaxBytes: 64 * 1024 }] }],
      });
      const p = res.responses[0].partitions[0];
      if (p.errorCode !== 0) throw new Error(`platformatic fetch ${topic}-${partition}: error ${p.errorCode}`);
      const fresh: PlatformaticRecord[] = [];
      // The next offset is after the last batch's lastOffsetDelta, not after its last record:
      // on a compacted topic a batch may have lost its last records (Kafka keeps lastOffsetDelta).
      let next = offset;
      for (const batch of p.records ?? []) {
        next = Math.max(next, Number(batch.firstOffset) + batch.lastOffsetDelta + 1);
        for (const r of batch.records) {
          const o = Number(batch.firstOffset) + r.offsetDelta;
          if (o < offset) continue;
          fresh.push({
            offset: o,
            timestamp: Number(batch.firstTimestamp + r.timestampDelta),
            key: r.key, value: r.value,
            headers: r.headers.map(([k, v]) => [k === null ? '' : k.toString(), v === null ? null : v.toString()]),
          });
        }
      }
      records.push(...fresh);
      if (next === offset || next >= Number(p.highWatermark)) break;
      offset = next;
    }
    out.set(partition, records);
  }
  return out;
}
