// Crash safety (issue 4): a child broker process is SIGKILLed in the middle of heavy acks=all
// production by several concurrent producers (idempotent kafkajs producers and raw clients with
// pipelined non-idempotent Produce requests) on a multi-partition topic that rolls segments, then
// the data directory is reopened. Every acknowledged record must be there at its acknowledged
// offset, in order per producer and partition, exactly once, and every batch served must be whole
// with a valid CRC.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type Producer as KafkaProducer } from 'kafkajs';
import { decodeRecordBatches, type DecodedBatch } from '../../../broker/log/record-codec.js';
import type { CreateTopicsResponse } from '../../../broker/protocol/messages/create-topics.js';
import type { FetchResponse } from '../../../broker/protocol/messages/fetch.js';
import type { ProduceResponse } from '../../../broker/protocol/messages/produce.js';
import { removeDir, sleep, spawnBroker, startBroker, tempDir, uniqueTopic } from '../../helpers/broker.js';
import { encodeBatch } from '../../helpers/records.js';
import { Api, RawClient, createTopicsRequest, fetchRequest, highWatermark, produceRequest } from '../../helpers/raw-client.js';

const PARTITIONS = 4;

/** One acknowledged record: where the broker said it was written. */
interface Acked {
  partition: number;
  offset: number;
  value: string;
}

/** Values are `${producer}|${partition}|${seq}|padding`; the key is derived from the sequence number. */
const PADDING = 'x'.repeat(60);
const valueOf = (producer: string, partition: number, seq: number): string => `${producer}|${partition}|${seq}|${PADDING}`;
const keyOf = (seq: number): string => `key-${seq % 37}`;

/**
 * A raw client keeping `window` Produce requests (acks=all, one non-idempotent batch of `perBatch`
 * records each, partitions in turn) in flight on one connection until the connection drops.
 */
async function rawProducer(port: number, topic: string, name: string, acked: Acked[], window = 8, perBatch = 5): Promise<void> {
  const c = await RawClient.connect(`127.0.0.1:${port}`);
  const seqs = new Array<number>(PARTITIONS).fill(0);
  const inflight: { id: number; partition: number; values: string[] }[] = [];
  let next = 0;
  try {
    for (;;) {
      while (inflight.length < window) {
        const partition = next++ % PARTITIONS;
        const values: string[] = [];
        const records = [];
        for (let i = 0; i < perBatch; i++) {
          const seq = seqs[partition]++;
          values.push(valueOf(name, partition, seq));
          records.push({ key: keyOf(seq), value: values[i] });
        }
        const id = c.send(Api.Produce, 9, produceRequest(topic, partition, encodeBatch(records, { baseTimestamp: Date.now() })));
        inflight.push({ id, partition, values });
      }
      const res = RawClient.decode<ProduceResponse>(Api.Produce, 9, await c.nextFrame(10_000));
      const sent = inflight.shift()!;
      assert.equal(res.correlationId, sent.id, 'responses come in request order');
      const p = res.body.responses[0].partitionResponses[0];
      assert.equal(p.errorCode, 0, `${name}: produce to partition ${sent.partition} failed: ${p.errorMessage}`);
      sent.values.forEach((value, i) => acked.push({ partition: sent.partition, offset: Number(p.baseOffset) + i, value }));
    }
  } catch (err) {
    if ((err as Error).name !== 'ConnectionClosedError') throw err;
  } finally {
    c.close();
  }
}

/** An idempotent kafkajs producer sending `perPartition` keyed messages to every partition per send. */
async function kafkajsProducer(producer: KafkaProducer, topic: string, name: string, acked: Acked[], stop: () => boolean, perPartition = 4): Promise<void> {
  const seqs = new Array<number>(PARTITIONS).fill(0);
  while (!stop()) {
    const messages: { partition: number; key: string; value: string }[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      for (let i = 0; i < perPartition; i++) {
        const seq = seqs[p]++;
        messages.push({ partition: p, key: keyOf(seq), value: valueOf(name, p, seq) });
      }
    }
    let meta;
    try {
      meta = await producer.send({ topic, acks: -1, messages });
    } catch {
      return; // the broker is gone: this send was not acknowledged
    }
    for (const m of meta) {
      assert.equal(m.errorCode, 0);
      const mine = messages.filter((x) => x.partition === m.partition);
      mine.forEach((x, i) => acked.push({ partition: m.partition, offset: Number(m.baseOffset) + i, value: x.value }));
    }
  }
}

/** Every batch of a partition, fetched in steps; checks that only whole batches are served. */
async function fetchAll(c: RawClient, topic: string, partition: number, hw: number): Promise<DecodedBatch[]> {
  const out: DecodedBatch[] = [];
  let offset = 0;
  while (offset < hw) {
    const res = await c.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic, partition, offset, partitionMaxBytes: 256 << 10 }]));
    const p = res.responses[0].partitions[0];
    assert.equal(p.errorCode, 0, `fetch ${topic}-${partition}@${offset}`);
    const data = p.records as Buffer;
    assert.ok(data !== null && data.length > 0, `no data at ${offset} below the high watermark ${hw}`);
    const batches = decodeRecordBatches(data);
    assert.equal(batches.reduce((n, b) => n + b.size, 0), data.length, `a torn batch was served at ${topic}-${partition}@${offset}`);
    for (const b of batches) {
      assert.ok(b.crcValid, `CRC of the batch at ${topic}-${partition}@${b.baseOffset}`);
      assert.equal(b.records.length, b.lastOffsetDelta + 1);
      out.push(b);
    }
    offset = batches[batches.length - 1].lastOffset + 1;
  }
  return out;
}

