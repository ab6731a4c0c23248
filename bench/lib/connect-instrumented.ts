/**
 * The datagen source and the FileStreamSink as the Connect benchmark's worker runs them: the very
 * same connectors and tasks, registered under their own class names, with counters and
 * timestamps added around the calls the runtime makes anyway:
 *
 *   source task: poll()          first call = the moment the task starts generating
 *                commitRecord()  called by the runtime for each record Kafka acknowledged
 *                                (acks=all): records produced, first and last acknowledgement
 *   sink task:   open()          partitions assigned (the benchmark starts the source after this)
 *                put()           records written to the file (after the write resolved), first
 *                                put's start and last put's end
 *
 * The cost is a counter and a clock read per record. Times are microseconds on the machine's
 * monotonic clock (the one `process.hrtime` and V8's CPU profiles use), so that the benchmark
 * process and the CPU profiles can compare them with their own.
 */
import { plugins as datagenPlugins } from '../../connectors/datagen/index.js';
import { DatagenConnector, DatagenTask } from '../../connectors/datagen/index.js';
import { FileStreamSinkConnector, FileStreamSinkTask, plugins as filePlugins } from '../../connectors/file/index.js';
import {
  connectorPlugin, type ConnectorPlugin, type ConnectorProps, type RecordMetadata, type SinkRecord, type SourceRecord, type TaskClass, type TopicPartition,
} from '../../runtime/api/index.js';
import { BroadcastChannel, isMainThread, workerData } from 'node:worker_threads';

export interface SourceTaskStats {
  readonly connector: string;
  readonly task: number;
  /** Records returned by poll(). */
  polled: number;
  /** Records Kafka acknowledged (commitRecord with metadata). */
  acked: number;
  /** Records dropped by a transform or skipped (commitRecord without metadata). */
  dropped: number;
  firstPollUs: number | null;
  firstAckUs: number | null;
  lastAckUs: number | null;
}

export interface SinkTaskStats {
  readonly connector: string;
  readonly task: number;
  /** Records written by put() (the write resolved). */
  written: number;
  puts: number;
  partitions: number;
  firstPutUs: number | null;
  lastPutUs: number | null;
}

export interface WorkerStats {
  readonly source: SourceTaskStats[];
  readonly sink: SinkTaskStats[];
}

// performance.now() is cheap and monotonic; shift it once onto the hrtime clock.
const offsetUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
export const monotonicUs = (): number => offsetUs + performance.now() * 1000;

const sources: SourceTaskStats[] = [];
const sinks: SinkTaskStats[] = [];

/*
 * Tasks on their own threads (the worker's default) count in their thread's copy of this module
 * and send their counters here over a broadcast channel: at most every 50 ms while they change,
 * and at once when the task stops. The worker's main thread keeps the latest per task.
 */
const channel = new BroadcastChannel('tributary-bench-connect-stats');
channel.unref();
type Shared = { side: 'source'; s: SourceTaskStats } | { side: 'sink'; s: SinkTaskStats };
const forgotten = new Set<string>();
if (isMainThread) {
  channel.onmessage = (e: unknown) => {
    const m = (e as MessageEvent<Shared>).data;
    if (forgotten.has(m.s.connector)) return;
    const list: Array<SourceTaskStats | SinkTaskStats> = m.side === 'source' ? sources : sinks;
    const i = list.findIndex((x) => x.connector === m.s.connector && x.task === m.s.task);
    if (i < 0) list.push(m.s);
    else list[i] = m.s;
  };
}
let flushTimer: NodeJS.Timeout | null = null;
function changed(): void {
  if (isMainThread || flushTimer !== null) return;
  flushTimer = setTimeout(flushShared, 50);
}
function flushShared(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  if (isMainThread) return;
  for (const s of sources) channel.postMessage({ side: 'source', s } satisfies Shared);
  for (const s of sinks) channel.postMessage({ side: 'sink', s } satisfies Shared);
}

