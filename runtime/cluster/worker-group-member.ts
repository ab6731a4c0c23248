/**
 * This worker as a member of its Connect cluster (`group.id`), through the Kafka classic group
 * protocol spoken directly (FindCoordinator v4, JoinGroup v9, SyncGroup v5, Heartbeat v4,
 * LeaveGroup v5) with protocol type "connect" (protocol.ts): join, let the group's leader spread
 * connectors and tasks (assignor.ts), run them, heartbeat until the next rebalance.
 *
 * Contract:
 * - `onRevoked(work)` is called with work this worker must stop, and awaited before the worker
 *   rejoins or leaves, so nobody else starts it before it stopped here. `onAssignment(a)` is
 *   called after every rebalance that gave this worker a new generation or new work. The two
 *   never overlap and come in group order. Heartbeats go on while they run.
 * - Revocations: work moved to another worker (then this worker rejoins at once and the other
 *   gets it in the next round), deleted work, and everything when the worker leaves (`stop`),
 *   when the coordinator says it no longer knows this member, or when no heartbeat got through
 *   for `sessionTimeoutMs` (the group has given its work away by then).
 * - Only the leader calls `workload(minConfigOffset)`: it must answer with the connectors and
 *   tasks of a config snapshot at least as new as `minConfigOffset` (the highest config offset
 *   a member reported: refresh the config store first). If it cannot, every member is told
 *   CONFIG_MISMATCH and the group tries again after a short pause.
 * - `requestRejoin()` starts a new rebalance (after config changes: new connectors or task
 *   configs). As in Kafka, the coordinator rebalances when the leader rejoins or a member's
 *   metadata changed; this member's metadata carries `configOffset()`, so a follower that read
 *   a newer config also causes one.
 * - `stop()` revokes everything, leaves the group (the others rebalance at once) and closes.
 */
import { Connection, findCoordinatorV4, heartbeatV4, joinGroupV9, leaveGroupV5, syncGroupV5 } from '@platformatic/kafka';
import { describeKafkaError, kafkaErrorName, memberIdIn } from '../storage/kafka-errors.js';
import { silentLogger, type Logger } from '../storage/logger.js';
import type { ConnectorTaskId } from '../storage/stores.js';
import { assignWork } from './assignor.js';
import {
  CONFIG_MISMATCH, decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata, NO_ERROR, NO_WORK, PROTOCOL_TYPE, SUBPROTOCOL, taskKey,
  type AssignmentMessage, type Work,
} from './protocol.js';

export interface Workload extends Work {
  /** The config offset (ConfigSnapshot.offset) the connectors and tasks come from. */
  readonly configOffset: number;
}

export interface WorkerAssignment extends Work {
  readonly generation: number;
  readonly memberId: string;
  readonly leaderId: string;
  readonly leaderUrl: string;
  readonly isLeader: boolean;
  /** The leader's config offset: read the config topic at least this far before starting work. */
  readonly configOffset: number;
}

export interface WorkerGroupOptions {
  readonly bootstrapServers: readonly string[];
  readonly groupId: string;
  /** This worker's REST URL, for the others (e.g. to forward requests to the leader). */
  readonly url: string;
  /** Kafka client id (default `connect-<url>`). */
  readonly clientId?: string;
  /** Connect's defaults: 10 000, 3 000 and 60 000 ms. */
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly rebalanceTimeoutMs?: number;
  /** The worker's current config offset, sent in its metadata. */
  readonly configOffset: () => number;
  readonly workload: (minConfigOffset: number) => Workload | Promise<Workload>;
  readonly onAssignment: (assignment: WorkerAssignment) => void | Promise<void>;
  readonly onRevoked: (work: Work) => void | Promise<void>;
  readonly log?: Logger;
}

