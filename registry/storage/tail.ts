/**
 * Follows partition 0 of the schemas topic from offset 0 and hands every record, in log order,
 * to `apply` (which updates the store). One long-polling Fetch at a time, so records are applied
 * strictly in order and exactly once per process.
 *
 * `position` is the offset of the next record to read: every record below it has been applied.
 * Writers wait on it (`waitUntil`) to answer only after their own record is in the store.
 * Compacted batches may skip offsets; the position then moves past the batch's last offset.
 *
 * Failures (broker restart, leader change) are retried with a back-off after a metadata
 * refresh; the tail only stops on `stop()`.
 */
import type { Consumer } from '@platformatic/kafka';
import type { Logger } from '../logger.js';
import { describeKafkaError } from './kafka-errors.js';

/** Kafka's OFFSET_OUT_OF_RANGE: the log start moved past us (DeleteRecords, retention). */
const OFFSET_OUT_OF_RANGE = 1;
const IS_CONTROL_BATCH = 0x20;
const MAX_BYTES = 8 * 1024 * 1024;

export interface TailOptions {
  readonly consumer: Consumer;
  readonly topic: string;
  /** Applies one record; must not throw (see store/replay.ts). */
  readonly apply: (offset: number, key: Buffer | null, value: Buffer | null) => void;
  readonly log: Logger;
  /** Long-poll wait of each Fetch (default 100 ms): bounds how long stop() takes. A new record
   * ends the wait at once, so it does not add to write latency. */
  readonly maxWaitMs?: number;
}

interface Waiter { readonly position: bigint; resolve(): void }

export class Tail {
  private next = 0n;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private waiters: Waiter[] = [];
  private topicId: string | undefined;
  private leader: number | undefined;

  constructor(private readonly opts: TailOptions) {}

  /** Offset of the next record to read (all records below it are applied). */
  get position(): bigint {
    return this.next;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves once `position >= target` (immediately if it already is). */
  waitUntil(target: bigint): Promise<void> {
    if (this.next >= target) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position: target, resolve }));
  }

  /** Ends the loop after the Fetch in flight; waiters are left unresolved (their callers time out). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.fetchOnce();
        if (failures > 0) this.opts.log.info(`Reading ${this.opts.topic} again at offset ${this.next}`);
        failures = 0;
      } catch (err) {
        if (this.stopped) break;
        failures += 1;
        this.topicId = undefined;
        if (failures === 1 || failures % 50 === 0) {
          this.opts.log.warn(`Cannot read ${this.opts.topic} at offset ${this.next} (attempt ${failures}): ${describeKafkaError(err)}; retrying`);
        }
        await new Promise((r) => setTimeout(r, Math.min(1000, 50 * failures)));
      }
    }
  }

  private async locate(): Promise<{ topicId: string; leader: number }> {
    if (this.topicId !== undefined && this.leader !== undefined) return { topicId: this.topicId, leader: this.leader };
    const md = await this.opts.consumer.metadata({ topics: [this.opts.topic], forceUpdate: true });
    const t = md.topics.get(this.opts.topic);
    if (!t) throw new Error(`topic ${this.opts.topic} not found`);
    this.topicId = t.id;
    this.leader = t.partitions[0]!.leader;
    return { topicId: t.id, leader: this.leader };
  }

  private async fetchOnce(): Promise<void> {
    const { topicId, leader } = await this.locate();
    const res = await this.opts.consumer.fetch({
      node: leader, maxWaitTime: this.opts.maxWaitMs ?? 100, minBytes: 1, maxBytes: MAX_BYTES,
      topics: [{ topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: this.next, lastFetchedEpoch: -1, partitionMaxBytes: MAX_BYTES }] }],
    });
    if (this.stopped) return;
    const p = res.responses[0]?.partitions[0];
    if (!p) throw new Error('Fetch answered without the partition');
    if (p.errorCode === OFFSET_OUT_OF_RANGE && p.logStartOffset > this.next) {
      this.opts.log.warn(`Records ${this.next}..${p.logStartOffset - 1n} of ${this.opts.topic} are gone (log start moved); continuing at ${p.logStartOffset}`);
      this.advance(p.logStartOffset);
      return;
    }
    if (p.errorCode !== 0) throw new Error(`Fetch of ${this.opts.topic} failed with Kafka error code ${p.errorCode}`);
    for (const batch of p.records ?? []) {
      const last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
      if ((batch.attributes & IS_CONTROL_BATCH) === 0) {
        for (const r of batch.records) {
          const offset = batch.firstOffset + BigInt(r.offsetDelta);
          if (offset < this.next) continue;
          this.opts.apply(Number(offset), r.key, r.value);
          this.next = offset + 1n;
        }
      }
      if (last >= this.next) this.next = last + 1n;
    }
    this.advance(this.next);
  }

  private advance(to: bigint): void {
    if (to > this.next) this.next = to;
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.position <= this.next);
    this.waiters = this.waiters.filter((w) => w.position > this.next);
    for (const w of ready) w.resolve();
  }
}
