/**
 * One connector instance on this worker (Kafka Connect's WorkerConnector):
 *
 *   new -> initialize(context) -> start(props) when the target state is STARTED
 *   PAUSED or STOPPED: the connector is stopped (its object kept); STARTED again starts it again
 *   shutdown(): stop() if started; the object is discarded
 *
 * Calls into the connector never overlap (one queue). Status goes to the listener: RUNNING,
 * PAUSED, STOPPED, FAILED (start() threw, or the connector called context.raiseError()), and
 * UNASSIGNED on a normal shutdown. `requestTaskReconfiguration()` from the connector is passed to
 * the herder, which calls taskConfigs() again.
 */
import type { Connector, ConnectorProps } from '../api/connector/connector.js';
import type { ConnectorType } from '../api/connector/plugin.js';
import { SourceConnector } from '../api/connector/source-connector.js';
import type { OffsetStore, TargetState } from '../storage/stores.js';
import type { Logger } from './logger.js';
import { offsetReader } from './source-task-runner.js';
import { traceOf } from './errors.js';

export interface ConnectorStatusListener {
  onRunning(connector: string): void;
  onPaused(connector: string): void;
  onStopped(connector: string): void;
  onFailure(connector: string, error: unknown): void;
  onShutdown(connector: string): void;
}

export interface ConnectorRunnerOptions {
  readonly name: string;
  readonly props: ConnectorProps;
  readonly type: ConnectorType;
  readonly connector: Connector;
  readonly offsets: OffsetStore;
  readonly log: Logger;
  readonly listener: ConnectorStatusListener;
  readonly requestTaskReconfiguration: (connector: string) => void;
}

type RunState = 'INIT' | 'STARTED' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'SHUTDOWN';

export class ConnectorRunner {
  #state: RunState = 'INIT';
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ConnectorRunnerOptions) {
    const ctx = {
      requestTaskReconfiguration: () => {
        if (this.#state === 'STARTED') o.requestTaskReconfiguration(o.name);
      },
      raiseError: (error: Error) => {
        void this.#enqueue(() => this.#fail(error));
      },
    };
    if (o.connector instanceof SourceConnector) o.connector.initialize({ ...ctx, offsetStorageReader: offsetReader(o.offsets, o.name) });
    else o.connector.initialize(ctx);
  }

  get name(): string {
    return this.o.name;
  }

  get props(): ConnectorProps {
    return this.o.props;
  }

  get type(): ConnectorType {
    return this.o.type;
  }

  get connector(): Connector {
    return this.o.connector;
  }

  get isRunning(): boolean {
    return this.#state === 'STARTED';
  }

  get isFailed(): boolean {
    return this.#state === 'FAILED';
  }

  /** Moves to the target state; resolves once the connector was started or stopped. */
  transitionTo(target: TargetState): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#state === 'SHUTDOWN' || this.#state === 'FAILED') return;
      if (target === 'STARTED') {
        if (this.#state === 'STARTED') return;
        try {
          await this.o.connector.start(this.o.props);
          this.#state = 'STARTED';
          this.o.log.info(`Finished creating connector ${this.o.name}`);
          this.o.listener.onRunning(this.o.name);
        } catch (err) {
          await this.#fail(err);
        }
        return;
      }
      await this.#stopConnector();
      this.#state = target === 'PAUSED' ? 'PAUSED' : 'STOPPED';
      if (target === 'PAUSED') this.o.listener.onPaused(this.o.name);
      else this.o.listener.onStopped(this.o.name);
    });
  }

  /** The connector's task configs (only while started); throws what taskConfigs() throws. */
  taskConfigs(maxTasks: number): Promise<ConnectorProps[]> {
    return this.#enqueue(async () => {
      if (this.#state !== 'STARTED') return [];
      return [...(await this.o.connector.taskConfigs(maxTasks))];
    });
  }

  /** Stops it for good; status UNASSIGNED unless it failed. */
  shutdown(): Promise<void> {
    return this.#enqueue(async () => {
      const wasFailed = this.#state === 'FAILED';
      await this.#stopConnector();
      this.#state = 'SHUTDOWN';
      if (!wasFailed) this.o.listener.onShutdown(this.o.name);
    });
  }

  /** Fails the connector from outside (taskConfigs() threw): FAILED with the trace, stopped. */
  fail(error: unknown): Promise<void> {
    return this.#enqueue(() => this.#fail(error));
  }

  async #fail(error: unknown): Promise<void> {
    if (this.#state === 'SHUTDOWN') return;
    this.o.log.error(`Connector ${this.o.name} failed: ${traceOf(error)}`);
    await this.#stopConnector();
    this.#state = 'FAILED';
    this.o.listener.onFailure(this.o.name, error);
  }

  async #stopConnector(): Promise<void> {
    if (this.#state !== 'STARTED') return;
    this.#state = 'STOPPED';
    try {
      await this.o.connector.stop();
    } catch (err) {
      this.o.log.warn(`Connector ${this.o.name} threw from stop(): ${(err as Error)?.message ?? String(err)}`);
    }
  }

  #enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
