// Compressed batches through the broker with two client libraries: kafkajs 2.2.4 (gzip built in;
// snappy via kafkajs-snappy, lz4, zstd and xerial-framed snappy via small codec plugins over the
// codec packages below) and @platformatic/kafka (gzip, snappy, lz4; its zstd needs Node's zlib
// zstd, which Node 20 lacks, so zstd's second producer/reader is the raw client with the broker's
// own codec). Each codec is produced with one client and read back with the other and with
// decodeRecordBatches over a raw Fetch; then topic `compression.type` conversion and `producer`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import kafkajs, { Kafka, CompressionTypes, Partitioners, logLevel, type Admin } from 'kafkajs';
import { Consumer, Producer, ProduceAcks, stringSerializers, type CompressionAlgorithmValue } from '@platformatic/kafka';
import lz4 from 'lz4-napi';
import type { Broker } from '../../../broker/broker.js';
import { CODEC_NAMES, compress, compressXerialSnappy, decompress, isXerialSnappy } from '../../../broker/log/compression.js';
import { decodeRecordBatches, encodeRecordBatch, type DecodedBatch } from '../../../broker/log/record-codec.js';
import type { FetchResponse } from '../../../broker/protocol/messages/fetch.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { kafkajsReadTopic } from '../../helpers/kafkajs.js';
import { platformaticReadTopic } from '../../helpers/platformatic.js';
import { Api, RawClient, createTopicsRequest, fetchRequest, produce } from '../../helpers/raw-client.js';

interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}
const SnappyCodec = createRequire(import.meta.url)('kafkajs-snappy') as () => KafkajsCodec;
const codecs = kafkajs.CompressionCodecs as unknown as Record<number, () => KafkajsCodec>;
codecs[CompressionTypes.Snappy] = SnappyCodec;
codecs[CompressionTypes.LZ4] = () => ({
  compress: async (e) => lz4.compressFrameSync(e.buffer),
  decompress: async (b) => lz4.decompressFrameSync(b),
});
codecs[CompressionTypes.ZSTD] = () => ({
  compress: async (e) => compress(4, e.buffer),
  decompress: async (b) => decompress(4, b),
});
/** What the Java client writes: xerial-framed snappy. */
const xerialCodec = (): KafkajsCodec => ({
  compress: async (e) => compressXerialSnappy(e.buffer, 1024),
  decompress: SnappyCodec().decompress,
});

const KAFKAJS_TYPE: Record<string, CompressionTypes> = {
  gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD,
};

const N = 40;
const sentValues = (tag: string): { key: string; value: string; headers: Record<string, string> }[] =>
  Array.from({ length: N }, (_, i) => ({ key: `k${i}`, value: `${tag} value ${i} `.repeat(20), headers: { n: String(i) } }));

