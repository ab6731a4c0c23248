/**
 * Writes connector and task states to the status store as the runners report them, stamped with
 * this worker's id and the group generation, and answers Connect's status JSON:
 *
 *   {"name": "c", "connector": {"state": "RUNNING", "worker_id": "host:8083"},
 *    "tasks": [{"id": 0, "state": "FAILED", "worker_id": "host:8083", "trace": "..."}], "type": "sink"}
 *
 * `trace` appears only for a state that has one (FAILED, or RESTARTING after an automatic
 * restart was scheduled). Tasks are listed from the connector's current task configs; a task
 * without a record is UNASSIGNED.
 */
import type { ConnectState, ConnectorTaskId, StatusRecord, StatusStore } from '../storage/stores.js';
import type { ConnectorStatusListener } from './connector-runner.js';
import { traceOf } from './errors.js';
import type { Logger } from './logger.js';
import type { TaskStatusListener } from './worker-task.js';

export interface StateInfo {
  state: ConnectState;
  worker_id: string;
  trace?: string;
}

export interface TaskStateInfo extends StateInfo {
  id: number;
}

export interface ConnectorStateInfo {
  name: string;
  connector: StateInfo;
  tasks: TaskStateInfo[];
  type: string;
}

export class StatusReporter {
  /** Called with every task failure (the herder applies the automatic restart policy). */
  onTaskFailure: (id: ConnectorTaskId, error: unknown) => void = () => {};

  constructor(
    private readonly store: StatusStore,
    private readonly workerId: () => string,
    private readonly generation: () => number,
    private readonly log: Logger,
  ) {}

  readonly #inflight = new Set<Promise<void>>();

  /** Resolves once every status write issued so far has finished. */
  async flush(): Promise<void> {
    await Promise.all([...this.#inflight]);
  }

  #track(p: Promise<void>): Promise<void> {
    this.#inflight.add(p);
    void p.finally(() => this.#inflight.delete(p));
    return p;
  }

  record(state: ConnectState, trace: string | null = null): StatusRecord {
    return { state, trace, workerId: this.workerId(), generation: this.generation() };
  }

  putConnector(name: string, state: ConnectState, trace: string | null = null): Promise<void> {
    return this.#track(this.store.putConnector(name, this.record(state, trace)).catch((err: unknown) => {
      this.log.error(`Could not write the status ${state} of connector ${name}: ${(err as Error).message}`);
    }));
  }

  putTask(id: ConnectorTaskId, state: ConnectState, trace: string | null = null): Promise<void> {
    return this.#track(this.store.putTask(id, this.record(state, trace)).catch((err: unknown) => {
      this.log.error(`Could not write the status ${state} of task ${id.connector}-${id.task}: ${(err as Error).message}`);
    }));
  }

  connectorListener(): ConnectorStatusListener {
    return {
      onRunning: (c) => void this.putConnector(c, 'RUNNING'),
      onPaused: (c) => void this.putConnector(c, 'PAUSED'),
      onStopped: (c) => void this.putConnector(c, 'STOPPED'),
      onFailure: (c, e) => void this.putConnector(c, 'FAILED', traceOf(e)),
      onShutdown: (c) => void this.putConnector(c, 'UNASSIGNED'),
    };
  }

  taskListener(): TaskStatusListener {
    return {
      onRunning: (id) => void this.putTask(id, 'RUNNING'),
      onPaused: (id) => void this.putTask(id, 'PAUSED'),
      onFailure: (id, e) => {
        void this.putTask(id, 'FAILED', traceOf(e)).then(() => this.onTaskFailure(id, e));
      },
      onShutdown: (id) => void this.putTask(id, 'UNASSIGNED'),
    };
  }

  /** The status JSON of a connector with `taskCount` tasks. */
  connectorState(name: string, type: string, taskCount: number): ConnectorStateInfo {
    const c = this.store.connector(name);
    const tasks: TaskStateInfo[] = [];
    for (let i = 0; i < taskCount; i++) tasks.push({ id: i, ...this.info(this.store.task({ connector: name, task: i })) });
    return { name, connector: this.info(c), tasks, type };
  }

  taskState(id: ConnectorTaskId): TaskStateInfo | undefined {
    const t = this.store.task(id);
    return t === undefined ? undefined : { id: id.task, ...this.info(t) };
  }

  info(r: StatusRecord | undefined): StateInfo {
    if (r === undefined) return { state: 'UNASSIGNED', worker_id: this.workerId() };
    return r.trace !== null && r.trace !== '' ? { state: r.state, worker_id: r.workerId, trace: r.trace } : { state: r.state, worker_id: r.workerId };
  }
}
