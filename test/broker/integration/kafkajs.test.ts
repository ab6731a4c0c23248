// kafkajs 2.2.4 (classic encodings: Produce v7, Fetch v11, Metadata v6, ListOffsets v4...)
// against an in-process broker. kafkajs's consumer needs a group, which the broker does not have
// yet, so records are read back with kafkajs's own Fetch one level down (test/helpers/kafkajs.ts)
// and cross-checked with a raw Fetch v12.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, Partitioners, logLevel, type Admin, type Message } from 'kafkajs';
import type { Broker } from '../../../broker/broker.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { kafkajsReadTopic, type KafkajsRecord } from '../../helpers/kafkajs.js';
import { assertReadBack, type SentRecord } from '../../helpers/read-back.js';

const str = (b: Buffer | string | null | undefined): string | null => (b === null || b === undefined ? null : b.toString());

function client(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'kafkajs-it', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 50 } });
}

/** The `type` of a kafkajs error or of any error in its cause chain. */
function kafkajsErrorType(e: unknown): string | undefined {
  for (let cur = e as { type?: string; cause?: unknown; originalError?: unknown } | undefined; cur; cur = (cur.cause ?? cur.originalError) as typeof cur) {
    if (cur.type) return cur.type;
  }
  return undefined;
}

describe('kafkajs client', () => {
  let broker: Broker;
  let dir: string;
  let kafka: Kafka;
  let admin: Admin;

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'num.partitions': '2' } }));
    kafka = client(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await admin.disconnect();
    await broker.close();
    removeDir(dir);
  });

  it('creates a 3-partition topic, produces keyed and unkeyed records with acks 1, 0 and all, and reads all back in order', async () => {
    const topic = uniqueTopic('kjs-produce');
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] }), true);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.equal(md.topics[0].partitions.length, 3);

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    const sent: SentRecord[] = [];
    let seq = 0;
    try {
      // acks=0 sits between two acknowledged sends on the same connection: the broker answers
      // requests of a connection in order, so once the acks=all send is answered the acks=0
      // batch is in the log too.
      for (const acks of [1, 0, -1]) {
        const batch: SentRecord[] = [];
        for (let i = 0; i < 12; i++) {
          seq += 1;
          const keyed = i % 3 !== 2;
          batch.push({ seq, key: keyed ? `user-${(seq * 7) % 11}` : null, value: `acks${acks}-value-${seq}`, headers: { seq: String(seq), origin: 'kafkajs' }, acks });
        }
        const messages: Message[] = batch.map((s) => ({ key: s.key, value: s.value, headers: s.headers }));
        const meta = await producer.send({ topic, acks, messages });
        if (acks === 0) {
          assert.deepEqual(meta, []);
        } else {
          assert.ok(meta.length >= 1);
          for (const m of meta) assert.equal(m.errorCode, 0);
        }
        sent.push(...batch);
      }
    } finally {
      await producer.disconnect();
    }

    const read = await kafkajsReadTopic(kafka, topic);
    await assertReadBack(broker.bootstrap, topic, 3, sent, new Map([...read].map(([p, records]) => [p, records.map((r: KafkajsRecord) => ({
      offset: r.offset, key: str(r.key), value: str(r.value),
      headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, str(v as Buffer)!])),
    }))])));
    assert.ok(sent.filter((s) => s.acks === 0).every((s) => [...read.values()].flat().some((r) => str(r.value) === s.value)));
  });

  it('ListOffsets: earliest, latest and by timestamp', async () => {
    const topic = uniqueTopic('kjs-offsets');
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    const t0 = Date.now() - 60_000;
    try {
      // One batch per record (one send each), timestamps a second apart, all on partition 1.
      for (let i = 0; i < 5; i++) {
        await producer.send({ topic, acks: -1, messages: [{ partition: 1, value: `v${i}`, timestamp: String(t0 + i * 1000) }] });
      }
      // Then one batch of three records (offsets 5-7) with timestamps t0+5s, +6s, +7s.
      await producer.send({ topic, acks: -1, messages: [5, 6, 7].map((i) => ({ partition: 1, value: `v${i}`, timestamp: String(t0 + i * 1000) })) });
    } finally {
      await producer.disconnect();
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    const byPartition = new Map(offsets.map((o) => [o.partition, o]));
    assert.deepEqual({ low: byPartition.get(1)!.low, high: byPartition.get(1)!.high }, { low: '0', high: '8' });
    for (const p of [0, 2]) assert.deepEqual({ low: byPartition.get(p)!.low, high: byPartition.get(p)!.high }, { low: '0', high: '0' });

    const at = async (ts: number): Promise<string> =>
      (await admin.fetchTopicOffsetsByTimestamp(topic, ts)).find((o) => o.partition === 1)!.offset;
    assert.equal(await at(t0 - 1), '0', 'before the first record: offset 0');
    assert.equal(await at(t0), '0');
    assert.equal(await at(t0 + 1500), '2', 'first record at or after the time');
    assert.equal(await at(t0 + 4000), '4');
    assert.equal(await at(t0 + 4500), '5', 'the first record of the multi-record batch');
    // Inside a batch, as in Kafka, the offset of the first record at or after the time (not the batch's base offset).
    assert.equal(await at(t0 + 6000), '6');
    assert.equal(await at(t0 + 6500), '7');
    // No record that late: the broker answers -1 and kafkajs substitutes the high watermark.
    assert.equal(await at(t0 + 10_000), '8');
  });

  it('a LogAppendTime topic stamps records with the broker\'s clock', async () => {
    const topic = uniqueTopic('kjs-logappend');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] }] });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    const before = Date.now();
    let meta;
    try {
      meta = await producer.send({ topic, acks: -1, messages: [{ value: 'a', timestamp: '1000' }, { value: 'b', timestamp: '2000' }] });
    } finally {
      await producer.disconnect();
    }
    const appended = Number(meta[0].logAppendTime);
    assert.ok(appended >= before && appended <= Date.now(), `logAppendTime ${appended} is the broker's time`);
    const records = (await kafkajsReadTopic(kafka, topic)).get(0)!;
    assert.deepEqual(records.map((r) => [str(r.value), r.timestamp]), [['a', appended], ['b', appended]]);
  });

  it('Metadata auto-creation: producing to an unknown topic creates it with num.partitions', async () => {
    const topic = uniqueTopic('kjs-auto');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
    await producer.connect();
    try {
      const meta = await producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'auto' }] });
      assert.equal(meta[0].errorCode, 0);
    } finally {
      await producer.disconnect();
    }
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.equal(md.topics[0].partitions.length, 2, 'num.partitions=2');
    const read = await kafkajsReadTopic(kafka, topic);
    assert.deepEqual([...read.values()].flat().map((r) => str(r.value)), ['auto']);
  });

  it('Metadata auto-creation disabled: producing to an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const other = await startBroker({ settings: { 'auto.create.topics.enable': 'false' } });
    const k = new Kafka({ clientId: 'kafkajs-it', brokers: [other.broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const producer = k.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
    const a = k.admin();
    try {
      await producer.connect();
      await a.connect();
      await assert.rejects(producer.send({ topic: 'not-there', acks: -1, messages: [{ value: 'x' }] }),
        (e: unknown) => kafkajsErrorType(e) === 'UNKNOWN_TOPIC_OR_PARTITION');
      assert.deepEqual(await a.listTopics(), []);
      assert.equal(existsSync(join(other.dir, 'not-there-0')), false);
    } finally {
      await producer.disconnect();
      await a.disconnect();
      await other.broker.close();
      removeDir(other.dir);
    }
  });
});
