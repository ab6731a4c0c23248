/**
 * How the group's leader spreads connectors and tasks over the workers: sticky balancing,
 * done separately for connectors and for tasks (as Connect balances them separately).
 *
 * 1. Keep: every member keeps what it runs now (from its metadata) if that still exists and no
 *    member with a smaller id already claimed it.
 * 2. Targets: n items over m members is floor(n/m) each, and one more for n mod m of them —
 *    those that keep the most already, so that as little as possible moves.
 * 3. Revoke: a member above its target gives up its excess (for tasks, from the connector it
 *    has most tasks of, so a connector's tasks spread over the workers). What it gives up is
 *    assigned to nobody in this round: the member stops it and rejoins at once (`rejoin`), and
 *    the next round hands it to a member below its target. So no task ever runs on two workers.
 * 4. Assign: everything nobody runs (new work, work of members that left or died) goes, item by
 *    item, to the member furthest below its target (for tasks: with fewest tasks of the same
 *    connector first), ties by member id.
 * Consequences: a member that leaves moves only its own work; a member that joins takes work
 * only from members above the new targets; a balanced group does not move anything. Counts
 * end within one of each other (per kind) after at most two rounds.
 */
import type { ConnectorTaskId } from '../storage/stores.js';
import { taskKey, type Work } from './protocol.js';

export interface MemberWork extends Work {
  readonly memberId: string;
}

export interface MemberAssignment extends Work {
  /** Work this member runs now and must stop (deleted, claimed twice, or moved elsewhere). */
  readonly revoked: Work;
  /** Some of the revoked work waits for this member to stop it: rejoin once stopped. */
  readonly rejoin: boolean;
}

interface Kind<T> {
  key(item: T): string;
  /** Items of one group are spread over members (a connector's tasks). */
  group(item: T): string;
}

const connectorsKind: Kind<string> = { key: (c) => c, group: (c) => c };
const tasksKind: Kind<ConnectorTaskId> = { key: taskKey, group: (t) => t.connector };

interface Balanced<T> {
  readonly assigned: Map<string, T[]>;
  readonly revoked: Map<string, T[]>;
  /** Members whose revoked items still exist (they go to someone else next round). */
  readonly handedOver: Set<string>;
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function balance<T>(kind: Kind<T>, memberIds: readonly string[], held: ReadonlyMap<string, readonly T[]>, items: readonly T[]): Balanced<T> {
  const exists = new Map(items.map((i) => [kind.key(i), i]));
  const claimed = new Set<string>();
  const assigned = new Map<string, T[]>();
  const revoked = new Map<string, T[]>();
  const handedOver = new Set<string>();
  for (const m of memberIds) {
    const keep: T[] = [];
    const drop: T[] = [];
    for (const item of [...(held.get(m) ?? [])].sort((a, b) => byId(kind.key(a), kind.key(b)))) {
      const k = kind.key(item);
      if (exists.has(k) && !claimed.has(k)) {
        claimed.add(k);
        keep.push(exists.get(k)!);
      } else {
        drop.push(item);
      }
    }
    assigned.set(m, keep);
    revoked.set(m, drop);
  }
  const ranked = [...memberIds].sort((a, b) => assigned.get(b)!.length - assigned.get(a)!.length || byId(a, b));
  const base = Math.floor(items.length / memberIds.length);
  const extra = items.length % memberIds.length;
  const target = new Map(ranked.map((m, rank) => [m, base + (rank < extra ? 1 : 0)]));
  for (const m of memberIds) {
    const mine = assigned.get(m)!;
    while (mine.length > target.get(m)!) {
      const counts = countBy(mine, kind.group);
      const busiest = [...counts].sort(([ga, a], [gb, b]) => b - a || byId(gb, ga))[0]![0];
      let i = mine.length - 1;
      while (kind.group(mine[i]!) !== busiest) i -= 1;
      revoked.get(m)!.push(...mine.splice(i, 1));
      handedOver.add(m);
    }
  }
  for (const item of items) {
    if (claimed.has(kind.key(item))) continue;
    const g = kind.group(item);
    const room = memberIds.filter((m) => assigned.get(m)!.length < target.get(m)!);
    const candidates = room.length > 0 ? room : [...memberIds];
    candidates.sort((a, b) => {
      const ga = assigned.get(a)!.filter((x) => kind.group(x) === g).length;
      const gb = assigned.get(b)!.filter((x) => kind.group(x) === g).length;
      const fa = assigned.get(a)!.length - target.get(a)!;
      const fb = assigned.get(b)!.length - target.get(b)!;
      return ga - gb || fa - fb || byId(a, b);
    });
    assigned.get(candidates[0]!)!.push(item);
  }
  return { assigned, revoked, handedOver };
}

function countBy<T>(items: readonly T[], f: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(f(i), (out.get(f(i)) ?? 0) + 1);
  return out;
}

/** The assignment of every member (by member id) for the group's next generation. */
export function assignWork(members: readonly MemberWork[], workload: Work): Map<string, MemberAssignment> {
  const ids = members.map((m) => m.memberId).sort(byId);
  const c = balance(connectorsKind, ids, new Map(members.map((m) => [m.memberId, m.connectors])), workload.connectors);
  const t = balance(tasksKind, ids, new Map(members.map((m) => [m.memberId, m.tasks])), workload.tasks);
  return new Map(ids.map((id) => [id, {
    connectors: c.assigned.get(id)!,
    tasks: t.assigned.get(id)!,
    revoked: { connectors: c.revoked.get(id)!, tasks: t.revoked.get(id)! },
    rejoin: c.handedOver.has(id) || t.handedOver.has(id),
  }]));
}
