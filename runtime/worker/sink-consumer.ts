/**
 * A sink task's Kafka consumer: a member of consumer group `connect-<connector>` (classic group
 * protocol, run by @platformatic/kafka: join, sync, heartbeats, rejoin), with fetching, positions,
 * pausing and committing done here so that the task decides exactly what is committed.
 *
 * Contract:
 * - Subscription: a topic list or a regular expression (whole-name match). Only topics that exist
 *   are subscribed; the list is refreshed every `refreshMs` and a change rejoins the group.
 * - `poll(maxWaitMs)` first applies a pending rebalance (returning it through `onRebalance`),
 *   then fetches every assigned, unpaused partition from its position (the committed offset, else
 *   the earliest: Connect's auto.offset.reset=earliest) and returns the records in offset order
 *   per partition; positions move past them. OFFSET_OUT_OF_RANGE resets to the earliest offset.
 * - `seek`, `pause`, `resume` act on the next poll. `commit` writes offsets (next offset to
 *   read) for partitions still assigned; it never commits a revoked partition.
 * - `lag` is high watermark minus position, updated by each fetch.
 */
import { ConnectionPool, Consumer, type RecordsBatch } from '@platformatic/kafka';
import type { PartitionOffset, TopicPartition } from '../api/connector/sink-connector.js';
import { describeKafkaError, kafkaErrorName } from '../storage/kafka-errors.js';
import { clientOptions } from './kafka-clients.js';
import type { Logger } from './logger.js';

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: 'CREATE_TIME' | 'LOG_APPEND_TIME';
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ReadonlyArray<readonly [string, Buffer | null]>;
}

export interface SinkConsumerOptions {
  readonly servers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
  readonly subscription: { topics: string[] } | { regex: RegExp };
  readonly listTopics: () => Promise<string[]>;
  readonly log: Logger;
  readonly refreshMs?: number;
  /** The worker's `consumer.session.timeout.ms` (Kafka's consumer default 45000): how long a
   * dead worker's sink task keeps its partitions before the group moves them. */
  readonly sessionTimeoutMs?: number;
  /** The worker's `consumer.heartbeat.interval.ms` (default 3000). */
  readonly heartbeatIntervalMs?: number;
}

