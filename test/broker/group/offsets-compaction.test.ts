// __consumer_offsets is compacted by the log cleaner like any compacted topic: after many
// commits only the latest offset per (group, topic, partition) is left (plus the group metadata
// and deletion tombstones), and what the coordinator replays from it after a restart is exactly
// what it served before.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { decodeRecords } from '../../helpers/records.js';
import type { OffsetCommitResponse } from '../../../broker/protocol/messages/offset-commit.js';
import { captureLogger, removeDir, startBroker, tempDir, uniqueTopic } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';

const OFFSET_COMMIT = 8;

const settings = {
  'offsets.topic.num.partitions': '1',
  'offsets.topic.segment.bytes': '2048',
  'log.cleaner.backoff.ms': '50',
  'group.initial.rebalance.delay.ms': '0',
};

describe('__consumer_offsets compaction', () => {
  const dir = tempDir();
  after(() => removeDir(dir));

  it('keeps the latest commit per partition, and the coordinator replays the compacted topic after a restart', async () => {
    const { log, lines } = captureLogger();
    let { broker } = await startBroker({ dir, settings, log });
    const topic = uniqueTopic('offsets-compaction');
    const kept = uniqueTopic('group-kept');
    const gone = uniqueTopic('group-gone');
    let kafka = new Kafka({ clientId: 'offsets-compaction', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    let admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    // Standalone commits (generation -1, no member), as admin tools send them. (kafkajs's
    // admin.setOffsets runs a whole consumer per call and waits out a 5 s fetch each time.)
    const raw = await RawClient.connect(broker.bootstrap);
    const commit = async (groupId: string, offsets: [number, number][]): Promise<void> => {
      const res = await raw.request<OffsetCommitResponse>(OFFSET_COMMIT, 8, {
        groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
        topics: [{ name: topic, partitions: offsets.map(([partitionIndex, committedOffset]) => ({ partitionIndex, committedOffset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null })) }],
      });
      assert.deepEqual(res.topics[0].partitions.map((p) => p.errorCode), offsets.map(() => 0));
    };
    for (let i = 1; i <= 60; i++) {
      await commit(kept, [0, 1, 2].map((partition) => [partition, i * 10 + partition]));
      if (i <= 5) await commit(gone, [[0, i]]);
    }
    raw.close();
    await admin.deleteGroups([gone]);
    // Wait until the passes have reached the last commits: the cleaner runs every 50 ms, so its
    // first pass may well have covered only the first few segments.
    const plog = broker.topics.partition('__consumer_offsets', 0)!;
    const readAll = (): ReturnType<typeof decodeRecords> => decodeRecords(plog.read(plog.logStartOffset, Number.MAX_SAFE_INTEGER, true).records);
    const deadline = Date.now() + 15_000;
    while (!lines.some((l) => l.includes('[__consumer_offsets-0] Log cleaner cleaned')) || readAll().length >= 60) {
      if (Date.now() > deadline) assert.fail(`the cleaner did not compact __consumer_offsets (${readAll().length} of ${plog.logEndOffset} records left)`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const records = readAll();
    assert.ok(records.length < 60, `compacted: ${records.length} of ${plog.logEndOffset} records left`);
    const fetched = async (): Promise<Record<number, string>> => {
      const [res] = await admin.fetchOffsets({ groupId: kept, topics: [topic] });
      return Object.fromEntries(res.partitions.map((p) => [p.partition, p.offset]));
    };
    const want = { 0: '600', 1: '601', 2: '602' };
    assert.deepEqual(await fetched(), want);
    await admin.disconnect();
    await broker.close();

    ({ broker } = await startBroker({ dir, settings, log }));
    kafka = new Kafka({ clientId: 'offsets-compaction-2', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    assert.deepEqual(await fetched(), want);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    assert.ok(groups.includes(kept) && !groups.includes(gone), `groups after restart: ${groups.join(', ')}`);
    await admin.disconnect();
    await broker.close();
  });
});
