/**
 * The data of one classic group and the operations on it that involve no timers: members and
 * their indexes (join order, static instance ids, the leader), protocol agreement, state
 * transitions, descriptions and committed offsets. The rebalance engine (rebalance.ts) and the
 * request operations (group.ts) build on it.
 *
 * States (Kafka's):
 *
 *   Empty --join--> PreparingRebalance --all joined / timeout--> CompletingRebalance
 *     ^                 ^      |                                        |  leader's SyncGroup
 *     |                 |      +--no members left--> Empty              v
 *     +-- (coordinator) +--- join / leave / expiry / pending sync ---- Stable
 *   Dead: deleted (DeleteGroups, expiry); a dead group is dropped from the coordinator.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { Logger } from '../util/logger.js';
import type { Clock } from './clock.js';
import { CONSUMER_PROTOCOL_TYPE, subscriptionTopics } from './consumer-protocol.js';
import { EMPTY, joinError, syncError, type JoinResult, type JoinResultMember, type Member, type Protocol } from './member.js';
import type { OffsetValue } from './offset-records.js';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

const VALID_PREVIOUS: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export interface GroupEnv {
  readonly clock: Clock;
  /** `group.initial.rebalance.delay.ms`: how long the first rebalance of an empty group waits. */
  readonly initialRebalanceDelayMs: number;
  /** How long a new member's JoinGroup may wait before it is dropped (Kafka: 5 minutes). */
  readonly newMemberJoinTimeoutMs: number;
  /** Persists the group's metadata with these assignments (synchronously); returns an error code. */
  storeGroup(group: GroupMembers, assignments: ReadonlyMap<string, Buffer>): number;
  readonly log: Logger;
}

export interface JoinRequest {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly Protocol[];
  /** JoinGroup v4+ without an instance id: a new member first gets MEMBER_ID_REQUIRED. */
  readonly requireKnownMemberId: boolean;
  /** JoinGroup v9+: a rejoining static leader may be told to skip the assignment (KIP-814). */
  readonly supportSkippingAssignment: boolean;
  readonly reason: string | null;
}

export interface SyncRequest {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignments: ReadonlyMap<string, Buffer>;
}

export interface MemberSummary {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly metadata: Buffer;
  readonly assignment: Buffer;
}

export class GroupMembers {
  state: GroupState = 'Empty';
  /** When the group entered its current state. */
  stateTimestamp: number;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** In join order (the first remaining member becomes leader when the leader leaves). */
  readonly members = new Map<string, Member>();
  /** group.instance.id -> member id. */
  protected readonly staticMembers = new Map<string, string>();
  /** Members of the current generation that have not sent SyncGroup yet. */
  protected readonly pendingSync = new Set<string>();
  /** Committed offsets: topic -> partition -> value. */
  readonly offsets = new Map<string, Map<number, OffsetValue>>();

  constructor(readonly groupId: string, protected readonly env: GroupEnv) {
    this.stateTimestamp = env.clock.now();
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  // ---- members ----

  /** Indexes a new member; the first member sets the protocol type and the first leader. */
  protected addMember(member: Member): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    this.leaderId ??= member.memberId;
  }

  /** The member of `instanceId` takes the id `newId` (moving to the end of the join order). */
  protected replaceStaticMember(instanceId: string, oldId: string, newId: string): Member {
    const member = this.members.get(oldId)!;
    this.members.delete(oldId);
    // Fence a request of the old incarnation that is still waiting.
    member.completeJoin(joinError(ErrorCode.FENCED_INSTANCE_ID, oldId));
    member.completeSync(syncError(ErrorCode.FENCED_INSTANCE_ID));
    member.memberId = newId;
    this.members.set(newId, member);
    if (this.leaderId === oldId) this.leaderId = newId;
    if (this.pendingSync.delete(oldId)) this.pendingSync.add(newId);
    this.staticMembers.set(instanceId, newId);
    return member;
  }

