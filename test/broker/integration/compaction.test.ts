// Compacted topics through real clients: kafkajs produces updates (some batches gzip-compressed)
// and tombstones to a topic with cleanup.policy=compact; the broker's cleaner runs on its own
// schedule; a kafkajs consumer group and @platformatic/kafka then read exactly the latest value
// per key, with the tombstones, and later without them once delete.retention.ms has passed.
// A keyless record is refused with INVALID_RECORD.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Consumer as PlatformaticConsumer } from '@platformatic/kafka';
import { CompressionTypes, Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { Broker } from '../../../broker/broker.js';
import { captureLogger, removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { platformaticReadTopic } from '../../helpers/platformatic.js';
import { decodeRecords } from '../../helpers/records.js';

const KEYS = 20;
const ROUNDS = 5;
const DELETED = ['k3', 'k7'];

describe('compacted topics', () => {
  let broker: Broker;
  let dir: string;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let pconsumer: PlatformaticConsumer;
  const { log, lines } = captureLogger();

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'log.cleaner.backoff.ms': '50', 'group.initial.rebalance.delay.ms': '0' }, log }));
    kafka = new Kafka({ clientId: 'compaction-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    pconsumer = new PlatformaticConsumer({ clientId: 'compaction-it-p', groupId: 'unused', bootstrapBrokers: [broker.bootstrap] });
  });

  after(async () => {
    await pconsumer.close();
    await producer.disconnect();
    await admin.disconnect();
    await broker.close();
    removeDir(dir);
  });

  /** Reads the topic with a kafkajs consumer group from the beginning up to the end offset. */
  async function kafkajsConsume(topic: string): Promise<{ key: string; value: string | null; offset: number }[]> {
    const [{ high }] = await admin.fetchTopicOffsets(topic);
    const consumer = kafka.consumer({ groupId: uniqueTopic('compaction-reader'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: { key: string; value: string | null; offset: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kafkajs consumer did not reach offset ${high} (saw ${seen.length} records)`)), 20_000);
      consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) seen.push({ key: m.key!.toString(), value: m.value === null ? null : m.value.toString(), offset: Number(m.offset) });
          if (Number(batch.lastOffset()) + 1 >= Number(high)) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
    });
    await consumer.disconnect();
    return seen;
  }

  async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('keeps exactly the latest value per key, then drops expired tombstones', async () => {
    const topic = uniqueTopic('compacted');
    await admin.createTopics({
      topics: [{
        topic, numPartitions: 1, configEntries: [
          { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '1024' },
          { name: 'min.cleanable.dirty.ratio', value: '0.01' }, { name: 'delete.retention.ms', value: '3000' },
        ],
      }],
    });
    const latest = new Map<string, string | null>();
    for (let round = 0; round < ROUNDS; round++) {
      const messages = Array.from({ length: KEYS }, (_, k) => ({ key: `k${k}`, value: `k${k}@${round}` }));
      for (const m of messages) latest.set(m.key, m.value);
      await producer.send({ topic, messages, compression: round % 2 === 0 ? CompressionTypes.None : CompressionTypes.GZIP });
    }
    await producer.send({ topic, messages: DELETED.map((key) => ({ key, value: null })) });
    for (const k of DELETED) latest.set(k, null);
    // Keys that are written once, so every update above ends up in closed segments.
    for (let i = 0; i < 12; i++) {
      await producer.send({ topic, messages: [{ key: `filler${i}`, value: 'f'.repeat(200) }] });
      latest.set(`filler${i}`, 'f'.repeat(200));
    }
    // The cleaner runs every 50 ms, so its first pass may have started before the last updates
    // were written: wait until a pass has compacted every update (one record per key k*).
    const plog = broker.topics.partition(topic, 0)!;
    const updatesCompacted = (): boolean => {
      const keys = decodeRecords(plog.read(plog.logStartOffset, Number.MAX_SAFE_INTEGER, true).records)
        .map((r) => r.key!.toString()).filter((k) => k.startsWith('k'));
      return keys.length === KEYS && new Set(keys).size === KEYS;
    };
    await until('the cleaner to compact the topic', async () => lines.some((l) => l.includes(`[${topic}-0] Log cleaner cleaned`)) && updatesCompacted());

    const expectOnePerKey = (records: { key: string; value: string | null }[], withTombstones: boolean): void => {
      const keys = records.map((r) => r.key);
      assert.equal(new Set(keys).size, keys.length, `one record per key: ${keys.join(',')}`);
      const want = [...latest].filter(([, v]) => withTombstones || v !== null);
      assert.deepEqual(new Map(records.map((r) => [r.key, r.value])), new Map(want));
    };
    // kafkajs consumer group and @platformatic/kafka see the same compacted log.
    const k1 = await kafkajsConsume(topic);
    expectOnePerKey(k1, true);
    const p1 = (await platformaticReadTopic(pconsumer, topic)).get(0)!;
    assert.deepEqual(p1.map((r) => ({ key: r.key!.toString(), value: r.value === null ? null : r.value.toString(), offset: r.offset })), k1);
    // Offsets did not change: the latest write of k0 is still at its original offset.
    assert.equal(k1.find((r) => r.key === 'k0')!.offset, (ROUNDS - 1) * KEYS + 0);

    // After delete.retention.ms the tombstones go (the cleaner checks again when they are due).
    await until('the tombstones to be removed', async () => {
      const recs = (await platformaticReadTopic(pconsumer, topic)).get(0)!;
      return recs.every((r) => r.value !== null);
    });
    const k2 = await kafkajsConsume(topic);
    expectOnePerKey(k2, false);
    assert.ok(!k2.some((r) => DELETED.includes(r.key)));
  });

  it('refuses a record without a key with INVALID_RECORD and keeps serving', async () => {
    const topic = uniqueTopic('compacted-nokey');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact,delete' }] }] });
    await assert.rejects(producer.send({ topic, messages: [{ value: 'no key' }] }), (e: Error & { type?: string }) => {
      assert.equal(e.type, 'INVALID_RECORD');
      return true;
    });
    await producer.send({ topic, messages: [{ key: 'a', value: 'keyed' }] });
    const [{ high }] = await admin.fetchTopicOffsets(topic);
    assert.equal(high, '1');
  });
});
