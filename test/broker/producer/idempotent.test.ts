// The idempotent producer end to end: InitProducerId over the wire, resent batches answered with
// their original offsets and not written twice (also after a clean restart and after SIGKILL),
// and kafkajs / @platformatic/kafka with `idempotent: true` across a broker restart.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import { encodeRecordBatch } from '../../../broker/log/record-codec.js';
import { TRANSACTIONAL_FLAG_MASK } from '../../../broker/log/record-batch.js';
import { ErrorCode } from '../../../broker/protocol/error-codes.js';
import type { ApiVersionsResponse } from '../../../broker/protocol/messages/api-versions.js';
import type { CreateTopicsResponse } from '../../../broker/protocol/messages/create-topics.js';
import type { FetchResponse } from '../../../broker/protocol/messages/fetch.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../../broker/protocol/messages/init-producer-id.js';
import { removeDir, sleep, spawnBroker, startBroker, tempDir, uniqueTopic } from '../../helpers/broker.js';
import { kafkajsReadTopic } from '../../helpers/kafkajs.js';
import { platformaticReadTopic } from '../../helpers/platformatic.js';
import { decodeBatches } from '../../helpers/records.js';
import { Api, RawClient, createTopicsRequest, fetchRequest, highWatermark, produce, readPartition } from '../../helpers/raw-client.js';
import { LossyProxy } from './lossy-proxy.js';

const INIT_PRODUCER_ID = 22;
const str = (b: Buffer | null | undefined): string | null => (b === null || b === undefined ? null : b.toString());

function initRequest(over: Partial<InitProducerIdRequest> = {}): InitProducerIdRequest {
  return { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1, ...over };
}

async function initProducerId(c: RawClient, version = 4, over: Partial<InitProducerIdRequest> = {}): Promise<InitProducerIdResponse> {
  return c.request<InitProducerIdResponse>(INIT_PRODUCER_ID, version, initRequest(over));
}

/** A batch of `count` records of an idempotent producer, values `${tag}-${i}`. */
function idemBatch(producerId: number, producerEpoch: number, baseSequence: number, count: number, tag: string, attributes = 0): Buffer {
  return encodeRecordBatch(Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `${tag}-${i}` })), {
    producerId, producerEpoch, baseSequence, attributes, baseTimestamp: Date.now(),
  });
}

async function createTopic(c: RawClient, name: string, partitions = 1): Promise<void> {
  const res = await c.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name, partitions }]));
  assert.equal(res.topics[0].errorCode, 0);
}

/** Producer ids of the stored batches of a partition, in log order. */
async function producerIdsOf(c: RawClient, topic: string, partition: number): Promise<number[]> {
  const res = await c.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic, partition, offset: 0, partitionMaxBytes: 16 << 20 }]));
  return decodeBatches(res.responses[0].partitions[0].records as Buffer | null).map((b) => b.producerId);
}

/** Closes `broker` and starts a new one on the same data directory and port. */
async function restart(broker: Broker, dir: string, downMs = 0): Promise<Broker> {
  const port = broker.port;
  await broker.close();
  if (downMs > 0) await sleep(downMs);
  return (await startBroker({ dir, settings: { listeners: `PLAINTEXT://127.0.0.1:${port}`, 'num.partitions': '3' } })).broker;
}

