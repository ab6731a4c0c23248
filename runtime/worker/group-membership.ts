/**
 * Distributed mode: the herder's membership (membership.ts) backed by runtime/cluster's worker
 * group. Several workers with the same `group.id` and the same storage topics share the
 * connectors and tasks; the group's leader assigns them and makes every config write.
 *
 * What it maps, and the order it keeps:
 * - Assignment: the herder runs what the group assigned in the current generation
 *   (`assignment()` ignores the snapshot's other connectors and tasks). Before the herder hears
 *   of a new assignment, the config store is refreshed up to the leader's `configOffset`, so the
 *   herder never starts work from configs older than those the leader assigned from.
 * - Revocation: the revoked work is dropped from the assignment and the herder's `onChange`
 *   listener is awaited (it resolves once those tasks stopped, each with its last offset
 *   commit); only then does the member rejoin or leave, so nobody else starts that work first.
 *   Losing the group (no heartbeat for `session.timeout.ms`) revokes everything the same way.
 * - Leader: `isLeader()` / `leaderUrl()` come from the assignment (`leaderUrl()` is null before
 *   the first one and after everything was revoked; `rebalancing()` is true then, and REST
 *   writes answer 409). The leader answers the group's `workload` from its config snapshot,
 *   refreshing the config store first when a member reported a newer config offset.
 * - Task configs: a worker that runs a connector but is not the leader POSTs its new task configs
 *   to the leader's `/connectors/{c}/tasks` (Connect's internal endpoint). That happens in the
 *   background, retried until the leader accepts them or a newer set replaces them, so a herder
 *   reconcile (which revocations await) never waits on another worker. A worker that became the
 *   leader meanwhile writes them itself.
 * - Rebalances after config changes: the set of connectors or of task ids changed (a connector
 *   created or deleted, a new task count): the leader rejoins, so the group reassigns. Changes
 *   that keep those sets (a new config, a target state) need no rebalance: every worker reads
 *   the config topic and its herder applies them to what it runs.
 *
 * The URL a worker advertises (for forwarding) is `<rest.advertised.listener>://<worker id>`, the
 * worker id being `rest.advertised.host.name:rest.advertised.port` (defaults: the REST listener).
 */
import { WorkerGroupMember, type WorkerAssignment, type Workload } from '../cluster/index.js';
import { taskKey, type Work } from '../cluster/protocol.js';
import type { ConfigSnapshot, ConfigStore, ConnectorTaskId } from '../storage/stores.js';
import { FORWARDED_HEADER } from '../rest/forward.js';
import type { Assignment, WorkerMembership } from './membership.js';
import type { Logger } from './logger.js';

export interface GroupMembershipOptions {
  readonly workerId: string;
  /** This worker's REST base URL as the other workers reach it. */
  readonly url: string;
  readonly bootstrapServers: readonly string[];
  readonly groupId: string;
  readonly clientId: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly configs: ConfigStore;
  readonly log: Logger;
}

const NONE: Assignment = { connectors: [], tasks: [] };
/** How long to wait between attempts to hand task configs to the leader. */
const FORWARD_RETRY_MS = 250;

/** The connectors and task ids of a snapshot, as the group assigns them. */
export function workOf(snap: ConfigSnapshot): Work {
  const connectors = snap.connectors().sort();
  const tasks: ConnectorTaskId[] = [];
  for (const c of connectors) snap.taskConfigs(c).forEach((_, task) => tasks.push({ connector: c, task }));
  return { connectors, tasks };
}

const workKey = (w: Work): string => JSON.stringify([[...w.connectors].sort(), w.tasks.map(taskKey).sort()]);

export class GroupMembership implements WorkerMembership {
  readonly workerId: string;
  readonly #member: WorkerGroupMember;
  readonly #listeners = new Set<() => Promise<void>>();
  #running: Assignment = NONE;
  /** The connectors and task ids the leader last assigned from (leader only). */
  #assignedWork: string | undefined;
  #firstAssignment: (() => void) | undefined;
  readonly #pendingTaskConfigs = new Map<string, readonly Readonly<Record<string, string>>[]>();
  #forwarding: Promise<void> | undefined;
  #unsubscribe: (() => void) | undefined;
  #stopped = false;

