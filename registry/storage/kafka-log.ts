/**
 * The registry's durable log: the schemas topic, written with acks=all and read back by a tail
 * that applies every record to the store.
 *
 * Contract:
 * - `open` creates the topic if missing, then replays it to the end before resolving, so a
 *   registry never serves a partial state (bounded by kafkastore.init.timeout.ms).
 * - `append` resolves only after its records were produced AND applied to the store by the tail
 *   (it waits until the tail passed the produced offset), so a write's answer always reflects
 *   the new state. It rejects with 50002 (OPERATION_TIMEOUT) when that takes longer than
 *   kafkastore.timeout.ms, 50001 (STORE_ERROR) when the produce fails.
 * - `sync` resolves once everything in the topic when it was called has been applied: a writer
 *   calls it before deciding a version or id, so it never decides on stale state.
 */
import { Admin, Consumer, Producer, ProduceAcks } from '@platformatic/kafka';
import { RegistryError } from '../errors.js';
import type { Logger } from '../logger.js';
import { encodeRecord, type StoreRecord } from '../store/records.js';
import { applyRaw } from '../store/replay.js';
import type { RegistryStore } from '../store/store.js';
import { describeKafkaError } from './kafka-errors.js';
import { Tail } from './tail.js';
import { ensureSchemasTopic } from './topic.js';

export interface SchemaLog {
  append(records: readonly StoreRecord[]): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaSchemaLogOptions {
  readonly bootstrapServers: readonly string[];
  readonly topic: string;
  readonly replicationFactor: number;
  readonly timeoutMs: number;
  readonly initTimeoutMs: number;
  /** Prefix of the Kafka client ids (shows in broker logs). */
  readonly clientId: string;
  readonly store: RegistryStore;
  readonly log: Logger;
}

class Timeout extends Error {}

/** Races `p` against a timer; the loser is ignored (a late produce still lands in the log). */
async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => {});
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Timeout()), Math.max(0, ms)); })]);
  } finally {
    clearTimeout(timer);
  }
}

export class KafkaSchemaLog implements SchemaLog {
  private constructor(
    private readonly opts: KafkaSchemaLogOptions,
    private readonly producer: Producer,
    private readonly tailConsumer: Consumer,
    /** A second client for ListOffsets, so it never queues behind the tail's long poll. */
    private readonly lookup: Consumer,
    private readonly tail: Tail,
  ) {}

  static async open(opts: KafkaSchemaLogOptions): Promise<KafkaSchemaLog> {
    const base = { bootstrapBrokers: [...opts.bootstrapServers], connectTimeout: 5_000, retries: 3, retryDelay: 250, metadataMaxAge: 5_000 };
    const admin = new Admin({ ...base, clientId: `${opts.clientId}-admin` });
    const producer = new Producer({ ...base, clientId: `${opts.clientId}-producer`, acks: ProduceAcks.ALL, timeout: opts.timeoutMs * 4 });
    const tailConsumer = new Consumer({ ...base, clientId: `${opts.clientId}-reader`, groupId: `${opts.clientId}-reader` });
    const lookup = new Consumer({ ...base, clientId: `${opts.clientId}-offsets`, groupId: `${opts.clientId}-offsets` });
    const log = opts.log;
    const tail = new Tail({ consumer: tailConsumer, topic: opts.topic, log, apply: (offset, key, value) => { applyRaw(opts.store, key, value, offset, log); } });
    const self = new KafkaSchemaLog(opts, producer, tailConsumer, lookup, tail);
    try {
      const started = Date.now();
      await within(ensureSchemasTopic(admin, opts.topic, opts.replicationFactor, log), opts.initTimeoutMs);
      tail.start();
      const end = await within(self.endOffset(), opts.initTimeoutMs - (Date.now() - started));
      await within(tail.waitUntil(end), opts.initTimeoutMs - (Date.now() - started));
      log.info(`Read ${end} record(s) of ${opts.topic} in ${Date.now() - started} ms`);
    } catch (err) {
      await self.close();
      if (err instanceof Timeout) {
        throw new RegistryError('OPERATION_TIMEOUT', `Could not read the schemas topic ${opts.topic} to its end within kafkastore.init.timeout.ms (${opts.initTimeoutMs} ms): is ${opts.bootstrapServers.join(',')} reachable?`);
      }
      if (err instanceof RegistryError) throw err;
      throw new RegistryError('STORE_ERROR', `Cannot open the schemas topic ${opts.topic} on ${opts.bootstrapServers.join(',')}: ${describeKafkaError(err)}`, { cause: err });
    } finally {
      await admin.close().catch(() => {});
    }
    return self;
  }

  /** Offset of the next record to be read (every record below it is in the store). */
  get position(): bigint {
    return this.tail.position;
  }

  private async endOffset(): Promise<bigint> {
    const offsets = await this.lookup.listOffsets({ topics: [this.opts.topic] });
    return offsets.get(this.opts.topic)?.[0] ?? 0n;
  }

  async sync(): Promise<void> {
    const deadline = Date.now() + this.opts.timeoutMs;
    let end: bigint;
    try {
      end = await within(this.endOffset(), this.opts.timeoutMs);
    } catch (err) {
      if (err instanceof Timeout) throw this.timeout('reading the end offset of');
      throw new RegistryError('STORE_ERROR', `Cannot read the end offset of ${this.opts.topic}: ${describeKafkaError(err)}`, { cause: err });
    }
    try {
      await within(this.tail.waitUntil(end), deadline - Date.now());
    } catch {
      throw this.timeout(`catching up to offset ${end} of`);
    }
  }

  async append(records: readonly StoreRecord[]): Promise<void> {
    if (records.length === 0) return;
    const deadline = Date.now() + this.opts.timeoutMs;
    const messages = records.map((r) => {
      const { key, value } = encodeRecord(r);
      return { topic: this.opts.topic, partition: 0, key, value: value as Buffer };
    });
    let last: bigint;
    try {
      const res = await within(this.producer.send({ messages, acks: ProduceAcks.ALL }), this.opts.timeoutMs);
      const base = res.offsets?.find((o) => o.topic === this.opts.topic && o.partition === 0)?.offset;
      if (base === undefined) throw new Error('the produce answer has no offset');
      last = base + BigInt(records.length - 1);
    } catch (err) {
      if (err instanceof Timeout) throw this.timeout('writing to');
      throw new RegistryError('STORE_ERROR', `Error while writing to the schemas topic ${this.opts.topic}: ${describeKafkaError(err)}`, { cause: err });
    }
    try {
      await within(this.tail.waitUntil(last + 1n), deadline - Date.now());
    } catch {
      throw this.timeout(`reading back offset ${last} of`);
    }
  }

  private timeout(what: string): RegistryError {
    return new RegistryError('OPERATION_TIMEOUT', `Timed out ${what} the schemas topic ${this.opts.topic} after ${this.opts.timeoutMs} ms `
      + '(kafkastore.timeout.ms): the write may still complete; check the broker and retry, or raise kafkastore.timeout.ms.');
  }

  async close(): Promise<void> {
    await this.tail.stop();
    await Promise.allSettled([this.producer.close(), this.tailConsumer.close(true), this.lookup.close(true)]);
  }
}
