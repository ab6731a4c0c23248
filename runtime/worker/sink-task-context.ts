/**
 * The SinkTaskContext the runtime gives a sink task. Requests are recorded and applied by the
 * runner between two put() calls (rewinds and pauses before the next fetch, a commit as soon as
 * the current put returned), as the contract in runtime/api says.
 */
import type { ConnectorProps } from '../api/connector/connector.js';
import type { ErrantRecordReporter, PartitionOffset, SinkTaskContext, TopicPartition } from '../api/connector/sink-connector.js';
import { IllegalWorkerStateException } from '../api/errors.js';

export class WorkerSinkTaskContext implements SinkTaskContext {
  /** Rewinds asked for since the last poll, by "topic\0partition". */
  readonly rewinds = new Map<string, PartitionOffset>();
  readonly pauseRequests: TopicPartition[] = [];
  readonly resumeRequests: TopicPartition[] = [];
  timeoutMs = -1;
  commitRequested = false;
  closed = false;

  constructor(
    private readonly props: ConnectorProps,
    private readonly currentAssignment: () => TopicPartition[],
    private readonly reporter: ErrantRecordReporter | undefined,
  ) {}

  configs(): ConnectorProps {
    return this.props;
  }

  assignment(): TopicPartition[] {
    this.#check('assignment');
    return this.currentAssignment();
  }

  offset(partition: TopicPartition, offset: number): void {
    this.offsets([{ ...partition, offset }]);
  }

  offsets(positions: readonly PartitionOffset[]): void {
    this.#check('offsets');
    for (const p of positions) {
      if (!Number.isSafeInteger(p.offset) || p.offset < 0) throw new RangeError(`offset must be a non-negative integer, got ${p.offset} for ${p.topic}-${p.partition}`);
      this.rewinds.set(`${p.topic}\u0000${p.partition}`, { topic: p.topic, partition: p.partition, offset: p.offset });
    }
  }

  timeout(ms: number): void {
    this.timeoutMs = ms;
  }

  pause(...partitions: TopicPartition[]): void {
    this.#check('pause');
    this.pauseRequests.push(...partitions);
  }

  resume(...partitions: TopicPartition[]): void {
    this.#check('resume');
    this.resumeRequests.push(...partitions);
  }

  requestCommit(): void {
    this.commitRequested = true;
  }

  errantRecordReporter(): ErrantRecordReporter | undefined {
    return this.reporter;
  }

  #check(what: string): void {
    if (this.closed) throw new IllegalWorkerStateException(`SinkTaskContext.${what}() called after the task stopped`);
  }
}
