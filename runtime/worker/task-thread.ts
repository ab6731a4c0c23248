/**
 * A task run on its own thread (Kafka Connect runs every task on its own thread; Node needs a
 * worker thread for a task to use another core). The main thread keeps the herder, the REST API,
 * the stores and the status; the task thread (task-thread-main.ts) loads the connector plugin
 * from its module (ConnectorPlugin.module), builds the very same runner the main thread would
 * (Worker.startTask with threads off), with its own Kafka clients (as each Connect task has its own
 * producer or consumer), and talks to this side over the thread's port:
 *
 *   thread -> main   status (RUNNING, PAUSED, FAILED with its trace, UNASSIGNED), log lines (already
 *                    filtered by the levels the main thread sends), metrics snapshots (every
 *                    second and a last one when the run ends), topics used, offset store calls
 *   main -> thread   stop, target state (PAUSED/STARTED), log level changes, offset store answers
 *
 * The task's young generation is sized by task.thread.young.generation.mb: a task allocates a
 * batch of records at a time, and a young generation that holds a few batches keeps them from
 * being copied into the old one (a third of the task's CPU went to the collector at V8's default).
 *
 * The handle behaves like an in-thread WorkerTask for the herder: stop(), awaitStop(ms),
 * transitionTo(state), failure. A thread that dies without reporting the end of its run (an
 * uncaught error, or out of memory) fails the task with the reason. abandon() terminates a thread
 * whose graceful stop timed out.
 */
import { Worker as NodeWorker } from 'node:worker_threads';
import type { ConnectorProps } from '../api/connector/connector.js';
import type { MetricSample, MetricsRegistry } from '../metrics/registry.js';
import type { ConnectorTaskId, OffsetStore, TargetState } from '../storage/stores.js';
import type { LoggerRegistry, LogLevel } from './logger.js';
import { label, settlesWithin, type TaskHandle, type TaskStatusListener } from './worker-task.js';

/** What a task thread is started with (structured-cloned into it). */
export interface TaskThreadInit {
  readonly id: ConnectorTaskId;
  readonly module: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly connectorProps: ConnectorProps;
  readonly taskProps: ConnectorProps;
  readonly target: TargetState;
  readonly workerId: string;
  readonly clientIdPrefix: string;
  readonly levels: Array<[string, LogLevel]>;
}

export type ToThread =
  | { readonly t: 'stop' }
  | { readonly t: 'state'; readonly state: TargetState }
  | { readonly t: 'level'; readonly namespace: string; readonly level: LogLevel }
  | { readonly t: 'reply'; readonly call: number; readonly value?: unknown; readonly error?: string };

export type FromThread =
  | { readonly t: 'status'; readonly state: 'RUNNING' | 'PAUSED' | 'UNASSIGNED' }
  | { readonly t: 'failed'; readonly message: string; readonly trace: string }
  | { readonly t: 'log'; readonly line: string }
  | { readonly t: 'topic'; readonly topic: string }
  | { readonly t: 'metrics'; readonly samples: MetricSample[]; readonly final: boolean }
  | { readonly t: 'call'; readonly call: number; readonly op: 'offsets.get' | 'offsets.set' | 'offsets.all'; readonly args: unknown[] }
  | { readonly t: 'done' };

export interface ThreadedTaskOptions {
  readonly init: TaskThreadInit;
  readonly youngGenerationMb: number;
  readonly offsets: OffsetStore;
  readonly listener: TaskStatusListener;
  readonly loggers: LoggerRegistry;
  readonly metrics: MetricsRegistry;
  readonly onTopicUsed: (topic: string) => void;
}

/** Failure reported by a task thread: its message, and the thread's trace as the stack. */
class TaskThreadFailure extends Error {
  constructor(message: string, trace: string) {
    super(message);
    this.name = 'TaskThreadFailure';
    this.stack = trace;
  }
}

const sampleKey = (s: MetricSample): string => `${s.name}\u0000${JSON.stringify(s.labels)}`;