  constructor(private readonly o: GroupMembershipOptions) {
    this.workerId = o.workerId;
    this.#member = new WorkerGroupMember({
      bootstrapServers: o.bootstrapServers, groupId: o.groupId, url: o.url, clientId: o.clientId,
      sessionTimeoutMs: o.sessionTimeoutMs, heartbeatIntervalMs: o.heartbeatIntervalMs, rebalanceTimeoutMs: o.rebalanceTimeoutMs,
      configOffset: () => o.configs.snapshot().offset,
      workload: (min) => this.#workload(min),
      onAssignment: (a) => this.#onAssignment(a),
      onRevoked: (w) => this.#onRevoked(w),
      log: o.log,
    });
  }

  /** The member's latest assignment (undefined before the first and after everything was revoked). */
  get #current(): WorkerAssignment | undefined {
    return this.#member.assignment;
  }

  generation(): number {
    return this.#current?.generation ?? 0;
  }

  assignment(): Assignment {
    return this.#running;
  }

  isLeader(): boolean {
    return this.#current?.isLeader ?? false;
  }

  leaderUrl(): string | null {
    return this.#current?.leaderUrl ?? null;
  }

  rebalancing(): boolean {
    return this.#current === undefined;
  }

  onChange(listener: () => Promise<void>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Joins the group; resolves after the first assignment (or after rebalance.timeout.ms: writes answer 409 until it comes). */
  async start(): Promise<void> {
    this.#unsubscribe = this.o.configs.onChange(() => this.#checkWorkChanged());
    const first = new Promise<void>((resolve) => { this.#firstAssignment = resolve; });
    this.#member.start();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), this.o.rebalanceTimeoutMs); });
    if (await Promise.race([first.then(() => false), late])) {
      this.o.log.warn(`No assignment from worker group ${this.o.groupId} within ${this.o.rebalanceTimeoutMs} ms; this worker runs nothing until one arrives`);
    }
    clearTimeout(timer);
  }

  /** Revokes everything (the herder has stopped it by now) and leaves the group. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#firstAssignment?.();
    await this.#member.stop();
  }

  forwardTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void> {
    this.#pendingTaskConfigs.set(connector, configs);
    this.#forwarding ??= this.#forwardLoop().finally(() => { this.#forwarding = undefined; });
    return Promise.resolve();
  }

  async #forwardLoop(): Promise<void> {
    while (this.#pendingTaskConfigs.size > 0 && !this.#stopped) {
      const [connector, configs] = this.#pendingTaskConfigs.entries().next().value!;
      try {
        if (this.o.configs.snapshot().connectorConfig(connector) === undefined) {
          this.#pendingTaskConfigs.delete(connector);
          continue;
        }
        if (this.isLeader()) {
          await this.o.configs.putTaskConfigs(connector, configs);
        } else {
          const leader = this.leaderUrl();
          if (leader === null) throw new Error('no leader is known (rebalance in progress)');
          const res = await fetch(new URL(`/connectors/${encodeURIComponent(connector)}/tasks`, leader), {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json', [FORWARDED_HEADER]: 'true' },
            body: JSON.stringify(configs),
          });
          if (res.status >= 300) throw new Error(`the leader at ${leader} answered ${res.status}: ${await res.text()}`);
        }
        if (this.#pendingTaskConfigs.get(connector) === configs) this.#pendingTaskConfigs.delete(connector);
      } catch (err) {
        this.o.log.debug(`Could not hand the task configs of connector ${connector} to the leader yet: ${(err as Error).message}; retrying`);
        await new Promise((r) => setTimeout(r, FORWARD_RETRY_MS));
      }
    }
  }

  async #workload(minConfigOffset: number): Promise<Workload> {
    if (this.o.configs.snapshot().offset < minConfigOffset) {
      await this.o.configs.refresh(this.o.rebalanceTimeoutMs).catch((err: unknown) => {
        this.o.log.warn(`Could not read the config topic to offset ${minConfigOffset}: ${(err as Error).message}`);
      });
    }
    const snap = this.o.configs.snapshot();
    const work = workOf(snap);
    this.#assignedWork = workKey(work);
    return { configOffset: snap.offset, ...work };
  }

  async #onAssignment(a: WorkerAssignment): Promise<void> {
    if (this.o.configs.snapshot().offset < a.configOffset) {
      await this.o.configs.refresh(this.o.rebalanceTimeoutMs).catch((err: unknown) => {
        this.o.log.warn(`Could not read the config topic to the leader's offset ${a.configOffset}: ${(err as Error).message}`);
      });
    }
    this.#running = { connectors: [...a.connectors], tasks: [...a.tasks] };
    this.o.log.info(`Worker group ${this.o.groupId} generation ${a.generation}: running ${a.connectors.length} connector(s) and ${a.tasks.length} task(s)${a.isLeader ? ' (leader)' : `; leader ${a.leaderUrl}`}`);
    this.#firstAssignment?.();
    this.#firstAssignment = undefined;
    await this.#notify();
    this.#checkWorkChanged();
  }

  async #onRevoked(w: Work): Promise<void> {
    const connectors = new Set(w.connectors);
    const tasks = new Set(w.tasks.map(taskKey));
    this.#running = {
      connectors: this.#running.connectors.filter((c) => !connectors.has(c)),
      tasks: this.#running.tasks.filter((t) => !tasks.has(taskKey(t))),
    };
    await this.#notify();
  }

  async #notify(): Promise<void> {
    await Promise.all([...this.#listeners].map((l) => l()));
  }

  /** The leader rejoins when the connectors or task ids differ from those it last assigned. */
  #checkWorkChanged(): void {
    if (this.#stopped || !this.isLeader()) return;
    const now = workKey(workOf(this.o.configs.snapshot()));
    if (now === this.#assignedWork) return;
    this.#assignedWork = now;
    this.#member.requestRejoin('connectors or tasks changed');
  }
}
