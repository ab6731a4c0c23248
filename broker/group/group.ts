/**
 * One classic group as the coordinator sees it (Kafka's GroupMetadata plus the per-group half of
 * its GroupCoordinator, written afresh): the request operations JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup and the OffsetCommit membership check. The data lives in group-members.ts, the
 * rebalance engine and its timers in rebalance.ts.
 *
 * Contracts:
 * - Requests that must wait (JoinGroup, SyncGroup) pass a callback that is called exactly once
 *   with the result, possibly synchronously; everything else answers at once.
 * - `storeGroup` (the environment) is synchronous: when it returns, the record is in the log or
 *   the error code says why not; nothing else can run in between, so the state checked before a
 *   store still holds after it.
 * - Error codes are Kafka's, chosen in the same order as Kafka's classic coordinator checks them.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes.js';
import { EMPTY, joinError, Member, syncError, type JoinCallback, type SyncCallback } from './member.js';
import type { JoinRequest, SyncRequest } from './group-members.js';
import { RebalancingGroup } from './rebalance.js';

export type { GroupEnv, GroupState, JoinRequest, MemberSummary, SyncRequest } from './group-members.js';

export class Group extends RebalancingGroup {
  // ---- JoinGroup ----

  /** JoinGroup of a new member (empty member id) or a known one; `respond` now or when the rebalance completes. */
  join(req: JoinRequest, respond: JoinCallback): void {
    if (this.state === 'Dead') {
      respond(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, req.memberId));
      return;
    }
    if (req.memberId === '') this.joinNewMember(req, respond);
    else this.joinKnownMember(req, respond);
    this.tryCompleteJoin();
  }

  private joinNewMember(req: JoinRequest, respond: JoinCallback): void {
    if (!this.supportsProtocols(req.protocolType, req.protocols)) {
      respond(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, ''));
      return;
    }
    const memberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
    if (req.groupInstanceId !== null) {
      const oldId = this.staticMembers.get(req.groupInstanceId);
      if (oldId === undefined) this.addMemberAndRebalance(memberId, req, respond);
      else this.replaceStaticMemberOnJoin(oldId, memberId, req, respond);
    } else if (req.requireKnownMemberId) {
      this.pendingMembers.set(memberId, this.env.clock.setTimer(req.sessionTimeoutMs, () => {
        this.env.log.info(`Pending member ${memberId} in group ${this.groupId} has been removed after session timeout expiration.`);
        this.removePendingMember(memberId);
      }));
      respond(joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId));
    } else {
      this.addMemberAndRebalance(memberId, req, respond);
    }
  }

  private joinKnownMember(req: JoinRequest, respond: JoinCallback): void {
    const { memberId } = req;
    if (!this.supportsProtocols(req.protocolType, req.protocols)) {
      respond(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId));
      return;
    }
    if (this.pendingMembers.has(memberId)) {
      if (req.groupInstanceId !== null) respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
      else this.addMemberAndRebalance(memberId, req, respond);
      return;
    }
    const error = this.validateMember(memberId, req.groupInstanceId);
    if (error !== ErrorCode.NONE) {
      respond(joinError(error, memberId));
      return;
    }
    const member = this.members.get(memberId)!;
    const reason = `Updating metadata for member ${memberId} during ${this.state}${req.reason ? ` (${req.reason})` : ''}`;
    switch (this.state) {
      case 'PreparingRebalance':
        this.updateMember(member, req, respond);
        this.maybePrepareRebalance(reason);
        return;
      case 'CompletingRebalance':
        // The same metadata: the member probably missed the JoinGroup response; send it again.
        if (member.matches(req.protocols)) respond(this.joinResultFor(member));
        else {
          this.updateMember(member, req, respond);
          this.maybePrepareRebalance(reason);
        }
        return;
      case 'Stable':
        // The leader rejoining forces a rebalance (it may have seen a change the metadata does
        // not show, e.g. new partitions); a follower with unchanged metadata just gets the
        // current generation back and goes on to SyncGroup.
        if (this.leaderId === memberId || !member.matches(req.protocols)) {
          this.updateMember(member, req, respond);
          this.maybePrepareRebalance(reason);
        } else {
          respond(this.joinResultFor(member));
        }
        return;
      default:
        respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
    }
  }

  /**
   * A static member restarted (new member id, same instance id): it takes the old member's place.
   * In a stable group whose chosen protocol stays the same that is all (no rebalance, its
   * assignment is kept); otherwise the group rebalances.
   */
  private replaceStaticMemberOnJoin(oldId: string, newId: string, req: JoinRequest, respond: JoinCallback): void {
    const instanceId = req.groupInstanceId!;
    const previousLeader = this.leaderId ?? '';
    const member = this.replaceStaticMember(instanceId, oldId, newId);
    this.scheduleSession(member);
    const before = { protocols: member.protocols, rebalance: member.rebalanceTimeoutMs, session: member.sessionTimeoutMs };
    this.updateMember(member, req, respond);
    const reason = `Static member ${oldId} with instance id ${instanceId} rejoined as ${newId}`;
    switch (this.state) {
      case 'Stable': {
        if (this.protocolName !== this.selectProtocol()) {
          this.maybePrepareRebalance(`${reason} with a change of protocol`);
          return;
        }
        const error = this.env.storeGroup(this, this.assignments());
        if (error !== ErrorCode.NONE) {
          member.awaitingJoin = null;
          member.protocols = before.protocols;
          member.rebalanceTimeoutMs = before.rebalance;
          member.sessionTimeoutMs = before.session;
          this.replaceStaticMember(instanceId, newId, oldId);
          this.scheduleSession(member);
          respond({ ...this.joinResultFor(member), errorCode: error, memberId: '', leader: previousLeader, members: [] });
          return;
        }
        this.env.log.info(`${reason} in a stable group: no rebalance needed`);
        // v9+: a returning leader learns it leads but skips the assignment (KIP-814); before v9
        // the previous leader id is returned so that the member does not assign as a leader.
        const skip = req.supportSkippingAssignment && this.leaderId === newId;
        member.completeJoin({
          ...this.joinResultFor(member),
          leader: req.supportSkippingAssignment ? this.leaderId ?? '' : previousLeader,
          skipAssignment: skip,
          members: skip ? this.memberMetadata() : [],
        });
        return;
      }
      case 'CompletingRebalance':
        this.maybePrepareRebalance(reason);
        return;
      case 'PreparingRebalance':
        return; // it waits for the rebalance with the others
      default:
        throw new Error(`static member ${oldId} of group ${this.groupId} found in state ${this.state}`);
    }
  }

  private addMemberAndRebalance(memberId: string, req: JoinRequest, respond: JoinCallback): void {
    const member = new Member(memberId, req.groupInstanceId, req.clientId, req.clientHost, req.rebalanceTimeoutMs, req.sessionTimeoutMs, req.protocolType, req.protocols);
    member.isNew = true;
    if (this.state === 'PreparingRebalance' && this.generationId === 0) this.newMemberAdded = true;
    this.pendingMembers.get(memberId)?.cancel();
    this.pendingMembers.delete(memberId);
    this.addMember(member);
    member.awaitingJoin = respond;
    // A new member cannot heartbeat yet: its JoinGroup is bounded by the new-member timeout.
    this.scheduleSession(member, this.env.newMemberJoinTimeoutMs);
    this.maybePrepareRebalance(`Adding new member ${memberId} with group instance id ${member.groupInstanceId}${req.reason ? ` (${req.reason})` : ''}`);
  }

  private updateMember(member: Member, req: JoinRequest, respond: JoinCallback): void {
    member.protocols = req.protocols;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    // A JoinGroup superseded by this one (sent again on another connection) is told to rejoin.
    member.completeJoin(joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
    member.awaitingJoin = respond;
  }

  // ---- SyncGroup ----

  /** SyncGroup: the leader's assignments go to every member; others wait for the leader. */
  sync(req: SyncRequest, respond: SyncCallback): void {
    if (this.state === 'Dead') return respond(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    const error = this.validateMember(req.memberId, req.groupInstanceId);
    if (error !== ErrorCode.NONE) return respond(syncError(error));
    if (req.generationId !== this.generationId) return respond(syncError(ErrorCode.ILLEGAL_GENERATION));
    if ((req.protocolType !== null && req.protocolType !== this.protocolType) || (req.protocolName !== null && req.protocolName !== this.protocolName)) {
      return respond(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const member = this.members.get(req.memberId)!;
    switch (this.state) {
      case 'Empty':
        return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
      case 'PreparingRebalance':
        return respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      case 'CompletingRebalance': {
        member.completeSync(syncError(ErrorCode.REBALANCE_IN_PROGRESS)); // superseded by this request
        member.awaitingSync = respond;
        this.removePendingSync(member.memberId);
        if (this.leaderId !== member.memberId) return; // waits for the leader
        const assignments = new Map<string, Buffer>();
        for (const id of this.members.keys()) assignments.set(id, req.assignments.get(id) ?? EMPTY);
        const stored = this.env.storeGroup(this, assignments);
        if (stored !== ErrorCode.NONE) {
          this.resetAndPropagateAssignmentError(stored);
          this.maybePrepareRebalance(`Error ${stored} when storing the group assignment during SyncGroup (member ${member.memberId})`);
          return;
        }
        this.transition('Stable');
        for (const m of this.members.values()) m.assignment = assignments.get(m.memberId)!;
        this.propagateAssignment(ErrorCode.NONE);
        return;
      }
      case 'Stable':
        this.removePendingSync(member.memberId);
        respond({ errorCode: ErrorCode.NONE, protocolType: this.protocolType, protocolName: this.protocolName, assignment: member.assignment });
        this.scheduleSession(member);
        return;
    }
  }

  // ---- Heartbeat, LeaveGroup, OffsetCommit ----

  heartbeat(memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (this.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const error = this.validateMember(memberId, groupInstanceId);
    if (error !== ErrorCode.NONE) return error;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (this.state === 'Empty') return ErrorCode.UNKNOWN_MEMBER_ID;
    this.scheduleSession(this.members.get(memberId)!);
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** Removes each leaving member (by member id, or by instance id with an empty member id). */
  leave(leaving: readonly { memberId: string; groupInstanceId: string | null; reason?: string | null }[]): number[] {
    return leaving.map(({ memberId, groupInstanceId, reason }) => {
      const why = `Removing member ${memberId || groupInstanceId} on LeaveGroup${reason ? ` (${reason})` : ''}`;
      if (memberId === '') {
        const current = groupInstanceId === null ? undefined : this.staticMembers.get(groupInstanceId);
        if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
        this.removeMemberAndUpdateGroup(this.members.get(current)!, why);
        return ErrorCode.NONE;
      }
      if (this.pendingMembers.has(memberId)) {
        this.removePendingMember(memberId);
        return ErrorCode.NONE;
      }
      const error = this.validateMember(memberId, groupInstanceId);
      if (error !== ErrorCode.NONE) return error;
      this.removeMemberAndUpdateGroup(this.members.get(memberId)!, why);
      return ErrorCode.NONE;
    });
  }

  /**
   * NONE if this member may commit now. The standalone form (generation < 0, no member id, no
   * instance id) is accepted only while the group has no members. A valid commit counts as a
   * heartbeat.
   */
  validateOffsetCommit(memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (this.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (generationId >= 0 || memberId !== '' || groupInstanceId !== null) {
      const error = this.validateMember(memberId, groupInstanceId);
      if (error !== ErrorCode.NONE) return error;
      if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (this.state !== 'Empty') {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    // Member and generation are right but the assignment is not out yet: rejoin, as Kafka says.
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = this.members.get(memberId);
    if (member) this.scheduleSession(member);
    return ErrorCode.NONE;
  }
}
