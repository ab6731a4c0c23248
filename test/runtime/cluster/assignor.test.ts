// The leader's sticky, balanced assignment: what stays, what moves, and in how many rounds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assignWork, type MemberWork } from '../../../runtime/cluster/assignor.js';
import type { Work } from '../../../runtime/cluster/protocol.js';
import type { ConnectorTaskId } from '../../../runtime/storage/stores.js';

const tasks = (connector: string, n: number): ConnectorTaskId[] => Array.from({ length: n }, (_, task) => ({ connector, task }));
const key = (t: ConnectorTaskId): string => `${t.connector}-${t.task}`;

/** Runs rounds as the group would (members keep what they were given) until nobody must rejoin. */
function settle(memberIds: string[], workload: Work, start: Map<string, Work> = new Map()): { rounds: number; held: Map<string, Work>; moved: number } {
  let held = new Map(memberIds.map((id) => [id, start.get(id) ?? { connectors: [], tasks: [] }]));
  let moved = 0;
  for (let rounds = 1; rounds <= 5; rounds++) {
    const plan = assignWork(memberIds.map((memberId): MemberWork => ({ memberId, ...held.get(memberId)! })), workload);
    for (const [id, a] of plan) {
      const before = new Set(held.get(id)!.tasks.map(key));
      moved += a.tasks.filter((t) => !before.has(key(t))).length;
    }
    held = new Map([...plan].map(([id, a]) => [id, { connectors: a.connectors, tasks: a.tasks }]));
    if (![...plan.values()].some((a) => a.rejoin)) return { rounds, held, moved };
  }
  throw new Error('did not settle');
}

function counts(held: Map<string, Work>): number[] {
  return [...held.values()].map((w) => w.tasks.length);
}

function assertNoDuplicates(held: Map<string, Work>, workload: Work): void {
  const all = [...held.values()].flatMap((w) => w.tasks.map(key));
  assert.equal(new Set(all).size, all.length, 'no task twice');
  assert.deepEqual(all.sort(), workload.tasks.map(key).sort(), 'every task once');
  const cs = [...held.values()].flatMap((w) => w.connectors);
  assert.deepEqual(cs.sort(), [...workload.connectors].sort());
}

describe('assignWork', () => {
  const workload: Work = { connectors: ['a', 'b', 'c'], tasks: [...tasks('a', 4), ...tasks('b', 3), ...tasks('c', 2)] };

  it('spreads everything evenly over new members, a connector\'s tasks over different workers', () => {
    const { rounds, held } = settle(['m1', 'm2', 'm3'], workload);
    assert.equal(rounds, 1);
    assertNoDuplicates(held, workload);
    assert.deepEqual(counts(held), [3, 3, 3]);
    assert.deepEqual([...held.values()].map((w) => w.connectors.length), [1, 1, 1]);
    for (const w of held.values()) assert.ok(w.tasks.filter((t) => t.connector === 'a').length <= 2, 'a\'s 4 tasks over 3 workers');
  });

  it('keeps a balanced assignment as it is', () => {
    const first = settle(['m1', 'm2', 'm3'], workload).held;
    const plan = assignWork(['m1', 'm2', 'm3'].map((memberId) => ({ memberId, ...first.get(memberId)! })), workload);
    for (const [id, a] of plan) {
      assert.deepEqual(a.tasks.map(key).sort(), first.get(id)!.tasks.map(key).sort());
      assert.deepEqual(a.revoked, { connectors: [], tasks: [] });
      assert.equal(a.rejoin, false);
    }
  });

  it('moves only the work of a member that left', () => {
    const before = settle(['m1', 'm2', 'm3'], workload).held;
    const plan = assignWork(['m1', 'm3'].map((memberId) => ({ memberId, ...before.get(memberId)! })), workload);
    for (const id of ['m1', 'm3']) {
      const kept = new Set(plan.get(id)!.tasks.map(key));
      for (const t of before.get(id)!.tasks) assert.ok(kept.has(key(t)), `${id} keeps ${key(t)}`);
      assert.equal(plan.get(id)!.rejoin, false);
    }
    const after = new Map([...plan].map(([id, a]) => [id, { connectors: a.connectors, tasks: a.tasks }]));
    assertNoDuplicates(after, workload);
    assert.deepEqual(counts(after).sort(), [4, 5]);
  });

  it('gives a newcomer work in two rounds: the busy members stop it first, then it moves', () => {
    const before = settle(['m1', 'm2'], workload).held;
    const round1 = assignWork(['m1', 'm2', 'm3'].map((memberId) => ({ memberId, ...(before.get(memberId) ?? { connectors: [], tasks: [] }) })), workload);
    const revoked = [...round1.values()].flatMap((a) => a.revoked.tasks.map(key));
    assert.deepEqual(round1.get('m3')!.tasks, [], 'nothing runs twice: the newcomer waits for the revocation');
    assert.ok(revoked.length === 3, `3 tasks revoked, got ${revoked.join(',')}`);
    assert.ok([...round1.values()].some((a) => a.rejoin));
    const { held, moved } = settle(['m1', 'm2', 'm3'], workload, before);
    assert.deepEqual(counts(held), [3, 3, 3]);
    assert.equal(moved, 3, 'only the newcomer\'s share moved');
    assert.deepEqual(held.get('m3')!.tasks.map(key).sort(), revoked.sort());
  });

  it('drops deleted work and work claimed twice', () => {
    const plan = assignWork([
      { memberId: 'm1', connectors: ['a', 'gone'], tasks: [{ connector: 'a', task: 0 }, { connector: 'gone', task: 0 }] },
      { memberId: 'm2', connectors: ['a'], tasks: [{ connector: 'a', task: 0 }] },
    ], { connectors: ['a'], tasks: [{ connector: 'a', task: 0 }] });
    assert.deepEqual(plan.get('m1'), { connectors: ['a'], tasks: [{ connector: 'a', task: 0 }], revoked: { connectors: ['gone'], tasks: [{ connector: 'gone', task: 0 }] }, rejoin: false });
    assert.deepEqual(plan.get('m2'), { connectors: [], tasks: [], revoked: { connectors: ['a'], tasks: [{ connector: 'a', task: 0 }] }, rejoin: false });
  });

  it('handles more members than work, and no work at all', () => {
    const { held } = settle(['m1', 'm2', 'm3', 'm4'], { connectors: ['x'], tasks: tasks('x', 2) });
    assert.deepEqual(counts(held).sort(), [0, 0, 1, 1]);
    assert.deepEqual(settle(['m1'], { connectors: [], tasks: [] }).held.get('m1'), { connectors: [], tasks: [] });
  });

  it('stays within one of balance over many joins and leaves', () => {
    const big: Work = { connectors: Array.from({ length: 7 }, (_, i) => `c${i}`), tasks: Array.from({ length: 7 }, (_, i) => tasks(`c${i}`, i + 1)).flat() };
    let members = ['m1'];
    let held = settle(members, big).held;
    for (const change of ['+m2', '+m3', '-m1', '+m4', '+m5', '-m3', '-m4', '+m6']) {
      members = change.startsWith('+') ? [...members, change.slice(1)] : members.filter((m) => m !== change.slice(1));
      held = settle(members, big, held).held;
      assertNoDuplicates(held, big);
      const c = counts(held);
      assert.ok(Math.max(...c) - Math.min(...c) <= 1, `${change}: ${c.join(',')}`);
      const cc = [...held.values()].map((w) => w.connectors.length);
      assert.ok(Math.max(...cc) - Math.min(...cc) <= 1, `${change}: connectors ${cc.join(',')}`);
    }
  });
});
