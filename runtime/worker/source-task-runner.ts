/**
 * Runs one source task (Kafka Connect's WorkerSourceTask):
 *
 *   poll() -> for each record: transforms -> header/key/value converters -> one produce of the
 *   batch (acks=all) -> for each acknowledged record: commitRecord(record, metadata)
 *
 * Offsets: each polled record is submitted to SubmittedRecords before it is transformed; it is
 * acknowledged when Kafka acknowledged it, when a transform dropped it, or when the error policy
 * skipped it. Every offset.flush.interval.ms, and once more when the task stops (after waiting up
 * to offset.flush.timeout.ms for outstanding records), the committable offsets are written to the
 * offset store, then the task's commit() is called. A failed offset write is retried at the next
 * flush. A restarted task reads them back through its OffsetStorageReader.
 *
 * Errors: poll() throwing RetriableException is retried after a back-off; anything else fails
 * the task. Conversion and transformation failures, and produce failures that remain after
 * errors.retry.timeout, go through the error policy (retry-operator.ts). commitRecord()/commit()
 * failures are logged and do not fail the task.
 */
import type { ConnectorProps } from '../api/connector/connector.js';
import { SourceTask, type OffsetStorageReader, type RecordMetadata } from '../api/connector/source-connector.js';
import type { SourceOffset, SourcePartition, SourceRecord } from '../api/connector/source-record.js';
import { isRetriable } from '../api/errors.js';
import { partitionId } from '../storage/offset-records.js';
import type { OffsetStore } from '../storage/stores.js';
import type { TaskMetrics } from '../metrics/task-metrics.js';
import type { ErrorReporter, RawRecord } from './error-reporting.js';
import type { KafkaClients, ProduceRecord } from './kafka-clients.js';
import { describeKafkaError } from '../storage/kafka-errors.js';
import { RetryWithToleranceOperator, SKIPPED, isThenable, retryDelay, type Skipped } from './retry-operator.js';
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.js';
import type { TaskConverters } from './task-converters.js';
import { applyChain, type NamedChain } from './transform-runner.js';
import { WorkerTask, label, type TaskStatusListener } from './worker-task.js';
import type { Logger } from './logger.js';
import type { ConnectorTaskId, TargetState } from '../storage/stores.js';

export interface SourceTaskRunnerOptions {
  readonly id: ConnectorTaskId;
  readonly taskProps: ConnectorProps;
  readonly connectorProps: ConnectorProps;
  readonly createTask: () => SourceTask;
  readonly createConverters: () => Promise<TaskConverters>;
  readonly createChain: () => NamedChain;
  readonly operator: (stopping: () => boolean) => RetryWithToleranceOperator;
  readonly reporter: ErrorReporter;
  readonly clients: KafkaClients;
  readonly offsets: OffsetStore;
  readonly metrics: TaskMetrics;
  readonly log: Logger;
  readonly listener: TaskStatusListener;
  readonly initialState: TargetState;
  readonly flushIntervalMs: number;
  readonly flushTimeoutMs: number;
  /** Creates the topic before the first write to it (topic.creation.default.*), or null. */
  readonly createTopic: ((topic: string) => Promise<void>) | null;
  /** Called the first time the task writes to a topic (topic tracking). */
  readonly onTopicUsed: (topic: string) => void;
}

/** An OffsetStorageReader over the offset store, for one connector. */
export function offsetReader(store: OffsetStore, connector: string): OffsetStorageReader {
  return {
    offset: async (partition: SourcePartition) => (await store.get(connector, [partition]))[0] ?? null,
    offsets: (partitions: readonly SourcePartition[]) => store.get(connector, partitions),
  };
}

interface Pending {
  readonly record: SourceRecord;
  readonly submitted: SubmittedRecord;
  readonly out: ProduceRecord;
}

const NO_HEADERS: ProduceRecord['headers'] = [];

function produceRecord(t: SourceRecord, headers: ProduceRecord['headers'], key: Buffer | null, value: Buffer | null | Skipped): ProduceRecord | null {
  if (value === SKIPPED) return null;
  return { topic: t.topic, partition: t.kafkaPartition, key, value, headers, timestamp: t.timestamp };
}

export class SourceTaskRunner extends WorkerTask {
  #task: SourceTask | null = null;
  #converters: TaskConverters | null = null;
  #chain: NamedChain | null = null;
  #op: RetryWithToleranceOperator;
  readonly #submitted = new SubmittedRecords();
  /** Committable offsets not yet written (a failed write is retried). */
  readonly #unflushed = new Map<string, { partition: SourcePartition; offset: SourceOffset }>();
  readonly #topicsSeen = new Set<string>();
  readonly #topicsCreated = new Set<string>();
  #lastFlush = Date.now();

