/**
 * Which source offsets may be committed (Kafka Connect's SubmittedRecords rule): records are
 * submitted in poll order; a record's source offset becomes committable only once it AND every
 * record submitted before it for the same source partition have been acknowledged by Kafka (or
 * dropped by a transform, or skipped by the error policy). A record acknowledged out of order
 * waits for the ones before it, so a crash never skips an unacknowledged record.
 *
 * Acknowledged records are dropped from the head of their partition's queue as soon as they are
 * acknowledged in order (only the newest committable offset per partition is kept), so memory
 * holds the records still in flight, not everything since the last offset flush.
 * `committable()` returns that newest offset per partition that advanced since the last call;
 * `pending` counts submitted records not yet acknowledged. Partitions are compared by content
 * (`partitionId`: key order does not matter).
 */
import type { SourceOffset, SourcePartition } from '../api/connector/source-record.js';
import { partitionId } from '../storage/offset-records.js';

export interface SubmittedRecord {
  /** Marks the record acknowledged (idempotent). */
  ack(): void;
}

interface Entry {
  readonly offset: SourceOffset;
  acked: boolean;
}

/** One source partition's records in submission order; `entries[head]` is the oldest not yet trimmed. */
interface Queue {
  readonly partition: SourcePartition;
  readonly entries: Entry[];
  head: number;
  /** Offset of the newest trimmed record not yet returned by `committable()`. */
  committable: SourceOffset | null;
}

/** Trimmed slots are compacted away once there are this many and they are half the array. */
const COMPACT_AT = 1024;

export class SubmittedRecords {
  readonly #queues = new Map<string, Queue>();
  #pending = 0;
  #waiters: Array<() => void> = [];

  /** Records a polled record, in poll order. Records without a partition or offset only count as pending. */
  submit(partition: SourcePartition | null, offset: SourceOffset | null): SubmittedRecord {
    this.#pending += 1;
    let acked = false;
    let queue: Queue | undefined;
    let entry: Entry | undefined;
    if (partition !== null && offset !== null) {
      const key = partitionId(partition);
      queue = this.#queues.get(key);
      if (queue === undefined) {
        queue = { partition, entries: [], head: 0, committable: null };
        this.#queues.set(key, queue);
      }
      entry = { offset, acked: false };
      queue.entries.push(entry);
    }
    return {
      ack: () => {
        if (acked) return;
        acked = true;
        if (entry !== undefined) {
          entry.acked = true;
          if (queue!.entries[queue!.head] === entry) trim(queue!);
        }
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
      if (q.committable !== null) out.push({ partition: q.partition, offset: q.committable });
      q.committable = null;
      if (q.head === q.entries.length) this.#queues.delete(key);
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

/** Drops the acknowledged records at the head of the queue, keeping the newest one's offset. */
function trim(q: Queue): void {
  const { entries } = q;
  let { head } = q;
  while (head < entries.length && entries[head]!.acked) head += 1;
  q.committable = entries[head - 1]!.offset;
  if (head === entries.length) {
    entries.length = 0;
    head = 0;
  } else if (head >= COMPACT_AT && head * 2 >= entries.length) {
    entries.splice(0, head);
    head = 0;
  }
  q.head = head;
}
