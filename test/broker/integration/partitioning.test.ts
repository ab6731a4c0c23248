// Keyed records land on (murmur2(key) & 0x7fffffff) % partitions, as with the Java client: the
// reference murmur2 in test/helpers is checked against the Java client's published values, then
// records produced with kafkajs's DefaultPartitioner and @platformatic/kafka's
// compatibilityPartitioner are read partition by partition from the broker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { Admin, Producer, ProduceAcks, compatibilityPartitioner } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { murmur2, partitionForKey } from '../../helpers/murmur2.js';
import { RawClient, readPartition } from '../../helpers/raw-client.js';

/** Keys of different lengths (every length mod 4), binary bytes >= 0x80, and UTF-8 text. */
function keys(n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 5 === 0) out.push(Buffer.from(Array.from({ length: (i % 9) + 1 }, (_, j) => (i * 31 + j * 97 + 128) & 0xff)));
    else if (i % 5 === 1) out.push(Buffer.from(`clé-${i}-ü`, 'utf8'));
    else out.push(Buffer.from(`order-${i}${'x'.repeat(i % 4)}`));
  }
  return out;
}

describe('key partitioning', () => {
  let broker: Broker;
  let dir: string;
  let raw: RawClient;

  before(async () => {
    ({ broker, dir } = await startBroker());
    raw = await RawClient.connect(broker.bootstrap);
  });

  after(async () => {
    raw.close();
    await broker.close();
    removeDir(dir);
  });

  /** Checks every record of every partition sits on its key's murmur2 partition; returns the count. */
  async function checkPlacement(topic: string, partitions: number, expected: Buffer[]): Promise<void> {
    const seen: string[] = [];
    const used = new Set<number>();
    for (let p = 0; p < partitions; p++) {
      for (const r of await readPartition(raw, topic, p)) {
        assert.ok(r.key, 'keyed record');
        assert.equal(p, partitionForKey(r.key, partitions), `key ${r.key.toString('hex')} on partition ${p}`);
        seen.push(r.key.toString('hex'));
        used.add(p);
      }
    }
    assert.deepEqual(seen.sort(), expected.map((k) => k.toString('hex')).sort(), 'every key read back once');
    assert.equal(used.size, partitions, 'keys spread over every partition');
  }

  it('the reference murmur2 gives the Java client\'s values', () => {
    // From Kafka's UtilsTest (org.apache.kafka.common.utils.Utils.murmur2).
    const cases: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [s, h] of cases) assert.equal(murmur2(Buffer.from(s)), h, s);
    // toPositive clears the sign bit; it is not Math.abs.
    assert.equal(partitionForKey('21', 1000), (-973932308 & 0x7fffffff) % 1000);
  });

  it('@platformatic/kafka compatibilityPartitioner agrees with the reference for every key', () => {
    for (const k of keys(300)) {
      const viaClient = compatibilityPartitioner({ topic: 'x', key: k }, k) % 7;
      assert.equal(viaClient, partitionForKey(k, 7), k.toString('hex'));
    }
  });

  it('kafkajs DefaultPartitioner: records are stored on the murmur2 partition of their key', async () => {
    const topic = uniqueTopic('kjs-keys');
    const kafka = new Kafka({ clientId: 'partitioning-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    const ks = keys(150);
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 5 }] });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: ks.map((key, i) => ({ key, value: `v${i}` })) });
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
    await checkPlacement(topic, 5, ks);
  });

  it('@platformatic/kafka compatibilityPartitioner: records are stored on the murmur2 partition of their key', async () => {
    const topic = uniqueTopic('plt-keys');
    const admin = new Admin({ clientId: 'partitioning-it', bootstrapBrokers: [broker.bootstrap], retries: 0 });
    const producer = new Producer({ clientId: 'partitioning-it', bootstrapBrokers: [broker.bootstrap], partitioner: compatibilityPartitioner, retries: 0 });
    const ks = keys(150);
    try {
      await admin.createTopics({ topics: [topic], partitions: 7, replicas: 1 });
      await producer.send({ acks: ProduceAcks.ALL, messages: ks.map((key, i) => ({ topic, key, value: Buffer.from(`v${i}`) })) });
    } finally {
      await producer.close();
      await admin.close();
    }
    await checkPlacement(topic, 7, ks);
  });
});
