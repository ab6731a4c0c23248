// Restarts on the same data directory: acknowledged records, topic ids and the cluster id survive
// and offsets continue; a torn tail of the active segment (garbage, half a batch, a batch with a
// bad CRC) is cut at the last complete batch with a log line saying so.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { Producer, ProduceAcks, compatibilityPartitioner, stringSerializers } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import { captureLogger, removeDir, startBroker, tempDir, uniqueTopic } from '../../helpers/broker.js';
import { partitionForKey } from '../../helpers/murmur2.js';
import { encodeBatch } from '../../helpers/records.js';
import { RawClient, createTopicsRequest, highWatermark, produce, readPartition, topicMetadata, Api } from '../../helpers/raw-client.js';
import type { CreateTopicsResponse } from '../../../broker/protocol/messages/create-topics.js';
import type { CreatePartitionsResponse } from '../../../broker/protocol/messages/create-partitions.js';
import type { DescribeConfigsResponse } from '../../../broker/protocol/messages/describe-configs.js';

const str = (b: Buffer | null): string | null => (b === null ? null : b.toString());

/** The newest (active) segment file of a partition directory. */
function activeSegment(dir: string, topic: string, partition: number): string {
  const pdir = join(dir, `${topic}-${partition}`);
  const logs = readdirSync(pdir).filter((n) => n.endsWith('.log')).sort();
  return join(pdir, logs[logs.length - 1]);
}

