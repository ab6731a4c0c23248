/**
 * Runs one sink task (Kafka Connect's WorkerSinkTask):
 *
 *   consumer poll -> for each record: header/key/value converters -> transforms -> put(batch)
 *
 * Offsets (at least once): after put() returned, the next offset of every record of the batch
 * (also of records the error policy skipped or a transform dropped) becomes "current". Every
 * offset.flush.interval.ms, when the task calls requestCommit(), and when the task stops, the
 * runner asks preCommit(current) and commits exactly what the task answered (for partitions still
 * assigned). Partitions taken away by a rebalance are closed (close()) and never committed by this
 * task; new ones are opened (open()) before the next put().
 *
 * put() throwing RetriableException: the same batch is offered again after context.timeout()
 * (RETRY_PUT_DEFAULT_MS when the task set none), fetching nothing meanwhile; any other error
 * fails the task. Records fetched while the task was being paused are read again after resume. Records the task cannot write may go through the
 * errant record reporter (stage TASK_PUT) when errors.tolerance=all, a DLQ or error logging is set.
 */
import type { ConnectorProps } from '../api/connector/connector.js';
import { SinkTask, type ErrantRecordReporter, type PartitionOffset, type TopicPartition } from '../api/connector/sink-connector.js';
import { SinkRecord } from '../api/connector/sink-record.js';
import { isRetriable } from '../api/errors.js';
import { Headers } from '../api/header/headers.js';
import type { SchemaAndValue } from '../api/data/schema.js';
import type { TaskMetrics } from '../metrics/task-metrics.js';
import type { ConnectorTaskId, TargetState } from '../storage/stores.js';
import type { ErrorReporter, RawRecord } from './error-reporting.js';
import type { Logger } from './logger.js';
import { RetryWithToleranceOperator, SKIPPED, isThenable, type Skipped } from './retry-operator.js';
import { SinkConsumer, tpKey, type ConsumedRecord } from './sink-consumer.js';
import { WorkerSinkTaskContext } from './sink-task-context.js';
import type { TaskConverters } from './task-converters.js';
import { applyChain, type NamedChain } from './transform-runner.js';
import { WorkerTask, label, type TaskStatusListener } from './worker-task.js';

/** Wait before offering a batch again after RetriableException when the task set no timeout. */
export const RETRY_PUT_DEFAULT_MS = 1000;
const POLL_WAIT_MS = 500;
const RAW_MEMORY = 10_000;

export interface SinkTaskRunnerOptions {
  readonly id: ConnectorTaskId;
  readonly taskProps: ConnectorProps;
  readonly taskClassName: string;
  readonly createTask: () => SinkTask;
  readonly createConverters: () => Promise<TaskConverters>;
  readonly createChain: () => NamedChain;
  readonly createConsumer: () => SinkConsumer;
  readonly operator: (stopping: () => boolean) => RetryWithToleranceOperator;
  readonly reporter: ErrorReporter;
  /** Whether the task gets an errant record reporter (tolerance all, DLQ or error log). */
  readonly offerErrantReporter: boolean;
  readonly metrics: TaskMetrics;
  readonly log: Logger;
  readonly listener: TaskStatusListener;
  readonly initialState: TargetState;
  readonly flushIntervalMs: number;
  readonly onTopicUsed: (topic: string) => void;
}

const dropSkipped = (r: SinkRecord | null | Skipped): SinkRecord | null => (r === SKIPPED ? null : r);

export class SinkTaskRunner extends WorkerTask {
  #task: SinkTask | null = null;
  #converters: TaskConverters | null = null;
  #chain: NamedChain | null = null;
  #consumer: SinkConsumer | null = null;
  #context: WorkerSinkTaskContext | null = null;
  #op: RetryWithToleranceOperator;
  /** Next offset per partition of everything put (or skipped). */
  readonly #current = new Map<string, PartitionOffset>();
  /** Consumed bytes by "topic\0partition\0offset", for the errant record reporter. */
  readonly #raw = new Map<string, RawRecord>();
  readonly #topicsSeen = new Set<string>();
  #retryBatch: SinkRecord[] | null = null;
  #retryOffsets: PartitionOffset[] = [];
  #lastCommit = Date.now();