export class ThreadedTask implements TaskHandle {
  readonly id: ConnectorTaskId;
  readonly #thread: NodeWorker;
  readonly #done: Promise<void>;
  #resolveDone!: () => void;
  #failure: unknown = undefined;
  #ended = false;
  #stopping = false;
  /** Series this thread put into the worker's registry, to remove those it no longer reports. */
  #applied = new Map<string, MetricSample>();
  readonly #unsubscribe: () => void;

  constructor(private readonly o: ThreadedTaskOptions) {
    this.id = o.init.id;
    this.#done = new Promise((r) => { this.#resolveDone = r; });
    this.#thread = new NodeWorker(new URL('./task-thread-main.js', import.meta.url), {
      workerData: o.init,
      resourceLimits: { maxYoungGenerationSizeMb: o.youngGenerationMb },
      stdout: false,
      stderr: false,
    });
    this.#thread.on('message', (m: FromThread) => this.#onMessage(m));
    this.#thread.on('error', (err) => {
      const message = `The task thread of ${label(this.id)} died: ${err.message}`;
      this.#fail(new TaskThreadFailure(message, `${message}\nCaused by: ${err.stack ?? err.message}`));
    });
    this.#thread.on('exit', (code) => {
      const message = `The task thread of ${label(this.id)} exited (code ${code}) before its task ended`;
      if (!this.#ended) this.#fail(new TaskThreadFailure(message, message));
      this.#end();
    });
    this.#unsubscribe = o.loggers.onLevelChange((namespace, level) => this.#post({ t: 'level', namespace, level }));
  }

  get failure(): unknown {
    return this.#failure;
  }

  get done(): Promise<void> {
    return this.#done;
  }

  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#post({ t: 'stop' });
  }

  transitionTo(state: TargetState): void {
    if (!this.#stopping) this.#post({ t: 'state', state });
  }

  awaitStop(ms: number): Promise<boolean> {
    return settlesWithin(this.#done, ms);
  }

  /** Ends the thread at once (its graceful stop timed out). */
  abandon(): void {
    void this.#thread.terminate();
  }

  #post(m: ToThread): void {
    if (!this.#ended) this.#thread.postMessage(m);
  }

  #onMessage(m: FromThread): void {
    switch (m.t) {
      case 'log':
        this.o.loggers.write(m.line);
        return;
      case 'status':
        if (m.state === 'RUNNING') this.o.listener.onRunning(this.id);
        else if (m.state === 'PAUSED') this.o.listener.onPaused(this.id);
        else this.o.listener.onShutdown(this.id);
        return;
      case 'failed':
        this.#fail(new TaskThreadFailure(m.message, m.trace));
        return;
      case 'topic':
        this.o.onTopicUsed(m.topic);
        return;
      case 'metrics':
        this.#applyMetrics(m.samples);
        return;
      case 'call':
        void this.#answer(m.call, m.op, m.args);
        return;
      case 'done':
        this.#ended = true;
        this.#end();
        void this.#thread.terminate();
        return;
    }
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined || this.#ended) return;
    this.#failure = error;
    this.o.listener.onFailure(this.id, error);
  }

  #end(): void {
    this.#ended = true;
    this.#unsubscribe();
    this.#resolveDone();
  }

  #applyMetrics(samples: MetricSample[]): void {
    const now = new Map(samples.map((s) => [sampleKey(s), s]));
    for (const [k, s] of this.#applied) {
      if (!now.has(k)) (s.type === 'counter' ? this.o.metrics.counter(s.name, s.help) : this.o.metrics.gauge(s.name, s.help)).remove(s.labels);
    }
    this.o.metrics.apply(samples);
    this.#applied = now;
  }

  async #answer(call: number, op: 'offsets.get' | 'offsets.set' | 'offsets.all', args: unknown[]): Promise<void> {
    try {
      const store = this.o.offsets;
      const value = op === 'offsets.get' ? await store.get(args[0] as string, args[1] as never)
        : op === 'offsets.set' ? await store.set(args[0] as string, args[1] as never)
          : await store.all(args[0] as string);
      this.#post({ t: 'reply', call, value });
    } catch (err) {
      this.#post({ t: 'reply', call, error: (err as Error)?.message ?? String(err) });
    }
  }
}