describe('durability across restarts', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  /** Starts a broker on `dir`; closed after the test. */
  async function open(dir: string, log?: ReturnType<typeof captureLogger>['log']): Promise<Broker> {
    const { broker } = await startBroker({ dir, log });
    cleanup.push(() => broker.close());
    return broker;
  }

  it('every acks=all record, the topic ids and the cluster id survive a restart, and offsets continue', async () => {
    const dir = tempDir();
    cleanup.push(() => removeDir(dir));
    const topic = uniqueTopic('restart');
    const other = uniqueTopic('restart-other');

    const b1 = await open(dir);
    const kafka = new Kafka({ clientId: 'durability-it', brokers: [b1.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }, { topic: other, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    const acked: { key: string; value: string }[] = [];
    for (let round = 0; round < 4; round++) {
      const messages = Array.from({ length: 10 }, (_, i) => ({ key: `k${(round * 10 + i) % 13}`, value: `r${round}-m${i}` }));
      const meta = await producer.send({ topic, acks: -1, messages });
      assert.ok(meta.every((m) => m.errorCode === 0));
      acked.push(...messages);
    }
    await producer.send({ topic: other, acks: -1, messages: [{ value: 'other' }] });
    await producer.disconnect();

    const raw1 = await RawClient.connect(b1.bootstrap);
    const grown = await raw1.request<CreatePartitionsResponse>(Api.CreatePartitions, 3, { topics: [{ name: other, count: 2, assignments: null }], timeoutMs: 5000, validateOnly: false });
    assert.equal(grown.results[0].errorCode, 0);
    const ids = { [topic]: (await topicMetadata(raw1, topic)).topicId, [other]: (await topicMetadata(raw1, other)).topicId };
    const before = new Map<number, { key: string | null; value: string | null }[]>();
    for (let p = 0; p < 3; p++) before.set(p, (await readPartition(raw1, topic, p)).map((r) => ({ key: str(r.key), value: str(r.value) })));
    raw1.close();
    const clusterId = b1.clusterId;
    await b1.close();

    const b2 = await open(dir);
    assert.equal(b2.clusterId, clusterId, 'cluster id unchanged');
    const raw2 = await RawClient.connect(b2.bootstrap);
    cleanup.push(() => raw2.close());
    const md = await topicMetadata(raw2, topic);
    assert.equal(md.errorCode, 0);
    assert.equal(md.topicId, ids[topic], 'topic id unchanged');
    assert.equal(md.partitions.length, 3);
    assert.equal((await topicMetadata(raw2, other)).topicId, ids[other]);
    assert.equal((await topicMetadata(raw2, other)).partitions.length, 2, 'added partition kept');
    const configs = await raw2.request<DescribeConfigsResponse>(Api.DescribeConfigs, 4, {
      resources: [{ resourceType: 2, resourceName: other, configurationKeys: ['retention.ms'] }], includeSynonyms: false, includeDocumentation: false,
    });
    assert.deepEqual(configs.results[0].configs.map((c) => [c.name, c.value, c.configSource]), [['retention.ms', '3600000', 1]], 'topic config kept');

    let total = 0;
    const ends: number[] = [];
    for (let p = 0; p < 3; p++) {
      const recs = await readPartition(raw2, topic, p);
      assert.deepEqual(recs.map((r) => ({ key: str(r.key), value: str(r.value) })), before.get(p), `partition ${p} unchanged`);
      assert.deepEqual(recs.map((r) => r.offset), recs.map((_, i) => i));
      for (const r of recs) assert.equal(partitionForKey(r.key!, 3), p);
      total += recs.length;
      ends.push(await highWatermark(raw2, topic, p));
      assert.equal(ends[p], recs.length);
    }
    assert.equal(total, acked.length, 'every acknowledged record is there');
    assert.deepEqual((await readPartition(raw2, other, 0)).map((r) => str(r.value)), ['other']);

    // New produces (another client this time) continue at the high watermark of each partition.
    const plt = new Producer({ clientId: 'durability-it', bootstrapBrokers: [b2.bootstrap], serializers: stringSerializers, partitioner: compatibilityPartitioner, retries: 0 });
    try {
      for (let p = 0; p < 3; p++) {
        const res = await plt.send({ acks: ProduceAcks.ALL, messages: [{ topic, partition: p, key: 'after', value: `after-restart-${p}` }] });
        assert.equal(res.offsets?.[0].offset, BigInt(ends[p]), `partition ${p} continues at ${ends[p]}`);
      }
    } finally {
      await plt.close();
    }
    for (let p = 0; p < 3; p++) {
      const recs = await readPartition(raw2, topic, p, ends[p]);
      assert.deepEqual(recs.map((r) => [r.offset, str(r.value)]), [[ends[p], `after-restart-${p}`]]);
    }
  });

  const torn: { name: string; tail: () => Buffer }[] = [
    { name: 'garbage bytes', tail: () => Buffer.from('this is not a record batch \u0000\u0001\u0002'.repeat(5)) },
    {
      name: 'half a batch',
      tail: () => {
        const b = encodeBatch([{ key: 'torn', value: 'x'.repeat(300) }]);
        return b.subarray(0, Math.floor(b.length / 2));
      },
    },
    {
      name: 'a whole batch with a bad CRC',
      tail: () => {
        const b = Buffer.from(encodeBatch([{ key: 'torn', value: 'crc' }]));
        b.writeBigInt64BE(3n, 0); // the next offset, so only the CRC is wrong
        b[b.length - 1] ^= 0xff;
        return b;
      },
    },
  ];

  for (const t of torn) {
    it(`a torn tail (${t.name}) is cut at the last complete batch on restart, with a log line, and producing continues`, async () => {
      const dir = tempDir();
      cleanup.push(() => removeDir(dir));
      const topic = uniqueTopic('torn');
      const b1 = await open(dir);
      const c1 = await RawClient.connect(b1.bootstrap);
      const created = await c1.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name: topic, partitions: 2 }]));
      assert.equal(created.topics[0].errorCode, 0);
      for (let i = 0; i < 3; i++) {
        const r = await produce(c1, topic, 0, encodeBatch([{ key: `k${i}`, value: `complete-${i}`, headers: [{ key: 'h', value: `${i}` }] }]));
        assert.equal(r.errorCode, 0);
        assert.equal(r.baseOffset, i);
      }
      assert.equal((await produce(c1, topic, 1, encodeBatch([{ value: 'p1' }]))).errorCode, 0);
      c1.close();
      await b1.close();

      const seg = activeSegment(dir, topic, 0);
      const goodSize = statSync(seg).size;
      appendFileSync(seg, t.tail());
      assert.ok(statSync(seg).size > goodSize);

      const { log, lines } = captureLogger();
      const b2 = await open(dir, log);
      assert.equal(statSync(seg).size, goodSize, 'the torn part is gone from the file');
      const logLine = lines.find((l) => l.includes(`${topic}-0`) && /truncat/i.test(l));
      assert.ok(logLine, `a log line mentions the truncation:\n${lines.join('\n')}`);
      assert.ok(!lines.some((l) => l.includes(`${topic}-1`) && /truncat/i.test(l)), 'the other partition is untouched');

      const c2 = await RawClient.connect(b2.bootstrap);
      cleanup.push(() => c2.close());
      const recs = await readPartition(c2, topic, 0);
      assert.deepEqual(recs.map((r) => [r.offset, str(r.key), str(r.value), r.headers.map((h) => `${h.key}=${str(h.value)}`).join()]),
        [[0, 'k0', 'complete-0', 'h=0'], [1, 'k1', 'complete-1', 'h=1'], [2, 'k2', 'complete-2', 'h=2']]);
      assert.equal(await highWatermark(c2, topic, 0), 3);
      assert.deepEqual((await readPartition(c2, topic, 1)).map((r) => str(r.value)), ['p1']);

      const next = await produce(c2, topic, 0, encodeBatch([{ key: 'k3', value: 'after-recovery' }]));
      assert.equal(next.errorCode, 0);
      assert.equal(next.baseOffset, 3);
      assert.deepEqual((await readPartition(c2, topic, 0)).map((r) => str(r.value)), ['complete-0', 'complete-1', 'complete-2', 'after-recovery']);
    });
  }
});
