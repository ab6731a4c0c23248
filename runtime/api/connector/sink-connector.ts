/**
 * Sink connectors and tasks: data flows from Kafka into an external system.
 *
 * Task lifecycle (calls never overlap except `stop()`):
 *   new → initialize(context) → start(props) → open(partitions)
 *       → ( put(records)* → preCommit(offsets) )* → close(partitions) → stop()
 * The runtime's consumer (group `connect-<connector>`) owns partitions; `open`/`close` follow its
 * rebalances. `put` receives records in offset order per partition. Before committing consumer
 * offsets the runtime calls `preCommit` with the offsets of everything it has passed to `put`;
 * the task answers with the offsets that are durable in the external system, and only those are
 * committed. Delivery is therefore at least once: after a crash, records after the last commit
 * are offered again, so writes should be idempotent (document id, upsert by key).
 */
import type { Awaitable, ConnectorContext, ConnectorProps, Task, TaskClass } from './connector.js';
import { Connector } from './connector.js';
import type { SinkRecord } from './sink-record.js';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * A consumer position: `offset` is the offset of the *next* record to read (last processed + 1),
 * which is what Kafka commits.
 */
export interface PartitionOffset extends TopicPartition {
  readonly offset: number;
  readonly metadata?: string;
}

/**
 * Sends one failed record to the runtime's error handling (log and dead-letter topic, per the
 * connector's `errors.*` settings) and lets the task continue with the next record. Resolves
 * when the report is durable; rejects (and the task should fail) when tolerance is exhausted.
 */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}

export interface SinkConnectorContext extends ConnectorContext {}

/** What the runtime offers a sink task. Calls take effect after the current put() returns. */
export interface SinkTaskContext {
  /** The task's configuration, as passed to start(). */
  configs(): ConnectorProps;
  /** The partitions currently assigned to this task. */
  assignment(): TopicPartition[];
  /** Rewinds (or skips) one partition: the next put() starts at `offset` for it. */
  offset(partition: TopicPartition, offset: number): void;
  /** Rewinds several partitions (a task storing its own offsets calls this from open()). */
  offsets(positions: readonly PartitionOffset[]): void;
  /** After a RetriableException from put(), wait this long before offering the records again. */
  timeout(ms: number): void;
  /** Stops fetching from these partitions (e.g. back-pressure) until resume(). */
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  /** Asks for an offset commit (preCommit then commit) as soon as possible. */
  requestCommit(): void;
  /**
   * The reporter for records this task cannot write (bad document, constraint violation), or
   * undefined when the runtime has none configured (then throw instead, to fail the task).
   */
  errantRecordReporter(): ErrantRecordReporter | undefined;
}

export abstract class SinkConnector extends Connector {
  declare protected context: SinkConnectorContext;

  /** Called by the runtime once, before start, with the sink-specific context. */
  override initialize(context: SinkConnectorContext): void {
    super.initialize(context);
  }

  abstract override taskClass(): TaskClass<SinkTask>;

  /**
   * Asked by the REST offsets API while the connector is stopped: may these consumer offsets be
   * written (null = reset)? Throw to refuse. True if the connector checked them, false (the
   * default) if it has no opinion. The runtime alters the consumer group's offsets either way.
   */
  alterOffsets(_connectorConfig: ConnectorProps, _offsets: ReadonlyArray<{ partition: TopicPartition; offset: number | null }>): Awaitable<boolean> {
    return false;
  }
}

export abstract class SinkTask implements Task {
  /** Set by `initialize()` before `start()`. */
  protected context!: SinkTaskContext;

  /** The setting that lists a sink's topics, and the one with a regular expression instead. */
  static readonly TOPICS_CONFIG = 'topics';
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';

  /** Called by the runtime once, before start. Subclasses overriding it must call super. */
  initialize(context: SinkTaskContext): void {
    this.context = context;
  }

  abstract version(): string;

  abstract start(props: ConnectorProps): Awaitable<void>;

  /**
   * Writes (or buffers) records; called with each batch the consumer returned, possibly empty.
   * Once it resolves the runtime considers the records handed over; they become committable only
   * through preCommit/flush. Throw RetriableException to have the same batch offered again after
   * `context.timeout()`; anything else fails the task (or use the errant record reporter).
   */
  abstract put(records: SinkRecord[]): Awaitable<void>;

  /**
   * Makes everything put so far durable (flush buffers, wait for acknowledgements). Default:
   * nothing, for tasks that write synchronously in put().
   */
  flush(_currentOffsets: readonly PartitionOffset[]): Awaitable<void> {}

  /**
   * Before an offset commit: returns the offsets safe to commit, a subset of (or lower than)
   * `currentOffsets`; an empty list commits nothing. Default: flush, then all of them.
   */
  async preCommit(currentOffsets: readonly PartitionOffset[]): Promise<readonly PartitionOffset[]> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }

  /** New partitions were assigned (after a rebalance or at start). Default: nothing. */
  open(_partitions: readonly TopicPartition[]): Awaitable<void> {}

  /**
   * Partitions are being taken away: write or drop their buffered records now; records of those
   * partitions will not be committed after this returns. Default: nothing.
   */
  close(_partitions: readonly TopicPartition[]): Awaitable<void> {}

  abstract stop(): Awaitable<void>;
}
