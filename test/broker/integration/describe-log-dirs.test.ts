// DescribeLogDirs over the wire (raw requests, every advertised version): the one log directory,
// each partition's size equal to its segment files on disk, unknown topics left out, volume sizes
// from v4 on; and through @platformatic/kafka's Admin.describeLogDirs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Admin } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import type { ApiVersionsResponse } from '../../../broker/protocol/messages/api-versions.js';
import type { CreateTopicsResponse } from '../../../broker/protocol/messages/create-topics.js';
import type { DescribeLogDirsRequest, DescribeLogDirsResponse } from '../../../broker/protocol/messages/describe-log-dirs.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { encodeBatch } from '../../helpers/records.js';
import { Api, RawClient, createTopicsRequest, produce } from '../../helpers/raw-client.js';

const DESCRIBE_LOG_DIRS = 35;

describe('DescribeLogDirs', () => {
  let broker: Broker;
  let dir: string;
  let raw: RawClient;
  const topic = uniqueTopic('logdirs');
  const other = uniqueTopic('logdirs-other');

  /** Bytes of the partition's segment (.log) files, as on disk. */
  const onDisk = (t: string, p: number): number => {
    const d = join(dir, `${t}-${p}`);
    return readdirSync(d).filter((n) => n.endsWith('.log')).reduce((sum, n) => sum + statSync(join(d, n)).size, 0);
  };

  const describeLogDirs = (version: number, topics: DescribeLogDirsRequest['topics']): Promise<DescribeLogDirsResponse> =>
    raw.request<DescribeLogDirsResponse>(DESCRIBE_LOG_DIRS, version, { topics });

  /** topic -> partition -> size, from the response's only log dir. */
  const sizes = (res: DescribeLogDirsResponse): Map<string, Map<number, number>> =>
    new Map(res.results[0]!.topics.map((t) => [t.name, new Map(t.partitions.map((p) => [p.partitionIndex, p.partitionSize]))]));

  before(async () => {
    ({ broker, dir } = await startBroker());
    raw = await RawClient.connect(broker.bootstrap);
    const created = await raw.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([
      // Small segments, so that a partition spans several segment files.
      { name: topic, partitions: 3, configs: { 'segment.bytes': '1000' } },
      { name: other, partitions: 1 },
    ]));
    assert.deepEqual(created.topics.map((t) => t.errorCode), [0, 0]);
    // Partition 0: many batches (several segments); partition 1: one batch; partition 2: empty.
    for (let i = 0; i < 20; i++) {
      const r = await produce(raw, topic, 0, encodeBatch([{ key: `k${i}`, value: 'x'.repeat(100) }, { value: 'y'.repeat(50) }]));
      assert.equal(r.errorCode, 0);
    }
    assert.equal((await produce(raw, topic, 1, encodeBatch([{ value: 'hello' }]))).errorCode, 0);
    assert.equal((await produce(raw, other, 0, encodeBatch([{ value: 'other' }]))).errorCode, 0);
  });

  after(async () => {
    raw.close();
    await broker.close();
    removeDir(dir);
  });

  it('is advertised as versions 0-4', async () => {
    const res = await raw.request<ApiVersionsResponse>(Api.ApiVersions, 3, { clientSoftwareName: 'raw', clientSoftwareVersion: '1' });
    const k = res.apiKeys.find((a) => a.apiKey === DESCRIBE_LOG_DIRS);
    assert.deepEqual(k && [k.minVersion, k.maxVersion], [0, 4]);
  });

  for (const version of [0, 1, 2, 3, 4]) {
    it(`v${version}: reports the log dir and every partition's size on disk`, async () => {
      assert.ok(readdirSync(join(dir, `${topic}-0`)).filter((n) => n.endsWith('.log')).length > 1, 'partition 0 should have rolled');
      const res = await describeLogDirs(version, [{ topic, partitions: [0, 1, 2] }, { topic: other, partitions: [0] }]);
      assert.equal(res.errorCode, 0);
      assert.equal(res.results.length, 1);
      const [r] = res.results;
      assert.equal(r!.errorCode, 0);
      assert.equal(r!.logDir, resolve(dir));
      const s = sizes(res);
      assert.deepEqual([...s.keys()].sort(), [topic, other].sort());
      for (const p of [0, 1, 2]) assert.equal(s.get(topic)!.get(p), onDisk(topic, p), `partition ${p}`);
      assert.ok(s.get(topic)!.get(0)! > s.get(topic)!.get(1)!);
      assert.ok(s.get(topic)!.get(1)! > 0);
      assert.equal(s.get(topic)!.get(2), 0);
      assert.equal(s.get(other)!.get(0), onDisk(other, 0));
      for (const t of r!.topics) for (const p of t.partitions) {
        assert.equal(p.offsetLag, 0);
        assert.equal(p.isFutureKey, false);
      }
      if (version >= 4) {
        assert.ok(r!.totalBytes > 0, `totalBytes ${r!.totalBytes}`);
        assert.ok(r!.usableBytes >= 0 && r!.usableBytes <= r!.totalBytes, `usableBytes ${r!.usableBytes}`);
      } else {
        assert.equal(r!.totalBytes, -1); // not on the wire before v4: the codec's default
      }
    });
  }

  it('describes every partition of every topic for topics = null', async () => {
    const s = sizes(await describeLogDirs(4, null));
    assert.deepEqual([...s.get(topic)!.keys()].sort(), [0, 1, 2]);
    assert.equal(s.get(topic)!.get(0), onDisk(topic, 0));
    assert.equal(s.get(other)!.get(0), onDisk(other, 0));
  });

  it('leaves out unknown topics and partitions', async () => {
    const res = await describeLogDirs(4, [{ topic: 'no-such-topic', partitions: [0] }, { topic, partitions: [1, 7] }]);
    assert.equal(res.errorCode, 0);
    assert.equal(res.results[0]!.logDir, resolve(dir));
    assert.deepEqual(res.results[0]!.topics.map((t) => [t.name, t.partitions.map((p) => p.partitionIndex)]), [[topic, [1]]]);
    const none = await describeLogDirs(3, [{ topic: 'no-such-topic', partitions: [0] }]);
    assert.deepEqual(none.results[0]!.topics, []);
  });

  it('answers @platformatic/kafka Admin.describeLogDirs', async () => {
    const admin = new Admin({ clientId: 'logdirs-it', bootstrapBrokers: [broker.bootstrap], retries: 0 });
    try {
      const res = await admin.describeLogDirs({ topics: [{ name: topic, partitions: [0, 1] }] });
      assert.equal(res.length, 1);
      assert.equal(res[0]!.broker, broker.config.nodeId);
      const [r] = res[0]!.results;
      assert.equal(r!.logDir, resolve(dir));
      const parts = r!.topics.find((t) => t.name === topic)!.partitions;
      assert.deepEqual(parts.map((p) => [p.partitionIndex, Number(p.partitionSize)]), [[0, onDisk(topic, 0)], [1, onDisk(topic, 1)]]);
      assert.ok(r!.totalBytes > 0n);
    } finally {
      await admin.close();
    }
  });
});
