/**
 * A compacted topic used as a replicated log of key/value records, as Kafka Connect's
 * KafkaBasedLog: the config, offset and status stores are each one of these plus a decoder.
 *
 * Contract:
 * - `start` creates the topic when missing (compacted; see kafka-topic.ts), then reads every
 *   partition to its end before resolving, so a store never serves a partial state.
 * - Every record ever read goes to `apply`, in log order per partition, exactly once, from a
 *   background tail that keeps reading until `stop` (changes by other workers show up on their own).
 * - `send` writes records with acks=all and resolves once the broker acknowledged them; records
 *   of one call keep their order. Keys go to Java's default partition
 *   (`murmur2(key) & 0x7fffffff) % partitions`), so a key written by a Kafka Connect worker and
 *   by this one lands in the same partition and compaction keeps only the latest.
 * - `sendAndRead` also waits until the tail applied them: this process's reads then show them.
 * - `readToEnd` waits until the tail passed the end offsets the topic has when it is called:
 *   everything written before the call (by anyone) has then been applied.
 * All waits are bounded by `timeoutMs`. A timeout, a lost connection or a retriable Kafka error
 * rejects with a RetriableException (the write may still land); anything else with a
 * ConnectException naming the topic and the cause.
 */
import { Admin, Consumer, murmur2, Producer, ProduceAcks } from '@platformatic/kafka';
import { ConnectException, RetriableException } from '../api/index.js';
import { describeKafkaError, isTransientKafkaError } from './kafka-errors.js';
import { KafkaTail, type TailRecord } from './kafka-tail.js';
import { ensureTopic, type TopicSpec } from './kafka-topic.js';
import type { Logger } from './logger.js';

export interface KafkaBasedLogOptions extends TopicSpec {
  readonly bootstrapServers: readonly string[];
  /** Prefix of the Kafka client ids (shows in broker logs). */
  readonly clientId: string;
  /** Bound of each write and read-to-end (Connect's is 30 s). */
  readonly timeoutMs: number;
  /** Bound of creating the topic and reading it to the end in `start`. */
  readonly startTimeoutMs: number;
  readonly apply: (record: TailRecord) => void;
  readonly log: Logger;
}

export interface LogWrite {
  readonly key: Buffer;
  /** null: a tombstone. */
  readonly value: Buffer | null;
}

class Timeout extends Error {}

/** Races `p` against a timer; the loser is ignored. */
async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => {});
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Timeout()), Math.max(0, ms)); })]);
  } finally {
    clearTimeout(timer);
  }
}

export class KafkaBasedLog {
  private readonly producer: Producer;
  private readonly reader: Consumer;
  /** A second client for ListOffsets, so it never queues behind the tail's long polls. */
  private readonly lookup: Consumer;
  private tail: KafkaTail | undefined;
  private partitionCount = 0;

  constructor(private readonly opts: KafkaBasedLogOptions) {
    const base = { bootstrapBrokers: [...opts.bootstrapServers], connectTimeout: 5_000, retries: 3, retryDelay: 250, metadataMaxAge: 5_000 };
    this.producer = new Producer({ ...base, clientId: `${opts.clientId}-producer`, acks: ProduceAcks.ALL, timeout: opts.timeoutMs });
    this.reader = new Consumer({ ...base, clientId: `${opts.clientId}-reader`, groupId: `${opts.clientId}-reader` });
    this.lookup = new Consumer({ ...base, clientId: `${opts.clientId}-offsets`, groupId: `${opts.clientId}-offsets` });
  }

  get topic(): string {
    return this.opts.topic;
  }

  /** Partitions of the topic (known after `start`). */
  get partitions(): number {
    return this.partitionCount;
  }

  async start(): Promise<void> {
    const started = Date.now();
    const admin = new Admin({ bootstrapBrokers: [...this.opts.bootstrapServers], clientId: `${this.opts.clientId}-admin`, connectTimeout: 5_000, retries: 3, retryDelay: 250 });
    try {
      this.partitionCount = await within(ensureTopic(admin, this.opts, this.opts.log), this.opts.startTimeoutMs);
      this.tail = new KafkaTail({ consumer: this.reader, topic: this.opts.topic, partitions: this.partitionCount, apply: this.opts.apply, log: this.opts.log });
      this.tail.start();
      await within(this.tail.waitFor(await this.endOffsets()), this.opts.startTimeoutMs - (Date.now() - started));
      this.opts.log.info(`Read ${this.opts.topic} (${this.partitionCount} partition(s)) to its end in ${Date.now() - started} ms`);
    } catch (err) {
      await this.stop();
      if (err instanceof Timeout) {
        throw new RetriableException(`Could not read the topic ${this.opts.topic} (${this.opts.setting}) to its end within ${this.opts.startTimeoutMs} ms: `
          + `is ${this.opts.bootstrapServers.join(',')} reachable?`);
      }
      if (err instanceof ConnectException) throw err;
      throw new ConnectException(`Cannot start reading the topic ${this.opts.topic} (${this.opts.setting}): ${describeKafkaError(err)}`, { cause: err });
    } finally {
      await admin.close().catch(() => {});
    }
  }