describe('crash safety', () => {
  const cleanup: (() => unknown)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f();
  });

  it('SIGKILL during heavy acks=all production: after a restart every acknowledged record is there, in order, exactly once', async () => {
    const dir = tempDir();
    cleanup.push(() => removeDir(dir));
    const child = await spawnBroker(dir);
    let killed = false;
    cleanup.push(() => {
      if (!killed) child.kill();
    });
    const topic = uniqueTopic('crash');
    {
      const c = await RawClient.connect(`127.0.0.1:${child.port}`);
      // Small segments so that production rolls (and snapshots producer state) while it runs;
      // flush.messages exercises the fsync path under load.
      const res = await c.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{
        name: topic, partitions: PARTITIONS, configs: { 'segment.bytes': String(32 << 10), 'flush.messages': '500' },
      }]));
      assert.equal(res.topics[0].errorCode, 0);
      c.close();
    }

    const acked: Acked[] = [];
    const kafka = new Kafka({
      clientId: 'crash-it', brokers: [`127.0.0.1:${child.port}`], logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 }, connectionTimeout: 1000,
    });
    const producers = [0, 1].map(() => kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 } }));
    for (const p of producers) await p.connect();
    const running = [
      ...producers.map((p, i) => kafkajsProducer(p, topic, `kj${i}`, acked, () => killed)),
      ...[0, 1, 2].map((i) => rawProducer(child.port, topic, `raw${i}`, acked)),
    ];
    // Kill once plenty has been acknowledged, while every producer still has requests in flight.
    const deadline = Date.now() + 20_000;
    while (acked.length < 12_000 && Date.now() < deadline) await sleep(5);
    const ackedAtKill = acked.length;
    assert.ok(ackedAtKill > 1000, `only ${ackedAtKill} records acknowledged before the kill`);
    child.kill();
    killed = true;
    assert.equal(await child.exited, 'SIGKILL');
    await Promise.all(running);
    await Promise.all(producers.map((p) => p.disconnect().catch(() => {})));
    const producersSeen = new Set(acked.map((a) => a.value.split('|')[0]));
    assert.equal(producersSeen.size, 5, `every producer had acknowledged records: ${[...producersSeen].join(', ')}`);

    const { broker } = await startBroker({ dir });
    cleanup.push(() => broker.close());
    const c = await RawClient.connect(broker.bootstrap);
    cleanup.push(() => c.close());
    const logs: (string | null)[][] = [];
    let stored = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const hw = await highWatermark(c, topic, p);
      const batches = await fetchAll(c, topic, p, hw);
      const values: (string | null)[] = [];
      for (const b of batches) {
        for (const r of b.records) {
          assert.equal(r.offset, values.length, `${topic}-${p}: offsets are contiguous from 0`);
          const value = r.value?.toString() ?? null;
          const [, part, seq] = (value ?? '||').split('|');
          assert.equal(Number(part), p, `record at ${p}@${r.offset} belongs to this partition`);
          assert.equal(r.key?.toString(), keyOf(Number(seq)), `key of ${value}`);
          values.push(value);
        }
      }
      assert.equal(values.length, hw);
      stored += values.length;
      logs.push(values);
    }

    // Every acknowledged record at its acknowledged offset.
    for (const a of acked) {
      assert.equal(logs[a.partition][a.offset], a.value, `acknowledged ${a.value} at ${a.partition}@${a.offset}`);
    }
    // Exactly once and in order: per producer and partition the sequence numbers stored are
    // strictly increasing (so no duplicates); acknowledged records form a prefix of them.
    for (let p = 0; p < PARTITIONS; p++) {
      const last = new Map<string, number>();
      for (const v of logs[p]) {
        const [producer, , seqText] = v!.split('|');
        const seq = Number(seqText);
        const prev = last.get(producer) ?? -1;
        assert.ok(seq > prev, `${producer} in partition ${p}: seq ${seq} after ${prev} (duplicate or reordering)`);
        last.set(producer, seq);
      }
    }
    assert.ok(stored >= acked.length, `${stored} stored, ${acked.length} acknowledged`);
    assert.ok(broker.topics.partition(topic, 0)!.segmentCount > 2, 'segments rolled during production');

    // The restarted broker takes writes at the end of each partition.
    for (let p = 0; p < PARTITIONS; p++) {
      const res = await c.request<ProduceResponse>(Api.Produce, 9, produceRequest(topic, p, encodeBatch([{ key: 'after', value: 'restart' }])));
      const r = res.responses[0].partitionResponses[0];
      assert.deepEqual([r.errorCode, Number(r.baseOffset)], [0, logs[p].length]);
    }
  });
});