/** Everything counted so far, by task (tasks of deleted connectors included). */
export function stats(): WorkerStats {
  return { source: sources.map((s) => ({ ...s })), sink: sinks.map((s) => ({ ...s })) };
}

/** Forgets the tasks of these connectors (after a warm-up). */
export function forget(connectors: readonly string[]): void {
  for (const c of connectors) forgotten.add(c);
  for (const list of [sources, sinks] as const) {
    for (let i = list.length - 1; i >= 0; i--) if (connectors.includes(list[i]!.connector)) list.splice(i, 1);
  }
}

class CountingDatagenTask extends DatagenTask {
  #s: SourceTaskStats | null = null;

  override async start(props: ConnectorProps): Promise<void> {
    await super.start(props);
    this.#s = { connector: props.name ?? '?', task: Number(props['task.id'] ?? 0), polled: 0, acked: 0, dropped: 0, firstPollUs: null, firstAckUs: null, lastAckUs: null };
    sources.push(this.#s);
    changed();
  }

  override async poll(): Promise<SourceRecord[] | null> {
    const s = this.#s!;
    s.firstPollUs ??= monotonicUs();
    const batch = await super.poll();
    if (batch !== null) s.polled += batch.length;
    return batch;
  }

  override commitRecord(_record: SourceRecord, metadata: RecordMetadata | null): void {
    const s = this.#s!;
    if (metadata === null) {
      s.dropped += 1;
      return;
    }
    const now = monotonicUs();
    s.acked += 1;
    s.firstAckUs ??= now;
    s.lastAckUs = now;
    changed();
  }
}

class CountingDatagenConnector extends DatagenConnector {
  override taskClass(): TaskClass<DatagenTask> {
    return CountingDatagenTask;
  }
}

/** Sink tasks are not told their number: count them per connector, in start order. */
const sinkTasksStarted = new Map<string, number>();

class CountingFileStreamSinkTask extends FileStreamSinkTask {
  #s: SinkTaskStats | null = null;

  override async start(props: ConnectorProps): Promise<void> {
    await super.start(props);
    const connector = props.name ?? '?';
    // On a task thread the task's number is known; on the worker's thread, count in start order.
    const task = isMainThread ? sinkTasksStarted.get(connector) ?? 0 : (workerData as { id: { task: number } }).id.task;
    sinkTasksStarted.set(connector, task + 1);
    this.#s = { connector, task, written: 0, puts: 0, partitions: 0, firstPutUs: null, lastPutUs: null };
    sinks.push(this.#s);
    changed();
  }

  override open(partitions: readonly TopicPartition[]): void {
    this.#s!.partitions += partitions.length;
    changed();
  }

  override close(partitions: readonly TopicPartition[]): void {
    if (this.#s !== null) this.#s.partitions -= partitions.length;
    changed();
  }

  override async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return super.put(records);
    const s = this.#s!;
    s.firstPutUs ??= monotonicUs();
    await super.put(records);
    s.written += records.length;
    s.puts += 1;
    s.lastPutUs = monotonicUs();
    changed();
  }
}

class CountingFileStreamSinkConnector extends FileStreamSinkConnector {
  override taskClass(): TaskClass<FileStreamSinkTask> {
    return CountingFileStreamSinkTask;
  }
}

const classOf = (plugins: readonly ConnectorPlugin[], type: string): string => plugins.find((p) => p.className.endsWith(type))!.className;

/** The two connectors under their usual class names (and aliases Datagen, FileStreamSink). */
export const instrumentedPlugins: ConnectorPlugin[] = [
  connectorPlugin({ className: classOf(datagenPlugins, 'DatagenConnector'), type: 'source', connector: CountingDatagenConnector, module: import.meta.url }),
  connectorPlugin({ className: classOf(filePlugins, 'FileStreamSinkConnector'), type: 'sink', connector: CountingFileStreamSinkConnector, module: import.meta.url }),
];

/** What a task thread loads (ConnectorPlugin.module). */
export const plugins = instrumentedPlugins;
