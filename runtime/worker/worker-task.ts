/**
 * The lifecycle every task run shares (Kafka Connect's WorkerTask), with the source and sink
 * specifics in subclasses:
 *
 *   run():  start() the plugin task -> RUNNING (or PAUSED) -> execute() loop -> close()
 *   stop(): asks the loop to end (a source task also calls the plugin's stop() at once, to end a
 *           pending poll(); a sink task calls it after its last commit); awaitStop(ms) waits at
 *           most task.shutdown.graceful.timeout.ms. The plugin's stop() runs exactly once.
 *   transitionTo(PAUSED|STARTED): a paused task stays alive (a sink keeps its group membership
 *           and commits) but processes nothing until resumed.
 *
 * Status (through the listener, which writes it to the status store): RUNNING when started and
 * resumed, PAUSED when paused, FAILED with the trace when start() or the loop throws, UNASSIGNED
 * when it stopped normally (the herder reports DESTROYED for deleted connectors). A failure of
 * close() after a failure does not hide the first one.
 */
import type { ConnectorTaskId, TargetState } from '../storage/stores.js';
import type { Logger } from './logger.js';
import { traceOf } from './errors.js';

export interface TaskStatusListener {
  onRunning(id: ConnectorTaskId): void;
  onPaused(id: ConnectorTaskId): void;
  onFailure(id: ConnectorTaskId, error: unknown): void;
  onShutdown(id: ConnectorTaskId): void;
}

/** What the herder holds of a running task: an in-thread WorkerTask or a ThreadedTask. */
export interface TaskHandle {
  readonly id: ConnectorTaskId;
  /** The error the task failed with, if it did. */
  readonly failure: unknown;
  /** Resolves when the run has ended (normally or failed). */
  readonly done: Promise<void>;
  stop(): void;
  /** True when the run ended within `ms`. */
  awaitStop(ms: number): Promise<boolean>;
  transitionTo(state: TargetState): void;
  /** Gives up on a task whose graceful stop timed out (a task thread is terminated). */
  abandon?(): void;
}

export abstract class WorkerTask implements TaskHandle {
  #stopping = false;
  #paused = false;
  #wake: (() => void) | null = null;
  #done: Promise<void> | null = null;
  #failed: unknown = undefined;

  constructor(
    readonly id: ConnectorTaskId,
    protected readonly log: Logger,
    protected readonly listener: TaskStatusListener,
    initialState: TargetState,
  ) {
    this.#paused = initialState === 'PAUSED';
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** The error the task failed with, if it did. */
  get failure(): unknown {
    return this.#failed;
  }

  /** Starts the run in the background; resolves at once. */
  start(): void {
    this.#done ??= this.#run();
  }

  /** Resolves when the run has ended (normally or failed). */
  get done(): Promise<void> {
    return this.#done ?? Promise.resolve();
  }

  transitionTo(state: TargetState): void {
    const pause = state === 'PAUSED';
    if (pause === this.#paused || this.#stopping) return;
    this.#paused = pause;
    if (pause) {
      this.onPause();
      this.listener.onPaused(this.id);
    } else {
      this.onResume();
      this.listener.onRunning(this.id);
    }
    this.wakeUp();
  }

  /** Asks the task to stop (idempotent). */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.wakeUp();
    this.onStopRequested();
  }

  #pluginStop: Promise<void> | null = null;

  /** Calls the plugin's stop() the first time only; never rejects. */
  protected stopPluginOnce(): Promise<void> {
    this.#pluginStop ??= Promise.resolve()
      .then(() => this.stopPlugin())
      .then(() => undefined, (err: unknown) => this.log.warn(`Task ${label(this.id)} threw from stop(): ${(err as Error)?.message ?? String(err)}`));
    return this.#pluginStop;
  }

  /** True when the run ended within `ms`. */
  awaitStop(ms: number): Promise<boolean> {
    return settlesWithin(this.done, ms);
  }

  /** Ends a wait in `idle()` (new state, stop). */
  protected wakeUp(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  /** Waits up to `ms` or until woken (pause/resume/stop). */
  protected idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.#wake = null; resolve(); }, ms);
      this.#wake = () => { clearTimeout(timer); resolve(); };
    });
  }

  async #run(): Promise<void> {
    try {
      await this.initializeAndStart();
      if (this.#stopping) return;
      if (this.#paused) {
        this.onPause();
        this.listener.onPaused(this.id);
      } else {
        this.listener.onRunning(this.id);
      }
      await this.execute();
    } catch (err) {
      this.#failed = err;
      this.log.error(`Task ${label(this.id)} threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted: ${traceOf(err)}`);
    } finally {
      try {
        await this.close(this.#failed !== undefined);
      } catch (err) {
        this.log.warn(`Task ${label(this.id)} failed while closing: ${(err as Error)?.message ?? String(err)}`);
      }
      if (!this.#stopping && this.#failed === undefined) this.#stopping = true;
      await this.stopPluginOnce();
      if (this.#failed !== undefined) {
        this.listener.onFailure(this.id, this.#failed);
      } else {
        this.listener.onShutdown(this.id);
      }
    }
  }

  /** Creates, initializes and starts the plugin task (and its clients). */
  protected abstract initializeAndStart(): Promise<void>;
  /** The main loop: returns when `stopping`; throws to fail the task. */
  protected abstract execute(): Promise<void>;
  /** Final commit (unless failed) and release of every resource. */
  protected abstract close(failed: boolean): Promise<void>;
  /** Calls the plugin task's stop() (once). */
  protected abstract stopPlugin(): unknown;
  /** Called once when stop() is asked (a source task stops its plugin here to end a pending poll). */
  protected onStopRequested(): void {}
  protected onPause(): void {}
  protected onResume(): void {}
}

/** True when `done` settles within `ms` (TaskHandle.awaitStop). */
export async function settlesWithin(done: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => { timer = setTimeout(() => r(false), ms); });
  try {
    return await Promise.race([done.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function label(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}