  constructor(private readonly o: SourceTaskRunnerOptions) {
    super(o.id, o.log, o.listener, o.initialState);
    this.#op = o.operator(() => this.stopping);
    o.metrics.sourceActiveRecords(() => this.#submitted.pending);
  }

  protected async initializeAndStart(): Promise<void> {
    this.#converters = await this.o.createConverters();
    this.#chain = this.o.createChain();
    const task = this.o.createTask();
    this.#task = task;
    task.initialize({ configs: () => this.o.taskProps, offsetStorageReader: offsetReader(this.o.offsets, this.o.id.connector) });
    await task.start(this.o.taskProps);
    this.log.info(`${label(this.id)} Source task finished initialization and start`);
  }

  protected override onStopRequested(): void {
    void this.stopPluginOnce();
  }

  protected stopPlugin(): unknown {
    return this.#task?.stop();
  }

  protected async execute(): Promise<void> {
    let pollFailures = 0;
    while (!this.stopping) {
      if (this.paused) {
        await this.#maybeFlush();
        await this.idle(Math.min(this.o.flushIntervalMs, 1000));
        continue;
      }
      let batch: SourceRecord[] | null;
      try {
        batch = await this.#task!.poll();
        pollFailures = 0;
      } catch (err) {
        if (this.stopping) break;
        if (!isRetriable(err)) throw err;
        pollFailures += 1;
        this.log.warn(`${label(this.id)} poll() failed with a retriable error (attempt ${pollFailures}), polling again: ${(err as Error).message}`);
        await this.idle(retryDelay(pollFailures, 10_000));
        continue;
      }
      if (batch !== null && batch.length > 0) {
        this.o.metrics.sourceRecordsPolled(batch.length);
        await this.#send(batch);
      }
      await this.#maybeFlush();
    }
  }

  async #send(batch: SourceRecord[]): Promise<void> {
    const pending: Pending[] = [];
    for (const record of batch) {
      const submitted = this.#submitted.submit(record.sourcePartition, record.sourceOffset);
      let out = this.#toProduce(record);
      if (isThenable(out)) out = await out;
      if (out === null) {
        const d = this.#done(record, submitted, null);
        if (d !== undefined) await d;
        continue;
      }
      pending.push({ record, submitted, out });
    }
    if (pending.length === 0) return;
    await this.#produce(pending);
  }

  /*
   * One record through transforms, then the header, key and value converters, each under the
   * error policy: null when dropped or skipped. Each step continues synchronously when the one
   * before answered synchronously (the steady state), so a healthy record costs no promise. The
   * `isThenable(x) ? x.then(next) : next(x)` steps are spelled out on purpose: a helper taking the
   * continuation would allocate a closure per step and record even when nothing waits.
   */
  #toProduce(record: SourceRecord): ProduceRecord | null | Promise<ProduceRecord | null> {
    const t = applyChain(this.#chain!, record, this.#op);
    return isThenable(t) ? t.then((r) => this.#convertHeaders(r)) : this.#convertHeaders(t);
  }

  #convertHeaders(t: SourceRecord | null | Skipped): ProduceRecord | null | Promise<ProduceRecord | null> {
    if (t === null || t === SKIPPED) return null;
    if (t.headers.size === 0) return this.#convertKey(t, NO_HEADERS);
    const conv = this.#converters!;
    const h = this.#op.execute(() => [...t.headers].map((x) => [x.key, conv.header.fromConnectHeader(t.topic, x.key, x.schema, x.value)] as const),
      { stage: 'HEADER_CONVERTER', className: conv.headerClass, record: t });
    return isThenable(h) ? h.then((x) => this.#convertKey(t, x)) : this.#convertKey(t, h);
  }

  #convertKey(t: SourceRecord, headers: ProduceRecord['headers'] | Skipped): ProduceRecord | null | Promise<ProduceRecord | null> {
    if (headers === SKIPPED) return null;
    const conv = this.#converters!;
    const key = this.#op.execute(() => conv.key.fromConnectData(t.topic, t.headers, t.keySchema, t.key), { stage: 'KEY_CONVERTER', className: conv.keyClass, record: t });
    return isThenable(key) ? key.then((k) => this.#convertValue(t, headers, k)) : this.#convertValue(t, headers, key);
  }

