/**
 * Producer ids for idempotent producers (InitProducerId without a transactional id).
 *
 * Ids are unique for the life of the data directory, across restarts: like Kafka's
 * ProducerIdManager, the broker reserves blocks of PRODUCER_ID_BLOCK_SIZE ids by writing the start
 * of the next free block to `producer-id-block.json` in the data directory (to a temporary file,
 * fsynced, renamed, directory fsynced) before handing out any id of the block. After a restart the
 * rest of the last block is skipped. Id 0 is never handed out: @platformatic/kafka sends
 * producerId 0 / epoch 0 in its first InitProducerId, which must not read as a request to bump
 * the epoch of a producer that really holds id 0.
 *
 * Epoch bumps (KIP-360, InitProducerId v3+ with the producer's current id and epoch): librdkafka
 * asks for one after a sequence error instead of starting over with a new id. The registry here
 * remembers the epoch of every id handed out or bumped in the last `producer.id.expiration.ms`
 * (at most MAX_TRACKED_PRODUCERS of them), and answers as Kafka's transaction coordinator does
 * for a known transactional id:
 *   - the current epoch: the same id with epoch + 1, or a new id with epoch 0 once the epoch is
 *     exhausted (32766 and up: Kafka keeps 32767 for its own use);
 *   - the previous epoch: a retry of a bump whose answer was lost, answered with the current one;
 *   - anything else: the caller is fenced (PRODUCER_FENCED, INVALID_PRODUCER_EPOCH before v4).
 * An id the registry does not know (never handed out, expired, or from before a restart) gets a
 * new id, which is what Kafka answers to every InitProducerId without a transactional id.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../util/durable-file.js';

export const PRODUCER_ID_BLOCK_SIZE = 1000;
export const PRODUCER_ID_BLOCK_FILE = 'producer-id-block.json';
/** Epochs from this one on are exhausted: the next bump hands out a new producer id. */
export const EXHAUSTED_EPOCH = 32766;
export const MAX_TRACKED_PRODUCERS = 100_000;

/** Hands out producer ids from durably reserved blocks. */
export class ProducerIdBlockAllocator {
  private next = 0;
  private end = 0;

  constructor(readonly dir: string, readonly blockSize = PRODUCER_ID_BLOCK_SIZE) {}

  get file(): string {
    return join(this.dir, PRODUCER_ID_BLOCK_FILE);
  }

  generate(): number {
    if (this.next >= this.end) this.reserveBlock();
    return this.next++;
  }

  private reserveBlock(): void {
    let start = 0;
    if (existsSync(this.file)) {
      const text = readFileSync(this.file, 'utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      const value = (parsed as { nextBlockStart?: unknown } | null)?.nextBlockStart;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw new Error(`${this.file} is damaged (${JSON.stringify(text.slice(0, 100))}): cannot hand out producer ids that are sure to be unique; restore the file or remove it only together with every idempotent producer's data`);
      }
      start = value;
    }
    writeFileAtomically(join(this.dir, PRODUCER_ID_BLOCK_FILE), JSON.stringify({ version: 1, nextBlockStart: start + this.blockSize }) + '\n');
    this.next = start === 0 ? 1 : start;
    this.end = start + this.blockSize;
  }
}

export interface InitProducerIdResult {
  error: 'NONE' | 'PRODUCER_FENCED';
  producerId: number;
  producerEpoch: number;
  /** For the log when fenced. */
  reason?: string;
}

interface Tracked {
  epoch: number;
  /** The epoch before the last bump (-1 if none). */
  lastEpoch: number;
  /** Set when the id ran out of epochs and was replaced by this one. */
  rotatedTo: number;
  touchedMs: number;
}

/** InitProducerId for idempotent producers: new ids and epoch bumps. */
export class IdempotentProducerIds {
  /** In order of last use (touching an entry moves it to the end). */
  private readonly tracked = new Map<number, Tracked>();

  constructor(private readonly allocator: ProducerIdBlockAllocator, private readonly expirationMs: number, private readonly maxTracked = MAX_TRACKED_PRODUCERS) {}

  /** `expected`: the producer's current id and epoch (InitProducerId v3+), or null for a new producer. */
  init(expected: { producerId: number; producerEpoch: number } | null, now = Date.now()): InitProducerIdResult {
    this.expire(now);
    const t = expected === null ? undefined : this.tracked.get(expected.producerId);
    if (expected === null || t === undefined) return this.fresh(now);
    const id = expected.producerId;
    if (t.rotatedTo >= 0) {
      const successor = this.tracked.get(t.rotatedTo);
      if (expected.producerEpoch === t.epoch && successor !== undefined && successor.epoch === 0 && successor.lastEpoch === -1) {
        return { error: 'NONE', producerId: t.rotatedTo, producerEpoch: 0 };
      }
      return { error: 'PRODUCER_FENCED', producerId: -1, producerEpoch: -1, reason: `producer id ${id} was replaced by ${t.rotatedTo} after its epochs ran out` };
    }
    if (expected.producerEpoch === t.epoch) {
      if (t.epoch >= EXHAUSTED_EPOCH) {
        const fresh = this.fresh(now);
        t.rotatedTo = fresh.producerId;
        return fresh;
      }
      t.lastEpoch = t.epoch;
      t.epoch += 1;
      this.touch(id, t, now);
      return { error: 'NONE', producerId: id, producerEpoch: t.epoch };
    }
    if (expected.producerEpoch === t.lastEpoch) {
      this.touch(id, t, now);
      return { error: 'NONE', producerId: id, producerEpoch: t.epoch };
    }
    return { error: 'PRODUCER_FENCED', producerId: -1, producerEpoch: -1, reason: `producer id ${id} has epoch ${t.epoch}, the request expected ${expected.producerEpoch}` };
  }

  private fresh(now: number): InitProducerIdResult {
    const id = this.allocator.generate();
    this.touch(id, { epoch: 0, lastEpoch: -1, rotatedTo: -1, touchedMs: now }, now);
    return { error: 'NONE', producerId: id, producerEpoch: 0 };
  }

  private touch(id: number, t: Tracked, now: number): void {
    t.touchedMs = now;
    this.tracked.delete(id);
    this.tracked.set(id, t);
    while (this.tracked.size > this.maxTracked) this.tracked.delete(this.tracked.keys().next().value as number);
  }

  private expire(now: number): void {
    for (const [id, t] of this.tracked) {
      if (now - t.touchedMs < this.expirationMs) break;
      this.tracked.delete(id);
    }
  }
}
