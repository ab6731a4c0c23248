/**
 * The herder: keeps this worker's connectors and tasks in line with the config store and answers
 * the REST API's operations (Kafka Connect's Herder).
 *
 * Writes (create/update/delete, target states, task configs) go to the config store; the
 * store's change listener (and the membership's, after a rebalance) schedules a reconcile, which
 * runs one at a time and brings the running instances to the stored state:
 *   - connectors assigned here run with their stored config, in their target state; a changed
 *     config restarts the connector; a started connector's taskConfigs(tasks.max) are compared
 *     with the stored ones and written when they differ (by the leader, else forwarded);
 *   - tasks assigned here run with their stored task config (a changed task or connector config
 *     restarts them); STOPPED connectors run no tasks; FAILED tasks stay failed until restarted
 *     (or until the automatic restart policy restarts them: restart-policy.ts).
 * Each write awaits the reconcile it triggers, so a REST answer reflects the new state.
 */
import type { ConnectorProps } from '../api/connector/connector.js';
import { AlreadyExistsException, ConnectException, NotFoundException } from '../api/errors.js';
import type { ConfigSnapshot, ConfigStore, ConnectorTaskId, StatusStore, TargetState } from '../storage/stores.js';
import { configErrorMessage, redactConfig, resolveConnectorPlugin, validateConnectorConfig } from './config-validation.js';
import type { ConnectorRunner } from './connector-runner.js';
import { BadRequestError, ConflictError, REBALANCE_MESSAGE, connectorNotFound, traceOf } from './errors.js';
import type { Logger } from './logger.js';
import type { WorkerMembership } from './membership.js';
import type { WorkerPlugins } from './plugins.js';
import type { ConnectorStateInfo, StatusReporter } from './status-reporter.js';
import type { Worker } from './worker.js';
import type { TaskHandle } from './worker-task.js';

export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: ConnectorTaskId[];
  type: string;
}

export interface HerderOptions {
  readonly worker: Worker;
  readonly plugins: WorkerPlugins;
  readonly configs: ConfigStore;
  readonly statuses: StatusStore;
  readonly membership: WorkerMembership;
  readonly status: StatusReporter;
  readonly log: Logger;
  readonly gracefulStopMs: number;
}

interface RunningTask {
  readonly task: TaskHandle;
  readonly taskJson: string;
  readonly connectorJson: string;
  readonly startedAt: number;
}

const key = (id: ConnectorTaskId): string => `${id.connector}\u0000${id.task}`;
const json = (x: unknown): string => JSON.stringify(x, x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.keys(x).sort() : undefined);
const sameConfigs = (a: readonly ConnectorProps[], b: readonly ConnectorProps[]): boolean => a.length === b.length && a.every((c, i) => json(c) === json(b[i]));

