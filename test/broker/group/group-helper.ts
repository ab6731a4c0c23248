/**
 * A Group on a ManualClock with a recording store, and small helpers to drive it the way the
 * JoinGroup / SyncGroup handlers do (results land in `Pending` boxes; nothing is awaited).
 */
import { ManualClock } from '../../../broker/group/clock.js';
import { Group, type GroupEnv, type JoinRequest, type SyncRequest } from '../../../broker/group/group.js';
import type { JoinResult, Protocol, SyncResult } from '../../../broker/group/member.js';
import { silentLogger } from '../../../broker/util/logger.js';

export interface Stored {
  generation: number;
  members: string[];
  assignments: Map<string, string>;
}

export class Pending<T> {
  value: T | undefined;
  calls = 0;
  readonly cb = (v: T): void => {
    this.value = v;
    this.calls++;
  };
  get done(): boolean { return this.calls > 0; }
  get result(): T {
    if (this.value === undefined) throw new Error('not answered yet');
    return this.value;
  }
}

export function harness(opts: { initialDelayMs?: number } = {}): {
  clock: ManualClock; group: Group; stored: Stored[]; failStores: (code: number) => void;
} {
  const clock = new ManualClock();
  const stored: Stored[] = [];
  let storeError = 0;
  const env: GroupEnv = {
    clock,
    initialRebalanceDelayMs: opts.initialDelayMs ?? 0,
    newMemberJoinTimeoutMs: 300_000,
    storeGroup: (g, a) => {
      if (storeError !== 0) return storeError;
      stored.push({ generation: g.generationId, members: [...g.members.keys()], assignments: new Map([...a].map(([k, v]) => [k, v.toString()])) });
      return 0;
    },
    log: silentLogger,
  };
  return { clock, group: new Group('g', env), stored, failStores: (code) => { storeError = code; } };
}

export const proto = (name: string, metadata = name): Protocol => ({ name, metadata: Buffer.from(metadata) });

export function joinReq(over: Partial<JoinRequest> = {}): JoinRequest {
  return {
    memberId: '', groupInstanceId: null, clientId: 'client', clientHost: '/127.0.0.1', sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000, protocolType: 'consumer', protocols: [proto('range')], requireKnownMemberId: false,
    supportSkippingAssignment: false, reason: null, ...over,
  };
}

export function join(group: Group, over: Partial<JoinRequest> = {}): Pending<JoinResult> {
  const p = new Pending<JoinResult>();
  group.join(joinReq(over), p.cb);
  return p;
}

export function sync(group: Group, memberId: string, generationId: number, assignments: Record<string, string> = {}, over: Partial<SyncRequest> = {}): Pending<SyncResult> {
  const p = new Pending<SyncResult>();
  group.sync({
    memberId, groupInstanceId: null, generationId, protocolType: null, protocolName: null,
    assignments: new Map(Object.entries(assignments).map(([k, v]) => [k, Buffer.from(v)])), ...over,
  }, p.cb);
  return p;
}

/**
 * Joins `n` dynamic members into a fresh group (initial delay 0), completes the rebalance and the
 * leader's sync (assignment "a-<memberId>" each): a Stable group at generation 1.
 */
export function stableGroup(n: number, over: Partial<JoinRequest> = {}): ReturnType<typeof harness> & { ids: string[] } {
  const h = harness();
  const joins = Array.from({ length: n }, (_, i) => join(h.group, { clientId: `c${i}`, ...over }));
  h.clock.advance(0);
  const ids = joins.map((j) => j.result.memberId);
  const leader = joins.find((j) => j.result.leader === j.result.memberId)!.result.memberId;
  const syncs = ids.filter((id) => id !== leader).map((id) => sync(h.group, id, 1));
  sync(h.group, leader, 1, Object.fromEntries(ids.map((id) => [id, `a-${id}`])));
  if (!syncs.every((s) => s.done) || h.group.state !== 'Stable') throw new Error('group did not stabilize');
  return { ...h, ids };
}

/** A ConsumerProtocolSubscription v0 (topics, null user data). */
export function subscription(...topics: string[]): Buffer {
  const parts = [Buffer.from([0, 0]), Buffer.alloc(4)];
  parts[1].writeInt32BE(topics.length);
  for (const t of topics) {
    const len = Buffer.alloc(2);
    len.writeInt16BE(Buffer.byteLength(t));
    parts.push(len, Buffer.from(t));
  }
  parts.push(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  return Buffer.concat(parts);
}
