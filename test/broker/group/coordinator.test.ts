// The coordinator's API-level operations on real partition logs and a manual clock: committed
// offsets (commit, fetch, delete, expiry), DeleteGroups / DescribeGroups / ListGroups, request
// validation, and rebuilding everything from __consumer_offsets after a restart.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BrokerConfig } from '../../../broker/config/broker-config.js';
import { ManualClock } from '../../../broker/group/clock.js';
import { DEFAULT_SETTINGS, GroupCoordinator, type CoordinatorSettings, type JoinGroupParams } from '../../../broker/group/coordinator.js';
import type { CommitParams } from '../../../broker/group/offsets.js';
import { OFFSETS_TOPIC } from '../../../broker/group/offsets-topic.js';
import { decodeKey } from '../../../broker/group/offset-records.js';
import { decodeRecordBatches } from '../../../broker/log/record-codec.js';
import { ErrorCode } from '../../../broker/protocol/error-codes.js';
import { TopicManager } from '../../../broker/topics/topic-manager.js';
import { silentLogger } from '../../../broker/util/logger.js';
import { removeDir, tempDir } from '../../helpers/broker.js';
import { proto, subscription } from './group-helper.js';

const E = ErrorCode;
const T0 = 1_700_000_000_000;

interface Node { topics: TopicManager; clock: ManualClock; c: GroupCoordinator; close(): void }

const opened: Node[] = [];
const dirs: string[] = [];

function open(dir: string, settings: Partial<CoordinatorSettings> = {}, clock = new ManualClock(T0)): Node {
  const topics = new TopicManager(new BrokerConfig(new Map([['log.dirs', dir]])), silentLogger);
  const c = new GroupCoordinator(topics, { ...DEFAULT_SETTINGS, offsetsTopicPartitions: 5, initialRebalanceDelayMs: 0, ...settings }, silentLogger, clock);
  c.start();
  const node = { topics, clock, c, close: () => { c.close(); topics.close(); } };
  opened.push(node);
  return node;
}

function fresh(settings: Partial<CoordinatorSettings> = {}): Node & { dir: string } {
  const dir = tempDir('tributary-group-');
  dirs.push(dir);
  const n = open(dir, settings);
  n.topics.createTopic('t', 2, {});
  return { ...n, dir };
}

afterEach(() => {
  for (const n of opened.splice(0)) n.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

const commit = (c: GroupCoordinator, groupId: string, parts: [string, number, number, string?][], member: Partial<CommitParams> = {}): number[] =>
  c.offsets.commit({
    groupId, generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    topics: parts.map(([name, partitionIndex, committedOffset, meta]) => ({ name, partitions: [{ partitionIndex, committedOffset, committedLeaderEpoch: 1, committedMetadata: meta ?? null }] })),
    ...member,
  }).map((t) => t.partitions[0].errorCode);

const fetched = (c: GroupCoordinator, groupId: string, topic: string, partitions: number[]): [number, string][] =>
  c.offsets.fetch(groupId, [{ name: topic, partitionIndexes: partitions }]).topics[0].partitions.map((p) => [p.committedOffset, p.metadata]);

function joinParams(groupId: string, over: Partial<JoinGroupParams> = {}): JoinGroupParams {
  return {
    groupId, memberId: '', groupInstanceId: null, clientId: 'cl', clientHost: '/127.0.0.1', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000,
    protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription('t') }], requireKnownMemberId: false,
    supportSkippingAssignment: false, reason: null, ...over,
  };
}

/** One member joins `groupId` and syncs as leader: a Stable group at generation 1. */
async function stableMember(n: Node, groupId: string, over: Partial<JoinGroupParams> = {}): Promise<string> {
  const joined = n.c.joinGroup(joinParams(groupId, over));
  n.clock.advance(0);
  const j = await joined;
  assert.equal(j.errorCode, E.NONE);
  const s = await n.c.syncGroup({ groupId, memberId: j.memberId, groupInstanceId: null, generationId: j.generationId, protocolType: null, protocolName: null, assignments: new Map([[j.memberId, Buffer.from('x')]]) });
  assert.equal(s.errorCode, E.NONE);
  return j.memberId;
}

