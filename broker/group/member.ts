/**
 * One member of a classic group, and the results the coordinator hands back to JoinGroup and
 * SyncGroup requests that wait on the group. Protocol metadata and assignments are opaque bytes.
 */
import type { Timer } from './clock.js';

export interface Protocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinResultMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly metadata: Buffer;
}

export interface JoinResult {
  readonly errorCode: number;
  readonly memberId: string;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly skipAssignment: boolean;
  /** Every member's metadata for the chosen protocol: for the leader only, else empty. */
  readonly members: readonly JoinResultMember[];
}

export interface SyncResult {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

export type JoinCallback = (r: JoinResult) => void;
export type SyncCallback = (r: SyncResult) => void;

export const EMPTY = Buffer.alloc(0);

export function joinError(errorCode: number, memberId: string): JoinResult {
  return { errorCode, memberId, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, members: [] };
}

export function syncError(errorCode: number): SyncResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

export class Member {
  /** Set by the leader's SyncGroup; empty until then and after a failed rebalance. */
  assignment: Buffer = EMPTY;
  /** A JoinGroup waiting for the rebalance to complete. */
  awaitingJoin: JoinCallback | null = null;
  /** A SyncGroup waiting for the leader's assignment. */
  awaitingSync: SyncCallback | null = null;
  /** Joined in the rebalance in progress (expires on the new-member join timeout, not the session). */
  isNew = false;
  /** Session expiry (or the new-member join timeout). */
  sessionTimer: Timer | null = null;

  constructor(
    public memberId: string,
    readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    readonly protocolType: string,
    public protocols: readonly Protocol[],
  ) {}

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  /** This member's metadata for `protocol` (empty if it does not support it). */
  metadata(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
  }

  supports(protocol: string): boolean {
    return this.protocols.some((p) => p.name === protocol);
  }

  /** The same protocols, in the same order, with the same metadata. */
  matches(protocols: readonly Protocol[]): boolean {
    return protocols.length === this.protocols.length
      && protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata));
  }

  /** The member's most preferred protocol among `candidates`. */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }

  /** Answers the waiting JoinGroup, if any; true if there was one. */
  completeJoin(r: JoinResult): boolean {
    const cb = this.awaitingJoin;
    this.awaitingJoin = null;
    cb?.(r);
    return cb !== null;
  }

  /** Answers the waiting SyncGroup, if any; true if there was one. */
  completeSync(r: SyncResult): boolean {
    const cb = this.awaitingSync;
    this.awaitingSync = null;
    cb?.(r);
    return cb !== null;
  }

  cancelSessionTimer(): void {
    this.sessionTimer?.cancel();
    this.sessionTimer = null;
  }
}