  constructor(private readonly o: SinkTaskRunnerOptions) {
    super(o.id, o.log, o.listener, o.initialState);
    this.#op = o.operator(() => this.stopping);
  }

  protected async initializeAndStart(): Promise<void> {
    this.#converters = await this.o.createConverters();
    this.#chain = this.o.createChain();
    this.#consumer = this.o.createConsumer();
    const task = this.o.createTask();
    this.#task = task;
    this.#context = new WorkerSinkTaskContext(this.o.taskProps, () => this.#consumer?.assignment() ?? [], this.o.offerErrantReporter ? this.#errantReporter() : undefined);
    task.initialize(this.#context);
    await task.start(this.o.taskProps);
    this.log.info(`${label(this.id)} Sink task finished initialization and start`);
    await this.#consumer.refreshSubscription(true);
  }

  protected stopPlugin(): unknown {
    return this.#task?.stop();
  }

  protected async execute(): Promise<void> {
    const consumer = this.#consumer!;
    while (!this.stopping) {
      await consumer.refreshSubscription();
      await this.#applyRebalance();
      this.#applyContextRequests();
      if (this.paused) {
        await this.#maybeCommit();
        await this.idle(POLL_WAIT_MS);
        continue;
      }
      if (this.#retryBatch !== null) {
        await this.#deliver(this.#retryBatch, this.#retryOffsets);
      } else {
        const consumed = await consumer.poll(POLL_WAIT_MS);
        if (this.stopping) break;
        if (this.paused) {
          // Paused during the fetch: those records are read again after the resume.
          this.#rewind(consumed);
          continue;
        }
        await this.#applyRebalance();
        for (const [k, lag] of consumer.lag()) {
          const [topic, partition] = k.split('\u0000');
          this.o.metrics.sinkLag(topic!, Number(partition), lag);
        }
        if (consumed.length > 0) this.o.metrics.sinkRecordsRead(consumed.length);
        const { records, offsets } = await this.#convert(consumed);
        await this.#deliver(records, offsets);
      }
      await this.#maybeCommit();
    }
  }

  #rewind(consumed: readonly ConsumedRecord[]): void {
    const first = new Map<string, ConsumedRecord>();
    for (const c of consumed) if (!first.has(tpKey(c.topic, c.partition))) first.set(tpKey(c.topic, c.partition), c);
    for (const c of first.values()) this.#consumer!.seek(c, c.offset);
  }

