/**
 * The classic group coordinator of this single node: every group, their timers, and the
 * API-level operations the handlers in broker/apis call (each takes plain values and returns
 * Kafka error codes; nothing here throws at a handler for a bad request). Committed offsets live
 * in offsets.ts; both persist to `__consumer_offsets` through OffsetsTopic.
 *
 * Ordering: everything runs on the event loop, so each operation sees and leaves every group
 * consistent; JoinGroup and SyncGroup resolve later, when their group completes the step they
 * wait for. Groups are independent: an error in one never touches another.
 *
 * Lifecycle: `start()` replays `__consumer_offsets` (groups come back Empty with their
 * generation and protocol type; members rejoin) and starts the offset-expiry timer; `close()`
 * cancels every timer and answers every waiting request with COORDINATOR_NOT_AVAILABLE.
 */
import type { BrokerConfig } from '../config/broker-config.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { TopicManager } from '../topics/topic-manager.js';
import type { Logger } from '../util/logger.js';
import { realClock, type Clock, type Timer } from './clock.js';
import { Group, type GroupEnv, type GroupState, type JoinRequest, type MemberSummary, type SyncRequest } from './group.js';
import type { GroupMembers } from './group-members.js';
import { EMPTY, joinError, syncError, type JoinResult, type SyncResult } from './member.js';
import { encodeGroupKey, encodeGroupValue } from './offset-records.js';
import { OffsetStore } from './offsets.js';
import { OffsetsTopic } from './offsets-topic.js';

export interface CoordinatorSettings {
  /** `offsets.topic.num.partitions` */
  readonly offsetsTopicPartitions: number;
  /** `offsets.topic.segment.bytes`: segment size of __consumer_offsets (compaction only cleans closed segments). */
  readonly offsetsTopicSegmentBytes: number;
  /** `group.initial.rebalance.delay.ms` */
  readonly initialRebalanceDelayMs: number;
  /** `group.min.session.timeout.ms` / `group.max.session.timeout.ms` */
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  /** `offsets.retention.minutes`, in ms */
  readonly offsetsRetentionMs: number;
  /** `offsets.retention.check.interval.ms` */
  readonly retentionCheckIntervalMs: number;
  /** `offset.metadata.max.bytes` */
  readonly maxMetadataSize: number;
  /** How long a new member's JoinGroup may wait (Kafka: 5 minutes). */
  readonly newMemberJoinTimeoutMs: number;
}

/** Kafka's defaults (the setting names above). */
export const DEFAULT_SETTINGS: CoordinatorSettings = {
  offsetsTopicPartitions: 50, offsetsTopicSegmentBytes: 104_857_600, initialRebalanceDelayMs: 3000, minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 1_800_000,
  offsetsRetentionMs: 10080 * 60_000, retentionCheckIntervalMs: 600_000, maxMetadataSize: 4096, newMemberJoinTimeoutMs: 300_000,
};

/** The settings from the broker's config (whose key specs hold the defaults). */
export function settingsFrom(config: BrokerConfig): CoordinatorSettings {
  return {
    offsetsTopicPartitions: config.int('offsets.topic.num.partitions'),
    offsetsTopicSegmentBytes: config.int('offsets.topic.segment.bytes'),
    initialRebalanceDelayMs: config.int('group.initial.rebalance.delay.ms'),
    minSessionTimeoutMs: config.int('group.min.session.timeout.ms'),
    maxSessionTimeoutMs: config.int('group.max.session.timeout.ms'),
    offsetsRetentionMs: config.int('offsets.retention.minutes') * 60_000,
    retentionCheckIntervalMs: config.int('offsets.retention.check.interval.ms'),
    maxMetadataSize: config.int('offset.metadata.max.bytes'),
    newMemberJoinTimeoutMs: DEFAULT_SETTINGS.newMemberJoinTimeoutMs,
  };
}

export interface JoinGroupParams extends JoinRequest {
  readonly groupId: string;
}

export interface SyncGroupParams extends SyncRequest {
  readonly groupId: string;
}

export interface GroupDescription {
  readonly errorCode: number;
  readonly groupId: string;
  readonly state: GroupState;
  readonly protocolType: string;
  readonly protocol: string;
  readonly members: readonly MemberSummary[];
}

export class GroupCoordinator {
  readonly groups = new Map<string, Group>();
  readonly offsetsTopic: OffsetsTopic;
  readonly offsets: OffsetStore;
  private readonly env: GroupEnv;
  private expiryTimer: Timer | null = null;
  private closed = false;

  constructor(
    private readonly topics: TopicManager,
    readonly settings: CoordinatorSettings,
    private readonly log: Logger,
    readonly clock: Clock = realClock((err) => log.error(`Group coordinator timer failed: ${(err as Error).stack ?? String(err)}`)),
  ) {
    this.offsetsTopic = new OffsetsTopic(topics, settings.offsetsTopicPartitions, settings.offsetsTopicSegmentBytes, log);
    this.env = {
      clock: this.clock,
      initialRebalanceDelayMs: settings.initialRebalanceDelayMs,
      newMemberJoinTimeoutMs: settings.newMemberJoinTimeoutMs,
      storeGroup: (g, assignments) => this.storeGroup(g, assignments),
      log,
    };
    this.offsets = new OffsetStore(this, topics, log);
  }

  /** Replays `__consumer_offsets` (if it exists) and starts the periodic offset expiry. */
  start(): void {
    this.offsets.load();
    this.topics.onTopicDeleted((name) => this.offsets.removeTopic(name));
    const tick = (): void => {
      this.expiryTimer = this.clock.setTimer(this.settings.retentionCheckIntervalMs, () => {
        this.offsets.expire();
        tick();
      });
    };
    tick();
  }

