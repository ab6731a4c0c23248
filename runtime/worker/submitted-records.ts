/**
 * Which source offsets may be committed (Kafka Connect's SubmittedRecords rule): records are
 * submitted in poll order; a record's source offset becomes committable only once it AND every
 * record submitted before it for the same source partition have been acknowledged by Kafka (or
 * dropped by a transform, or skipped by the error policy). A record acknowledged out of order
 * waits for the ones before it, so a crash never skips an unacknowledged record.
 *
 * `committable()` removes the acknowledged heads of each partition's queue and returns the
 * newest offset per partition; `pending` counts submitted records not yet acknowledged.
 * Partition keys are the partition's JSON with sorted keys (key order does not matter).
 */
import type { SourceOffset, SourcePartition } from '../api/connector/source-record.js';

export interface SubmittedRecord {
  /** Marks the record acknowledged (idempotent). */
  ack(): void;
}

interface Entry {
  readonly offset: SourceOffset | null;
  acked: boolean;
}

export function partitionKey(p: SourcePartition): string {
  return JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
}

export class SubmittedRecords {
  readonly #queues = new Map<string, { partition: SourcePartition; entries: Entry[] }>();
  #pending = 0;
  #waiters: Array<() => void> = [];

  /** Records a polled record, in poll order. Records without a partition or offset only count as pending. */
  submit(partition: SourcePartition | null, offset: SourceOffset | null): SubmittedRecord {
    const entry: Entry = { offset, acked: false };
    this.#pending += 1;
    if (partition !== null && offset !== null) {
      const key = partitionKey(partition);
      let q = this.#queues.get(key);
      if (q === undefined) {
        q = { partition, entries: [] };
        this.#queues.set(key, q);
      }
      q.entries.push(entry);
    }
    return {
      ack: () => {
        if (entry.acked) return;
        entry.acked = true;
        this.#pending -= 1;
        if (this.#pending === 0) this.#notify();
      },
    };
  }

  get pending(): number {
    return this.#pending;
  }

  /** Newest committable offset of each partition that advanced since the last call. */
  committable(): Array<{ partition: SourcePartition; offset: SourceOffset }> {
    const out: Array<{ partition: SourcePartition; offset: SourceOffset }> = [];
    for (const [key, q] of this.#queues) {
      let last: SourceOffset | null = null;
      let n = 0;
      while (n < q.entries.length && q.entries[n]!.acked) {
        last = q.entries[n]!.offset;
        n += 1;
      }
      if (n > 0) q.entries.splice(0, n);
      if (last !== null) out.push({ partition: q.partition, offset: last });
      if (q.entries.length === 0) this.#queues.delete(key);
    }
    return out;
  }

  /** Resolves true once nothing is pending, false after `ms`. */
  awaitAllAcked(ms: number): Promise<boolean> {
    if (this.#pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        resolve(false);
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#waiters.push(done);
    });
  }

  #notify(): void {
    const ws = this.#waiters;
    this.#waiters = [];
    for (const w of ws) w();
  }
}
