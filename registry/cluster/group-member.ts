/**
 * This instance as a member of the registry group (`schema.registry.group.id`), through the
 * Kafka classic group protocol spoken directly (FindCoordinator v4, JoinGroup v9, SyncGroup v5,
 * Heartbeat v4, LeaveGroup v5): join, let the group's leader compute the assignment (see
 * protocol.ts), heartbeat until a rebalance, rejoin.
 *
 * Contract: `onChange` is called with `null` when a rebalance starts or the coordinator is
 * lost (no leader is known: writes must wait), and with the assignment after each sync. The
 * member never acts on a stale generation: leadership is only reported for the generation the
 * heartbeats confirm. `stop` leaves the group so the others rebalance at once.
 */
import { Connection, findCoordinatorV4, heartbeatV4, joinGroupV9, leaveGroupV5, syncGroupV5 } from '@platformatic/kafka';
import type { Logger } from '../logger.js';
import { describeKafkaError, kafkaErrorMemberId, kafkaErrorName } from '../storage/kafka-errors.js';
import { assign, decodeAssignment, encodeAssignment, encodeIdentity, identityUrl, PROTOCOL_TYPE, SUBPROTOCOL, type Assignment, type Identity } from './protocol.js';

export interface GroupMemberOptions {
  readonly bootstrapServers: readonly string[];
  readonly groupId: string;
  readonly identity: Identity;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly clientId: string;
  readonly log: Logger;
  readonly onChange: (assignment: Assignment | null, isLeader: boolean) => void;
}

/** Errors after which the member must rejoin with a new member id. */
const FORGET_MEMBER = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID']);
/** Errors after which the coordinator must be looked up again. */
const NEW_COORDINATOR = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);

export class GroupMember {
  private stopped = false;
  private memberId = '';
  private generation = -1;
  private conn: Connection | undefined;
  private coordinator: { host: string; port: number } | undefined;
  private leaderUrl: string | null = null;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: GroupMemberOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.memberId && this.coordinator) {
      const c = await this.connect(this.coordinator.host, this.coordinator.port).catch(() => undefined);
      if (c) {
        await leaveGroupV5.api.async(c, this.opts.groupId, [{ memberId: this.memberId, reason: 'registry shutting down' }]).catch(() => {});
        await c.close().catch(() => {});
      }
    }
    await this.conn?.close().catch(() => {});
    // The loop ends with the closed connection; do not wait on a JoinGroup the broker holds.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((r) => { timer = setTimeout(r, 2000); })]);
    clearTimeout(timer);
  }

  private async connect(host: string, port: number): Promise<Connection> {
    const c = new Connection(this.opts.clientId, { connectTimeout: 5000, requestTimeout: this.opts.sessionTimeoutMs * 2 + 10_000 });
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
    while (!this.stopped) {
      try {
        this.conn ??= await this.findCoordinator();
        this.opts.onChange(null, false);
        await this.joinAndSync(this.conn);
        if (failures > 0) this.opts.log.info(`Rejoined group ${this.opts.groupId}`);
        failures = 0;
        await this.heartbeat(this.conn);
      } catch (err) {
        if (this.stopped) break;
        const name = kafkaErrorName(err);
        if (name === 'REBALANCE_IN_PROGRESS') continue;
        this.opts.onChange(null, false);
        if (name && FORGET_MEMBER.has(name)) this.memberId = '';
        if (!name || NEW_COORDINATOR.has(name)) {
          await this.conn?.close().catch(() => {});
          this.conn = undefined;
        }
        failures += 1;
        if (failures === 1 || failures % 20 === 0) this.opts.log.warn(`Leader election in group ${this.opts.groupId}: ${describeKafkaError(err)}; retrying`);
        await this.sleep(Math.min(1000, 100 * failures));
      }
    }
  }

  private async joinAndSync(conn: Connection): Promise<void> {
    const protocols = [{ name: SUBPROTOCOL, metadata: encodeIdentity(this.opts.identity) }];
    let joined;
    for (;;) {
      try {
        joined = await joinGroupV9.api.async(conn, this.opts.groupId, this.opts.sessionTimeoutMs, this.opts.sessionTimeoutMs * 2, this.memberId, null, PROTOCOL_TYPE, protocols, null);
        break;
      } catch (err) {
        const id = kafkaErrorName(err) === 'MEMBER_ID_REQUIRED' ? kafkaErrorMemberId(err) : undefined;
        if (!id || this.stopped) throw err;
        this.memberId = id;
      }
    }
    this.memberId = joined.memberId ?? this.memberId;
    this.generation = joined.generationId;
    let assignments: { memberId: string; assignment: Buffer }[] = [];
    if (joined.leader === this.memberId) {
      const a = encodeAssignment(assign(joined.members, this.leaderUrl));
      assignments = joined.members.map((m) => ({ memberId: m.memberId, assignment: a }));
    }
    const synced = await syncGroupV5.api.async(conn, this.opts.groupId, this.generation, this.memberId, null, PROTOCOL_TYPE, SUBPROTOCOL, assignments);
    const a = decodeAssignment(synced.assignment);
    this.leaderUrl = a.leader ? identityUrl(a.leader) : null;
    if (a.error !== 0) this.opts.log.error(`Leader election in group ${this.opts.groupId}: two instances advertise the same URL; set host.name on each to an address the others can reach`);
    else if (!a.leader) this.opts.log.warn(`No instance in group ${this.opts.groupId} is eligible to lead (leader.eligibility=false on all): writes will fail until one joins`);
    this.opts.log.info(`Group ${this.opts.groupId} generation ${this.generation}: leader ${this.leaderUrl ?? 'none'}${a.leaderMemberId === this.memberId ? ' (this instance)' : ''}`);
    this.opts.onChange(a, a.leaderMemberId !== null && a.leaderMemberId === this.memberId);
  }

  /** Heartbeats until the coordinator asks for a rejoin (then throws, like every failure). */
  private async heartbeat(conn: Connection): Promise<void> {
    while (!this.stopped) {
      await this.sleep(this.opts.heartbeatIntervalMs);
      if (this.stopped) return;
      await heartbeatV4.api.async(conn, this.opts.groupId, this.generation, this.memberId, null);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void { clearTimeout(t); resolve(); }
      this.wake = done;
    });
  }
}
