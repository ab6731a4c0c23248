// The group APIs on the wire with raw requests: advertised versions, FindCoordinator (batched,
// transaction keys), a non-consumer protocol ("connect") through join / sync / heartbeat /
// describe / list / commit / OffsetFetch v8 for several groups / leave / delete, and bad requests
// that must not disturb another group.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../../broker/broker.js';
import { ErrorCode as E } from '../../../broker/protocol/error-codes.js';
import type { ApiVersionsResponse } from '../../../broker/protocol/messages/api-versions.js';
import type { DeleteGroupsResponse } from '../../../broker/protocol/messages/delete-groups.js';
import type { DescribeGroupsResponse } from '../../../broker/protocol/messages/describe-groups.js';
import type { FindCoordinatorResponse } from '../../../broker/protocol/messages/find-coordinator.js';
import type { HeartbeatResponse } from '../../../broker/protocol/messages/heartbeat.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../../broker/protocol/messages/join-group.js';
import type { LeaveGroupResponse } from '../../../broker/protocol/messages/leave-group.js';
import type { ListGroupsResponse } from '../../../broker/protocol/messages/list-groups.js';
import type { MetadataResponse } from '../../../broker/protocol/messages/metadata.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../../broker/protocol/messages/offset-commit.js';
import type { OffsetFetchResponse } from '../../../broker/protocol/messages/offset-fetch.js';
import type { SyncGroupResponse } from '../../../broker/protocol/messages/sync-group.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { Api, metadataRequest, RawClient } from '../../helpers/raw-client.js';

const G = { FindCoordinator: 10, OffsetCommit: 8, OffsetFetch: 9, JoinGroup: 11, Heartbeat: 12, LeaveGroup: 13, SyncGroup: 14, DescribeGroups: 15, ListGroups: 16, DeleteGroups: 42, OffsetDelete: 47 } as const;

function joinRequest(groupId: string, over: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'connect',
    protocols: [{ name: 'sessioned', metadata: Buffer.from('worker-config') }], reason: null, ...over,
  };
}

function commitRequest(groupId: string, topic: string, offsets: [number, number][], generationIdOrMemberEpoch = -1, memberId = ''): OffsetCommitRequest {
  return {
    groupId, generationIdOrMemberEpoch, memberId, groupInstanceId: null, retentionTimeMs: -1,
    topics: [{ name: topic, partitions: offsets.map(([partitionIndex, committedOffset]) => ({ partitionIndex, committedOffset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: `m${committedOffset}` })) }],
  };
}

