/**
 * Restarting connectors and tasks: on request (REST) and, beyond Connect, automatically.
 *
 * REST (Connect's semantics):
 *   POST /connectors/{c}/restart                      the connector instance only (204)
 *   POST /connectors/{c}/restart?includeTasks&onlyFailed
 *        the connector unless onlyFailed and it is not FAILED; with includeTasks its tasks
 *        (with onlyFailed: only the FAILED ones). The status is answered (202) with those shown
 *        RESTARTING; those running on this worker are marked RESTARTING in the status store and
 *        restarted (rest/forward.ts sends the others to the workers running them).
 *   POST /connectors/{c}/tasks/{t}/restart            one task (204)
 *
 * Automatic (errors.restart.policy=on-failure): a task that FAILED is restarted after
 * errors.restart.backoff.ms, doubling per attempt up to errors.restart.backoff.max.ms, at most
 * errors.restart.max.attempts times in a row (-1: no limit; a task that ran for a minute before
 * failing starts counting again). While it waits, its status is RESTARTING with a trace that says
 * "Automatic restart <n> of <max> in <ms> ms" followed by the failure's trace; restarts are
 * counted in kafka_connect_task_restarts_total. A manual restart resets the count.
 */
import type { MetricsRegistry } from '../metrics/registry.js';
import type { ConnectorTaskId } from '../storage/stores.js';
import { parseConnectorConfig } from './connector-config.js';
import { traceOf } from './errors.js';
import type { Herder } from './herder.js';
import type { Logger } from './logger.js';
import type { ConnectorStateInfo, StatusReporter } from './status-reporter.js';

/** A task that ran this long before failing starts its attempt count again. */
export const RESTART_COUNT_RESET_MS = 60_000;

const key = (id: ConnectorTaskId): string => `${id.connector}\u0000${id.task}`;

export class Restarter {
  readonly #attempts = new Map<string, number>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(
    private readonly herder: Herder,
    private readonly status: StatusReporter,
    private readonly metrics: MetricsRegistry,
    private readonly log: Logger,
  ) {}

  async restartConnector(name: string): Promise<void> {
    this.herder.config(name);
    await this.herder.dropConnector(name);
    await this.herder.reconcile();
  }

  async restartTask(id: ConnectorTaskId): Promise<void> {
    this.herder.checkTask(id);
    this.#cancel(id);
    this.#attempts.delete(key(id));
    await this.herder.dropTask(id);
    await this.herder.reconcile();
  }

  async restartConnectorAndTasks(name: string, onlyFailed: boolean, includeTasks: boolean): Promise<ConnectorStateInfo> {
    const before = this.herder.connectorStatus(name);
    const connector = !onlyFailed || before.connector.state === 'FAILED';
    const tasks = includeTasks ? before.tasks.filter((t) => !onlyFailed || t.state === 'FAILED').map((t) => t.id) : [];
    // In a group, what runs on other workers was sent to them (rest/forward.ts) and they report its
    // next state: marking it RESTARTING here would stamp it with this worker's id and could land
    // after their RUNNING (then it stays RESTARTING). So the store gets RESTARTING only for what
    // runs here, and the answer is Connect's restart plan: the status read before, with what is
    // restarted shown RESTARTING (worker ids and traces kept).
    if (connector && this.herder.runsConnector(name)) await this.status.putConnector(name, 'RESTARTING');
    for (const t of tasks) {
      if (this.herder.taskStartedAt({ connector: name, task: t }) !== undefined) await this.status.putTask({ connector: name, task: t }, 'RESTARTING');
    }
    const answer: ConnectorStateInfo = {
      ...before,
      connector: connector ? { ...before.connector, state: 'RESTARTING' } : before.connector,
      tasks: before.tasks.map((t) => (tasks.includes(t.id) ? { ...t, state: 'RESTARTING' } : t)),
    };
    if (connector) await this.herder.dropConnector(name);
    for (const t of tasks) {
      this.#cancel({ connector: name, task: t });
      this.#attempts.delete(key({ connector: name, task: t }));
      await this.herder.dropTask({ connector: name, task: t });
    }
    await this.herder.reconcile();
    return answer;
  }

  /** The automatic restart policy, called after a task's FAILED status was written. */
  onTaskFailure(id: ConnectorTaskId, error: unknown): void {
    if (this.#closed) return;
    const cfg = this.herder.snapshot().connectorConfig(id.connector);
    if (cfg === undefined) return;
    let policy;
    try {
      policy = parseConnectorConfig(cfg, null).restart;
    } catch {
      return;
    }
    if (policy.policy !== 'on-failure') return;
    const startedAt = this.herder.taskStartedAt(id);
    const k = key(id);
    const previous = startedAt !== undefined && Date.now() - startedAt >= RESTART_COUNT_RESET_MS ? 0 : (this.#attempts.get(k) ?? 0);
    if (policy.maxAttempts >= 0 && previous >= policy.maxAttempts) {
      this.log.warn(`Task ${id.connector}-${id.task} failed again after ${previous} automatic restart(s); it stays FAILED (errors.restart.max.attempts=${policy.maxAttempts})`);
      return;
    }
    const attempt = previous + 1;
    this.#attempts.set(k, attempt);
    const delay = Math.min(policy.backoffMs * 2 ** (attempt - 1), policy.backoffMaxMs);
    const max = policy.maxAttempts < 0 ? 'unlimited' : String(policy.maxAttempts);
    void this.status.putTask(id, 'RESTARTING', `Automatic restart ${attempt} of ${max} in ${delay} ms (errors.restart.policy=on-failure) after:\n${traceOf(error)}`);
    this.log.info(`Restarting failed task ${id.connector}-${id.task} in ${delay} ms (automatic restart ${attempt} of ${max})`);
    this.#cancel(id);
    this.#timers.set(k, setTimeout(() => {
      this.#timers.delete(k);
      if (this.#closed) return;
      this.metrics.counter('kafka_connect_task_restarts_total', 'Automatic restarts of the task (errors.restart.policy=on-failure).')
        .inc({ connector: id.connector, task: String(id.task) });
      void this.herder.dropTask(id).then(() => this.herder.reconcile());
    }, delay));
  }

  #cancel(id: ConnectorTaskId): void {
    const t = this.#timers.get(key(id));
    if (t !== undefined) clearTimeout(t);
    this.#timers.delete(key(id));
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
