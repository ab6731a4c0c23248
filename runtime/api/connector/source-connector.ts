/**
 * Source connectors and tasks: data flows from an external system into Kafka.
 *
 * Task lifecycle (one task object, calls never overlap except `stop()`):
 *   new → initialize(context) → start(props) → poll()* (+ commitRecord/commit) → stop()
 * The runtime calls `poll()` in a loop, converts and transforms the returned records, sends them
 * to Kafka and, once Kafka acknowledged a record, calls `commitRecord(record, metadata)`. Source
 * offsets are flushed to the offset store periodically; after a flush the runtime calls
 * `commit()`. On restart the task reads its last flushed offsets through
 * `context.offsetStorageReader` and resumes from there: delivery is at least once.
 */
import type { Awaitable, ConnectorContext, ConnectorProps, Task, TaskClass } from './connector.js';
import { Connector } from './connector.js';
import type { SourceOffset, SourcePartition, SourceRecord } from './source-record.js';

/** Reads committed source offsets (from `connect-offsets`). Reads may wait on the store. */
export interface OffsetStorageReader {
  /** The last committed offset for one partition, or null if none was ever committed. */
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  /** The last committed offsets of several partitions, in the same order (null where none). */
  offsets(partitions: readonly SourcePartition[]): Promise<Array<SourceOffset | null>>;
}

export interface SourceConnectorContext extends ConnectorContext {
  /** Committed offsets of this connector's tasks (e.g. to plan task assignment). */
  readonly offsetStorageReader: OffsetStorageReader;
}

export interface SourceTaskContext {
  /** The task's configuration, as passed to start(). */
  configs(): ConnectorProps;
  /** This connector's committed offsets; read them in start() to resume. */
  readonly offsetStorageReader: OffsetStorageReader;
}

/** Where Kafka stored a record the task produced (Java's RecordMetadata, reduced). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Milliseconds since the epoch; null when the broker did not return one. */
  readonly timestamp: number | null;
}

export abstract class SourceConnector extends Connector {
  declare protected context: SourceConnectorContext;

  /** Called by the runtime once, before start, with the source-specific context. */
  override initialize(context: SourceConnectorContext): void {
    super.initialize(context);
  }

  abstract override taskClass(): TaskClass<SourceTask>;

  /**
   * Asked by the REST offsets API (PATCH/DELETE /connectors/{name}/offsets) while the connector
   * is stopped: may these offsets be written (null offset = reset)? Throw to refuse. Return true
   * if the connector checked them, false (the default) if it has no opinion. The runtime writes
   * the offsets itself in both cases.
   */
  alterOffsets(_connectorConfig: ConnectorProps, _offsets: ReadonlyArray<{ partition: SourcePartition; offset: SourceOffset | null }>): Awaitable<boolean> {
    return false;
  }
}

export abstract class SourceTask implements Task {
  /** Set by `initialize()` before `start()`. */
  protected context!: SourceTaskContext;

  /** Called by the runtime once, before start. Subclasses overriding it must call super. */
  initialize(context: SourceTaskContext): void {
    this.context = context;
  }

  abstract version(): string;

  /** Opens connections and reads the committed offsets to resume from. */
  abstract start(props: ConnectorProps): Awaitable<void>;

  /**
   * Returns the next records, or null (or []) when there is nothing now. May wait for data, but
   * should return within about a second when idle so the runtime can commit offsets and react to
   * pause/stop; must return promptly once `stop()` has been called. Throw RetriableException for a
   * transient failure (the runtime calls poll again after a back-off), anything else to fail the
   * task. The records and their values belong to the runtime once returned.
   */
  abstract poll(): Promise<SourceRecord[] | null>;

  /**
   * Called after the runtime flushed the offsets of every record polled so far to the offset
   * store. For systems that acknowledge in bulk (a message queue). Default: nothing.
   */
  commit(): Awaitable<void> {}

  /**
   * Called for each record once Kafka acknowledged it (metadata says where it was written), or
   * with null metadata when a transform dropped the record. For systems that acknowledge each
   * message. Called in the order records were acknowledged, not necessarily polled. Default: nothing.
   */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): Awaitable<void> {}

  /** Signals poll() to return and releases resources; may run while poll() is pending. */
  abstract stop(): Awaitable<void>;
}