  #convertValue(t: SourceRecord, headers: ProduceRecord['headers'], key: Buffer | null | Skipped): ProduceRecord | null | Promise<ProduceRecord | null> {
    if (key === SKIPPED) return null;
    const conv = this.#converters!;
    const value = this.#op.execute(() => conv.value.fromConnectData(t.topic, t.headers, t.valueSchema, t.value), { stage: 'VALUE_CONVERTER', className: conv.valueClass, record: t });
    return isThenable(value) ? value.then((v) => produceRecord(t, headers, key, v)) : produceRecord(t, headers, key, value);
  }

  async #produce(pending: Pending[]): Promise<void> {
    for (const topic of new Set(pending.map((p) => p.out.topic))) {
      if (this.o.createTopic !== null && !this.#topicsCreated.has(topic)) {
        await this.o.createTopic(topic);
        this.#topicsCreated.add(topic);
      }
    }
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const at = await this.o.clients.produce(pending.map((p) => p.out));
        this.o.metrics.sourceRecordsWritten(pending.length);
        for (const [i, p] of pending.entries()) {
          const a = at[i]!;
          if (!this.#topicsSeen.has(a.topic)) {
            this.#topicsSeen.add(a.topic);
            this.o.onTopicUsed(a.topic);
          }
          const d = this.#done(p.record, p.submitted, { topic: a.topic, partition: a.partition, offset: a.offset, timestamp: a.timestamp });
          if (d !== undefined) await d;
        }
        return;
      } catch (err) {
        this.o.metrics.recordError();
        if (this.#op.mayRetry(err, started, attempt)) {
          this.o.metrics.retry();
          await this.idle(this.#op.delay(attempt, started));
          continue;
        }
        this.log.error(`${label(this.id)} failed to send ${pending.length} record(s) to Kafka: ${describeKafkaError(err)}`);
        for (const p of pending) {
          const raw: RawRecord = { topic: p.out.topic, partition: p.out.partition, offset: null, timestamp: p.out.timestamp, key: p.out.key, value: p.out.value, headers: p.out.headers };
          await this.#op.failed({ stage: 'KAFKA_PRODUCE', className: 'org.apache.kafka.clients.producer.KafkaProducer', error: err, raw, record: p.record });
          await this.#done(p.record, p.submitted, null);
        }
        return;
      }
    }
  }

  /** The record is finished: its offset may become committable; the task hears about it (a
   * promise only when the task's commitRecord() answered one). */
  #done(record: SourceRecord, submitted: SubmittedRecord, metadata: RecordMetadata | null): Promise<void> | undefined {
    submitted.ack();
    try {
      const r = this.#task!.commitRecord(record, metadata);
      if (isThenable(r)) return Promise.resolve(r).catch((err: unknown) => this.#commitRecordFailed(err));
    } catch (err) {
      this.#commitRecordFailed(err);
    }
    return undefined;
  }

  #commitRecordFailed(err: unknown): void {
    this.log.error(`${label(this.id)} Exception thrown while calling task.commitRecord(): ${(err as Error).message}`);
  }

  async #maybeFlush(): Promise<void> {
    if (Date.now() - this.#lastFlush >= this.o.flushIntervalMs) await this.commitOffsets();
  }

  /** Writes the committable offsets to the offset store, then calls the task's commit(). */
  async commitOffsets(): Promise<boolean> {
    this.#lastFlush = Date.now();
    for (const c of this.#submitted.committable()) this.#unflushed.set(partitionId(c.partition), c);
    if (this.#unflushed.size === 0) return true;
    const entries = [...this.#unflushed.values()];
    try {
      await this.o.offsets.set(this.id.connector, entries);
      for (const e of entries) {
        const id = partitionId(e.partition);
        if (this.#unflushed.get(id) === e) this.#unflushed.delete(id);
      }
      this.o.metrics.offsetCommit(true);
      this.log.debug(`${label(this.id)} Committed offsets of ${entries.length} source partition(s)`);
    } catch (err) {
      this.o.metrics.offsetCommit(false);
      this.log.error(`${label(this.id)} Failed to commit offsets: ${(err as Error).message}`);
      return false;
    }
    try {
      await this.#task?.commit();
    } catch (err) {
      this.log.error(`${label(this.id)} Exception thrown while calling task.commit(): ${(err as Error).message}`);
    }
    return true;
  }

  protected async close(failed: boolean): Promise<void> {
    try {
      if (this.#task !== null) {
        // After a failure the records of the failed batch will never be acknowledged: commit
        // what was, without waiting (as Connect, offsets of acknowledged records stay valid).
        if (!failed && !(await this.#submitted.awaitAllAcked(this.o.flushTimeoutMs))) {
          this.log.warn(`${label(this.id)} ${this.#submitted.pending} record(s) were not acknowledged within offset.flush.timeout.ms; committing what was`);
        }
        await this.commitOffsets();
      }
    } finally {
      await this.stopPluginOnce();
      this.#chain?.chain.close();
      await this.#converters?.close();
      this.o.metrics.close();
    }
  }
}