export const INITIAL_STATES: Readonly<Record<string, TargetState>> = { RUNNING: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' };

export class Herder {
  readonly #runners = new Map<string, { runner: ConnectorRunner; configJson: string }>();
  readonly #tasks = new Map<string, RunningTask>();
  readonly #reconfigure = new Set<string>();
  #dirty = false;
  #loop: Promise<void> | null = null;
  #unsubscribe: Array<() => void> = [];
  #started = false;
  #stopping = false;
  /** Called after every reconcile (the restart policy and tests use it). */
  afterReconcile: () => void = () => {};

  constructor(private readonly o: HerderOptions) {}

  get membership(): WorkerMembership {
    return this.o.membership;
  }

  get ready(): boolean {
    return this.#started && !this.#stopping;
  }

  async start(): Promise<void> {
    await this.o.membership.start();
    this.#unsubscribe.push(this.o.configs.onChange(() => void this.reconcile()));
    this.#unsubscribe.push(this.o.membership.onChange(() => this.reconcile()));
    await this.reconcile();
    this.#started = true;
  }

  /** Stops every task (within task.shutdown.graceful.timeout.ms) and connector on this worker. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const u of this.#unsubscribe) u();
    await this.#loop;
    const tasks = [...this.#tasks.values()];
    this.#tasks.clear();
    for (const t of tasks) t.task.stop();
    await Promise.all(tasks.map((t) => this.#awaitTask(t.task)));
    await Promise.all([...this.#runners.values()].map((r) => r.runner.shutdown()));
    this.#runners.clear();
    await this.o.status.flush();
    await this.o.membership.stop();
  }

  /** Schedules a reconcile; resolves once one that started after this call has finished. */
  reconcile(): Promise<void> {
    this.#dirty = true;
    this.#loop ??= (async () => {
      try {
        while (this.#dirty && !this.#stopping) {
          this.#dirty = false;
          try {
            await this.#reconcileOnce();
          } catch (err) {
            this.o.log.error(`Reconciling connectors and tasks failed: ${traceOf(err)}`);
          }
          this.afterReconcile();
        }
      } finally {
        this.#loop = null;
      }
    })();
    return this.#loop;
  }

  async #reconcileOnce(): Promise<void> {
    const snap = this.o.configs.snapshot();
    const assignment = this.o.membership.assignment(snap);
    const mine = new Set(assignment.connectors);
    for (const [name, entry] of this.#runners) {
      const cfg = snap.connectorConfig(name);
      if (mine.has(name) && cfg !== undefined && json(cfg) === entry.configJson) continue;
      this.#runners.delete(name);
      await entry.runner.shutdown();
    }
    for (const name of assignment.connectors) {
      const cfg = snap.connectorConfig(name);
      if (cfg === undefined) continue;
      await this.#reconcileConnector(name, cfg, snap.targetState(name) ?? 'STARTED', snap);
    }
    const wanted = new Map<string, { id: ConnectorTaskId; taskProps: ConnectorProps; connectorProps: ConnectorProps; target: TargetState }>();
    for (const id of assignment.tasks) {
      const connectorProps = snap.connectorConfig(id.connector);
      const target = snap.targetState(id.connector) ?? 'STARTED';
      const taskProps = snap.taskConfigs(id.connector)[id.task];
      if (connectorProps === undefined || taskProps === undefined || target === 'STOPPED') continue;
      wanted.set(key(id), { id, taskProps, connectorProps, target });
    }
    // Stop every task that goes first, then wait for them together: stopping them one by one
    // let each departing sink task trigger a consumer-group rebalance while its siblings still
    // ran, re-delivering their uncommitted records to the ones that remained.
    const stopping: Promise<void>[] = [];
    for (const [k, t] of this.#tasks) {
      const w = wanted.get(k);
      if (w !== undefined && json(w.taskProps) === t.taskJson && json(w.connectorProps) === t.connectorJson) continue;
      this.#tasks.delete(k);
      t.task.stop();
      stopping.push(this.#awaitTask(t.task));
    }
    await Promise.all(stopping);
    for (const [k, w] of wanted) {
      const running = this.#tasks.get(k);
      if (running !== undefined) {
        if (running.task.failure === undefined) running.task.transitionTo(w.target);
        continue;
      }
      this.#startTask(w.id, w.connectorProps, w.taskProps, w.target);
    }
  }

  async #reconcileConnector(name: string, cfg: ConnectorProps, target: TargetState, snap: ConfigSnapshot): Promise<void> {
    let entry = this.#runners.get(name);
    let fresh = false;
    if (entry === undefined) {
      try {
        entry = { runner: this.o.worker.createConnector(name, cfg), configJson: json(cfg) };
      } catch (err) {
        this.o.log.error(`Failed to create connector ${name}: ${traceOf(err)}`);
        await this.o.status.putConnector(name, 'FAILED', traceOf(err));
        return;
      }
      this.#runners.set(name, entry);
      fresh = true;
    }
    // A connector created PAUSED still gets its tasks (created paused), as in Connect: it is
    // started once for its task configs, then paused.
    const configureWhilePaused = fresh && target === 'PAUSED' && snap.taskConfigs(name).length === 0;
    await entry.runner.transitionTo(configureWhilePaused ? 'STARTED' : target);
    if (configureWhilePaused) {
      await this.#updateTaskConfigs(name, entry.runner, cfg, snap);
      await entry.runner.transitionTo(target);
      return;
    }
    if (target !== 'STARTED' || !entry.runner.isRunning || !(fresh || this.#reconfigure.has(name))) return;
    this.#reconfigure.delete(name);
    await this.#updateTaskConfigs(name, entry.runner, cfg, snap);
  }

  async #updateTaskConfigs(name: string, runner: ConnectorRunner, cfg: ConnectorProps, snap: ConfigSnapshot): Promise<void> {
    if (!runner.isRunning) return;
    const max = Math.max(1, Number(cfg['tasks.max'] ?? '1'));
    let configs: ConnectorProps[];
    try {
      configs = await runner.taskConfigs(max);
    } catch (err) {
      await runner.fail(err);
      return;
    }
    if (configs.length > max) {
      await runner.fail(new ConnectException(`The connector ${name} has generated ${configs.length} tasks, which is greater than ${max}, the maximum number of tasks it is configured to create.`));
      return;
    }
    const enriched = configs.map((c) => this.#taskConfig(runner, cfg, c));
    if (!sameConfigs(enriched, snap.taskConfigs(name))) await this.#writeTaskConfigs(name, enriched);
  }

  /** As Connect: each task config names the task class; a sink task gets its connector's subscription. */
  #taskConfig(runner: ConnectorRunner, cfg: ConnectorProps, c: ConnectorProps): ConnectorProps {
    const out: Record<string, string> = { ...c, 'task.class': runner.connector.taskClass().name };
    if (runner.type === 'sink') {
      if (cfg.topics !== undefined && out.topics === undefined) out.topics = cfg.topics;
      if (cfg['topics.regex'] !== undefined && out['topics.regex'] === undefined) out['topics.regex'] = cfg['topics.regex'];
    }
    return out;
  }

  async #writeTaskConfigs(name: string, configs: readonly ConnectorProps[]): Promise<void> {
    if (this.o.membership.isLeader()) await this.o.configs.putTaskConfigs(name, configs);
    else await this.o.membership.forwardTaskConfigs(name, configs);
  }

  #startTask(id: ConnectorTaskId, connectorProps: ConnectorProps, taskProps: ConnectorProps, target: TargetState): void {
    let task: TaskHandle;
    try {
      task = this.o.worker.startTask(id, connectorProps, taskProps, target);
    } catch (err) {
      this.o.log.error(`Failed to start task ${id.connector}-${id.task}: ${traceOf(err)}`);
      void this.o.status.putTask(id, 'FAILED', traceOf(err));
      return;
    }
    this.#tasks.set(key(id), { task, taskJson: json(taskProps), connectorJson: json(connectorProps), startedAt: Date.now() });
  }

  async #awaitTask(task: TaskHandle): Promise<void> {
    if (!(await task.awaitStop(this.o.gracefulStopMs))) {
      this.o.log.error(`Graceful stop of task ${task.id.connector}-${task.id.task} failed (task.shutdown.graceful.timeout.ms=${this.o.gracefulStopMs}); abandoning it`);
      task.abandon?.();
    }
  }

  /** When the task started running here (undefined when it does not run here). */
  taskStartedAt(id: ConnectorTaskId): number | undefined {
    return this.#tasks.get(key(id))?.startedAt;
  }

  /** True when the connector's instance runs on this worker. */
  runsConnector(name: string): boolean {
    return this.#runners.has(name);
  }

  /** Drops a task (stopping it) so that the next reconcile starts it afresh. */
  async dropTask(id: ConnectorTaskId): Promise<void> {
    const t = this.#tasks.get(key(id));
    if (t === undefined) return;
    this.#tasks.delete(key(id));
    t.task.stop();
    await this.#awaitTask(t.task);
  }

  /** Drops a connector instance so that the next reconcile creates it afresh (and asks for task configs). */
  async dropConnector(name: string): Promise<void> {
    const e = this.#runners.get(name);
    if (e === undefined) return;
    this.#runners.delete(name);
    await e.runner.shutdown();
  }

  requestTaskReconfiguration(name: string): void {
    this.#reconfigure.add(name);
    void this.reconcile();
  }

  runningConnectors(): number {
    return [...this.#runners.values()].filter((r) => r.runner.isRunning).length;
  }

  runningTasks(): number {
    return [...this.#tasks.values()].filter((t) => t.task.failure === undefined).length;
  }

  /** True when any task of the connector runs on this worker. */
  hasTasks(name: string): boolean {
    return [...this.#tasks.values()].some((t) => t.task.id.connector === name);
  }

  // ---- operations of the REST API ----

  snapshot(): ConfigSnapshot {
    return this.o.configs.snapshot();
  }

  connectors(): string[] {
    return this.snapshot().connectors().sort();
  }

  /** The stored config; NotFoundException when there is no such connector. */
  config(name: string): ConnectorProps {
    const cfg = this.snapshot().connectorConfig(name);
    if (cfg === undefined) throw connectorNotFound(name);
    return cfg;
  }

  connectorType(name: string): string {
    return this.o.plugins.connectors.find(this.config(name)['connector.class'] ?? '')?.type ?? 'unknown';
  }

  connectorInfo(name: string): ConnectorInfo {
    const cfg = this.config(name);
    const tasks = this.snapshot().taskConfigs(name).map((_, task) => ({ connector: name, task }));
    return { name, config: redactConfig(cfg, this.o.plugins), tasks, type: this.connectorType(name) };
  }

  taskConfigs(name: string): Array<{ id: ConnectorTaskId; config: Record<string, string> }> {
    const cfg = this.config(name);
    return this.snapshot().taskConfigs(name).map((c, task) => {
      const redacted = redactConfig({ ...cfg, ...c }, this.o.plugins);
      return { id: { connector: name, task }, config: Object.fromEntries(Object.keys(c).map((k) => [k, redacted[k]!])) };
    });
  }

  connectorStatus(name: string): ConnectorStateInfo {
    this.config(name);
    return this.o.status.connectorState(name, this.connectorType(name), this.snapshot().taskConfigs(name).length);
  }

  #writable(): void {
    if (this.o.membership.rebalancing()) throw new ConflictError(REBALANCE_MESSAGE);
  }

  /** Creates or replaces a connector after validating it; 409 when it exists and !allowReplace. */
  async putConnectorConfig(name: string, config: ConnectorProps, allowReplace: boolean, initialState?: TargetState): Promise<{ created: boolean; info: ConnectorInfo }> {
    this.#writable();
    const existing = this.snapshot().connectorConfig(name);
    if (existing !== undefined && !allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`);
    resolveConnectorPlugin(config, this.o.plugins);
    const { infos } = await validateConnectorConfig(config, this.o.plugins);
    if (infos.error_count > 0) throw new BadRequestError(configErrorMessage(infos));
    await this.o.configs.putConnectorConfig(name, config, existing === undefined ? initialState : undefined);
    await this.reconcile();
    return { created: existing === undefined, info: this.connectorInfo(name) };
  }

  async patchConnectorConfig(name: string, patch: Readonly<Record<string, string | null>>): Promise<ConnectorInfo> {
    const merged: Record<string, string> = { ...this.config(name) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    if (merged.name !== undefined && merged.name !== name) throw new BadRequestError(`Connector name configuration (${merged.name}) doesn't match connector name in the URL (${name})`);
    merged.name = name;
    return (await this.putConnectorConfig(name, merged, true)).info;
  }

  async deleteConnector(name: string): Promise<void> {
    this.#writable();
    this.config(name);
    await this.o.configs.removeConnectorConfig(name);
    await this.reconcile();
    await this.o.status.flush();
    await this.o.statuses.remove(name);
  }

  async setTargetState(name: string, state: TargetState): Promise<void> {
    this.#writable();
    this.config(name);
    await this.o.configs.putTargetState(name, state);
    if (state === 'STOPPED') await this.o.configs.putTaskConfigs(name, []);
    else if (state === 'STARTED') this.#reconfigure.add(name);
    await this.reconcile();
  }

  /** Writes task configs computed elsewhere (Connect's internal POST /connectors/{c}/tasks); leader only. */
  async putTaskConfigs(name: string, configs: readonly ConnectorProps[]): Promise<void> {
    this.config(name);
    if (!this.o.membership.isLeader()) throw new ConflictError('Cannot write task configs: this worker is not the leader');
    await this.o.configs.putTaskConfigs(name, configs);
    await this.reconcile();
  }

  /** NotFoundException unless the connector has this task. */
  checkTask(id: ConnectorTaskId): void {
    this.config(id.connector);
    if (!Number.isInteger(id.task) || id.task < 0 || id.task >= this.snapshot().taskConfigs(id.connector).length) {
      throw new NotFoundException(`Unknown task: ${id.connector}-${id.task}`);
    }
  }
}