/** Errors after which this member must join again as a new member. */
const FORGET_MEMBER = new Set(['UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);
/** Errors after which the member just rejoins (same member id). */
const REJOIN = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION']);
/** Errors after which the coordinator must be looked up again. */
const NEW_COORDINATOR = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);
const CONFIG_MISMATCH_PAUSE_MS = 250;

function subtract(a: Work, b: Work): Work {
  const keepC = new Set(b.connectors);
  const keepT = new Set(b.tasks.map(taskKey));
  return { connectors: a.connectors.filter((c) => !keepC.has(c)), tasks: a.tasks.filter((t) => !keepT.has(taskKey(t))) };
}

const isEmpty = (w: Work): boolean => w.connectors.length === 0 && w.tasks.length === 0;

export class WorkerGroupMember {
  private readonly log: Logger;
  private readonly sessionTimeoutMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly rebalanceTimeoutMs: number;
  private stopping = false;
  private stopped = false;
  private stopDone: Promise<void> | undefined;
  private memberId = '';
  private generationId = -1;
  private conn: Connection | undefined;
  private coordinator: { host: string; port: number } | undefined;
  private loop: Promise<void> | undefined;
  private readonly sleepers = new Set<() => void>();
  private rejoinReason: string | undefined;
  /** Last time the coordinator confirmed membership (join, sync or heartbeat). */
  private lastContact = Date.now();
  /** What this worker runs now (what onAssignment gave it, minus what onRevoked took). */
  private held: Work = NO_WORK;
  private current: WorkerAssignment | undefined;
  /** Serializes the callbacks: they never overlap and keep group order. */
  private callbacks: Promise<void> = Promise.resolve();

  constructor(private readonly opts: WorkerGroupOptions) {
    this.log = opts.log ?? silentLogger;
    this.sessionTimeoutMs = opts.sessionTimeoutMs ?? 10_000;
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 3_000;
    this.rebalanceTimeoutMs = opts.rebalanceTimeoutMs ?? 60_000;
  }

  /** The latest assignment (undefined before the first one and after work was revoked for good). */
  get assignment(): WorkerAssignment | undefined {
    return this.current;
  }

  get isLeader(): boolean {
    return this.current?.isLeader ?? false;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Asks for a rebalance (e.g. the config changed); it happens at the next heartbeat tick. */
  requestRejoin(reason = 'requested by the worker'): void {
    this.rejoinReason ??= reason;
    this.wakeUp();
  }

  stop(): Promise<void> {
    this.stopDone ??= this.shutdown();
    return this.stopDone;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    await this.revokeAll('the worker is stopping');
    this.stopped = true;
    this.wakeUp();
    if (this.memberId && this.coordinator) {
      const c = await this.connect(this.coordinator.host, this.coordinator.port).catch(() => undefined);
      if (c) {
        await leaveGroupV5.api.async(c, this.opts.groupId, [{ memberId: this.memberId, reason: 'the worker is stopping' }]).catch(() => {});
        await c.close().catch(() => {});
      }
    }
    await this.conn?.close().catch(() => {});
    // The loop ends with the closed connection; do not wait on a JoinGroup the broker holds.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((r) => { timer = setTimeout(r, 2000); })]);
    clearTimeout(timer);
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.callbacks.then(fn).catch((err: unknown) => this.log.error(`Group ${this.opts.groupId}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
    this.callbacks = next;
    return next;
  }

  private revokeAll(why: string): Promise<void> {
    return this.serial(async () => {
      const all = this.held;
      this.held = NO_WORK;
      this.current = undefined;
      if (isEmpty(all)) return;
      this.log.info(`Group ${this.opts.groupId}: stopping all work (${all.connectors.length} connector(s), ${all.tasks.length} task(s)): ${why}`);
      await this.opts.onRevoked(all);
    });
  }

  private async connect(host: string, port: number): Promise<Connection> {
    const c = new Connection(this.opts.clientId ?? `connect-${this.opts.url}`, { connectTimeout: 5000, requestTimeout: this.rebalanceTimeoutMs + 10_000 });
    await c.connect(host, port);
    return c;
  }

  private async findCoordinator(): Promise<Connection> {
    let lastError: unknown;
    for (const server of this.opts.bootstrapServers) {
      const i = server.lastIndexOf(':');
      let boot: Connection | undefined;
      try {
        boot = await this.connect(server.slice(0, i).replace(/^\[|\]$/g, ''), Number(server.slice(i + 1)));
        const res = await findCoordinatorV4.api.async(boot, 0, [this.opts.groupId]);
        const c = res.coordinators[0];
        if (!c || c.errorCode !== 0) throw new Error(`FindCoordinator for group ${this.opts.groupId} failed with error code ${c?.errorCode}`);
        this.coordinator = { host: c.host, port: c.port };
        return await this.connect(c.host, c.port);
      } catch (err) {
        lastError = err;
      } finally {
        await boot?.close().catch(() => {});
      }
    }
    throw lastError;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        this.conn ??= await this.findCoordinator();
        const assignment = await this.joinAndSync(this.conn);
        if (failures > 0) this.log.info(`Rejoined group ${this.opts.groupId}`);
        failures = 0;
        let applied = false;
        const applying = this.apply(assignment).finally(() => { applied = true; this.wakeUp(); });
        // Heartbeats go on while the callbacks run, until a rebalance or rejoin is due and they are done.
        const beats = this.heartbeat(this.conn, () => applied);
        beats.catch(() => {});
        await applying;
        await beats;
      } catch (err) {
        if (this.stopping) break;
        const name = kafkaErrorName(err);
        if (name && REJOIN.has(name)) continue;
        if (name && FORGET_MEMBER.has(name)) {
          this.memberId = '';
          await this.revokeAll(`the coordinator no longer knows this member (${name})`);
        } else {
          if (!name || NEW_COORDINATOR.has(name)) {
            await this.conn?.close().catch(() => {});
            this.conn = undefined;
          }
          failures += 1;
          if (failures === 1 || failures % 20 === 0) this.log.warn(`Group ${this.opts.groupId}: ${describeKafkaError(err)}; retrying`);
          if (Date.now() - this.lastContact > this.sessionTimeoutMs && !isEmpty(this.held)) {
            await this.revokeAll(`no contact with the group coordinator for ${Date.now() - this.lastContact} ms (session.timeout.ms is ${this.sessionTimeoutMs})`);
          }
          await this.sleep(Math.min(1000, 100 * failures));
        }
      }
    }
  }

  private async joinAndSync(conn: Connection): Promise<AssignmentMessage & { memberId: string }> {
    const reason = this.rejoinReason ?? null;
    this.rejoinReason = undefined;
    let joined;
    for (;;) {
      const metadata = encodeMetadata({ url: this.opts.url, configOffset: this.opts.configOffset(), ...this.held });
      try {
        joined = await joinGroupV9.api.async(conn, this.opts.groupId, this.sessionTimeoutMs, this.rebalanceTimeoutMs, this.memberId, null, PROTOCOL_TYPE,
          [{ name: SUBPROTOCOL, metadata }], reason);
        break;
      } catch (err) {
        const id = kafkaErrorName(err) === 'MEMBER_ID_REQUIRED' ? memberIdIn(err) : undefined;
        if (!id || this.stopping) throw err;
        this.memberId = id;
      }
    }
    this.memberId = joined.memberId ?? this.memberId;
    this.generationId = joined.generationId;
    this.lastContact = Date.now();
    let assignments: { memberId: string; assignment: Buffer }[] = [];
    if (joined.leader === this.memberId && !joined.skipAssignment) assignments = await this.lead(joined.members);
    const synced = await syncGroupV5.api.async(conn, this.opts.groupId, this.generationId, this.memberId, null, PROTOCOL_TYPE, SUBPROTOCOL, assignments);
    this.lastContact = Date.now();
    return { ...decodeAssignment(synced.assignment), memberId: this.memberId };
  }

  /** The leader's part: one assignment per member. */
  private async lead(members: readonly { memberId: string; metadata: Buffer | null }[]): Promise<{ memberId: string; assignment: Buffer }[]> {
    const known = members.map((m) => ({ memberId: m.memberId, meta: decodeMetadata(m.metadata) }));
    for (const m of known) if (!m.meta) this.log.warn(`Group ${this.opts.groupId}: member ${m.memberId} sent metadata this worker cannot read; it gets no work`);
    const maxOffset = Math.max(-1, ...known.map((m) => m.meta?.configOffset ?? -1));
    const workload = await this.opts.workload(maxOffset);
    const base = { leader: this.memberId, leaderUrl: this.opts.url, configOffset: workload.configOffset, generation: this.generationId };
    if (workload.configOffset < maxOffset) {
      this.log.warn(`Group ${this.opts.groupId}: this leader read the config topic to offset ${workload.configOffset} but a member is at ${maxOffset}; asking everyone to rejoin`);
      const a = encodeAssignment({ ...base, error: CONFIG_MISMATCH, ...NO_WORK, rejoin: true });
      return members.map((m) => ({ memberId: m.memberId, assignment: a }));
    }
    const plan = assignWork(known.map((m) => ({ memberId: m.memberId, ...(m.meta ?? NO_WORK) })), workload);
    this.log.info(`Group ${this.opts.groupId} generation ${this.generationId}: assigning ${workload.connectors.length} connector(s) and ${workload.tasks.length} task(s) to ${members.length} worker(s)`);
    return [...plan].map(([memberId, a]) => ({
      memberId,
      assignment: encodeAssignment({ ...base, error: NO_ERROR, connectors: a.connectors, tasks: a.tasks, rejoin: a.rejoin }),
    }));
  }

  /** Revokes what this worker no longer has, then reports the new assignment. */
  private apply(a: AssignmentMessage & { memberId: string }): Promise<void> {
    const generation = this.generationId;
    return this.serial(async () => {
      if (this.stopping) return;
      if (a.error === CONFIG_MISMATCH) {
        await this.sleep(CONFIG_MISMATCH_PAUSE_MS);
        this.requestRejoin('config offsets differ');
        return;
      }
      const fresh = this.current?.generation !== generation;
      const revoked = subtract(this.held, a);
      if (!isEmpty(revoked)) {
        this.held = subtract(this.held, revoked);
        this.log.info(`Group ${this.opts.groupId} generation ${generation}: stopping ${revoked.connectors.length} connector(s) and ${revoked.tasks.length} task(s)`);
        await this.opts.onRevoked(revoked);
      }
      const gained = !isEmpty(subtract(a, this.held));
      this.held = { connectors: [...a.connectors], tasks: [...a.tasks] };
      this.current = {
        generation, memberId: a.memberId, leaderId: a.leader, leaderUrl: a.leaderUrl, isLeader: a.leader === a.memberId,
        configOffset: a.configOffset, connectors: this.held.connectors, tasks: this.held.tasks,
      };
      if (fresh || gained) await this.opts.onAssignment(this.current);
      if (a.rejoin && fresh) this.requestRejoin('handing over revoked work');
    });
  }

  /**
   * Heartbeats until a rebalance started or a rejoin was requested, and `settled()` (resolves),
   * or a heartbeat fails (throws). A heartbeat that gets no answer within the session timeout
   * counts as failed: the coordinator has dropped this member by then.
   */
  private async heartbeat(conn: Connection, settled: () => boolean): Promise<void> {
    let rebalancing = false;
    while (!this.stopped) {
      if ((rebalancing || this.rejoinReason !== undefined) && settled()) return;
      await this.sleep(this.heartbeatIntervalMs);
      if (this.stopped) return;
      if ((rebalancing || this.rejoinReason !== undefined) && settled()) return;
      try {
        await within(heartbeatV4.api.async(conn, this.opts.groupId, this.generationId, this.memberId, null), this.sessionTimeoutMs);
        this.lastContact = Date.now();
      } catch (err) {
        if (kafkaErrorName(err) !== 'REBALANCE_IN_PROGRESS') throw err;
        this.lastContact = Date.now();
        rebalancing = true;
      }
    }
  }

  /** Sleeps `ms`, or less when woken (a rejoin request, stop, the callbacks finishing). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private wakeUp(): void {
    for (const done of [...this.sleepers]) done();
  }
}

/** `p`, or a rejection after `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => {});
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