  /** The group, created Empty if missing (a new group or a standalone commit). */
  getOrCreate(groupId: string): Group {
    let g = this.groups.get(groupId);
    if (!g) this.groups.set(groupId, (g = new Group(groupId, this.env)));
    return g;
  }

  /** Drops a group (already emptied and its records tombstoned). */
  drop(group: Group): void {
    group.transition('Dead');
    group.close(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    this.groups.delete(group.groupId);
  }

  /** Writes the group's metadata record; an error code, never a throw. */
  private storeGroup(group: GroupMembers, assignments: ReadonlyMap<string, Buffer>): number {
    const value = encodeGroupValue({
      protocolType: group.protocolType ?? '',
      generation: group.generationId,
      protocol: group.protocolName,
      leader: group.leaderId,
      currentStateTimestamp: group.stateTimestamp,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
        rebalanceTimeout: m.rebalanceTimeoutMs, sessionTimeout: m.sessionTimeoutMs,
        subscription: m.metadata(group.protocolName ?? ''), assignment: assignments.get(m.memberId) ?? EMPTY,
      })),
    });
    try {
      this.offsetsTopic.append(group.groupId, [{ key: encodeGroupKey(group.groupId), value }], this.clock.now());
      return ErrorCode.NONE;
    } catch (err) {
      this.log.error(`Failed to write the metadata of group ${group.groupId} (generation ${group.generationId}): ${(err as Error).message}`);
      return ErrorCode.UNKNOWN_SERVER_ERROR;
    }
  }

  // ---- membership ----

  /** FindCoordinator for a group: makes sure the offsets topic exists (Kafka creates it then). */
  prepareGroupCoordinator(): number {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    try {
      this.offsetsTopic.ensure();
      return ErrorCode.NONE;
    } catch (err) {
      this.log.error(`Cannot create ${this.offsetsTopic.partitions}-partition topic __consumer_offsets: ${(err as Error).message}`);
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
  }

  joinGroup(p: JoinGroupParams): Promise<JoinResult> {
    if (this.closed) return Promise.resolve(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, p.memberId));
    if (p.groupId === '') return Promise.resolve(joinError(ErrorCode.INVALID_GROUP_ID, p.memberId));
    if (p.sessionTimeoutMs < this.settings.minSessionTimeoutMs || p.sessionTimeoutMs > this.settings.maxSessionTimeoutMs) {
      return Promise.resolve(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, p.memberId));
    }
    const existing = this.groups.get(p.groupId);
    if (!existing && p.memberId !== '') return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, p.memberId));
    const group = existing ?? this.getOrCreate(p.groupId);
    return new Promise((resolve) => group.join(p, resolve));
  }

  syncGroup(p: SyncGroupParams): Promise<SyncResult> {
    if (this.closed) return Promise.resolve(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (p.groupId === '') return Promise.resolve(syncError(ErrorCode.INVALID_GROUP_ID));
    const group = this.groups.get(p.groupId);
    if (!group) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    return new Promise((resolve) => group.sync(p, resolve));
  }

  heartbeat(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    return this.groups.get(groupId)?.heartbeat(memberId, groupInstanceId, generationId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** Top-level error code and one error code per leaving member. */
  leaveGroup(groupId: string, members: readonly { memberId: string; groupInstanceId: string | null; reason?: string | null }[]): { errorCode: number; members: number[] } {
    if (this.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: members.map(() => ErrorCode.COORDINATOR_NOT_AVAILABLE) };
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, members: members.map(() => ErrorCode.INVALID_GROUP_ID) };
    const group = this.groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.NONE, members: members.map(() => ErrorCode.UNKNOWN_MEMBER_ID) };
    return { errorCode: ErrorCode.NONE, members: group.leave(members) };
  }

  // ---- administration ----

  /** Unknown groups are described as Dead with no error, as Kafka does. */
  describeGroups(groupIds: readonly string[]): GroupDescription[] {
    return groupIds.map((groupId) => {
      if (this.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groupId, state: 'Dead', protocolType: '', protocol: '', members: [] };
      const g = this.groups.get(groupId);
      if (!g) return { errorCode: ErrorCode.NONE, groupId, state: 'Dead', protocolType: '', protocol: '', members: [] };
      return { errorCode: ErrorCode.NONE, groupId, ...g.describe() };
    });
  }

  /** Every live group; `states` (case-insensitive) filters when not empty. */
  listGroups(states: readonly string[]): { groupId: string; protocolType: string; state: GroupState }[] {
    const wanted = new Set(states.map((s) => s.toLowerCase()));
    return [...this.groups.values()]
      .filter((g) => !g.is('Dead') && (wanted.size === 0 || wanted.has(g.state.toLowerCase())))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state }));
  }

  /** Deletes Empty groups with their offsets (tombstones); one error code per group. */
  deleteGroups(groupIds: readonly string[]): number[] {
    return groupIds.map((id) => {
      if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
      const g = this.groups.get(id);
      if (!g || g.is('Dead')) return ErrorCode.GROUP_ID_NOT_FOUND;
      if (!g.is('Empty')) return ErrorCode.NON_EMPTY_GROUP;
      const error = this.offsets.removeGroup(g);
      if (error === ErrorCode.NONE) this.log.info(`Deleted group ${id} and its committed offsets`);
      return error;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Stops every timer and answers every waiting request. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.expiryTimer?.cancel();
    this.expiryTimer = null;
    for (const g of this.groups.values()) g.close(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  }
}