describe('InitProducerId', () => {
  const cleanup: (() => unknown)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f();
  });

  it('is advertised as versions 0-4', async () => {
    const { broker, dir } = await startBroker();
    cleanup.push(() => removeDir(dir), () => broker.close());
    const c = await RawClient.connect(broker.bootstrap);
    cleanup.push(() => c.close());
    const res = await c.request<ApiVersionsResponse>(Api.ApiVersions, 3, { clientSoftwareName: 't', clientSoftwareVersion: '1' });
    assert.deepEqual(res.apiKeys.find((k) => k.apiKey === INIT_PRODUCER_ID), { apiKey: INIT_PRODUCER_ID, minVersion: 0, maxVersion: 4 });
    for (const k of [24, 25, 26, 28]) assert.equal(res.apiKeys.find((a) => a.apiKey === k), undefined, `transaction API ${k} is not advertised`);
  });

  it('hands out unique ids with epoch 0 in every version, across restarts', async () => {
    const dir = tempDir();
    cleanup.push(() => removeDir(dir));
    const ids: number[] = [];
    for (let run = 0; run < 3; run++) {
      const { broker } = await startBroker({ dir });
      const c = await RawClient.connect(broker.bootstrap);
      for (let v = 0; v <= 4; v++) {
        const r = await initProducerId(c, v);
        assert.deepEqual([r.errorCode, r.producerEpoch], [0, 0], `v${v}`);
        ids.push(r.producerId);
      }
      c.close();
      await broker.close();
    }
    assert.equal(new Set(ids).size, ids.length, `unique: ${ids.join(', ')}`);
    assert.ok(ids.every((id) => id > 0));
  });

  it('bumps the epoch of a known producer (v3+), fences a stale one, refuses transactional ids', async () => {
    const { broker, dir } = await startBroker();
    cleanup.push(() => removeDir(dir), () => broker.close());
    const c = await RawClient.connect(broker.bootstrap);
    cleanup.push(() => c.close());
    const { producerId } = await initProducerId(c);
    assert.deepEqual(await initProducerId(c, 4, { producerId, producerEpoch: 0 }), { throttleTimeMs: 0, errorCode: 0, producerId, producerEpoch: 1 });
    assert.deepEqual(await initProducerId(c, 3, { producerId, producerEpoch: 1 }), { throttleTimeMs: 0, errorCode: 0, producerId, producerEpoch: 2 });
    assert.equal((await initProducerId(c, 4, { producerId, producerEpoch: 9 })).errorCode, ErrorCode.PRODUCER_FENCED);
    assert.equal((await initProducerId(c, 3, { producerId, producerEpoch: 9 })).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal((await initProducerId(c, 4, { producerId: -1, producerEpoch: 3 })).errorCode, ErrorCode.INVALID_REQUEST);
    for (const v of [0, 2, 4]) {
      const r = await initProducerId(c, v, { transactionalId: 'my-txn' });
      assert.deepEqual([r.errorCode, r.producerId, r.producerEpoch], [ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1, -1]);
    }
  });
});

