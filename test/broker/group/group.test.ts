// The classic group state machine on a manual clock: join/sync, member ids, protocols, the initial
// delay, session and rebalance timeouts, leaving, static members, generations, standalone commits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../../broker/protocol/error-codes.js';
import { harness, join, proto, stableGroup, sync } from './group-helper.js';

const E = ErrorCode;

describe('group state machine', () => {
  it('v4 join: MEMBER_ID_REQUIRED, then the leader gets every member\'s metadata and followers wait for its assignment', () => {
    const { clock, group, stored } = harness();
    const a0 = join(group, { clientId: 'app', requireKnownMemberId: true });
    assert.equal(a0.result.errorCode, E.MEMBER_ID_REQUIRED);
    assert.match(a0.result.memberId, /^app-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(group.state, 'Empty', 'a member id handed out is not a member yet');
    const b0 = join(group, { clientId: 'app', requireKnownMemberId: true });
    const [aId, bId] = [a0.result.memberId, b0.result.memberId];
    assert.notEqual(aId, bId);

    const a = join(group, { memberId: aId, requireKnownMemberId: true, protocols: [proto('range', 'meta-a')] });
    assert.equal(group.state, 'PreparingRebalance');
    const b = join(group, { memberId: bId, requireKnownMemberId: true, protocols: [proto('range', 'meta-b')] });
    assert.ok(!a.done && !b.done, 'JoinGroup waits for the rebalance');
    clock.advance(0);
    for (const r of [a.result, b.result]) {
      assert.equal(r.errorCode, E.NONE);
      assert.equal(r.generationId, 1);
      assert.equal(r.protocolType, 'consumer');
      assert.equal(r.protocolName, 'range');
      assert.equal(r.leader, aId);
    }
    assert.deepEqual(a.result.members.map((m) => [m.memberId, m.metadata.toString()]), [[aId, 'meta-a'], [bId, 'meta-b']]);
    assert.deepEqual(b.result.members, [], 'only the leader gets the members');
    assert.equal(group.state, 'CompletingRebalance');

    const sb = sync(group, bId, 1);
    assert.ok(!sb.done, 'a follower waits for the leader');
    const sa = sync(group, aId, 1, { [aId]: 'for-a', [bId]: 'for-b', stranger: 'ignored' });
    assert.equal(sa.result.assignment.toString(), 'for-a');
    assert.equal(sb.result.assignment.toString(), 'for-b');
    assert.equal(sb.result.errorCode, E.NONE);
    assert.equal(group.state, 'Stable');
    assert.deepEqual(stored, [{ generation: 1, members: [aId, bId], assignments: new Map([[aId, 'for-a'], [bId, 'for-b']]) }]);
    assert.equal(group.heartbeat(bId, null, 1), E.NONE);
    const d = group.describe();
    assert.equal(d.state, 'Stable');
    assert.equal(d.protocol, 'range');
    assert.deepEqual(d.members.map((m) => [m.memberId, m.metadata.toString(), m.assignment.toString()]), [[aId, 'meta-a', 'for-a'], [bId, 'meta-b', 'for-b']]);
    // A follower rejoining with unchanged metadata gets the current generation, no rebalance.
    const again = join(group, { memberId: bId, protocols: [proto('range', 'meta-b')] });
    assert.equal(again.result.generationId, 1);
    assert.equal(group.state, 'Stable');
  });

  it('members must share a protocol (INCONSISTENT_GROUP_PROTOCOL); the chosen one is the most preferred by vote', () => {
    const { clock, group } = harness();
    const a = join(group, { protocols: [proto('range'), proto('roundrobin')] });
    const b = join(group, { protocols: [proto('roundrobin'), proto('range')] });
    const c = join(group, { protocols: [proto('roundrobin'), proto('range')] });
    assert.equal(join(group, { protocols: [proto('sticky')] }).result.errorCode, E.INCONSISTENT_GROUP_PROTOCOL);
    assert.equal(join(group, { protocolType: 'connect', protocols: [proto('range')] }).result.errorCode, E.INCONSISTENT_GROUP_PROTOCOL);
    clock.advance(0);
    assert.equal(a.result.protocolName, 'roundrobin', 'two of three members prefer roundrobin');
    assert.equal(group.members.size, 3, 'refused members were not added');
    assert.ok(b.done && c.done);
    // An empty group needs a protocol type and at least one protocol.
    const other = harness();
    assert.equal(join(other.group, { protocols: [] }).result.errorCode, E.INCONSISTENT_GROUP_PROTOCOL);
    assert.equal(join(other.group, { protocolType: '' }).result.errorCode, E.INCONSISTENT_GROUP_PROTOCOL);
    // Any opaque protocol type works (Connect workers use "connect").
    const connect = harness();
    const w = join(connect.group, { protocolType: 'connect', protocols: [proto('sessioned', 'worker-config')] });
    connect.clock.advance(0);
    assert.equal(w.result.protocolType, 'connect');
    assert.equal(w.result.members[0].metadata.toString(), 'worker-config');
  });

  it('the first rebalance waits group.initial.rebalance.delay.ms, extended while members keep coming, at most the rebalance timeout', () => {
    const { clock, group } = harness({ initialDelayMs: 3000 });
    const a = join(group, { rebalanceTimeoutMs: 10_000 });
    clock.advance(2000);
    const b = join(group, { rebalanceTimeoutMs: 10_000 });
    clock.advance(999);
    assert.ok(!a.done);
    clock.advance(1); // 3000: a member came during the delay, so wait another delay
    assert.ok(!a.done);
    clock.advance(2999);
    assert.ok(!a.done);
    clock.advance(1); // 6000
    assert.equal(a.result.generationId, 1);
    assert.equal(b.result.generationId, 1);
    assert.equal(a.result.members.length, 2);

    const h = harness({ initialDelayMs: 3000 });
    const first = join(h.group, { rebalanceTimeoutMs: 10_000 });
    for (const at of [2500, 5000, 7500, 9000]) {
      h.clock.advance(at - (h.clock.now() - 1_000_000));
      join(h.group, { rebalanceTimeoutMs: 10_000 });
    }
    h.clock.advance(999); // 9999
    assert.ok(!first.done, 'still waiting just before the rebalance timeout');
    h.clock.advance(1);
    assert.equal(first.result.members.length, 5, 'completes at the rebalance timeout with everyone who came');
  });

  it('a member whose session expires is removed; the others rebalance without it and its heartbeat gets UNKNOWN_MEMBER_ID', () => {
    const { clock, group, ids: [a, b] } = stableGroup(2, { sessionTimeoutMs: 10_000 });
    clock.advance(6000);
    assert.equal(group.heartbeat(a, null, 1), E.NONE);
    clock.advance(3999);
    assert.equal(group.members.size, 2);
    clock.advance(1); // b has not been heard from for 10 s
    assert.deepEqual([...group.members.keys()], [a]);
    assert.equal(group.state, 'PreparingRebalance');
    assert.equal(group.heartbeat(a, null, 1), E.REBALANCE_IN_PROGRESS, 'the survivor is told to rejoin');
    assert.equal(group.heartbeat(b, null, 1), E.UNKNOWN_MEMBER_ID);
    const rejoin = join(group, { memberId: a });
    assert.equal(rejoin.result.generationId, 2, 'every remaining member rejoined: the rebalance completes at once');
    assert.deepEqual(rejoin.result.members.map((m) => m.memberId), [a]);
  });

  it('LeaveGroup starts a rebalance; a member that does not rejoin within the rebalance timeout is dropped', () => {
    const { clock, group, ids: [a, b, c] } = stableGroup(3, { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 20_000 });
    assert.deepEqual(group.leave([{ memberId: c, groupInstanceId: null }]), [E.NONE]);
    assert.equal(group.state, 'PreparingRebalance');
    assert.deepEqual(group.leave([{ memberId: c, groupInstanceId: null }, { memberId: 'x', groupInstanceId: null }]), [E.UNKNOWN_MEMBER_ID, E.UNKNOWN_MEMBER_ID]);
    const ra = join(group, { memberId: a });
    for (let i = 0; i < 2; i++) {
      clock.advance(8000);
      assert.equal(group.heartbeat(b, null, 1), E.REBALANCE_IN_PROGRESS, 'b is alive but does not rejoin');
    }
    assert.ok(!ra.done);
    clock.advance(4000); // 20 s: the rebalance timeout
    assert.equal(ra.result.generationId, 2);
    assert.deepEqual(ra.result.members.map((m) => m.memberId), [a]);
    assert.equal(group.heartbeat(b, null, 2), E.UNKNOWN_MEMBER_ID);
    // The last member leaving empties the group (a new generation, persisted).
    sync(group, a, 2, { [a]: 'x' });
    assert.deepEqual(group.leave([{ memberId: a, groupInstanceId: null }]), [E.NONE]);
    assert.equal(group.state, 'Empty');
    assert.equal(group.generationId, 3);
  });

  it('stale or unknown members: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS as Kafka answers them', () => {
    const { group, ids: [a, b] } = stableGroup(2);
    assert.equal(group.heartbeat(a, null, 0), E.ILLEGAL_GENERATION);
    assert.equal(sync(group, a, 7).result.errorCode, E.ILLEGAL_GENERATION);
    assert.equal(group.validateOffsetCommit(a, null, 0), E.ILLEGAL_GENERATION);
    assert.equal(group.validateOffsetCommit(a, null, 1), E.NONE);
    assert.equal(group.heartbeat('nobody', null, 1), E.UNKNOWN_MEMBER_ID);
    assert.equal(sync(group, 'nobody', 1).result.errorCode, E.UNKNOWN_MEMBER_ID);
    assert.equal(group.validateOffsetCommit('nobody', null, 1), E.UNKNOWN_MEMBER_ID);
    assert.equal(sync(group, a, 1, {}, { protocolName: 'other' }).result.errorCode, E.INCONSISTENT_GROUP_PROTOCOL);

    const rb = join(group, { memberId: b, protocols: [proto('range', 'new-subscription')] }); // changed metadata: rebalance
    assert.equal(group.state, 'PreparingRebalance');
    assert.equal(group.heartbeat(a, null, 1), E.REBALANCE_IN_PROGRESS);
    assert.equal(sync(group, a, 1).result.errorCode, E.REBALANCE_IN_PROGRESS);
    assert.equal(group.validateOffsetCommit(a, null, 1), E.NONE, 'the current generation may still commit while rebalancing');
    const ra = join(group, { memberId: a });
    assert.equal(ra.result.generationId, 2);
    assert.equal(rb.result.generationId, 2);
    assert.equal(group.validateOffsetCommit(a, null, 2), E.REBALANCE_IN_PROGRESS, 'no commits before the assignment is out');
    assert.equal(group.validateOffsetCommit(a, null, 1), E.ILLEGAL_GENERATION);
  });

  it('a failed write of the assignment fails every waiting SyncGroup and rebalances', () => {
    const { clock, group, failStores } = harness();
    const [a, b] = [join(group), join(group)];
    clock.advance(0);
    const [aId, bId] = [a.result.memberId, b.result.memberId];
    const sb = sync(group, bId, 1);
    failStores(E.UNKNOWN_SERVER_ERROR);
    const sa = sync(group, aId, 1, { [aId]: 'x', [bId]: 'y' });
    assert.equal(sa.result.errorCode, E.UNKNOWN_SERVER_ERROR);
    assert.equal(sb.result.errorCode, E.UNKNOWN_SERVER_ERROR);
    assert.equal(group.state, 'PreparingRebalance');
  });

  it('a restarted static member replaces its old incarnation without a rebalance; the old member id is fenced', () => {
    const { clock, group, stored } = harness();
    const s = join(group, { groupInstanceId: 'instance-1', protocols: [proto('range', 'm'), proto('roundrobin', 'm')] });
    const d = join(group, { clientId: 'dyn', protocols: [proto('range', 'd'), proto('roundrobin', 'd')] });
    clock.advance(0);
    const [s1, dId] = [s.result.memberId, d.result.memberId];
    assert.match(s1, /^instance-1-/);
    assert.equal(s.result.leader, s1);
    sync(group, dId, 1);
    sync(group, s1, 1, { [s1]: 'for-static', [dId]: 'for-dyn' });
    assert.equal(stored.length, 1);

    // v9: the returning static leader is told it leads but must skip the assignment (KIP-814).
    const r2 = join(group, { groupInstanceId: 'instance-1', protocols: [proto('range', 'm'), proto('roundrobin', 'm')], supportSkippingAssignment: true });
    const s2 = r2.result.memberId;
    assert.notEqual(s2, s1);
    assert.equal(r2.result.errorCode, E.NONE);
    assert.equal(r2.result.generationId, 1, 'no new generation');
    assert.equal(r2.result.leader, s2);
    assert.equal(r2.result.skipAssignment, true);
    assert.equal(r2.result.members.length, 2);
    assert.equal(group.state, 'Stable');
    assert.equal(stored.length, 2, 'the replacement is persisted');
    assert.deepEqual(stored[1].assignments, new Map([[dId, 'for-dyn'], [s2, 'for-static']]));
    assert.equal(group.heartbeat(s1, 'instance-1', 1), E.FENCED_INSTANCE_ID);
    assert.equal(group.validateOffsetCommit(s1, 'instance-1', 1), E.FENCED_INSTANCE_ID);
    assert.equal(group.heartbeat(s2, 'instance-1', 1), E.NONE);
    assert.equal(sync(group, s2, 1, {}, { groupInstanceId: 'instance-1' }).result.assignment.toString(), 'for-static', 'keeps its assignment');

    // Before v9 the previous leader id comes back, so the member does not assign as leader.
    const r3 = join(group, { groupInstanceId: 'instance-1', protocols: [proto('range', 'm'), proto('roundrobin', 'm')] });
    assert.equal(r3.result.leader, s2);
    assert.notEqual(r3.result.memberId, s2);
    assert.deepEqual(r3.result.members, []);
    assert.equal(group.state, 'Stable');

    // A restart that changes the group's protocol (only roundrobin now) rebalances.
    join(group, { groupInstanceId: 'instance-1', protocols: [proto('roundrobin', 'm')] });
    assert.equal(group.state, 'PreparingRebalance');
    // Leaving by instance id (LeaveGroup v3+ with an empty member id).
    assert.deepEqual(group.leave([{ memberId: '', groupInstanceId: 'instance-1' }, { memberId: '', groupInstanceId: 'nope' }]), [E.NONE, E.UNKNOWN_MEMBER_ID]);
  });

  it('standalone commits (generation -1, no member id) are accepted only while the group has no members', () => {
    const { clock, group } = harness({ initialDelayMs: 1000 });
    assert.equal(group.validateOffsetCommit('', null, -1), E.NONE);
    const a = join(group);
    assert.equal(group.validateOffsetCommit('', null, -1), E.UNKNOWN_MEMBER_ID);
    clock.advance(1000);
    assert.equal(group.validateOffsetCommit('', null, -1), E.UNKNOWN_MEMBER_ID);
    assert.equal(group.validateOffsetCommit('', null, 1), E.UNKNOWN_MEMBER_ID);
    assert.equal(group.leave([{ memberId: a.result.memberId, groupInstanceId: null }])[0], E.NONE);
    assert.equal(group.state, 'Empty');
    assert.equal(group.validateOffsetCommit('', null, -1), E.NONE);
  });

  it('a member that never sends SyncGroup is removed after the rebalance timeout', () => {
    const { clock, group } = harness();
    const [a, b] = [join(group, { rebalanceTimeoutMs: 20_000 }), join(group, { rebalanceTimeoutMs: 20_000 })];
    clock.advance(0);
    const [aId, bId] = [a.result.memberId, b.result.memberId];
    sync(group, aId, 1, { [aId]: 'x', [bId]: 'y' });
    assert.equal(group.state, 'Stable');
    for (let i = 0; i < 2; i++) {
      clock.advance(8000);
      assert.equal(group.heartbeat(bId, null, 1), E.NONE);
      assert.equal(group.heartbeat(aId, null, 1), E.NONE);
    }
    clock.advance(4000);
    assert.deepEqual([...group.members.keys()], [aId]);
    assert.equal(group.heartbeat(aId, null, 1), E.REBALANCE_IN_PROGRESS);
  });

  it('pending member ids expire with the session timeout; close() answers waiting requests and cancels every timer', () => {
    const { clock, group } = harness({ initialDelayMs: 3000 });
    const p = join(group, { requireKnownMemberId: true, sessionTimeoutMs: 10_000 });
    clock.advance(10_000);
    assert.equal(join(group, { memberId: p.result.memberId }).result.errorCode, E.UNKNOWN_MEMBER_ID);
    const a = join(group);
    const b = join(group, { requireKnownMemberId: true });
    assert.ok(!a.done);
    assert.ok(clock.activeTimers > 0);
    group.close(E.COORDINATOR_NOT_AVAILABLE);
    assert.equal(a.result.errorCode, E.COORDINATOR_NOT_AVAILABLE);
    assert.equal(b.result.errorCode, E.MEMBER_ID_REQUIRED);
    assert.equal(clock.activeTimers, 0);
  });
});
