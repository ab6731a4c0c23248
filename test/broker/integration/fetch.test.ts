// Fetch long polling (max_wait_ms / min_bytes) and byte limits (max_bytes, partition_max_bytes,
// whole batches only, at least one batch so consumers always progress — KIP-74), over raw Fetch v12.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../../broker/broker.js';
import type { FetchResponse } from '../../../broker/protocol/messages/fetch.js';
import type { CreateTopicsResponse } from '../../../broker/protocol/messages/create-topics.js';
import type { MetadataResponse } from '../../../broker/protocol/messages/metadata.js';
import { removeDir, sleep, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { decodeBatches, encodeBatch } from '../../helpers/records.js';
import { Api, RawClient, createTopicsRequest, fetchRequest, metadataRequest, produce } from '../../helpers/raw-client.js';

describe('Fetch', () => {
  let broker: Broker;
  let dir: string;
  let admin: RawClient;

  before(async () => {
    ({ broker, dir } = await startBroker());
    admin = await RawClient.connect(broker.bootstrap);
  });

  after(async () => {
    admin.close();
    await broker.close();
    removeDir(dir);
  });

  async function createTopic(partitions: number): Promise<string> {
    const topic = uniqueTopic('fetch');
    const res = await admin.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name: topic, partitions }]));
    assert.equal(res.topics[0].errorCode, 0);
    return topic;
  }

  /** Sends a Fetch on its own connection; resolves with the response and how long it took. */
  async function timedFetch(req: ReturnType<typeof fetchRequest>): Promise<{ res: FetchResponse; ms: number }> {
    const c = await RawClient.connect(broker.bootstrap);
    try {
      const start = performance.now();
      const res = await c.request<FetchResponse>(Api.Fetch, 12, req, 10_000);
      return { res, ms: performance.now() - start };
    } finally {
      c.close();
    }
  }

  it('long poll: an empty partition answers as soon as a record is produced', async () => {
    const topic = await createTopic(1);
    const pending = timedFetch(fetchRequest([{ topic, partition: 0, offset: 0 }], { maxWaitMs: 1500, minBytes: 1 }));
    await sleep(100);
    // Other connections are served while the fetch waits.
    const md = await admin.request<MetadataResponse>(Api.Metadata, 12, metadataRequest([topic]));
    assert.equal(md.topics[0].errorCode, 0);
    assert.equal((await produce(admin, topic, 0, encodeBatch([{ key: 'k', value: 'wake up' }]))).errorCode, 0);
    const { res, ms } = await pending;
    const p = res.responses[0].partitions[0];
    assert.equal(p.errorCode, 0);
    assert.equal(p.highWatermark, 1);
    assert.deepEqual(decodeBatches(p.records as Buffer).flatMap((b) => b.records.map((r) => r.value?.toString())), ['wake up']);
    assert.ok(ms < 1000, `answered after ${ms.toFixed(0)} ms, well before max_wait_ms=1500`);
  });

  it('long poll: with nothing produced the answer comes after about max_wait_ms, empty', async () => {
    const topic = await createTopic(1);
    const otherTopic = await createTopic(1);
    const pending = timedFetch(fetchRequest([{ topic, partition: 0, offset: 0 }], { maxWaitMs: 1500, minBytes: 1 }));
    // An append elsewhere wakes the waiting fetch, which must go back to waiting.
    await sleep(100);
    assert.equal((await produce(admin, otherTopic, 0, encodeBatch([{ value: 'elsewhere' }]))).errorCode, 0);
    const { res, ms } = await pending;
    const p = res.responses[0].partitions[0];
    assert.equal(res.errorCode, 0);
    assert.equal(p.errorCode, 0);
    assert.equal(p.highWatermark, 0);
    assert.deepEqual(decodeBatches(p.records as Buffer | null), []);
    assert.ok(ms >= 1000, `waited ${ms.toFixed(0)} ms for max_wait_ms=1500`);
  });

  it('long poll: closing the broker answers a waiting fetch at once', async () => {
    const own = await startBroker();
    try {
      const c = await RawClient.connect(own.broker.bootstrap);
      const created = await c.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name: 'waiting', partitions: 1 }]));
      assert.equal(created.topics[0].errorCode, 0);
      const start = performance.now();
      const pending = c.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic: 'waiting', partition: 0, offset: 0 }], { maxWaitMs: 20_000, minBytes: 1 }), 25_000);
      await sleep(100);
      await own.broker.close();
      const res = await pending;
      assert.equal(res.responses[0].partitions[0].errorCode, 0);
      assert.ok(performance.now() - start < 5000, 'answered on shutdown, not after max_wait_ms');
      assert.equal(await c.closedWithin(), true, 'then the connection is closed');
    } finally {
      await own.broker.close();
      removeDir(own.dir);
    }
  });

  it('max_bytes and partition_max_bytes: whole batches only, and at least one batch even if larger', async () => {
    const topic = await createTopic(2);
    const batches: Buffer[][] = [[], []];
    for (let p = 0; p < 2; p++) {
      for (let i = 0; i < 3; i++) {
        const b = encodeBatch([{ key: `p${p}-${i}`, value: Buffer.alloc(500, 0x61 + i) }]);
        batches[p].push(b);
        assert.equal((await produce(admin, topic, p, b)).baseOffset, i);
      }
    }
    const size = batches[0][0].length;
    assert.ok(batches.flat().every((b) => b.length === size), 'equal batch sizes');

    const fetch = async (opts: { maxBytes?: number; partitionMaxBytes: number }): Promise<number[][]> => {
      const { res } = await timedFetch(fetchRequest(
        [0, 1].map((partition) => ({ topic, partition, offset: 0, partitionMaxBytes: opts.partitionMaxBytes })),
        { maxBytes: opts.maxBytes },
      ));
      return res.responses[0].partitions.map((p) => {
        assert.equal(p.errorCode, 0);
        assert.equal(p.highWatermark, 3);
        const buf = (p.records as Buffer | null) ?? Buffer.alloc(0);
        const decoded = decodeBatches(buf);
        assert.equal(decoded.reduce((n, b) => n + b.size, 0), buf.length, 'only whole batches');
        return decoded.map((b) => b.baseOffset);
      });
    };

    assert.deepEqual(await fetch({ partitionMaxBytes: 1 << 20 }), [[0, 1, 2], [0, 1, 2]], 'no limit hit');
    assert.deepEqual(await fetch({ partitionMaxBytes: Math.floor(size * 1.5) }), [[0], [0]], 'partition_max_bytes of 1.5 batches');
    assert.deepEqual(await fetch({ partitionMaxBytes: Math.floor(size * 2.5) }), [[0, 1], [0, 1]], 'partition_max_bytes of 2.5 batches');
    assert.deepEqual(await fetch({ maxBytes: Math.floor(size * 2.5), partitionMaxBytes: 1 << 20 }), [[0, 1], []], 'max_bytes of 2.5 batches in total');
    assert.deepEqual(await fetch({ maxBytes: Math.floor(size * 3.5), partitionMaxBytes: Math.floor(size * 2.5) }), [[0, 1], [0]], 'both limits');
    // Smaller than one batch: the first partition still returns one whole batch, the rest nothing.
    assert.deepEqual(await fetch({ partitionMaxBytes: 10 }), [[0], []], 'partition_max_bytes below a batch');
    assert.deepEqual(await fetch({ maxBytes: 10, partitionMaxBytes: 1 << 20 }), [[0], []], 'max_bytes below a batch');
  });

  it('v13+ names topics by id and answers with the id; v12 by name', async () => {
    const topic = await createTopic(1);
    const batch = encodeBatch([{ key: 'k', value: 'by-id' }]);
    await produce(admin, topic, 0, batch);
    const md = await admin.request<MetadataResponse>(Api.Metadata, 12, metadataRequest([topic]));
    const topicId = md.topics[0].topicId;
    for (const version of [13, 15, 17]) {
      const req = fetchRequest([{ topic: '', partition: 0, offset: 0 }]);
      req.topics[0]!.topicId = topicId;
      const res = await admin.request<FetchResponse>(Api.Fetch, version, req);
      assert.equal(res.responses[0].topicId, topicId, `v${version}`);
      assert.equal(res.responses[0].partitions[0].errorCode, 0);
      assert.deepEqual(decodeBatches(res.responses[0].partitions[0].records as Buffer).flatMap((b) => b.records.map((r) => r.value?.toString())), ['by-id']);
    }
    const byName = await admin.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic, partition: 0, offset: 0 }]));
    assert.equal(byName.responses[0].topic, topic);
    assert.equal(byName.responses[0].partitions[0].highWatermark, 1);
  });
});
