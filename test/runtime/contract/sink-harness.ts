/**
 * Drives a sink task as the runtime would, in process: a simulated consumer over generated
 * partitions, the task context (rewinds; an errant record reporter that records its calls; pause,
 * resume and commit requests accepted and ignored), put/preCommit/close, and committed consumer offsets that survive a
 * task "crash" so a new task starts from them.
 */
import {
  SinkConnector,
  SinkTask,
  type ConnectorPlugin,
  type ConnectorProps,
  type ErrantRecordReporter,
  type PartitionOffset,
  type SinkConnectorContext,
  type SinkRecord,
  type SinkTaskContext,
  type TopicPartition,
} from '../../../runtime/api/index.js';

export const tpKey = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`;

/** Records the calls made to the errant record reporter. */
export class RecordingReporter implements ErrantRecordReporter {
  readonly reports: Array<{ record: SinkRecord; error: Error }> = [];
  async report(record: SinkRecord, error: Error): Promise<void> {
    this.reports.push({ record, error });
  }
}

export async function startSinkConnector(plugin: ConnectorPlugin, props: ConnectorProps): Promise<SinkConnector> {
  const connector = plugin.create();
  if (!(connector instanceof SinkConnector)) throw new Error(`${plugin.className} is not a SinkConnector`);
  const context: SinkConnectorContext = { requestTaskReconfiguration: () => {}, raiseError: () => {} };
  connector.initialize(context);
  await connector.start(props);
  return connector;
}

export type RecordFactory = (tp: TopicPartition, offset: number) => SinkRecord;

/**
 * One simulated worker for one sink task configuration. `committed` (next offset to read per
 * partition) is what Kafka would have in `__consumer_offsets`; pass it to the next SinkRun to
 * model a restart.
 */
export class SinkRun {
  readonly reporter = new RecordingReporter();
  /** Every record handed to put(), in order. */
  readonly delivered: SinkRecord[] = [];
  task!: SinkTask;
  #assignment: TopicPartition[] = [];
  readonly #position = new Map<string, number>();
  #rewinds: PartitionOffset[] = [];

  constructor(
    readonly connector: SinkConnector,
    readonly props: ConnectorProps,
    readonly makeRecord: RecordFactory,
    readonly committed = new Map<string, number>(),
    readonly withReporter = true,
  ) {}

  async start(assignment: TopicPartition[]): Promise<this> {
    const Task = this.connector.taskClass();
    this.task = new Task();
    if (!(this.task instanceof SinkTask)) throw new Error(`${this.connector.constructor.name}.taskClass() is not a SinkTask`);
    const run = this;
    const context: SinkTaskContext = {
      configs: () => run.props,
      assignment: () => [...run.#assignment],
      offset: (tp, offset) => void run.#rewinds.push({ ...tp, offset }),
      offsets: (positions) => void run.#rewinds.push(...positions),
      timeout: () => {},
      pause: () => {},
      resume: () => {},
      requestCommit: () => {},
      errantRecordReporter: () => (run.withReporter ? run.reporter : undefined),
    };
    this.task.initialize(context);
    await this.task.start(this.props);
    this.#assignment = [...assignment];
    for (const tp of assignment) this.#position.set(tpKey(tp), this.committed.get(tpKey(tp)) ?? 0);
    await this.task.open(assignment);
    this.#applyRewinds();
    return this;
  }

  position(tp: TopicPartition): number {
    return this.#position.get(tpKey(tp)) ?? 0;
  }

  /** The next `count` records of `tp` from the consumer position, put in one batch. */
  async deliver(tp: TopicPartition, count: number): Promise<SinkRecord[]> {
    const from = this.position(tp);
    const batch = Array.from({ length: count }, (_, i) => this.makeRecord(tp, from + i));
    await this.putBatch(batch);
    return batch;
  }

  /** Puts a ready-made batch and advances the positions past it. */
  async putBatch(batch: SinkRecord[]): Promise<void> {
    await this.task.put(batch);
    for (const r of batch) {
      this.delivered.push(r);
      const tp = { topic: r.originalTopic, partition: r.originalKafkaPartition };
      this.#position.set(tpKey(tp), Math.max(this.position(tp), r.originalKafkaOffset + 1));
    }
    this.#applyRewinds();
  }

  /**
   * The offset commit: preCommit with the positions of the assigned partitions; the answer must
   * not name other partitions nor go beyond a position (checked here). Returns what was committed.
   */
  async commit(): Promise<readonly PartitionOffset[]> {
    const current = this.#assignment.map((tp) => ({ ...tp, offset: this.position(tp) }));
    const safe = await this.task.preCommit(current);
    for (const o of safe) {
      const pos = this.#position.get(tpKey(o));
      if (pos === undefined || !this.#assignment.some((tp) => tpKey(tp) === tpKey(o))) throw new Error(`preCommit returned ${tpKey(o)}, which is not assigned`);
      if (o.offset > pos) throw new Error(`preCommit returned offset ${o.offset} for ${tpKey(o)}, beyond the position ${pos} (records never put)`);
      this.committed.set(tpKey(o), o.offset);
    }
    return safe;
  }

  /** A rebalance takes `tps` away: commit (as the runtime does first), then close(). */
  async revoke(tps: TopicPartition[]): Promise<void> {
    await this.commit();
    await this.task.close(tps);
    this.#assignment = this.#assignment.filter((a) => !tps.some((tp) => tpKey(tp) === tpKey(a)));
  }

  /** A graceful shutdown: commit, close every partition, stop. */
  async shutdown(): Promise<void> {
    await this.commit();
    await this.task.close(this.#assignment);
    await this.task.stop();
  }

  /** The worker dies: no commit, no close; stop() only to release the test's resources. */
  async crash(): Promise<void> {
    await this.task.stop();
  }

  #applyRewinds(): void {
    for (const r of this.#rewinds) this.#position.set(tpKey(r), r.offset);
    this.#rewinds = [];
  }
}
