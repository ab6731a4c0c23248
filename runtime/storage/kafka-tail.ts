/**
 * Follows every partition of one topic from offset 0 and hands each record, in log order per
 * partition, to `apply`. One round of Fetch requests at a time (one per partition leader, in
 * parallel), so records are applied in order and exactly once per process; there is no order
 * between partitions.
 *
 * `positions[p]` is the offset of the next record to read in partition p: every record below it
 * has been applied. Writers and `readToEnd` wait on them (`waitFor`). Compacted batches skip
 * offsets; a position then moves past the batch's last offset. Failures (broker restart, leader
 * change) are retried with a back-off after a metadata refresh; the tail only ends on `stop()`.
 */
import type { Consumer } from '@platformatic/kafka';
import { describeKafkaError } from './kafka-errors.js';
import type { Logger } from './logger.js';

/** Kafka's OFFSET_OUT_OF_RANGE: the log start moved past us (DeleteRecords, retention). */
const OFFSET_OUT_OF_RANGE = 1;
const IS_CONTROL_BATCH = 0x20;
const MAX_BYTES = 8 * 1024 * 1024;

export interface TailRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

export interface TailOptions {
  readonly consumer: Consumer;
  readonly topic: string;
  readonly partitions: number;
  /** Applies one record; must not throw. */
  readonly apply: (record: TailRecord) => void;
  readonly log: Logger;
  /** Long-poll wait of each Fetch (default 200 ms): bounds how long stop() takes. A new record
   * ends the wait at once, so it adds nothing to write latency. */
  readonly maxWaitMs?: number;
}

interface Waiter { readonly targets: readonly bigint[]; resolve(): void }

interface Located { readonly topicId: string; readonly leaders: readonly number[] }

export class KafkaTail {
  private readonly next: bigint[];
  private stopped = false;
  private loop: Promise<void> | undefined;
  private waiters: Waiter[] = [];
  private located: Located | undefined;

  constructor(private readonly opts: TailOptions) {
    this.next = Array.from({ length: opts.partitions }, () => 0n);
  }

  /** Per partition, the offset of the next record to read. */
  get positions(): readonly bigint[] {
    return this.next;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves once every partition's position reached its target (missing targets count as 0). */
  waitFor(targets: readonly bigint[]): Promise<void> {
    if (this.reached(targets)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ targets, resolve }));
  }

  /** Ends the loop after the Fetch in flight; waiters are left pending (their callers time out). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private reached(targets: readonly bigint[]): boolean {
    return targets.every((t, p) => p >= this.next.length || this.next[p]! >= t);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.fetchOnce();
        if (failures > 0) this.opts.log.info(`Reading ${this.opts.topic} again`);
        failures = 0;
      } catch (err) {
        if (this.stopped) break;
        failures += 1;
        this.located = undefined;
        if (failures === 1 || failures % 50 === 0) {
          this.opts.log.warn(`Cannot read ${this.opts.topic} (attempt ${failures}): ${describeKafkaError(err)}; retrying`);
        }
        await new Promise((r) => setTimeout(r, Math.min(1000, 50 * failures)));
      }
    }
  }

  private async locate(): Promise<Located> {
    if (this.located) return this.located;
    const md = await this.opts.consumer.metadata({ topics: [this.opts.topic], forceUpdate: true });
    const t = md.topics.get(this.opts.topic);
    if (!t) throw new Error(`topic ${this.opts.topic} not found`);
    this.located = { topicId: t.id, leaders: this.next.map((_, p) => t.partitions[p]?.leader ?? -1) };
    return this.located;
  }

  private async fetchOnce(): Promise<void> {
    const { topicId, leaders } = await this.locate();
    const byLeader = new Map<number, number[]>();
    leaders.forEach((leader, p) => {
      if (leader < 0) throw new Error(`partition ${p} of ${this.opts.topic} has no leader`);
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
    });
    const answers = await Promise.all([...byLeader].map(([node, partitions]) => this.opts.consumer.fetch({
      node, maxWaitTime: this.opts.maxWaitMs ?? 200, minBytes: 1, maxBytes: MAX_BYTES,
      topics: [{ topicId, partitions: partitions.map((partition) => ({ partition, currentLeaderEpoch: -1, fetchOffset: this.next[partition]!, lastFetchedEpoch: -1, partitionMaxBytes: MAX_BYTES })) }],
    })));
    if (this.stopped) return;
    let failed: Error | undefined;
    for (const res of answers) {
      for (const p of res.responses[0]?.partitions ?? []) {
        const error = this.applyPartition(p.partitionIndex, p.errorCode, p.logStartOffset, p.records ?? []);
        failed ??= error;
      }
    }
    this.wakeWaiters();
    if (failed) throw failed;
  }

  /** Applies one partition's answer; returns the error to retry on (after applying the others). */
  private applyPartition(partition: number, errorCode: number, logStart: bigint, batches: readonly FetchedBatch[]): Error | undefined {
    if (errorCode === OFFSET_OUT_OF_RANGE && logStart > this.next[partition]!) {
      this.opts.log.warn(`Records ${this.next[partition]}..${logStart - 1n} of ${this.opts.topic}-${partition} are gone (log start moved); continuing at ${logStart}`);
      this.next[partition] = logStart;
      return undefined;
    }
    if (errorCode !== 0) return new Error(`Fetch of ${this.opts.topic}-${partition} failed with Kafka error code ${errorCode}`);
    for (const batch of batches) {
      const last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
      if ((batch.attributes & IS_CONTROL_BATCH) === 0) {
        for (const r of batch.records) {
          const offset = batch.firstOffset + BigInt(r.offsetDelta);
          if (offset < this.next[partition]!) continue;
          this.opts.apply({ partition, offset, key: r.key ?? null, value: r.value ?? null });
          this.next[partition] = offset + 1n;
        }
      }
      if (last >= this.next[partition]!) this.next[partition] = last + 1n;
    }
    return undefined;
  }

  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => this.reached(w.targets));
    this.waiters = this.waiters.filter((w) => !this.reached(w.targets));
    for (const w of ready) w.resolve();
  }
}

interface FetchedBatch {
  readonly firstOffset: bigint;
  readonly lastOffsetDelta: number;
  readonly attributes: number;
  readonly records: readonly { readonly offsetDelta: number; readonly key: Buffer | null; readonly value: Buffer | null }[];
}