  /** NONE, or why `memberId` (with `groupInstanceId`) is not a current member. */
  validateMember(memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId !== null) {
      const current = this.staticMembers.get(groupInstanceId);
      if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      return current === memberId ? ErrorCode.NONE : ErrorCode.FENCED_INSTANCE_ID;
    }
    return this.members.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** The empty group accepts any non-empty protocol list; otherwise type and one protocol must be shared. */
  protected supportsProtocols(protocolType: string, protocols: readonly Protocol[]): boolean {
    if (this.state === 'Empty') return protocolType !== '' && protocols.length > 0;
    return protocolType === this.protocolType && protocols.some((p) => this.allSupport(p.name));
  }

  protected allSupport(protocol: string): boolean {
    for (const m of this.members.values()) if (!m.supports(protocol)) return false;
    return true;
  }

  /** Kafka's vote: each member names its most preferred protocol that every member supports. */
  selectProtocol(): string {
    const first = this.members.values().next().value;
    if (first === undefined) throw new Error(`cannot select a protocol for group ${this.groupId} without members`);
    const candidates = new Set(first.protocols.map((p) => p.name).filter((p) => this.allSupport(p)));
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const v = m.vote(candidates);
      if (v !== undefined) votes.set(v, (votes.get(v) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [p, n] of votes) if (best === null || n > votes.get(best)!) best = p;
    if (best === null) throw new Error(`members of group ${this.groupId} share no protocol`);
    return best;
  }

  // ---- offsets ----

  hasOffsets(): boolean {
    return this.offsets.size > 0;
  }

  offset(topic: string, partition: number): OffsetValue | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  setOffset(topic: string, partition: number, value: OffsetValue): void {
    let t = this.offsets.get(topic);
    if (!t) this.offsets.set(topic, (t = new Map()));
    t.set(partition, value);
  }

  removeOffset(topic: string, partition: number): boolean {
    const t = this.offsets.get(topic);
    const had = t?.delete(partition) ?? false;
    if (t && t.size === 0) this.offsets.delete(topic);
    return had;
  }

  /**
   * Topics the members of a consumer group subscribe to (for the chosen protocol, or any while
   * none is chosen); null for other protocol types, no members, or unreadable subscriptions.
   */
  subscribedTopics(): Set<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE || this.members.size === 0) return null;
    const out = new Set<string>();
    for (const m of this.members.values()) {
      for (const p of m.protocols) {
        if (this.protocolName !== null && p.name !== this.protocolName) continue;
        const topics = subscriptionTopics(p.metadata);
        if (topics === null) return null;
        for (const t of topics) out.add(t);
      }
    }
    return out;
  }

  // ---- descriptions ----

  /** Kafka's summary: metadata and assignments only in the Stable state. */
  describe(): { state: GroupState; protocolType: string; protocol: string; members: MemberSummary[] } {
    const stable = this.state === 'Stable';
    return {
      state: this.state,
      protocolType: this.protocolType ?? '',
      protocol: stable ? this.protocolName ?? '' : '',
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
        metadata: stable ? m.metadata(this.protocolName!) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  /** Each member's metadata for the chosen protocol (the leader's JoinGroup response). */
  memberMetadata(): JoinResultMember[] {
    return [...this.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata(this.protocolName ?? '') }));
  }

  /** Member id -> current assignment. */
  assignments(): Map<string, Buffer> {
    return new Map([...this.members.values()].map((m) => [m.memberId, m.assignment]));
  }

  protected joinResultFor(member: Member): JoinResult {
    const leader = this.leaderId === member.memberId;
    return {
      errorCode: ErrorCode.NONE, memberId: member.memberId, generationId: this.generationId, protocolType: this.protocolType,
      protocolName: this.protocolName, leader: this.leaderId ?? '', skipAssignment: false, members: leader ? this.memberMetadata() : [],
    };
  }

  protected rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  transition(to: GroupState): void {
    if (!VALID_PREVIOUS[to].includes(this.state)) throw new Error(`group ${this.groupId} cannot go from ${this.state} to ${to}`);
    this.state = to;
    this.stateTimestamp = this.env.clock.now();
  }
}
