// Committed offsets survive a broker restart: a kafkajs consumer commits part of what it read, the
// broker restarts on the same data directory, and a new consumer of the group starts exactly at
// the committed offsets.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { encodeRecordBatch } from '../../../broker/log/record-codec.js';
import { removeDir, startBroker, tempDir, uniqueTopic } from '../../helpers/broker.js';
import { produce, RawClient } from '../../helpers/raw-client.js';

const settings = { 'group.initial.rebalance.delay.ms': '0' };

function client(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'restart-it', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
}

/** Runs a consumer of `groupId`; calls `onRecord` per record and commits offset+1 when it returns true. */
async function consume(kafka: Kafka, topic: string, groupId: string, onRecord: (partition: number, offset: number) => boolean): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const offset = Number(message.offset);
      if (onRecord(partition, offset)) await consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
    },
  });
  return consumer;
}

/** Records read by a consumer; `until` resolves as soon as a push makes its condition true. */
class Seen {
  readonly items: [number, number][] = [];
  private wake: (() => void) | null = null;

  push(partition: number, offset: number): void {
    this.items.push([partition, offset]);
    this.wake?.();
  }

  async until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting until ${what} (${this.items.length} records read)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => { clearTimeout(t); resolve(); };
      });
      this.wake = null;
    }
  }
}

describe('committed offsets across a broker restart', () => {
  const dir = tempDir();
  after(() => removeDir(dir));

  it('a consumer of the group resumes exactly at the offsets committed before the restart', async () => {
    const topic = uniqueTopic('resume');
    const groupId = 'resume-group';
    let { broker } = await startBroker({ dir, settings });
    broker.topics.createTopic(topic, 2, {});
    const raw = await RawClient.connect(broker.bootstrap);
    for (const p of [0, 1]) await produce(raw, topic, p, encodeRecordBatch(Array.from({ length: 10 }, (_, i) => ({ value: `v${p}-${i}` }))));
    raw.close();

    // Reads everything, commits only up to offset 6 (offsets 6..9 are read but not committed).
    const seen = new Seen();
    let kafka = client(broker.bootstrap);
    let consumer = await consume(kafka, topic, groupId, (p, o) => { seen.push(p, o); return o < 6; });
    await seen.until(() => seen.items.length === 20, 20_000, 'all 20 records are read');
    await consumer.disconnect();
    let admin = kafka.admin();
    await admin.connect();
    const before = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.deepEqual(before[0].partitions.map((p) => [p.partition, p.offset]).sort(), [[0, '6'], [1, '6']]);
    await admin.disconnect();
    await broker.close();

    ({ broker } = await startBroker({ dir, settings }));
    try {
      kafka = client(broker.bootstrap);
      admin = kafka.admin();
      await admin.connect();
      const restored = await admin.fetchOffsets({ groupId, topics: [topic] });
      assert.deepEqual(restored[0].partitions.map((p) => [p.partition, p.offset]).sort(), [[0, '6'], [1, '6']]);
      const described = await admin.describeGroups([groupId]);
      assert.equal(described.groups[0].state, 'Empty');
      assert.equal(described.groups[0].protocolType, 'consumer');
      assert.ok((await admin.listGroups()).groups.some((g) => g.groupId === groupId));

      const resumed = new Seen();
      consumer = await consume(kafka, topic, groupId, (p, o) => { resumed.push(p, o); return true; });
      await resumed.until(() => resumed.items.length >= 8, 20_000, 'the uncommitted records are read again');
      await consumer.disconnect();
      for (const p of [0, 1]) {
        assert.deepEqual(resumed.items.filter(([q]) => q === p).map(([, o]) => o), [6, 7, 8, 9], `partition ${p} resumes at 6`);
      }
      const after = await admin.fetchOffsets({ groupId, topics: [topic] });
      assert.deepEqual(after[0].partitions.map((p) => [p.partition, p.offset]).sort(), [[0, '10'], [1, '10']]);
      await admin.disconnect();
    } finally {
      await broker.close();
    }
  });
});