describe('idempotent produce over a raw socket', () => {
  const cleanup: (() => unknown)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f();
  });

  it('a resent batch is not written again and gets its original offset, before and after a restart', async () => {
    const dir = tempDir();
    cleanup.push(() => removeDir(dir));
    let { broker } = await startBroker({ dir });
    let c = await RawClient.connect(broker.bootstrap);
    const topic = uniqueTopic('idem-raw');
    await createTopic(c, topic);
    const { producerId, producerEpoch } = await initProducerId(c);

    const b0 = idemBatch(producerId, producerEpoch, 0, 3, 'a');
    const b1 = idemBatch(producerId, producerEpoch, 3, 2, 'b');
    assert.deepEqual(await produce(c, topic, 0, b0).then((r) => [r.errorCode, r.baseOffset]), [0, 0]);
    assert.deepEqual(await produce(c, topic, 0, b1).then((r) => [r.errorCode, r.baseOffset]), [0, 3]);
    // The retry of a request whose answer was lost: the same bytes again.
    assert.deepEqual(await produce(c, topic, 0, b0).then((r) => [r.errorCode, r.baseOffset]), [0, 0]);
    assert.deepEqual(await produce(c, topic, 0, b1).then((r) => [r.errorCode, r.baseOffset]), [0, 3]);
    assert.equal(await highWatermark(c, topic, 0), 5);
    const gap = await produce(c, topic, 0, idemBatch(producerId, producerEpoch, 9, 1, 'gap'));
    assert.equal(gap.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    assert.match(gap.errorMessage ?? '', /9 \(incoming seq\. number\), 4 \(current end sequence number\)/);
    const txn = await produce(c, topic, 0, idemBatch(producerId, producerEpoch, 5, 1, 'txn', TRANSACTIONAL_FLAG_MASK));
    assert.equal(txn.errorCode, ErrorCode.INVALID_TXN_STATE);

    const b2 = idemBatch(producerId, producerEpoch, 5, 1, 'c');
    assert.deepEqual(await produce(c, topic, 0, b2).then((r) => [r.errorCode, r.baseOffset]), [0, 5]);

    // Epoch bump: the new epoch starts at sequence 0; once the partition has seen it, the old
    // epoch is fenced.
    const bumped = await initProducerId(c, 4, { producerId, producerEpoch });
    assert.equal(bumped.producerEpoch, producerEpoch + 1);
    assert.equal((await produce(c, topic, 0, idemBatch(producerId, bumped.producerEpoch, 3, 1, 'new'))).errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    const d = idemBatch(producerId, bumped.producerEpoch, 0, 1, 'd');
    assert.deepEqual(await produce(c, topic, 0, d).then((r) => [r.errorCode, r.baseOffset]), [0, 6]);
    assert.equal((await produce(c, topic, 0, idemBatch(producerId, producerEpoch, 6, 1, 'old'))).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);

    c.close();
    broker = await restart(broker, dir);
    c = await RawClient.connect(broker.bootstrap);
    assert.deepEqual(await produce(c, topic, 0, d).then((r) => [r.errorCode, r.baseOffset]), [0, 6], 'still recognised after a restart');
    assert.equal((await produce(c, topic, 0, b2)).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH, 'the epoch survives the restart');
    assert.deepEqual(await produce(c, topic, 0, idemBatch(producerId, bumped.producerEpoch, 1, 1, 'e')).then((r) => [r.errorCode, r.baseOffset]), [0, 7]);
    // Epoch bumps are remembered in memory only: after a restart a bump request gets a new id,
    // which is what Kafka answers to every InitProducerId without a transactional id.
    const after = await initProducerId(c, 4, { producerId, producerEpoch: bumped.producerEpoch });
    assert.equal(after.errorCode, 0);
    assert.notEqual(after.producerId, producerId);
    assert.equal(after.producerEpoch, 0);

    const values = (await readPartition(c, topic, 0)).map((r) => [r.offset, str(r.value)]);
    assert.deepEqual(values, [[0, 'a-0'], [1, 'a-1'], [2, 'a-2'], [3, 'b-0'], [4, 'b-1'], [5, 'c-0'], [6, 'd-0'], [7, 'e-0']]);
    c.close();
    await broker.close();
  });

  it('after SIGKILL the producer state is rebuilt from the log: a resend is still a duplicate', async () => {
    const dir = tempDir();
    cleanup.push(() => removeDir(dir));
    const child = await spawnBroker(dir);
    const port = child.port;
    const topic = uniqueTopic('idem-kill');
    const batches: Buffer[] = [];
    let producerId: number;
    {
      const c = await RawClient.connect(`127.0.0.1:${port}`);
      await createTopic(c, topic);
      ({ producerId } = await initProducerId(c));
      for (let i = 0; i < 4; i++) {
        batches.push(idemBatch(producerId, 0, i * 2, 2, `k${i}`));
        assert.equal((await produce(c, topic, 0, batches[i])).baseOffset, i * 2);
      }
      c.close();
    }
    child.kill();
    assert.equal(await child.exited, 'SIGKILL');

    const { broker } = await startBroker({ dir });
    const c = await RawClient.connect(broker.bootstrap);
    for (let i = 0; i < 4; i++) {
      const r = await produce(c, topic, 0, batches[i]);
      assert.deepEqual([r.errorCode, r.baseOffset], [0, i * 2], `batch ${i} resent after the crash`);
    }
    assert.equal((await produce(c, topic, 0, idemBatch(producerId, 0, 8, 1, 'next'))).baseOffset, 8);
    assert.equal(await highWatermark(c, topic, 0), 9);
    // A new producer gets an id that was never handed out before the crash.
    assert.ok((await initProducerId(c)).producerId > producerId);
    c.close();
    await broker.close();
  });
});