describe('compression', () => {
  let broker: Broker;
  let dir: string;
  let kafka: Kafka;
  let admin: Admin;
  let consumer: Consumer;
  let raw: RawClient;

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'num.partitions': '1' } }));
    kafka = new Kafka({ clientId: 'compression-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 50 } });
    admin = kafka.admin();
    await admin.connect();
    consumer = new Consumer({ clientId: 'compression-it', groupId: 'unused', bootstrapBrokers: [broker.bootstrap], retries: 0 });
    raw = await RawClient.connect(broker.bootstrap);
  });

  after(async () => {
    raw.close();
    await consumer.close();
    await admin.disconnect();
    await broker.close();
    removeDir(dir);
  });

  /** The stored bytes of partition 0 (one raw Fetch v12). */
  async function fetchRaw(topic: string): Promise<Buffer> {
    const res = await raw.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic, partition: 0, offset: 0 }]));
    const p = res.responses[0].partitions[0];
    assert.equal(p.errorCode, 0);
    return p.records as Buffer;
  }

  async function createTopic(topic: string, configs: Record<string, string> = {}): Promise<void> {
    const res = await raw.request<{ topics: { errorCode: number }[] }>(Api.CreateTopics, 7, createTopicsRequest([{ name: topic, partitions: 1, replicationFactor: 1, configs }]));
    assert.equal(res.topics[0].errorCode, 0);
  }

  async function kafkajsProduce(topic: string, codec: string, tag: string): Promise<void> {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      const msgs = sentValues(tag);
      await producer.send({ topic, acks: -1, compression: codec === 'none' ? CompressionTypes.None : KAFKAJS_TYPE[codec], messages: msgs.slice(0, N / 2).map((m) => ({ ...m, partition: 0 })) });
      await producer.send({ topic, acks: -1, compression: codec === 'none' ? CompressionTypes.None : KAFKAJS_TYPE[codec], messages: msgs.slice(N / 2).map((m) => ({ ...m, partition: 0 })) });
    } finally {
      await producer.disconnect();
    }
  }

  async function platformaticProduce(topic: string, codec: string, tag: string): Promise<void> {
    const p = new Producer({ clientId: 'compression-it', bootstrapBrokers: [broker.bootstrap], serializers: stringSerializers, retries: 0 });
    try {
      const msgs = sentValues(tag);
      for (const part of [msgs.slice(0, N / 2), msgs.slice(N / 2)]) {
        await p.send({ acks: ProduceAcks.ALL, compression: codec as CompressionAlgorithmValue, messages: part.map((m) => ({ topic, partition: 0, key: m.key, value: m.value, headers: m.headers })) });
      }
    } finally {
      await p.close();
    }
  }

  function checkBatches(batches: DecodedBatch[], codec: number, tag: string): void {
    assert.ok(batches.length >= 2);
    for (const b of batches) {
      assert.equal(b.attributes & 7, codec, `batch at ${b.baseOffset} is ${CODEC_NAMES[b.attributes & 7]}, not ${CODEC_NAMES[codec]}`);
      assert.equal(b.crcValid, true);
    }
    const records = batches.flatMap((b) => b.records);
    assert.deepEqual(records.map((r) => [r.offset, r.key?.toString(), r.value?.toString(), r.headers.map((h) => [h.key, h.value?.toString()])]),
      sentValues(tag).map((m, i) => [i, m.key, m.value, [['n', m.headers.n]]]));
  }

  async function checkKafkajs(topic: string, tag: string): Promise<void> {
    const recs = (await kafkajsReadTopic(kafka, topic)).get(0) ?? [];
    assert.deepEqual(recs.map((r) => [r.offset, r.key?.toString(), r.value?.toString(), r.headers.n?.toString()]),
      sentValues(tag).map((m, i) => [i, m.key, m.value, m.headers.n]));
  }

  async function checkPlatformatic(topic: string, tag: string): Promise<void> {
    const recs = (await platformaticReadTopic(consumer, topic)).get(0) ?? [];
    assert.deepEqual(recs.map((r) => [r.offset, r.key?.toString(), r.value?.toString(), r.headers]),
      sentValues(tag).map((m, i) => [i, m.key, m.value, [['n', m.headers.n]]]));
  }

  for (const codec of [1, 2, 3, 4]) {
    const name = CODEC_NAMES[codec];
    it(`${name}: produced by kafkajs, read back by ${codec === 4 ? '' : '@platformatic/kafka, '}kafkajs and decodeRecordBatches, stored as produced`, async () => {
      const topic = uniqueTopic(`cmp-kjs-${name}`);
      await createTopic(topic);
      await kafkajsProduce(topic, name, `kjs-${name}`);
      checkBatches(decodeRecordBatches(await fetchRaw(topic)), codec, `kjs-${name}`);
      await checkKafkajs(topic, `kjs-${name}`);
      if (codec !== 4) await checkPlatformatic(topic, `kjs-${name}`);
    });

    it(`${name}: produced by ${codec === 4 ? 'the raw client' : '@platformatic/kafka'}, read back by kafkajs and decodeRecordBatches`, async () => {
      const topic = uniqueTopic(`cmp-plt-${name}`);
      await createTopic(topic);
      const tag = `plt-${name}`;
      if (codec === 4) {
        const msgs = sentValues(tag);
        for (const [from, part] of [[0, msgs.slice(0, N / 2)], [N / 2, msgs.slice(N / 2)]] as const) {
          const r = await produce(raw, topic, 0, encodeRecordBatch(part, { compression: 4 }));
          assert.equal(r.errorCode, 0);
          assert.equal(r.baseOffset, from);
        }
      } else {
        await platformaticProduce(topic, name, tag);
        await checkPlatformatic(topic, tag);
      }
      checkBatches(decodeRecordBatches(await fetchRaw(topic)), codec, tag);
      await checkKafkajs(topic, tag);
    });
  }

  it('snappy in the xerial framed form (as the Java client writes it) is stored as produced and read by kafkajs and decodeRecordBatches', async () => {
    const topic = uniqueTopic('cmp-xerial');
    await createTopic(topic);
    codecs[CompressionTypes.Snappy] = xerialCodec;
    try {
      await kafkajsProduce(topic, 'snappy', 'xerial');
    } finally {
      codecs[CompressionTypes.Snappy] = SnappyCodec;
    }
    const data = await fetchRaw(topic);
    const batches = decodeRecordBatches(data);
    let pos = 0;
    for (const b of batches) {
      assert.ok(isXerialSnappy(data.subarray(pos + 61, pos + b.size)), `batch at ${b.baseOffset} is not xerial-framed`);
      pos += b.size;
    }
    checkBatches(batches, 2, 'xerial');
    await checkKafkajs(topic, 'xerial');
  });

  it('compression.type=gzip re-encodes uncompressed (kafkajs) and lz4 (@platformatic/kafka) produce as gzip, keeping records, timestamps and producer fields', async () => {
    const topic = uniqueTopic('cmp-to-gzip');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'compression.type', value: 'gzip' }] }] });
    await kafkajsProduce(topic, 'none', 'to-gzip');
    const batches = decodeRecordBatches(await fetchRaw(topic));
    checkBatches(batches, 1, 'to-gzip');
    await checkKafkajs(topic, 'to-gzip');
    await checkPlatformatic(topic, 'to-gzip');

    const topic2 = uniqueTopic('cmp-lz4-to-gzip');
    await createTopic(topic2, { 'compression.type': 'gzip' });
    await platformaticProduce(topic2, 'lz4', 'lz4-to-gzip');
    checkBatches(decodeRecordBatches(await fetchRaw(topic2)), 1, 'lz4-to-gzip');

    // Producer fields, timestamps and deltas survive; an idempotent batch stays idempotent.
    const topic3 = uniqueTopic('cmp-fields');
    await createTopic(topic3, { 'compression.type': 'zstd' });
    const T = Date.now() - 1000;
    const src = encodeRecordBatch([{ value: 'a', timestamp: T }, { value: 'b', timestamp: T + 7 }], { compression: 3, producerId: -1, baseSequence: -1 });
    assert.equal((await produce(raw, topic3, 0, src)).errorCode, 0);
    const [b] = decodeRecordBatches(await fetchRaw(topic3));
    assert.equal(b.attributes & 7, 4);
    assert.deepEqual(b.records.map((r) => [r.offset, r.timestamp, r.value?.toString()]), [[0, T, 'a'], [1, T + 7, 'b']]);
    assert.equal(b.maxTimestamp, T + 7);
  });

  it('compression.type=uncompressed stores decompressed batches; a batch that does not decompress is refused with CORRUPT_MESSAGE', async () => {
    const topic = uniqueTopic('cmp-plain');
    await createTopic(topic, { 'compression.type': 'uncompressed' });
    await kafkajsProduce(topic, 'snappy', 'to-plain');
    checkBatches(decodeRecordBatches(await fetchRaw(topic)), 0, 'to-plain');
    const bad = encodeRecordBatch([{ value: 'not really gzip' }]);
    bad.writeInt16BE(1, 21);
    const { computeBatchCrc } = await import('../../../broker/log/record-batch.js');
    bad.writeUInt32BE(computeBatchCrc(bad, 0, bad.length), 17);
    const r = await produce(raw, topic, 0, bad);
    assert.equal(r.errorCode, 2); // CORRUPT_MESSAGE
    assert.match(r.errorMessage ?? '', /gzip/);
  });

  it('compression.type=producer (the default) keeps the produced bytes identical', async () => {
    const topic = uniqueTopic('cmp-producer');
    await createTopic(topic, { 'compression.type': 'producer' });
    const batches = [1, 2, 3, 4].map((c, i) => encodeRecordBatch([{ key: `k${c}`, value: `v${c}`.repeat(100) }], { baseOffset: i, partitionLeaderEpoch: 0, compression: c }));
    for (const b of batches) assert.equal((await produce(raw, topic, 0, b)).errorCode, 0);
    assert.deepEqual(await fetchRaw(topic), Buffer.concat(batches));
  });
});