describe('group coordinator', () => {
  it('OffsetCommit / OffsetFetch: per-partition errors, metadata, leader epochs, -1 where nothing is committed', () => {
    const { c } = fresh();
    const res = c.offsets.commit({
      groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
      topics: [
        { name: 't', partitions: [
          { partitionIndex: 0, committedOffset: 10, committedLeaderEpoch: 3, committedMetadata: 'meta' },
          { partitionIndex: 1, committedOffset: 20, committedLeaderEpoch: -1, committedMetadata: null },
          { partitionIndex: 5, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: null },
        ] },
        { name: 'nope', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: null }] },
      ],
    });
    assert.deepEqual(res.map((t) => t.partitions.map((p) => p.errorCode)), [[E.NONE, E.NONE, E.UNKNOWN_TOPIC_OR_PARTITION], [E.UNKNOWN_TOPIC_OR_PARTITION]]);
    assert.deepEqual(commit(c, 'g', [['t', 0, 11, 'x'.repeat(4097)]]), [E.OFFSET_METADATA_TOO_LARGE]);
    assert.deepEqual(commit(c, 'g', [['t', 1, 21, 'y'.repeat(4096)]]), [E.NONE]);
    const f = c.offsets.fetch('g', [{ name: 't', partitionIndexes: [0, 1, 2] }]);
    assert.equal(f.errorCode, E.NONE);
    assert.deepEqual(f.topics[0].partitions, [
      { partitionIndex: 0, committedOffset: 10, committedLeaderEpoch: 3, metadata: 'meta', errorCode: E.NONE },
      { partitionIndex: 1, committedOffset: 21, committedLeaderEpoch: 1, metadata: 'y'.repeat(4096), errorCode: E.NONE },
      { partitionIndex: 2, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: E.NONE },
    ]);
    assert.deepEqual(c.offsets.fetch('g', null).topics.map((t) => [t.name, t.partitions.map((p) => p.partitionIndex)]), [['t', [0, 1]]]);
    assert.deepEqual(c.offsets.fetch('unknown', null).topics, []);
    assert.deepEqual(fetched(c, 'unknown', 't', [0]), [[-1, '']]);
    assert.deepEqual(commit(c, 'other', [['t', 0, 1]], { generationId: 3, memberId: 'm' }), [E.ILLEGAL_GENERATION], 'a member commit for a group that does not exist');
    assert.deepEqual(commit(c, 'g', [['t', 0, 1]], { memberId: 'm' }), [E.UNKNOWN_MEMBER_ID]);
  });

  it('member commits, OffsetDelete, DeleteGroups, DescribeGroups and ListGroups follow the group state', async () => {
    const n = fresh();
    const { c, topics } = n;
    topics.createTopic('u', 1, {});
    const m = await stableMember(n, 'g');
    assert.deepEqual(commit(c, 'g', [['t', 0, 5], ['u', 0, 6]], { generationId: 1, memberId: m }), [E.NONE, E.NONE]);
    assert.deepEqual(commit(c, 'g', [['t', 0, 9]]), [E.UNKNOWN_MEMBER_ID], 'no standalone commits while the group has members');
    assert.deepEqual(commit(c, 'g', [['t', 0, 9]], { generationId: 2, memberId: m }), [E.ILLEGAL_GENERATION]);

    const del = c.offsets.delete('g', [{ name: 't', partitions: [{ partitionIndex: 0 }] }, { name: 'u', partitions: [{ partitionIndex: 0 }] }, { name: 'nope', partitions: [{ partitionIndex: 0 }] }]);
    assert.equal(del.errorCode, E.NONE);
    assert.deepEqual(del.topics.map((t) => t.partitions[0].errorCode), [E.GROUP_SUBSCRIBED_TO_TOPIC, E.NONE, E.UNKNOWN_TOPIC_OR_PARTITION]);
    assert.deepEqual(fetched(c, 'g', 'u', [0]), [[-1, '']]);
    assert.deepEqual(fetched(c, 'g', 't', [0]), [[5, '']]);
    assert.equal(c.offsets.delete('unknown', []).errorCode, E.GROUP_ID_NOT_FOUND);

    assert.deepEqual(c.deleteGroups(['g', 'unknown']), [E.NON_EMPTY_GROUP, E.GROUP_ID_NOT_FOUND]);
    const [dg, du] = c.describeGroups(['g', 'unknown']);
    assert.equal(dg.state, 'Stable');
    assert.equal(dg.protocol, 'range');
    assert.deepEqual(dg.members.map((x) => [x.memberId, x.clientId, x.clientHost, x.assignment.toString()]), [[m, 'cl', '/127.0.0.1', 'x']]);
    assert.deepEqual(du, { errorCode: E.NONE, groupId: 'unknown', state: 'Dead', protocolType: '', protocol: '', members: [] });

    // A group of another protocol type with members: its offsets cannot be deleted at all.
    const w = await stableMember(n, 'workers', { protocolType: 'connect', protocols: [proto('sessioned')] });
    assert.ok(w);
    assert.equal(c.offsets.delete('workers', [{ name: 't', partitions: [{ partitionIndex: 0 }] }]).errorCode, E.NON_EMPTY_GROUP);
    assert.deepEqual(c.listGroups([]).map((g) => [g.groupId, g.protocolType, g.state]), [['g', 'consumer', 'Stable'], ['workers', 'connect', 'Stable']]);

    assert.deepEqual(c.leaveGroup('g', [{ memberId: m, groupInstanceId: null }]), { errorCode: E.NONE, members: [E.NONE] });
    assert.deepEqual(c.listGroups(['empty']).map((g) => g.groupId), ['g'], 'state filters ignore case');
    assert.deepEqual(c.offsets.delete('g', [{ name: 't', partitions: [{ partitionIndex: 0 }] }]).topics[0].partitions[0].errorCode, E.NONE);
    commit(c, 'g', [['t', 1, 3]]);
    assert.deepEqual(c.deleteGroups(['g']), [E.NONE]);
    assert.deepEqual(c.offsets.fetch('g', null).topics, []);
    assert.deepEqual(c.listGroups([]).map((g) => g.groupId), ['workers']);
  });

  it('request validation: INVALID_GROUP_ID, INVALID_SESSION_TIMEOUT, unknown groups; close() answers waiting joins', async () => {
    const { c } = fresh({ initialRebalanceDelayMs: 3000 });
    assert.equal((await c.joinGroup(joinParams(''))).errorCode, E.INVALID_GROUP_ID);
    assert.equal((await c.joinGroup(joinParams('g', { sessionTimeoutMs: 5999 }))).errorCode, E.INVALID_SESSION_TIMEOUT);
    assert.equal((await c.joinGroup(joinParams('g', { sessionTimeoutMs: 1_800_001 }))).errorCode, E.INVALID_SESSION_TIMEOUT);
    assert.equal((await c.joinGroup(joinParams('g', { memberId: 'ghost' }))).errorCode, E.UNKNOWN_MEMBER_ID);
    assert.equal(c.heartbeat('', 'm', null, 1), E.INVALID_GROUP_ID);
    assert.equal(c.heartbeat('g', 'm', null, 1), E.UNKNOWN_MEMBER_ID);
    assert.equal((await c.syncGroup({ groupId: 'g', memberId: 'm', groupInstanceId: null, generationId: 1, protocolType: null, protocolName: null, assignments: new Map() })).errorCode, E.UNKNOWN_MEMBER_ID);
    assert.deepEqual(c.leaveGroup('g', [{ memberId: 'm', groupInstanceId: null }]), { errorCode: E.NONE, members: [E.UNKNOWN_MEMBER_ID] });
    const waiting = c.joinGroup(joinParams('g'));
    c.close();
    assert.equal((await waiting).errorCode, E.COORDINATOR_NOT_AVAILABLE);
    assert.equal(c.heartbeat('g', 'm', null, 1), E.COORDINATOR_NOT_AVAILABLE);
  });

  it('groups and offsets are rebuilt from __consumer_offsets after a restart, tombstones included', async () => {
    const n = fresh();
    const member = await stableMember(n, 'g1');
    assert.deepEqual(commit(n.c, 'g1', [['t', 0, 5, 'checkpoint']], { generationId: 1, memberId: member }), [E.NONE]);
    commit(n.c, 'g2', [['t', 1, 7]]);
    n.c.offsets.delete('g2', [{ name: 't', partitions: [{ partitionIndex: 1 }] }]);
    commit(n.c, 'g2', [['t', 0, 3]]);
    commit(n.c, 'g3', [['t', 0, 1]]);
    assert.deepEqual(n.c.deleteGroups(['g3']), [E.NONE]);

    // What is in the log: Kafka's keys, in g1's partition.
    const log = n.topics.partition(OFFSETS_TOPIC, n.c.offsetsTopic.partitionFor('g1'))!;
    const keys = decodeRecordBatches(log.read(0, 1 << 20, true).records).flatMap((b) => b.records).map((r) => decodeKey(r.key!));
    assert.deepEqual(keys.filter((k) => k?.group === 'g1'), [{ kind: 'group', group: 'g1' }, { kind: 'offset', group: 'g1', topic: 't', partition: 0 }]);
    n.close();

    const again = open(n.dir);
    const c = again.c;
    const [g1, g2, g3] = c.describeGroups(['g1', 'g2', 'g3']);
    assert.equal(g1.state, 'Empty', 'members must rejoin after a restart');
    assert.equal(g1.protocolType, 'consumer');
    assert.equal(c.groups.get('g1')!.generationId, 1);
    assert.equal(g2.state, 'Empty');
    assert.equal(g3.state, 'Dead');
    assert.deepEqual(fetched(c, 'g1', 't', [0, 1]), [[5, 'checkpoint'], [-1, '']]);
    assert.deepEqual(fetched(c, 'g2', 't', [0, 1]), [[3, ''], [-1, '']]);
    assert.deepEqual(c.offsets.fetch('g3', null).topics, []);
    assert.equal(c.heartbeat('g1', member, null, 1), E.UNKNOWN_MEMBER_ID);
    const rejoined = c.joinGroup(joinParams('g1'));
    again.clock.advance(0);
    assert.equal((await rejoined).generationId, 2, 'generations continue');
  });

  it('offsets expire offsets.retention after the group emptied (standalone ones after their commit), then the group goes', async () => {
    const n = fresh({ offsetsRetentionMs: 60_000, retentionCheckIntervalMs: 10_000 });
    const { c, clock } = n;
    commit(c, 'standalone', [['t', 0, 1]]);
    commit(c, 'retained', [['t', 0, 1]], { retentionTimeMs: 5000 });
    const m = await stableMember(n, 'consumers');
    commit(c, 'consumers', [['t', 0, 2]], { generationId: 1, memberId: m });
    for (const step of [9000, 9000, 2000]) {
      clock.advance(step);
      assert.equal(c.heartbeat('consumers', m, null, 1), E.NONE);
    }
    c.leaveGroup('consumers', [{ memberId: m, groupInstanceId: null }]); // empty since T0+20s
    assert.deepEqual(c.describeGroups(['retained']).map((d) => d.state), ['Dead'], 'its own retention time (5 s) has passed');
    clock.advance(10_000); // T0+30s
    commit(c, 'standalone', [['t', 1, 1]]);
    clock.advance(30_000); // T0+60s
    assert.deepEqual(fetched(c, 'standalone', 't', [0, 1]), [[-1, ''], [1, '']], 'the first commit expired, the second not yet');
    assert.deepEqual(fetched(c, 'consumers', 't', [0]), [[2, '']], 'empty for 40 s only');
    clock.advance(20_000); // T0+80s
    assert.equal(c.describeGroups(['consumers'])[0].state, 'Dead');
    clock.advance(10_000); // T0+90s
    assert.deepEqual(c.listGroups([]), []);
    n.close();
    const again = open(n.dir);
    assert.deepEqual(again.c.listGroups([]), [], 'the expiry was written as tombstones');
  });
});