describe('group APIs on the wire', () => {
  let broker: Broker;
  let dir: string;
  let a: RawClient;
  let b: RawClient;
  const topic = uniqueTopic('wire');

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'group.initial.rebalance.delay.ms': '0' } }));
    broker.topics.createTopic(topic, 2, {});
    [a, b] = await Promise.all([RawClient.connect(broker.bootstrap), RawClient.connect(broker.bootstrap)]);
  });

  after(async () => {
    a.close();
    b.close();
    await broker.close();
    removeDir(dir);
  });

  it('advertises the group APIs with the versions it serves', async () => {
    const res = await a.request<ApiVersionsResponse>(Api.ApiVersions, 3, { clientSoftwareName: 't', clientSoftwareVersion: '1' });
    const got = Object.fromEntries(res.apiKeys.filter((k) => Object.values(G).includes(k.apiKey as never)).map((k) => [k.apiKey, [k.minVersion, k.maxVersion]]));
    assert.deepEqual(got, { 8: [2, 8], 9: [1, 8], 10: [0, 4], 11: [0, 9], 12: [0, 4], 13: [0, 5], 14: [0, 5], 15: [0, 5], 16: [0, 4], 42: [0, 2], 47: [0, 0] });
  });

  it('FindCoordinator names this node for groups (one key or a batch) and has no transaction coordinator', async () => {
    const v0 = await a.request<FindCoordinatorResponse>(G.FindCoordinator, 0, { key: 'g', keyType: 0, coordinatorKeys: [] });
    assert.deepEqual([v0.errorCode, v0.nodeId, v0.port], [E.NONE, broker.config.nodeId, broker.port]);
    const txn = await a.request<FindCoordinatorResponse>(G.FindCoordinator, 3, { key: 'tx', keyType: 1, coordinatorKeys: [] });
    assert.equal(txn.errorCode, E.COORDINATOR_NOT_AVAILABLE);
    assert.match(txn.errorMessage ?? '', /transaction/);
    const v4 = await a.request<FindCoordinatorResponse>(G.FindCoordinator, 4, { key: '', keyType: 0, coordinatorKeys: ['g1', 'g2'] });
    assert.deepEqual(v4.coordinators.map((c) => [c.key, c.errorCode, c.nodeId, c.port]), [['g1', 0, broker.config.nodeId, broker.port], ['g2', 0, broker.config.nodeId, broker.port]]);
    const v4txn = await a.request<FindCoordinatorResponse>(G.FindCoordinator, 4, { key: '', keyType: 1, coordinatorKeys: ['t1', 't2'] });
    assert.deepEqual(v4txn.coordinators.map((c) => c.errorCode), [E.COORDINATOR_NOT_AVAILABLE, E.COORDINATOR_NOT_AVAILABLE]);
    const bad = await a.request<FindCoordinatorResponse>(G.FindCoordinator, 3, { key: 'x', keyType: 7, coordinatorKeys: [] });
    assert.equal(bad.errorCode, E.INVALID_REQUEST);
    const md = await a.request<MetadataResponse>(Api.Metadata, 12, metadataRequest(['__consumer_offsets']));
    assert.equal(md.topics[0].isInternal, true, 'the offsets topic exists once a group coordinator was asked for');
    assert.equal(md.topics[0].partitions.length, 50);
  });

  it('a "connect" group: join, rebalance, sync, heartbeat, describe, list, commit, OffsetFetch v8 for several groups, leave, delete', async () => {
    const group = 'workers';
    // v9 without a member id: MEMBER_ID_REQUIRED first.
    const first = await a.request<JoinGroupResponse>(G.JoinGroup, 9, joinRequest(group));
    assert.equal(first.errorCode, E.MEMBER_ID_REQUIRED);
    const aId = first.memberId;
    const ja = await a.request<JoinGroupResponse>(G.JoinGroup, 9, joinRequest(group, { memberId: aId }));
    assert.deepEqual([ja.errorCode, ja.generationId, ja.leader, ja.protocolType, ja.protocolName], [E.NONE, 1, aId, 'connect', 'sessioned']);
    const sa = await a.request<SyncGroupResponse>(G.SyncGroup, 5, { groupId: group, generationId: 1, memberId: aId, groupInstanceId: null, protocolType: 'connect', protocolName: 'sessioned', assignments: [{ memberId: aId, assignment: Buffer.from('all') }] });
    assert.equal(sa.assignment.toString(), 'all');

    // A static member joins (v5, no member id round trip): the group rebalances; A learns it from its heartbeat.
    const jbPending = b.request<JoinGroupResponse>(G.JoinGroup, 5, joinRequest(group, { groupInstanceId: 'worker-b', protocols: [{ name: 'sessioned', metadata: Buffer.from('b-config') }] }));
    const hb = await a.request<HeartbeatResponse>(G.Heartbeat, 4, { groupId: group, generationId: 1, memberId: aId, groupInstanceId: null });
    assert.equal(hb.errorCode, E.REBALANCE_IN_PROGRESS);
    const ja2 = await a.request<JoinGroupResponse>(G.JoinGroup, 9, joinRequest(group, { memberId: aId }));
    const jb = await jbPending;
    const bId = jb.memberId;
    assert.match(bId, /^worker-b-/);
    assert.deepEqual([ja2.generationId, jb.generationId, jb.leader], [2, 2, aId]);
    assert.deepEqual(ja2.members.map((m) => [m.memberId, m.groupInstanceId, m.metadata.toString()]), [[aId, null, 'worker-config'], [bId, 'worker-b', 'b-config']]);
    assert.deepEqual(jb.members, []);
    const sbPending = b.request<SyncGroupResponse>(G.SyncGroup, 3, { groupId: group, generationId: 2, memberId: bId, groupInstanceId: 'worker-b', protocolType: null, protocolName: null, assignments: [] });
    const sa2 = await a.request<SyncGroupResponse>(G.SyncGroup, 5, {
      groupId: group, generationId: 2, memberId: aId, groupInstanceId: null, protocolType: 'connect', protocolName: 'sessioned',
      assignments: [{ memberId: aId, assignment: Buffer.from('half-a') }, { memberId: bId, assignment: Buffer.from('half-b') }],
    });
    assert.equal(sa2.assignment.toString(), 'half-a');
    assert.equal((await sbPending).assignment.toString(), 'half-b');

    const described = await a.request<DescribeGroupsResponse>(G.DescribeGroups, 5, { groups: [group, 'nobody'], includeAuthorizedOperations: false });
    const [dw, dn] = described.groups;
    assert.deepEqual([dw.errorCode, dw.groupState, dw.protocolType, dw.protocolData], [E.NONE, 'Stable', 'connect', 'sessioned']);
    assert.deepEqual(dw.members.map((m) => [m.memberId, m.groupInstanceId, m.clientId, m.clientHost, m.memberMetadata.toString(), m.memberAssignment.toString()]),
      [[aId, null, 'raw-test', '/127.0.0.1', 'worker-config', 'half-a'], [bId, 'worker-b', 'raw-test', '/127.0.0.1', 'b-config', 'half-b']]);
    assert.deepEqual([dn.errorCode, dn.groupState, dn.members], [E.NONE, 'Dead', []]);

    const commit = await a.request<OffsetCommitResponse>(G.OffsetCommit, 8, commitRequest(group, topic, [[0, 11], [1, 12]], 2, aId));
    assert.deepEqual(commit.topics[0].partitions.map((p) => p.errorCode), [E.NONE, E.NONE]);
    const standalone = await b.request<OffsetCommitResponse>(G.OffsetCommit, 2, commitRequest('tool', topic, [[1, 5]]));
    assert.deepEqual(standalone.topics[0].partitions.map((p) => p.errorCode), [E.NONE]);

    const listed = await a.request<ListGroupsResponse>(G.ListGroups, 4, { statesFilter: ['Stable'], typesFilter: [] });
    assert.deepEqual(listed.groups.map((g) => [g.groupId, g.protocolType, g.groupState]), [[group, 'connect', 'Stable']]);
    const all = await a.request<ListGroupsResponse>(G.ListGroups, 0, { statesFilter: [], typesFilter: [] });
    assert.deepEqual(all.groups.map((g) => [g.groupId, g.protocolType]).sort(), [['tool', ''], [group, 'connect']]);

    const fetched = await a.request<OffsetFetchResponse>(G.OffsetFetch, 8, {
      groupId: '', topics: null, requireStable: true,
      groups: [
        { groupId: group, memberId: null, memberEpoch: -1, topics: null },
        { groupId: 'tool', memberId: null, memberEpoch: -1, topics: [{ name: topic, partitionIndexes: [0, 1] }] },
        { groupId: 'nobody', memberId: null, memberEpoch: -1, topics: null },
      ],
    });
    assert.deepEqual(fetched.groups.map((g) => [g.groupId, g.errorCode, g.topics.flatMap((t) => t.partitions.map((p) => [t.name, p.partitionIndex, p.committedOffset, p.metadata]))]), [
      [group, E.NONE, [[topic, 0, 11, 'm11'], [topic, 1, 12, 'm12']]],
      ['tool', E.NONE, [[topic, 0, -1, ''], [topic, 1, 5, 'm5']]],
      ['nobody', E.NONE, []],
    ]);
    const v1 = await b.request<OffsetFetchResponse>(G.OffsetFetch, 1, { groupId: group, topics: [{ name: topic, partitionIndexes: [1] }], groups: [], requireStable: false });
    assert.deepEqual(v1.topics[0].partitions.map((p) => [p.committedOffset, p.metadata]), [[12, 'm12']]);

    const refused = await a.request<DeleteGroupsResponse>(G.DeleteGroups, 2, { groupsNames: [group] });
    assert.equal(refused.results[0].errorCode, E.NON_EMPTY_GROUP);
    // v5 batch leave: A by member id, B by instance id only.
    const left = await a.request<LeaveGroupResponse>(G.LeaveGroup, 5, { groupId: group, memberId: '', members: [{ memberId: aId, groupInstanceId: null, reason: 'done' }, { memberId: '', groupInstanceId: 'worker-b', reason: null }] });
    assert.deepEqual([left.errorCode, ...left.members.map((m) => m.errorCode)], [E.NONE, E.NONE, E.NONE]);
    const gone = await a.request<LeaveGroupResponse>(G.LeaveGroup, 1, { groupId: group, memberId: aId, members: [] });
    assert.equal(gone.errorCode, E.UNKNOWN_MEMBER_ID, 'v0-2 carry the member\'s error at the top');
    const deleted = await a.request<DeleteGroupsResponse>(G.DeleteGroups, 2, { groupsNames: [group, 'nobody'] });
    assert.deepEqual(deleted.results.map((r) => [r.groupId, r.errorCode]), [[group, E.NONE], ['nobody', E.GROUP_ID_NOT_FOUND]]);
    const after = await a.request<OffsetFetchResponse>(G.OffsetFetch, 7, { groupId: group, topics: null, groups: [], requireStable: false });
    assert.deepEqual(after.topics, []);
  });

  it('bad requests get Kafka\'s error codes and leave another group alone', async () => {
    const group = 'steady';
    const first = await a.request<JoinGroupResponse>(G.JoinGroup, 4, joinRequest(group, { protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0]) }] }));
    const ja = await a.request<JoinGroupResponse>(G.JoinGroup, 4, joinRequest(group, { memberId: first.memberId, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0]) }] }));
    await a.request<SyncGroupResponse>(G.SyncGroup, 2, { groupId: group, generationId: ja.generationId, memberId: ja.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });

    const inconsistent = await b.request<JoinGroupResponse>(G.JoinGroup, 5, joinRequest(group, { protocolType: 'consumer', protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] }));
    assert.equal(inconsistent.errorCode, E.INCONSISTENT_GROUP_PROTOCOL);
    assert.equal((await b.request<JoinGroupResponse>(G.JoinGroup, 5, joinRequest(''))).errorCode, E.INVALID_GROUP_ID);
    assert.equal((await b.request<JoinGroupResponse>(G.JoinGroup, 5, joinRequest(group, { sessionTimeoutMs: 10 }))).errorCode, E.INVALID_SESSION_TIMEOUT);
    assert.equal((await b.request<HeartbeatResponse>(G.Heartbeat, 4, { groupId: group, generationId: ja.generationId, memberId: 'ghost', groupInstanceId: null })).errorCode, E.UNKNOWN_MEMBER_ID);
    assert.equal((await b.request<HeartbeatResponse>(G.Heartbeat, 4, { groupId: group, generationId: 99, memberId: ja.memberId, groupInstanceId: null })).errorCode, E.ILLEGAL_GENERATION);
    const badCommit = await b.request<OffsetCommitResponse>(G.OffsetCommit, 8, commitRequest(group, topic, [[7, 1]], ja.generationId, ja.memberId));
    assert.equal(badCommit.topics[0].partitions[0].errorCode, E.UNKNOWN_TOPIC_OR_PARTITION);
    const stale = await b.request<OffsetCommitResponse>(G.OffsetCommit, 8, commitRequest(group, topic, [[0, 1]], ja.generationId + 1, ja.memberId));
    assert.equal(stale.topics[0].partitions[0].errorCode, E.ILLEGAL_GENERATION);

    // The group is untouched: still Stable, its member heartbeats and commits.
    assert.equal((await a.request<HeartbeatResponse>(G.Heartbeat, 4, { groupId: group, generationId: ja.generationId, memberId: ja.memberId, groupInstanceId: null })).errorCode, E.NONE);
    const ok = await a.request<OffsetCommitResponse>(G.OffsetCommit, 8, commitRequest(group, topic, [[0, 3]], ja.generationId, ja.memberId));
    assert.equal(ok.topics[0].partitions[0].errorCode, E.NONE);
    const d = await a.request<DescribeGroupsResponse>(G.DescribeGroups, 0, { groups: [group], includeAuthorizedOperations: false });
    assert.deepEqual([d.groups[0].groupState, d.groups[0].members.length], ['Stable', 1]);
  });
  it('deleting a topic drops every group\'s committed offsets of it', async () => {
    const doomed = uniqueTopic('doomed');
    broker.topics.createTopic(doomed, 1, {});
    const commit = await b.request<OffsetCommitResponse>(G.OffsetCommit, 2, commitRequest('doomed-readers', doomed, [[0, 7]]));
    assert.equal(commit.topics[0].partitions[0].errorCode, E.NONE);
    const fetch = async (): Promise<number> => (await b.request<OffsetFetchResponse>(G.OffsetFetch, 1, {
      groupId: 'doomed-readers', topics: [{ name: doomed, partitionIndexes: [0] }], groups: [], requireStable: false,
    })).topics[0].partitions[0].committedOffset;
    assert.equal(await fetch(), 7);
    broker.topics.deleteTopic(doomed);
    broker.topics.createTopic(doomed, 1, {});
    assert.equal(await fetch(), -1, 'the re-created topic is not read from the old position');
  });
});
