/**
 * What happens to a record that failed (errors.tolerance=all): it is logged (errors.log.enable)
 * and, for a configured dead letter queue, its original bytes are written to the DLQ topic,
 * optionally with context headers (errors.deadletterqueue.context.headers.enable), Kafka
 * Connect's names and string values:
 *
 *   __connect.errors.topic / .partition / .offset   where the record was read (sink records)
 *   __connect.errors.connector.name / .task.id
 *   __connect.errors.stage          KEY_CONVERTER, VALUE_CONVERTER, HEADER_CONVERTER,
 *                                   TRANSFORMATION, TASK_PUT, TASK_POLL, KAFKA_PRODUCE, KAFKA_CONSUME
 *   __connect.errors.class.name     the converter/transform/task class that failed
 *   __connect.errors.exception.class.name / .exception.message / .exception.stacktrace
 *
 * The DLQ topic is created on first use (1 partition, the configured replication factor capped
 * at the number of brokers). A DLQ write that fails is logged and counted; `report` then rejects,
 * so the caller fails the task rather than losing the record silently.
 */
import type { ErrorSettings } from './connector-config.js';
import type { KafkaClients } from './kafka-clients.js';
import { describeKafkaError } from '../storage/kafka-errors.js';
import type { Logger } from './logger.js';
import type { TaskMetrics } from '../metrics/task-metrics.js';

export type Stage = 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TRANSFORMATION' | 'TASK_PUT' | 'TASK_POLL' | 'KAFKA_PRODUCE' | 'KAFKA_CONSUME';

export const DLQ_HEADER_PREFIX = '__connect.errors.';
export const DLQ_HEADERS = {
  topic: `${DLQ_HEADER_PREFIX}topic`,
  partition: `${DLQ_HEADER_PREFIX}partition`,
  offset: `${DLQ_HEADER_PREFIX}offset`,
  connector: `${DLQ_HEADER_PREFIX}connector.name`,
  task: `${DLQ_HEADER_PREFIX}task.id`,
  stage: `${DLQ_HEADER_PREFIX}stage`,
  className: `${DLQ_HEADER_PREFIX}class.name`,
  exceptionClass: `${DLQ_HEADER_PREFIX}exception.class.name`,
  exceptionMessage: `${DLQ_HEADER_PREFIX}exception.message`,
  exceptionStacktrace: `${DLQ_HEADER_PREFIX}exception.stacktrace`,
} as const;

/** A record as read from Kafka (sink side) or as produced (source side, after conversion). */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number | null;
  readonly offset: number | null;
  readonly timestamp: number | null;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ReadonlyArray<readonly [string, Buffer | null]>;
}

export interface ErrorContext {
  readonly stage: Stage;
  readonly className: string;
  readonly error: unknown;
  /** The consumed (or produced) bytes, when there are any. */
  readonly raw?: RawRecord;
  /** The Connect record being processed, for the log (toString of a ConnectRecord). */
  readonly record?: { toString(): string };
}

export interface ErrorReporterOptions {
  readonly connector: string;
  readonly task: number;
  readonly settings: ErrorSettings;
  readonly log: Logger;
  readonly metrics: TaskMetrics;
  /** Null when no DLQ is configured. */
  readonly clients: KafkaClients | null;
}

export class ErrorReporter {
  #dlqReady: Promise<void> | null = null;

  constructor(private readonly o: ErrorReporterOptions) {}

  get hasDeadLetterQueue(): boolean {
    return this.o.settings.dlqTopic !== '' && this.o.clients !== null;
  }

  /** Logs (if enabled) and dead-letters (if configured) one failed record. */
  async report(ctx: ErrorContext): Promise<void> {
    if (this.o.settings.logEnable) {
      this.o.log.error(this.describe(ctx));
      this.o.metrics.errorLogged();
    }
    if (this.hasDeadLetterQueue && ctx.raw !== undefined) await this.#deadLetter(ctx, ctx.raw);
  }

  /** One log line about the failure (record contents only with errors.log.include.messages). */
  describe(ctx: ErrorContext): string {
    const where = ctx.raw === undefined
      ? ''
      : `, where ${ctx.raw.offset === null ? 'source' : 'consumed'} record is {topic='${ctx.raw.topic}', partition=${ctx.raw.partition}, offset=${ctx.raw.offset}, timestamp=${ctx.raw.timestamp}}`;
    let content = '';
    if (this.o.settings.logIncludeMessages && ctx.record !== undefined) content = `. Record: ${ctx.record.toString()}`;
    else if (this.o.settings.logIncludeMessages && ctx.raw !== undefined) {
      const text = (b: Buffer | null): string => (b === null ? 'null' : JSON.stringify(b.subarray(0, 1024).toString('utf8')));
      content = `. Record: key=${text(ctx.raw.key)}, value=${text(ctx.raw.value)}, headers=[${ctx.raw.headers.map(([k, v]) => `${k}=${text(v)}`).join(', ')}]`;
    }
    const e = ctx.error as Error;
    return `Error encountered in task ${this.o.connector}-${this.o.task}. Executing stage '${ctx.stage}' with class '${ctx.className}'${where}${content}: ${e?.name ?? 'Error'}: ${e?.message ?? String(ctx.error)}`;
  }

  async #deadLetter(ctx: ErrorContext, raw: RawRecord): Promise<void> {
    const clients = this.o.clients!;
    const topic = this.o.settings.dlqTopic;
    const headers: Array<readonly [string, Buffer | null]> = [...raw.headers];
    if (this.o.settings.dlqContextHeaders) {
      const e = ctx.error instanceof Error ? ctx.error : new Error(String(ctx.error));
      const add = (k: string, v: string | null): void => void headers.push([k, v === null ? null : Buffer.from(v, 'utf8')]);
      if (raw.offset !== null) {
        add(DLQ_HEADERS.topic, raw.topic);
        add(DLQ_HEADERS.partition, String(raw.partition));
        add(DLQ_HEADERS.offset, String(raw.offset));
      }
      add(DLQ_HEADERS.connector, this.o.connector);
      add(DLQ_HEADERS.task, String(this.o.task));
      add(DLQ_HEADERS.stage, ctx.stage);
      add(DLQ_HEADERS.className, ctx.className);
      add(DLQ_HEADERS.exceptionClass, e.name);
      add(DLQ_HEADERS.exceptionMessage, e.message);
      add(DLQ_HEADERS.exceptionStacktrace, e.stack ?? `${e.name}: ${e.message}`);
    }
    try {
      this.#dlqReady ??= clients.ensureTopic(topic, 1, this.o.settings.dlqReplicationFactor).then(() => undefined);
      await this.#dlqReady;
      await clients.produce([{ topic, partition: null, key: raw.key, value: raw.value, headers, timestamp: raw.timestamp }]);
      this.o.metrics.deadLetter(true);
    } catch (err) {
      this.#dlqReady = null;
      this.o.metrics.deadLetter(false);
      this.o.log.error(`Could not write a failed record of ${this.o.connector}-${this.o.task} to the dead letter queue ${topic}: ${describeKafkaError(err)}`);
      throw err;
    }
  }
}
