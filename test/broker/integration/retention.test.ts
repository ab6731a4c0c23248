// Retention and DeleteRecords through real clients: kafkajs admin deleteTopicRecords (DeleteRecords),
// ListOffsets earliest following the log start offset, fetches below it answered
// OFFSET_OUT_OF_RANGE, and retention.ms set by AlterConfigs dropping old segments at the next
// periodic check.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs, { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { Broker } from '../../../broker/broker.js';
import type { DeleteRecordsResponse } from '../../../broker/protocol/messages/delete-records.js';
import type { FetchResponse } from '../../../broker/protocol/messages/fetch.js';
import type { ListOffsetsResponse } from '../../../broker/protocol/messages/list-offsets.js';
import { captureLogger, removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { Api, RawClient, fetchRequest, listOffsetsRequest } from '../../helpers/raw-client.js';

const KjsResourceTypes = kafkajs.ConfigResourceTypes;
const DELETE_RECORDS = 21;
const OFFSET_OUT_OF_RANGE = 1;
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const POLICY_VIOLATION = 44;

describe('retention and DeleteRecords', () => {
  let broker: Broker;
  let dir: string;
  let admin: Admin;
  let producer: Producer;
  let raw: RawClient;
  const { log, lines } = captureLogger();

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'log.retention.check.interval.ms': '100', 'group.initial.rebalance.delay.ms': '0' }, log }));
    const kafka = new Kafka({ clientId: 'retention-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    raw = await RawClient.connect(broker.bootstrap);
  });

  after(async () => {
    raw.close();
    await producer.disconnect();
    await admin.disconnect();
    await broker.close();
    removeDir(dir);
  });

  /** A topic with 1 KB segments and `n` separately produced ~300-byte records (one batch each). */
  async function topicWithSegments(n: number, configs: Record<string, string> = {}): Promise<string> {
    const topic = uniqueTopic('retention');
    const configEntries = Object.entries({ 'segment.bytes': '1024', ...configs }).map(([name, value]) => ({ name, value }));
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }] });
    for (let i = 0; i < n; i++) await producer.send({ topic, messages: [{ key: `k${i}`, value: 'v'.repeat(300) }] });
    return topic;
  }

  async function earliest(topic: string): Promise<number> {
    const res = await raw.request<ListOffsetsResponse>(Api.ListOffsets, 7, listOffsetsRequest(topic, [0], -2));
    return res.topics[0].partitions[0].offset;
  }

  async function fetchAt(topic: string, offset: number): Promise<FetchResponse['responses'][number]['partitions'][number]> {
    const res = await raw.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic, partition: 0, offset }]));
    return res.responses[0].partitions[0];
  }

  async function deleteRecords(topic: string, offset: number, version = 2): Promise<DeleteRecordsResponse['topics'][number]['partitions'][number]> {
    const res = await raw.request<DeleteRecordsResponse>(DELETE_RECORDS, version, {
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, offset }] }], timeoutMs: 5000,
    });
    return res.topics[0].partitions[0];
  }

  it('kafkajs deleteTopicRecords moves the log start offset; ListOffsets and Fetch follow it', async () => {
    const topic = await topicWithSegments(10);
    const plog = broker.topics.partition(topic, 0)!;
    assert.ok(plog.segmentCount > 3, `segments: ${plog.segmentBaseOffsets}`);
    // kafkajs looks the leader up in its metadata cache before fetching offsets: load the topic first.
    assert.deepEqual((await admin.fetchTopicOffsets(topic)).map((o) => [o.low, o.high]), [['0', '10']]);
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '5' }] });
    assert.equal(await earliest(topic), 5);
    const offsets = await admin.fetchTopicOffsets(topic);
    assert.deepEqual(offsets.map((o) => [o.low, o.high]), [['5', '10']]);
    assert.ok(plog.segmentBaseOffsets[0] <= 5 && plog.segmentBaseOffsets[1] > 5, `segments: ${plog.segmentBaseOffsets}`);
    const below = await fetchAt(topic, 4);
    assert.equal(below.errorCode, OFFSET_OUT_OF_RANGE);
    assert.equal(below.logStartOffset, 5);
    const at = await fetchAt(topic, 5);
    assert.equal(at.errorCode, 0);
    assert.equal(at.logStartOffset, 5);
    assert.equal(at.highWatermark, 10);
    assert.ok(lines.some((l) => l.includes(`[${topic}-0] Deleting segment`) && l.includes('due to log start offset 5 breach')));
  });

  it('answers DeleteRecords errors per partition, and -1 as the high watermark', async () => {
    const topic = await topicWithSegments(4);
    assert.deepEqual(await deleteRecords(topic, 5), { partitionIndex: 0, lowWatermark: -1, errorCode: OFFSET_OUT_OF_RANGE });
    assert.deepEqual(await deleteRecords(topic, 2, 0), { partitionIndex: 0, lowWatermark: 2, errorCode: 0 });
    assert.deepEqual(await deleteRecords(topic, 1, 1), { partitionIndex: 0, lowWatermark: 2, errorCode: 0 });
    assert.deepEqual(await deleteRecords(topic, -1), { partitionIndex: 0, lowWatermark: 4, errorCode: 0 });
    assert.equal(await earliest(topic), 4);
    assert.equal((await deleteRecords(uniqueTopic('missing'), 0)).errorCode, UNKNOWN_TOPIC_OR_PARTITION);
    const compacted = await topicWithSegments(1, { 'cleanup.policy': 'compact' });
    assert.equal((await deleteRecords(compacted, 1)).errorCode, POLICY_VIOLATION);
  });

  it('retention.ms set with AlterConfigs drops the expired segments, the active one included, at the next check', async () => {
    const topic = await topicWithSegments(8);
    const plog = broker.topics.partition(topic, 0)!;
    const before = plog.segmentBaseOffsets;
    assert.ok(before.length > 2, `segments: ${before}`);
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(await earliest(topic), 0, 'the default retention keeps everything');
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: KjsResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'segment.bytes', value: '1024' }, { name: 'retention.ms', value: '1' }] }],
    });
    // Every record is older than 1 ms: the closed segments go, then the active one is rolled and
    // goes too (as Kafka), leaving an empty log that starts at the end offset.
    const end = plog.logEndOffset;
    const deadline = Date.now() + 5000;
    while ((await earliest(topic)) !== end && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await earliest(topic), end);
    assert.deepEqual(plog.segmentBaseOffsets, [end]);
    assert.equal((await fetchAt(topic, 0)).errorCode, OFFSET_OUT_OF_RANGE);
    assert.equal((await fetchAt(topic, end)).errorCode, 0);
    assert.ok(lines.some((l) => /INFO/.test(l) && l.includes(`[${topic}-0] Deleting segment`) && l.includes('due to retention time 1ms breach')),
      lines.filter((l) => l.includes(topic)).join('\n'));
    // kafkajs sees it as the low offset.
    const offsets = await admin.fetchTopicOffsets(topic);
    assert.deepEqual(offsets.map((o) => o.low), [String(end)]);
  });

  /** Starts a kafkajs group member and resolves with the offset of the first record it gets. */
  async function firstOffsetConsumed(kafka: Kafka, groupId: string, topic: string, fromBeginning: boolean, afterJoin?: () => Promise<void>): Promise<number> {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning });
    try {
      return await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no record consumed within 15 s')), 15_000);
        consumer.on(consumer.events.GROUP_JOIN, () => {
          afterJoin?.().catch(reject);
        });
        consumer.run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(Number(message.offset));
          },
        }).catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  }

  it('a group whose committed offset fell below the log start resets per auto.offset.reset (kafkajs fromBeginning)', async () => {
    const kafka = new Kafka({ clientId: 'retention-reset', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    for (const fromBeginning of [true, false]) {
      const topic = await topicWithSegments(6);
      const groupId = uniqueTopic('reset-group');
      await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });
      assert.deepEqual(await deleteRecords(topic, 4), { partitionIndex: 0, lowWatermark: 4, errorCode: 0 });
      // The committed offset 2 is out of range now: earliest = the new start 4; latest = the end,
      // so the first record is one produced after the member joined.
      const first = await firstOffsetConsumed(kafka, groupId, topic, fromBeginning, async () => {
        if (!fromBeginning) {
          await new Promise((r) => setTimeout(r, 300));
          await producer.send({ topic, messages: [{ key: 'late', value: 'after the reset' }] });
        }
      });
      assert.equal(first, fromBeginning ? 4 : 6, `fromBeginning=${fromBeginning}`);
    }
  });
});
