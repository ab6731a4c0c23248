/**
 * The rebalance engine of a classic group: preparing a rebalance, the initial delay, completing
 * the join phase (new generation, chosen protocol, leader), handing out assignments, and the
 * timers that bound it all — member sessions, pending member ids, the rebalance timeout for
 * rejoining and for SyncGroup.
 *
 * Contracts: every timer is held in a field (or on its member) and cancelled when it stops being
 * relevant; `close()` cancels them all and answers every waiting request. Waiting requests are
 * callbacks, called exactly once (`Member.completeJoin` / `completeSync`).
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { Timer } from './clock.js';
import { GroupMembers } from './group-members.js';
import { EMPTY, joinError, syncError, type Member } from './member.js';

export abstract class RebalancingGroup extends GroupMembers {
  /** Member ids handed out with MEMBER_ID_REQUIRED, each with its expiry (the session timeout). */
  protected readonly pendingMembers = new Map<string, Timer>();
  /** A member joined during the initial delay: wait another delay (up to the rebalance timeout). */
  protected newMemberAdded = false;
  /** The join phase's timer: the initial delay, or the rebalance timeout for rejoining. */
  protected joinTimer: Timer | null = null;
  protected joinKind: 'initial' | 'normal' | null = null;
  /** The rebalance timeout for SyncGroup after the join phase. */
  protected syncTimer: Timer | null = null;

  /** Rebalances unless a rebalance is already under way (or the group is dead). */
  protected maybePrepareRebalance(reason: string): void {
    if (this.state === 'Stable' || this.state === 'CompletingRebalance' || this.state === 'Empty') this.prepareRebalance(reason);
  }

  /** Starts the join phase: waiting JoinGroups are answered when it completes. */
  protected prepareRebalance(reason: string): void {
    if (this.state === 'CompletingRebalance') this.resetAndPropagateAssignmentError(ErrorCode.REBALANCE_IN_PROGRESS);
    this.cancelSyncTimer();
    this.pendingSync.clear();
    const initial = this.state === 'Empty';
    this.transition('PreparingRebalance');
    this.env.log.info(`Preparing to rebalance group ${this.groupId} in state PreparingRebalance with old generation ${this.generationId}: ${reason}`);
    if (initial) {
      const delay = this.env.initialRebalanceDelayMs;
      this.scheduleInitialJoin(delay, Math.max(this.rebalanceTimeoutMs() - delay, 0));
    } else {
      this.scheduleJoinTimeout(this.rebalanceTimeoutMs());
      this.tryCompleteJoin();
    }
  }

  /** The initial delay never completes early; it is extended while new members keep arriving. */
  protected scheduleInitialJoin(delayMs: number, remainingMs: number): void {
    this.cancelJoinTimer();
    this.joinKind = 'initial';
    this.joinTimer = this.env.clock.setTimer(delayMs, () => {
      this.joinTimer = null;
      if (this.newMemberAdded && remainingMs > 0) {
        this.newMemberAdded = false;
        const next = Math.min(this.env.initialRebalanceDelayMs, remainingMs);
        this.scheduleInitialJoin(next, Math.max(remainingMs - next, 0));
      } else {
        this.completeJoin();
      }
    });
  }

  /** Waits up to the rebalance timeout for every known member to rejoin. */
  protected scheduleJoinTimeout(ms: number): void {
    this.cancelJoinTimer();
    this.joinKind = 'normal';
    this.joinTimer = this.env.clock.setTimer(ms, () => {
      this.joinTimer = null;
      this.completeJoin();
    });
  }

  /** Completes the join phase early once every member rejoined and no member id is pending. */
  protected tryCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.joinKind !== 'normal') return;
    if (this.pendingMembers.size > 0) return;
    for (const m of this.members.values()) if (m.awaitingJoin === null) return;
    this.completeJoin();
  }

  /**
   * Ends the join phase: drops dynamic members that did not rejoin, starts the next generation
   * (Empty if nobody is left, persisted), answers every waiting JoinGroup and starts the sync wait.
   */
  protected completeJoin(): void {
    this.cancelJoinTimer();
    if (this.state !== 'PreparingRebalance') return;
    // Dynamic members that did not rejoin in time are out; static ones stay until their session expires.
    for (const m of [...this.members.values()]) {
      if (m.awaitingJoin === null && !m.isStatic) {
        this.env.log.info(`Member ${m.memberId} of group ${this.groupId} did not rejoin within the rebalance timeout: removing it`);
        this.remove(m);
      }
    }
    if (!this.electJoinedLeader() && this.members.size > 0) {
      this.env.log.warn(`Group ${this.groupId} could not complete the rebalance because no members rejoined`);
      this.scheduleJoinTimeout(this.rebalanceTimeoutMs());
      return;
    }
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.transition('CompletingRebalance');
    } else {
      this.protocolName = null;
      this.transition('Empty');
    }
    this.pendingSync.clear();
    this.env.log.info(`Stabilized group ${this.groupId} generation ${this.generationId} with ${this.members.size} members`);
    if (this.members.size === 0) {
      const error = this.env.storeGroup(this, new Map());
      if (error !== ErrorCode.NONE) this.env.log.warn(`Failed to write the empty metadata of group ${this.groupId}: error ${error}`);
      return;
    }
    for (const m of this.members.values()) {
      m.completeJoin(this.joinResultFor(m));
      this.scheduleSession(m);
      m.isNew = false;
      this.pendingSync.add(m.memberId);
    }
    this.scheduleSyncTimeout();
  }

  /** Keeps the leader if it rejoined, else picks a member that did; false if none did. */
  protected electJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.members.get(this.leaderId)?.awaitingJoin) return true;
    for (const m of this.members.values()) {
      if (m.awaitingJoin !== null) {
        this.leaderId = m.memberId;
        return true;
      }
    }
    return false;
  }

  /** Members that have not sent SyncGroup within the rebalance timeout are removed. */
  protected scheduleSyncTimeout(): void {
    this.cancelSyncTimer();
    const generation = this.generationId;
    this.syncTimer = this.env.clock.setTimer(this.rebalanceTimeoutMs(), () => {
      this.syncTimer = null;
      if (generation !== this.generationId || !(this.state === 'CompletingRebalance' || this.state === 'Stable')) return;
      if (this.pendingSync.size === 0) return;
      const missing = [...this.pendingSync];
      for (const id of missing) {
        const m = this.members.get(id);
        if (m) this.remove(m);
      }
      this.prepareRebalance(`Removing ${missing.join(', ')} on pending sync request expiration`);
    });
  }

  // ---- assignments ----

  /** Clears every assignment and fails every waiting SyncGroup with `errorCode`. */
  protected resetAndPropagateAssignmentError(errorCode: number): void {
    for (const m of this.members.values()) m.assignment = EMPTY;
    this.propagateAssignment(errorCode);
  }

  /** Answers every waiting SyncGroup with its member's assignment; their sessions restart now. */
  protected propagateAssignment(errorCode: number): void {
    for (const m of this.members.values()) {
      if (m.completeSync({ errorCode, protocolType: this.protocolType, protocolName: this.protocolName, assignment: m.assignment })) this.scheduleSession(m);
    }
  }

  /** A member synced (or left): the sync wait ends when nobody is left to sync. */
  protected removePendingSync(memberId: string): void {
    this.pendingSync.delete(memberId);
    if (this.pendingSync.size === 0) this.cancelSyncTimer();
  }

  // ---- sessions and removal ----

  /** (Re)starts a member's session: it must be heard from within `timeoutMs`. */
  protected scheduleSession(member: Member, timeoutMs = member.sessionTimeoutMs): void {
    member.cancelSessionTimer();
    member.sessionTimer = this.env.clock.setTimer(timeoutMs, () => {
      member.sessionTimer = null;
      if (this.members.get(member.memberId) !== member) return;
      // A member waiting in a rebalance is alive (the rebalance has its own timeouts).
      if (!member.isNew && (member.awaitingJoin !== null || member.awaitingSync !== null)) {
        this.scheduleSession(member);
        return;
      }
      this.env.log.info(`Member ${member.memberId} in group ${this.groupId} has failed (session timeout of ${timeoutMs} ms expired), removing it from the group`);
      this.removeMemberAndUpdateGroup(member, `removing member ${member.memberId} on heartbeat expiration`);
    });
  }

  /** Forgets a member id handed out with MEMBER_ID_REQUIRED (it may have been the last one awaited). */
  protected removePendingMember(memberId: string): void {
    this.pendingMembers.get(memberId)?.cancel();
    this.pendingMembers.delete(memberId);
    this.tryCompleteJoin();
  }

  /** Removes a member (leave, expiry) and rebalances the others, or lets a waiting join complete. */
  protected removeMemberAndUpdateGroup(member: Member, reason: string): void {
    // A waiting request of the removed member learns it is out (it rejoins if still alive).
    member.completeJoin(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.completeSync(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    this.remove(member);
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') this.prepareRebalance(reason);
    else if (this.state === 'PreparingRebalance') this.tryCompleteJoin();
  }

  /** Drops a member from every index; the first remaining member becomes leader if it led. */
  protected remove(member: Member): void {
    member.cancelSessionTimer();
    this.members.delete(member.memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === member.memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    this.removePendingSync(member.memberId);
    if (this.leaderId === member.memberId) this.leaderId = this.members.keys().next().value ?? null;
  }

  protected cancelJoinTimer(): void {
    this.joinTimer?.cancel();
    this.joinTimer = null;
    this.joinKind = null;
  }

  protected cancelSyncTimer(): void {
    this.syncTimer?.cancel();
    this.syncTimer = null;
  }

  /** Stops every timer and answers every waiting request with `errorCode`. */
  close(errorCode: number): void {
    this.cancelJoinTimer();
    this.cancelSyncTimer();
    for (const t of this.pendingMembers.values()) t.cancel();
    this.pendingMembers.clear();
    for (const m of this.members.values()) {
      m.cancelSessionTimer();
      m.completeJoin(joinError(errorCode, m.memberId));
      m.completeSync(syncError(errorCode));
    }
  }
}