  async #applyRebalance(): Promise<void> {
    const change = await this.#consumer!.takeRebalance();
    if (change === null) return;
    if (change.revoked.length > 0) {
      this.log.info(`${label(this.id)} Partitions revoked: ${change.revoked.map((tp) => `${tp.topic}-${tp.partition}`).join(', ')}`);
      for (const tp of change.revoked) {
        this.#current.delete(tpKey(tp.topic, tp.partition));
        this.o.metrics.removeSinkLag(tp.topic, tp.partition);
      }
      await this.#task!.close(change.revoked);
      this.#retryBatch = null;
    }
    if (change.assigned.length > 0) {
      this.log.info(`${label(this.id)} Partitions assigned: ${change.assigned.map((tp) => `${tp.topic}-${tp.partition}`).join(', ')}`);
      await this.#task!.open(change.assigned);
      this.#applyContextRequests();
    }
  }

  #applyContextRequests(): void {
    const ctx = this.#context!;
    const consumer = this.#consumer!;
    for (const r of ctx.rewinds.values()) {
      consumer.seek(r, r.offset);
      this.log.debug(`${label(this.id)} Rewind ${r.topic}-${r.partition} to offset ${r.offset}`);
    }
    ctx.rewinds.clear();
    if (ctx.pauseRequests.length > 0) consumer.pause(ctx.pauseRequests.splice(0));
    if (ctx.resumeRequests.length > 0) consumer.resume(ctx.resumeRequests.splice(0));
  }

  async #convert(consumed: readonly ConsumedRecord[]): Promise<{ records: SinkRecord[]; offsets: PartitionOffset[] }> {
    const records: SinkRecord[] = [];
    const offsets = new Map<string, PartitionOffset>();
    let last: ConsumedRecord | null = null;
    for (const c of consumed) {
      if (last !== null && (last.partition !== c.partition || last.topic !== c.topic)) this.#noteOffset(offsets, last);
      last = c;
      // A ConsumedRecord carries everything a RawRecord has: it is the error context's raw record.
      this.#remember(c);
      let r = this.#toSinkRecord(c);
      if (isThenable(r)) r = await r;
      if (r !== null) records.push(r);
    }
    if (last !== null) this.#noteOffset(offsets, last);
    return { records, offsets: [...offsets.values()] };
  }

  /** The next offset of the partition's newest record of the batch (records come in offset order per partition). */
  #noteOffset(offsets: Map<string, PartitionOffset>, c: ConsumedRecord): void {
    const k = tpKey(c.topic, c.partition);
    const seen = offsets.get(k);
    if (seen === undefined || seen.offset <= c.offset) offsets.set(k, { topic: c.topic, partition: c.partition, offset: c.offset + 1 });
    if (!this.#topicsSeen.has(c.topic)) {
      this.#topicsSeen.add(c.topic);
      this.o.onTopicUsed(c.topic);
    }
  }

  /*
   * One consumed record through the header, key and value converters, then the transforms, each
   * under the error policy: null when skipped or dropped. Synchronous while every step is (the
   * steady state).
   */
  #toSinkRecord(c: ConsumedRecord): SinkRecord | null | Promise<SinkRecord | null> {
    const conv = this.#converters!;
    if (c.headers.length === 0) return this.#convertKey(c, new Headers());
    const h = this.#op.execute(() => {
      const headers = new Headers();
      for (const [k, v] of c.headers) {
        const sv = conv.header.toConnectHeader(c.topic, k, v);
        headers.add(k, sv.value, sv.schema);
      }
      return headers;
    }, { stage: 'HEADER_CONVERTER', className: conv.headerClass, raw: c });
    return isThenable(h) ? h.then((x) => this.#convertKey(c, x)) : this.#convertKey(c, h);
  }

  #convertKey(c: ConsumedRecord, headers: Headers | Skipped): SinkRecord | null | Promise<SinkRecord | null> {
    if (headers === SKIPPED) return null;
    const conv = this.#converters!;
    const key = this.#op.execute(() => conv.key.toConnectData(c.topic, headers, c.key), { stage: 'KEY_CONVERTER', className: conv.keyClass, raw: c });
    return isThenable(key) ? key.then((k) => this.#convertValue(c, headers, k)) : this.#convertValue(c, headers, key);
  }

  #convertValue(c: ConsumedRecord, headers: Headers, key: SchemaAndValue | Skipped): SinkRecord | null | Promise<SinkRecord | null> {
    if (key === SKIPPED) return null;
    const conv = this.#converters!;
    const value = this.#op.execute(() => conv.value.toConnectData(c.topic, headers, c.value), { stage: 'VALUE_CONVERTER', className: conv.valueClass, raw: c });
    return isThenable(value) ? value.then((v) => this.#transform(c, headers, key, v)) : this.#transform(c, headers, key, value);
  }

  #transform(c: ConsumedRecord, headers: Headers, key: SchemaAndValue, value: SchemaAndValue | Skipped): SinkRecord | null | Promise<SinkRecord | null> {
    if (value === SKIPPED) return null;
    const record = new SinkRecord({
      topic: c.topic, kafkaPartition: c.partition, kafkaOffset: c.offset, keySchema: key.schema, key: key.value,
      valueSchema: value.schema, value: value.value, timestamp: c.timestamp, timestampType: c.timestampType, headers,
    });
    const t = applyChain(this.#chain!, record, this.#op, c);
    return isThenable(t) ? t.then(dropSkipped) : dropSkipped(t);
  }

  /** Keeps the raw bytes of recent records for the errant record reporter (only when offered:
   * a Map entry per record is a measurable cost on the sink's hot path). */
  #remember(raw: RawRecord): void {
    if (!this.o.offerErrantReporter) return;
    this.#raw.set(`${raw.topic}\u0000${raw.partition}\u0000${raw.offset}`, raw);
    if (this.#raw.size > RAW_MEMORY) this.#raw.delete(this.#raw.keys().next().value!);
  }

  async #deliver(records: SinkRecord[], offsets: PartitionOffset[]): Promise<void> {
    try {
      await this.#task!.put(records);
    } catch (err) {
      if (this.stopping) return;
      if (!isRetriable(err)) throw err;
      const wait = this.#context!.timeoutMs >= 0 ? this.#context!.timeoutMs : RETRY_PUT_DEFAULT_MS;
      this.#context!.timeoutMs = -1;
      this.log.warn(`${label(this.id)} put() asked to retry (${(err as Error).message}); offering the ${records.length} record(s) again in ${wait} ms`);
      this.o.metrics.retry();
      this.#retryBatch = records;
      this.#retryOffsets = offsets;
      await this.idle(wait);
      return;
    }
    this.#retryBatch = null;
    this.#retryOffsets = [];
    if (records.length > 0) this.o.metrics.sinkRecordsSent(records.length);
    const assigned = new Set(this.#consumer!.assignment().map((tp) => tpKey(tp.topic, tp.partition)));
    for (const o of offsets) if (assigned.has(tpKey(o.topic, o.partition))) this.#current.set(tpKey(o.topic, o.partition), o);
  }

  async #maybeCommit(): Promise<void> {
    const ctx = this.#context!;
    if (!ctx.commitRequested && Date.now() - this.#lastCommit < this.o.flushIntervalMs) return;
    ctx.commitRequested = false;
    await this.commitOffsets();
  }

  /** preCommit(current) then a commit of what the task answered; false when it failed. */
  async commitOffsets(): Promise<boolean> {
    this.#lastCommit = Date.now();
    const current = [...this.#current.values()];
    if (current.length === 0 || this.#task === null) return true;
    let answer: readonly PartitionOffset[];
    try {
      answer = await this.#task.preCommit(current);
    } catch (err) {
      this.o.metrics.offsetCommit(false);
      this.log.error(`${label(this.id)} Offset commit failed, rewinding to last committed offsets: preCommit() threw ${(err as Error).message}`);
      return false;
    }
    if (answer.length === 0) return true;
    try {
      await this.#consumer!.commit(answer);
      this.o.metrics.offsetCommit(true);
      this.log.debug(`${label(this.id)} Committed offsets ${answer.map((a) => `${a.topic}-${a.partition}@${a.offset}`).join(', ')}`);
      return true;
    } catch (err) {
      this.o.metrics.offsetCommit(false);
      this.log.warn(`${label(this.id)} Offset commit failed: ${(err as Error).message}`);
      return false;
    }
  }

  #errantReporter(): ErrantRecordReporter {
    return {
      report: async (record: SinkRecord, error: Error): Promise<void> => {
        const raw = this.#raw.get(`${record.originalTopic}\u0000${record.originalKafkaPartition}\u0000${record.originalKafkaOffset}`);
        await this.#op.failed({ stage: 'TASK_PUT', className: this.o.taskClassName, error, record, ...(raw !== undefined ? { raw } : {}) });
      },
    };
  }

  protected async close(failed: boolean): Promise<void> {
    try {
      if (this.#task !== null && this.#consumer !== null) {
        if (!failed) await this.commitOffsets();
        const assigned = this.#consumer.assignment();
        if (assigned.length > 0) await this.#task.close(assigned);
      }
    } finally {
      if (this.#context !== null) this.#context.closed = true;
      await this.stopPluginOnce();
      await this.#consumer?.close();
      this.#chain?.chain.close();
      await this.#converters?.close();
      this.o.metrics.close();
    }
  }
}

export type { TopicPartition };