const LOG_APPEND_TIME = 0x08;
const CONTROL_BATCH = 0x20;
const EARLIEST = -2n;
const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class SinkConsumer {
  readonly consumer: Consumer;
  readonly #pool: ConnectionPool;
  readonly #positions = new Map<string, { topic: string; partition: number; offset: bigint }>();
  readonly #paused = new Set<string>();
  readonly #lag = new Map<string, number>();
  #assigned: TopicPartition[] = [];
  #rejoined = false;
  #subscribed = new Set<string>();
  #lastRefresh = 0;
  #closed = false;

  constructor(private readonly o: SinkConsumerOptions) {
    this.consumer = new Consumer({
      ...clientOptions(o.servers, o.clientId), groupId: o.groupId, autocommit: false,
      sessionTimeout: o.sessionTimeoutMs ?? 45_000, heartbeatInterval: o.heartbeatIntervalMs ?? 3_000, rebalanceTimeout: 60_000,
    });
    this.#pool = new ConnectionPool(o.clientId, { connectTimeout: 5_000, requestTimeout: 30_000 });
    this.consumer.on('consumer:group:join', () => { this.#rejoined = true; });
    // The library reports a failed rejoin as an 'error' event; the next poll fails the task.
    this.consumer.on('error', (err: unknown) => {
      this.#groupError ??= err;
      o.log.error(`Consumer group ${o.groupId} failed: ${describeKafkaError(err)}`);
    });
  }

  #groupError: unknown = undefined;

  assignment(): TopicPartition[] {
    return [...this.#assigned];
  }

  lag(): ReadonlyMap<string, number> {
    return this.#lag;
  }

  /** The subscribed topics that exist now; joins (or rejoins) the group when they changed. */
  async refreshSubscription(force = false): Promise<void> {
    const interval = this.o.refreshMs ?? 2_000;
    if (!force && Date.now() - this.#lastRefresh < interval) return;
    this.#lastRefresh = Date.now();
    const all = await this.o.listTopics();
    const sub = this.o.subscription;
    const wanted = 'regex' in sub ? all.filter((t) => !t.startsWith('__') && sub.regex.test(t)) : sub.topics.filter((t) => all.includes(t));
    const added = wanted.filter((t) => !this.#subscribed.has(t));
    if (added.length === 0 && this.consumer.memberId !== null) return;
    for (const t of added) {
      this.consumer.topics.track(t);
      this.#subscribed.add(t);
    }
    if (this.#subscribed.size === 0) return;
    await this.consumer.joinGroup({});
    this.#rejoined = true;
  }

  /**
   * Applies a rebalance the library completed since the last call: returns the partitions
   * assigned and revoked (and sets their positions), or null when nothing changed.
   */
  async takeRebalance(): Promise<{ assigned: TopicPartition[]; revoked: TopicPartition[] } | null> {
    if (!this.#rejoined) return null;
    this.#rejoined = false;
    const now: TopicPartition[] = [];
    for (const a of this.consumer.assignments ?? []) for (const p of a.partitions) now.push({ topic: a.topic, partition: p });
    const before = new Set(this.#assigned.map((tp) => tpKey(tp.topic, tp.partition)));
    const after = new Set(now.map((tp) => tpKey(tp.topic, tp.partition)));
    const revoked = this.#assigned.filter((tp) => !after.has(tpKey(tp.topic, tp.partition)));
    const assigned = now.filter((tp) => !before.has(tpKey(tp.topic, tp.partition)));
    this.#assigned = now;
    for (const tp of revoked) {
      const k = tpKey(tp.topic, tp.partition);
      this.#positions.delete(k);
      this.#paused.delete(k);
      this.#lag.delete(k);
    }
    if (assigned.length > 0) await this.#initPositions(assigned);
    if (assigned.length === 0 && revoked.length === 0) return null;
    return { assigned, revoked };
  }

  async #initPositions(tps: TopicPartition[]): Promise<void> {
    const byTopic = new Map<string, number[]>();
    for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    const committed = await this.consumer.listCommittedOffsets({ topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) });
    const missing = new Map<string, number[]>();
    for (const tp of tps) {
      const c = committed.get(tp.topic)?.[tp.partition];
      if (c !== undefined && c >= 0n) this.#positions.set(tpKey(tp.topic, tp.partition), { ...tp, offset: c });
      else missing.set(tp.topic, [...(missing.get(tp.topic) ?? []), tp.partition]);
    }
    for (const [topic, partitions] of missing) {
      const listed = await this.consumer.listOffsets({ topics: [topic], partitions: { [topic]: partitions }, timestamp: EARLIEST });
      for (const p of partitions) this.#positions.set(tpKey(topic, p), { topic, partition: p, offset: listed.get(topic)?.[p] ?? 0n });
    }
  }

  seek(tp: TopicPartition, offset: number): void {
    const k = tpKey(tp.topic, tp.partition);
    if (!this.#assigned.some((a) => a.topic === tp.topic && a.partition === tp.partition)) return;
    this.#positions.set(k, { topic: tp.topic, partition: tp.partition, offset: BigInt(offset) });
  }

  pause(tps: readonly TopicPartition[]): void {
    for (const tp of tps) this.#paused.add(tpKey(tp.topic, tp.partition));
  }

  resume(tps: readonly TopicPartition[]): void {
    for (const tp of tps) this.#paused.delete(tpKey(tp.topic, tp.partition));
  }

  /** The next offset to read of every assigned partition. */
  positions(): PartitionOffset[] {
    return [...this.#positions.values()].map((p) => ({ topic: p.topic, partition: p.partition, offset: Number(p.offset) }));
  }

  /** Fetches once (at most `maxWaitMs` at the broker); records of unpaused assigned partitions. */
  async poll(maxWaitMs: number): Promise<ConsumedRecord[]> {
    if (this.#groupError !== undefined) throw this.#groupError;
    const wanted = [...this.#positions.entries()].filter(([k]) => !this.#paused.has(k)).map(([, v]) => v);
    if (wanted.length === 0) {
      await new Promise((r) => setTimeout(r, Math.min(maxWaitMs, 200)));
      return [];
    }
    const topics = [...new Set(wanted.map((w) => w.topic))];
    const md = await this.consumer.metadata({ topics });
    const byLeader = new Map<number, typeof wanted>();
    const names = new Map<string, string>();
    for (const w of wanted) {
      const t = md.topics.get(w.topic);
      if (t === undefined) continue;
      names.set(t.id, w.topic);
      names.set(w.topic, w.topic);
      const leader = t.partitions[w.partition]?.leader ?? -1;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), w]);
    }
    const out: ConsumedRecord[] = [];
    await Promise.all([...byLeader].map(async ([leader, list]) => {
      const grouped = new Map<string, typeof list>();
      for (const w of list) grouped.set(w.topic, [...(grouped.get(w.topic) ?? []), w]);
      const request = [...grouped].map(([topic, ps]) => ({
        topicId: md.topics.get(topic)!.id,
        partitions: ps.map((p) => ({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, lastFetchedEpoch: -1, partitionMaxBytes: 1_048_576 })),
      }));
      let response: Awaited<ReturnType<Consumer['fetch']>>;
      try {
        response = await this.consumer.fetch({ node: leader, topics: request, maxWaitTime: maxWaitMs, minBytes: 1, maxBytes: 52_428_800, connectionPool: this.#pool });
      } catch (err) {
        const partial = (err as { response?: typeof response }).response;
        if (partial?.responses === undefined || kafkaErrorName(err) !== 'OFFSET_OUT_OF_RANGE') throw err;
        response = partial;
      }
      for (const t of response.responses) {
        const topic = names.get(t.topicId) ?? names.get((t as { topic?: string }).topic ?? '');
        if (topic === undefined) continue;
        for (const p of t.partitions) this.#take(topic, p, out);
      }
    }));
    return out;
  }

  #take(topic: string, p: { partitionIndex: number; errorCode: number; highWatermark: bigint; logStartOffset: bigint; records?: RecordsBatch[] }, out: ConsumedRecord[]): void {
    const k = tpKey(topic, p.partitionIndex);
    const pos = this.#positions.get(k);
    if (pos === undefined) return;
    if (p.errorCode === 1) {
      this.o.log.warn(`Fetch offset ${pos.offset} is out of range for partition ${topic}-${p.partitionIndex}, resetting offset to ${p.logStartOffset}`);
      pos.offset = p.logStartOffset;
      return;
    }
    if (p.errorCode !== 0) {
      this.o.log.debug(`Fetch of ${topic}-${p.partitionIndex} answered error code ${p.errorCode}; retrying`);
      return;
    }
    for (const batch of p.records ?? []) {
      const next = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
      if (next <= pos.offset) continue;
      if ((batch.attributes & CONTROL_BATCH) === 0) {
        const logAppend = (batch.attributes & LOG_APPEND_TIME) !== 0;
        for (const r of batch.records) {
          const offset = batch.firstOffset + BigInt(r.offsetDelta);
          if (offset < pos.offset) continue;
          out.push({
            topic, partition: p.partitionIndex, offset: Number(offset),
            timestamp: Number(logAppend ? batch.maxTimestamp : batch.firstTimestamp + r.timestampDelta),
            timestampType: logAppend ? 'LOG_APPEND_TIME' : 'CREATE_TIME',
            key: r.key ?? null, value: r.value ?? null,
            headers: r.headers.map(([hk, hv]) => [hk === null ? '' : hk.toString('utf8'), hv ?? null] as const),
          });
        }
      }
      pos.offset = next;
    }
    this.#lag.set(k, Math.max(0, Number(p.highWatermark - pos.offset)));
  }

  /** Commits the given positions of partitions still assigned. */
  async commit(offsets: readonly PartitionOffset[]): Promise<void> {
    const assigned = new Set(this.#assigned.map((tp) => tpKey(tp.topic, tp.partition)));
    const list = offsets.filter((o) => assigned.has(tpKey(o.topic, o.partition)))
      .map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 }));
    if (list.length === 0) return;
    await this.consumer.commit({ offsets: list });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close().catch(() => undefined);
    try {
      if (this.consumer.memberId !== null) await (this.consumer.leaveGroup as (this: Consumer, force?: boolean) => Promise<void>).call(this.consumer, true);
    } catch (err) {
      this.o.log.debug(`Could not leave group ${this.o.groupId}: ${describeKafkaError(err)}`);
    }
    await (this.consumer.close as (this: Consumer, force?: boolean) => Promise<void>).call(this.consumer, true).catch(() => undefined);
  }
}

export { tpKey };