describe('idempotent producers of client libraries', () => {
  const cleanup: (() => unknown)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f();
  });

  /**
   * Sends `rounds` times two messages to each partition of a 3-partition topic (explicit
   * partitions, values numbered in send order), with a broker restart in the middle while a send is
   * in flight, and checks that every partition holds each message exactly once, in order, all
   * from one producer id.
   */
  async function exercise(
    name: string,
    send: (bootstrap: string, topic: string, messages: { partition: number; value: string }[]) => Promise<void>,
    read: (bootstrap: string, topic: string) => Promise<Map<number, string[]>>,
    rounds = 40,
  ): Promise<void> {
    const dir = tempDir();
    cleanup.push(() => removeDir(dir));
    let { broker } = await startBroker({ dir, settings: { 'num.partitions': '3' } });
    const bootstrap = broker.bootstrap;
    const topic = uniqueTopic(name);
    const raw0 = await RawClient.connect(bootstrap);
    await createTopic(raw0, topic, 3);
    raw0.close();

    const expected = new Map<number, string[]>([[0, []], [1, []], [2, []]]);
    for (let round = 0; round < rounds; round++) {
      // Two records per partition per send: one batch of two records per partition per request.
      const msgs = [0, 1, 2].flatMap((partition) => [0, 1].map((i) => ({ partition, value: `r${round}-p${partition}-${i}` })));
      for (const m of msgs) expected.get(m.partition)!.push(m.value);
      const sent = send(bootstrap, topic, msgs);
      if (round === rounds / 2) {
        // The broker goes away while this send is in flight and comes back 100 ms later.
        const [, restarted] = await Promise.all([sent, restart(broker, dir, 100)]);
        broker = restarted;
      } else {
        await sent;
      }
    }
    const got = await read(bootstrap, topic);
    assert.deepEqual(got, expected);
    const raw = await RawClient.connect(bootstrap);
    try {
      const ids = new Set<number>();
      for (let p = 0; p < 3; p++) for (const id of await producerIdsOf(raw, topic, p)) ids.add(id);
      assert.equal(ids.size, 1, `one producer id across the restart: ${[...ids].join(', ')}`);
      assert.ok([...ids][0] > 0);
    } finally {
      raw.close();
    }
    cleanup.push(() => broker.close());
  }

  for (const maxInFlightRequests of [1, 5]) {
    it(`kafkajs, idempotent, maxInFlightRequests ${maxInFlightRequests}`, async () => {
      let kafka: Kafka | null = null;
      let producer: ReturnType<Kafka['producer']> | null = null;
      let connected: Promise<void> | null = null;
      const send = async (bootstrap: string, topic: string, messages: { partition: number; value: string }[]): Promise<void> => {
        connected ??= (async () => {
          kafka = new Kafka({ clientId: 'idem-kjs', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 30 } });
          producer = kafka.producer({ idempotent: true, maxInFlightRequests, allowAutoTopicCreation: false });
          await producer.connect();
        })();
        await connected;
        const res = await producer!.send({ topic, acks: -1, messages: messages.map((m) => ({ partition: m.partition, value: m.value })) });
        for (const r of res) assert.equal(r.errorCode, 0);
      };
      const read = async (_bootstrap: string, topic: string): Promise<Map<number, string[]>> => {
        const recs = await kafkajsReadTopic(kafka!, topic);
        return new Map([...recs].map(([p, rs]) => [p, rs.map((r) => str(r.value)!)]));
      };
      try {
        await exercise(`idem-kjs-${maxInFlightRequests}`, send, read);
      } finally {
        await (producer as ReturnType<Kafka['producer']> | null)?.disconnect();
      }
    });
  }

  it('@platformatic/kafka, idempotent', async () => {
    let producer: Producer<string, string, string, string> | null = null;
    const send = async (bootstrap: string, topic: string, messages: { partition: number; value: string }[]): Promise<void> => {
      producer ??= new Producer({
        clientId: 'idem-plt', bootstrapBrokers: [bootstrap], serializers: stringSerializers, idempotent: true, retries: 30, retryDelay: 100,
      });
      let res;
      try {
        res = await producer.send({ messages: messages.map((m) => ({ topic, partition: m.partition, value: m.value })) });
      } catch (e) {
        const err = e as Error & { errors?: unknown[] };
        throw new Error(`${err.message}: ${JSON.stringify(err.errors?.map((x) => String(x)) ?? [])} ${String((err as { cause?: unknown }).cause)}`);
      }
      assert.equal(res.offsets?.length, new Set(messages.map((m) => m.partition)).size);
    };
    const read = async (bootstrap: string, topic: string): Promise<Map<number, string[]>> => {
      const consumer = new Consumer({ clientId: 'idem-plt', groupId: 'unused', bootstrapBrokers: [bootstrap], retries: 0 });
      try {
        const recs = await platformaticReadTopic(consumer, topic);
        return new Map([...recs].map(([p, rs]) => [p, rs.map((r) => str(r.value)!)]));
      } finally {
        await consumer.close();
      }
    };
    try {
      await exercise('idem-plt', send, read);
      assert.ok(producer!.producerId !== undefined && producer!.producerId > 0n);
    } finally {
      await (producer as Producer<string, string, string, string> | null)?.close();
    }
  });

  /**
   * Ten sends of one record per partition through a proxy that loses the answers to the 3rd and
   * 7th Produce requests after the broker appended them: the client retries them. Returns each
   * partition's values and the proxy's counters.
   */
  async function lostAnswers(
    name: string,
    send: (bootstrap: string, topic: string, messages: { partition: number; value: string }[]) => Promise<void>,
    done: () => Promise<void>,
  ): Promise<{ values: string[][]; expected: string[][]; dropped: number }> {
    let target = { host: '127.0.0.1', port: 0 };
    const proxy = await LossyProxy.start(() => target, [3, 7]);
    const dir = tempDir();
    const { broker } = await startBroker({ dir, settings: { 'advertised.listeners': `PLAINTEXT://127.0.0.1:${proxy.port}` } });
    target = { host: '127.0.0.1', port: broker.port };
    try {
      const topic = uniqueTopic(name);
      const raw = await RawClient.connect(`127.0.0.1:${broker.port}`);
      await createTopic(raw, topic, 2);
      const expected: string[][] = [[], []];
      try {
        for (let i = 0; i < 10; i++) {
          const msgs = [0, 1].map((partition) => ({ partition, value: `m${i}-p${partition}` }));
          for (const m of msgs) expected[m.partition].push(m.value);
          await send(`127.0.0.1:${proxy.port}`, topic, msgs);
        }
      } finally {
        await done();
      }
      const values: string[][] = [];
      for (let p = 0; p < 2; p++) values.push((await readPartition(raw, topic, p)).map((r) => str(r.value)!));
      raw.close();
      return { values, expected, dropped: proxy.dropped };
    } finally {
      await broker.close();
      await proxy.close();
      removeDir(dir);
    }
  }

  function kafkajsSender(idempotent: boolean): { send: Parameters<typeof lostAnswers>[1]; done: () => Promise<void> } {
    let producer: ReturnType<Kafka['producer']> | null = null;
    let connected: Promise<void> | null = null;
    return {
      send: async (bootstrap, topic, messages) => {
        connected ??= (async () => {
          const kafka = new Kafka({ clientId: 'lossy-kjs', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, maxRetryTime: 300, retries: 10 } });
          producer = kafka.producer({ idempotent, allowAutoTopicCreation: false });
          await producer.connect();
        })();
        await connected;
        await producer!.send({ topic, acks: -1, messages: messages.map((m) => ({ partition: m.partition, value: m.value })) });
      },
      done: async () => { await (producer as ReturnType<Kafka['producer']> | null)?.disconnect(); },
    };
  }

  it('kafkajs, idempotent: a Produce whose answer is lost is retried without duplicates', async () => {
    const k = kafkajsSender(true);
    const { values, expected, dropped } = await lostAnswers('lossy-kjs', k.send, k.done);
    assert.equal(dropped, 2);
    assert.deepEqual(values, expected);
  });

  it('kafkajs, not idempotent: the same lost answers do write duplicates (what the test guards against)', async () => {
    const k = kafkajsSender(false);
    const { values, expected, dropped } = await lostAnswers('lossy-kjs-plain', k.send, k.done);
    assert.equal(dropped, 2);
    assert.equal(values.flat().length, expected.flat().length + 4, 'both records of each retried request are there twice');
    assert.deepEqual(values.map((v) => [...new Set(v)]), expected);
  });

  it('@platformatic/kafka, idempotent: a Produce whose answer is lost is retried without duplicates', async () => {
    let producer: Producer<string, string, string, string> | null = null;
    const { values, expected, dropped } = await lostAnswers('lossy-plt', async (bootstrap, topic, messages) => {
      producer ??= new Producer({ clientId: 'lossy-plt', bootstrapBrokers: [bootstrap], serializers: stringSerializers, idempotent: true, retries: 10, retryDelay: 50 });
      await producer.send({ messages: messages.map((m) => ({ topic, partition: m.partition, value: m.value })) });
    }, async () => { await (producer as Producer<string, string, string, string> | null)?.close(); });
    assert.equal(dropped, 2);
    assert.deepEqual(values, expected);
  });
});