  async stop(): Promise<void> {
    await this.tail?.stop();
    await Promise.allSettled([this.producer.close(), this.reader.close(true), this.lookup.close(true)]);
  }

  /** Per partition, the offset after the last record written so far. */
  private async endOffsets(): Promise<bigint[]> {
    const offsets = await this.lookup.listOffsets({ topics: [this.opts.topic] });
    return offsets.get(this.opts.topic) ?? [];
  }

  /** Java's default partitioner for keyed records. */
  partitionFor(key: Buffer): number {
    return (murmur2(key) & 0x7fffffff) % this.partitionCount;
  }

  /** Writes `records` (acks=all); resolves with, per partition, the offset after the last one written. */
  async send(records: readonly LogWrite[]): Promise<bigint[]> {
    if (!this.tail) throw new ConnectException(`The log of ${this.opts.topic} is not started`);
    const ends: bigint[] = Array.from({ length: this.partitionCount }, () => 0n);
    if (records.length === 0) return ends;
    const messages = records.map((r) => ({ topic: this.opts.topic, partition: this.partitionFor(r.key), key: r.key, value: r.value as Buffer }));
    try {
      const res = await within(this.producer.send({ messages, acks: ProduceAcks.ALL }), this.opts.timeoutMs);
      const counts = new Map<number, number>();
      for (const m of messages) counts.set(m.partition, (counts.get(m.partition) ?? 0) + 1);
      for (const [partition, count] of counts) {
        const base = res.offsets?.find((o) => o.topic === this.opts.topic && o.partition === partition)?.offset;
        if (base === undefined) throw new Error(`the produce answer has no offset for partition ${partition}`);
        ends[partition] = base + BigInt(count);
      }
      return ends;
    } catch (err) {
      if (err instanceof Timeout) throw this.timeout('writing to');
      throw this.failure(`Error writing to the topic ${this.opts.topic} (${this.opts.setting})`, err);
    }
  }

  /** `send`, then waits until this log's tail applied the records. */
  async sendAndRead(records: readonly LogWrite[]): Promise<void> {
    const deadline = Date.now() + this.opts.timeoutMs;
    const ends = await this.send(records);
    await this.waitFor(ends, deadline - Date.now(), 'reading back a write to');
  }

  /** Resolves once everything written to the topic before the call has been applied. */
  async readToEnd(timeoutMs = this.opts.timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let ends: bigint[];
    try {
      ends = await within(this.endOffsets(), timeoutMs);
    } catch (err) {
      if (err instanceof Timeout) throw this.timeout('reading the end offsets of', timeoutMs);
      throw this.failure(`Cannot read the end offsets of ${this.opts.topic} (${this.opts.setting})`, err);
    }
    await this.waitFor(ends, deadline - Date.now(), 'reading to the end of', timeoutMs);
  }

  private async waitFor(ends: readonly bigint[], ms: number, what: string, budget = this.opts.timeoutMs): Promise<void> {
    if (!this.tail) throw new ConnectException(`The log of ${this.opts.topic} is not started`);
    try {
      await within(this.tail.waitFor(ends), ms);
    } catch {
      throw this.timeout(what, budget);
    }
  }

  /** A client failure as Connect's exceptions: retriable when the cluster may recover. */
  private failure(what: string, err: unknown): ConnectException {
    const message = `${what}: ${describeKafkaError(err)}`;
    return isTransientKafkaError(err) ? new RetriableException(message, { cause: err }) : new ConnectException(message, { cause: err });
  }

  private timeout(what: string, ms = this.opts.timeoutMs): RetriableException {
    return new RetriableException(`Timed out ${what} the topic ${this.opts.topic} (${this.opts.setting}) after ${ms} ms; check the Kafka cluster and retry`);
  }
}
