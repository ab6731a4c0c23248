// @platformatic/kafka 1.x (flexible encodings: Metadata 12, Produce 9, Fetch 12, ListOffsets 7,
// CreateTopics 7...) against an in-process broker. Records are read back with `Consumer.fetch`,
// the client's group-less Fetch (test/helpers/platformatic.ts), and cross-checked with a raw Fetch.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Admin, Consumer, Producer, ProduceAcks, compatibilityPartitioner, stringSerializers } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import type { MetadataResponse } from '../../../broker/protocol/messages/metadata.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { platformaticReadTopic } from '../../helpers/platformatic.js';
import { assertReadBack, type SentRecord } from '../../helpers/read-back.js';
import { Api, RawClient, metadataRequest } from '../../helpers/raw-client.js';

const str = (b: Buffer | null): string | null => (b === null ? null : b.toString());

describe('@platformatic/kafka client', () => {
  let broker: Broker;
  let dir: string;
  let admin: Admin;
  let consumer: Consumer;

  const producer = (bootstrap = broker.bootstrap): Producer<string, string, string, string> =>
    new Producer({ clientId: 'plt-it', bootstrapBrokers: [bootstrap], serializers: stringSerializers, partitioner: compatibilityPartitioner, retries: 0 });

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'num.partitions': '2' } }));
    admin = new Admin({ clientId: 'plt-it', bootstrapBrokers: [broker.bootstrap], retries: 0 });
    // groupId is required by the constructor; fetch/listOffsets never use it.
    consumer = new Consumer({ clientId: 'plt-it', groupId: 'unused', bootstrapBrokers: [broker.bootstrap], retries: 0 });
  });

  after(async () => {
    await consumer.close();
    await admin.close();
    await broker.close();
    removeDir(dir);
  });

  it('creates a 3-partition topic, produces keyed and unkeyed records with acks 1, 0 and all, and reads all back in order', async () => {
    const topic = uniqueTopic('plt-produce');
    const created = await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    assert.equal(created[0].partitions, 3);
    const p = producer();
    const sent: SentRecord[] = [];
    let seq = 0;
    try {
      // acks=0 between two acknowledged sends on the same connection (answered in order).
      for (const acks of [ProduceAcks.LEADER, ProduceAcks.NO_RESPONSE, ProduceAcks.ALL]) {
        const batch: SentRecord[] = [];
        for (let i = 0; i < 12; i++) {
          seq += 1;
          const keyed = i % 3 !== 2;
          batch.push({ seq, key: keyed ? `user-${(seq * 7) % 11}` : null, value: `acks${acks}-value-${seq}`, headers: { seq: String(seq), origin: 'platformatic' }, acks });
        }
        const res = await p.send({
          acks,
          messages: batch.map((s) => ({ topic, key: s.key ?? undefined, value: s.value, headers: s.headers })),
        });
        if (acks === ProduceAcks.NO_RESPONSE) assert.deepEqual(res.unwritableNodes, []);
        else assert.ok(res.offsets && res.offsets.length >= 1);
        sent.push(...batch);
      }
    } finally {
      await p.close();
    }

    const read = await platformaticReadTopic(consumer, topic);
    await assertReadBack(broker.bootstrap, topic, 3, sent, new Map([...read].map(([p, records]) => [p, records.map((r) => ({
      offset: r.offset, key: str(r.key), value: str(r.value), headers: Object.fromEntries(r.headers) as Record<string, string>,
    }))])));
  });

  it('ListOffsets: earliest, latest and by timestamp', async () => {
    const topic = uniqueTopic('plt-offsets');
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    const p = producer();
    const t0 = Date.now() - 60_000;
    try {
      for (let i = 0; i < 5; i++) {
        await p.send({ acks: ProduceAcks.ALL, messages: [{ topic, partition: 2, value: `v${i}`, timestamp: BigInt(t0 + i * 1000) }] });
      }
    } finally {
      await p.close();
    }
    assert.deepEqual((await consumer.listOffsets({ topics: [topic] })).get(topic), [0n, 0n, 5n], 'latest');
    assert.deepEqual((await consumer.listOffsets({ topics: [topic], timestamp: -2n })).get(topic), [0n, 0n, 0n], 'earliest');
    const at = async (ts: number): Promise<{ offset: bigint; timestamp: bigint }> =>
      (await consumer.listOffsetsWithTimestamps({ topics: [topic], partitions: { [topic]: [2] }, timestamp: BigInt(ts) })).get(topic)!.get(2)!;
    assert.deepEqual(await at(t0 - 5000), { offset: 0n, timestamp: BigInt(t0) });
    assert.deepEqual(await at(t0 + 2500), { offset: 3n, timestamp: BigInt(t0 + 3000) });
    assert.deepEqual(await at(t0 + 4000), { offset: 4n, timestamp: BigInt(t0 + 4000) });
    assert.deepEqual(await at(t0 + 9000), { offset: -1n, timestamp: -1n }, 'nothing that late');
    // -3: the record with the largest timestamp (v7).
    assert.deepEqual((await consumer.listOffsetsWithTimestamps({ topics: [topic], partitions: { [topic]: [2] }, timestamp: -3n })).get(topic)!.get(2), { offset: 4n, timestamp: BigInt(t0 + 4000) });
  });

  it('Metadata auto-creation: producing to an unknown topic creates it with num.partitions', async () => {
    const topic = uniqueTopic('plt-auto');
    const p = producer();
    try {
      const res = await p.send({ acks: ProduceAcks.ALL, autocreateTopics: true, messages: [{ topic, key: 'k', value: 'auto' }] });
      assert.equal(res.offsets?.[0].offset, 0n);
    } finally {
      await p.close();
    }
    const md = await admin.metadata({ topics: [topic], forceUpdate: true });
    assert.equal(md.topics.get(topic)!.partitionsCount, 2, 'num.partitions=2');
    const read = await platformaticReadTopic(consumer, topic);
    assert.deepEqual([...read.values()].flat().map((r) => str(r.value)), ['auto']);
  });

  it('Metadata auto-creation disabled: producing to an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const other = await startBroker({ settings: { 'auto.create.topics.enable': 'false' } });
    const p = producer(other.broker.bootstrap);
    const raw = await RawClient.connect(other.broker.bootstrap);
    try {
      // The client turns the Metadata error code 3 (UNKNOWN_TOPIC_OR_PARTITION) into "Unknown topic".
      await assert.rejects(p.send({ acks: ProduceAcks.ALL, autocreateTopics: true, messages: [{ topic: 'not-there', value: 'x' }] }), /Unknown topic not-there/);
      const md = await raw.request<MetadataResponse>(Api.Metadata, 12, metadataRequest(['not-there'], true));
      assert.equal(md.topics[0].errorCode, 3);
      const all = await raw.request<MetadataResponse>(Api.Metadata, 12, metadataRequest(null));
      assert.deepEqual(all.topics, []);
      assert.equal(existsSync(join(other.dir, 'not-there-0')), false);
    } finally {
      raw.close();
      await p.close();
      await other.broker.close();
      removeDir(other.dir);
    }
  });
});
