// Bad input over raw sockets. For each case: the broker answers as the protocol says or closes
// the connection as Kafka does (with a log line saying what was wrong where Kafka logs one),
// another connection opened before keeps working, and the stored data does not change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../../broker/broker.js';
import type { ApiVersionsResponse } from '../../../broker/protocol/messages/api-versions.js';
import type { CreateTopicsResponse } from '../../../broker/protocol/messages/create-topics.js';
import type { FetchResponse } from '../../../broker/protocol/messages/fetch.js';
import type { ListOffsetsResponse } from '../../../broker/protocol/messages/list-offsets.js';
import type { MetadataResponse } from '../../../broker/protocol/messages/metadata.js';
import type { ProduceResponse } from '../../../broker/protocol/messages/produce.js';
import { captureLogger, fingerprint, removeDir, startBroker } from '../../helpers/broker.js';
import { encodeBatch } from '../../helpers/records.js';
import {
  Api, RawClient, createTopicsRequest, encodeRequest, fetchRequest, frame, highWatermark, listOffsetsRequest, metadataRequest,
  produce, produceRequest, readPartition,
} from '../../helpers/raw-client.js';

const MAX_REQUEST = 1000;
const STABLE = 'stable';

/** A request header (v1: api key, version, correlation id, client id) followed by `body`. */
function header(apiKey: number, version: number, correlationId: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(10);
  h.writeInt16BE(apiKey, 0);
  h.writeInt16BE(version, 2);
  h.writeInt32BE(correlationId, 4);
  h.writeInt16BE(-1, 8); // null client id
  return Buffer.concat([h, body]);
}

describe('bad input', () => {
  let broker: Broker;
  let dir: string;
  let lines: string[];
  let witness: RawClient;

  before(async () => {
    const cap = captureLogger();
    lines = cap.lines;
    ({ broker, dir } = await startBroker({ settings: { 'socket.request.max.bytes': String(MAX_REQUEST) }, log: cap.log }));
    const setup = await RawClient.connect(broker.bootstrap);
    const created = await setup.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name: STABLE, partitions: 2 }]));
    assert.equal(created.topics[0].errorCode, 0);
    for (let i = 0; i < 3; i++) assert.equal((await produce(setup, STABLE, 0, encodeBatch([{ key: `k${i}`, value: `v${i}` }]))).errorCode, 0);
    setup.close();
    // Opened before any bad input and used after each case.
    witness = await RawClient.connect(broker.bootstrap);
  });

  after(async () => {
    witness.close();
    await broker.close();
    removeDir(dir);
  });

  /**
   * Runs `fn` on a fresh connection; then checks that the witness connection still works and that
   * no stored file changed (unless `changesData`). Returns the log lines written meanwhile.
   */
  async function badInput(fn: (c: RawClient) => Promise<void>, opts: { changesData?: boolean } = {}): Promise<string[]> {
    const stored = fingerprint(dir);
    const from = lines.length;
    const c = await RawClient.connect(broker.bootstrap);
    try {
      await fn(c);
    } finally {
      c.close();
    }
    const versions = await witness.request<ApiVersionsResponse>(Api.ApiVersions, 3, { clientSoftwareName: 'witness', clientSoftwareVersion: '1' });
    assert.equal(versions.errorCode, 0, 'the other connection still works');
    assert.deepEqual((await readPartition(witness, STABLE, 0)).map((r) => r.value?.toString()), ['v0', 'v1', 'v2']);
    if (!opts.changesData) assert.deepEqual(fingerprint(dir), stored, 'no stored data changed');
    return lines.slice(from);
  }

  const assertLogged = (logged: string[], pattern: RegExp): void => {
    assert.ok(logged.some((l) => pattern.test(l)), `a log line matches ${pattern}:\n${logged.join('\n')}`);
  };

  it('garbage bytes (an HTTP request) close the connection', async () => {
    const logged = await badInput(async (c) => {
      c.write(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
      assert.equal(await c.closedWithin(), true);
    });
    // "GET " read as a frame size is 1195725856.
    assertLogged(logged, /1195725856 bytes .*socket\.request\.max\.bytes/);
  });

  it('a frame of random bytes with a plausible header closes the connection', async () => {
    const logged = await badInput(async (c) => {
      const noise = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 73 + 41) & 0xff));
      c.write(frame(header(Api.Metadata, 12, 5, Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), noise]))));
      assert.equal(await c.closedWithin(), true);
    });
    assertLogged(logged, /malformed Metadata v12 request/);
  });

  it(`a frame larger than socket.request.max.bytes (${MAX_REQUEST}) closes the connection`, async () => {
    const logged = await badInput(async (c) => {
      const body = header(Api.ApiVersions, 0, 1, Buffer.alloc(MAX_REQUEST + 100 - 10));
      assert.equal(body.length, MAX_REQUEST + 100);
      c.write(frame(body));
      assert.equal(await c.closedWithin(), true);
    });
    assertLogged(logged, new RegExp(`${MAX_REQUEST + 100} bytes is larger than socket\\.request\\.max\\.bytes \\(${MAX_REQUEST}\\)`));
  });

  it('a negative frame size closes the connection', async () => {
    const logged = await badInput(async (c) => {
      const size = Buffer.alloc(4);
      size.writeInt32BE(-16, 0);
      c.write(Buffer.concat([size, header(Api.ApiVersions, 0, 1)]));
      assert.equal(await c.closedWithin(), true);
    });
    assertLogged(logged, /-16 bytes is negative/);
  });

  it(`a frame of exactly socket.request.max.bytes is served, one byte more closes the connection`, async () => {
    /** A Metadata v12 request for made-up topics whose frame payload is exactly `size` bytes. */
    const sized = (size: number, correlationId: number): Buffer => {
      const names = ['m'.repeat(200), 'n'.repeat(200), 'o'.repeat(200), 'p'.repeat(200)];
      const base = encodeRequest(Api.Metadata, 12, correlationId, metadataRequest([...names, 'q'])).length - 4;
      const f = encodeRequest(Api.Metadata, 12, correlationId, metadataRequest([...names, 'q'.repeat(1 + size - base)]));
      assert.equal(f.length - 4, size);
      return f;
    };
    const logged = await badInput(async (c) => {
      c.write(sized(MAX_REQUEST, 1));
      const ok = RawClient.decode<MetadataResponse>(Api.Metadata, 12, await c.nextFrame());
      assert.equal(ok.correlationId, 1);
      assert.deepEqual(ok.body.topics.map((t) => t.errorCode), [3, 3, 3, 3, 3]);
      c.write(sized(MAX_REQUEST + 1, 2));
      assert.equal(await c.closedWithin(), true);
    });
    assertLogged(logged, new RegExp(`${MAX_REQUEST + 1} bytes is larger than socket\\.request\\.max\\.bytes`));
  });

  it('requests pipelined before an oversized frame are answered before the connection closes', async () => {
    await badInput(async (c) => {
      const size = Buffer.alloc(4);
      size.writeInt32BE(MAX_REQUEST * 10, 0);
      c.write(Buffer.concat([
        encodeRequest(Api.ApiVersions, 3, 31, { clientSoftwareName: 'pipelined', clientSoftwareVersion: '1' }),
        encodeRequest(Api.Metadata, 12, 32, metadataRequest([STABLE])),
        size, Buffer.alloc(64),
      ]));
      assert.equal(RawClient.decode<ApiVersionsResponse>(Api.ApiVersions, 3, await c.nextFrame()).correlationId, 31);
      assert.equal(RawClient.decode<MetadataResponse>(Api.Metadata, 12, await c.nextFrame()).correlationId, 32);
      assert.equal(await c.closedWithin(), true);
    });
  });

  it('an unknown API key (999) closes the connection', async () => {
    const logged = await badInput(async (c) => {
      c.write(frame(header(999, 0, 77)));
      assert.equal(await c.closedWithin(), true);
    });
    assertLogged(logged, /API key 999/);
  });

  it('an unsupported Produce version (v0, advertised only for librdkafka\'s feature checks) closes the connection', async () => {
    const logged = await badInput(async (c) => {
      c.write(encodeRequest(Api.Produce, 0, 3, produceRequest(STABLE, 0, encodeBatch([{ value: 'v0 produce' }]))));
      assert.equal(await c.closedWithin(), true);
    });
    assertLogged(logged, /Produce version 0 is not supported/);
  });

  it('ApiVersions v99 is answered with UNSUPPORTED_VERSION (35) in a v0 body listing the APIs', async () => {
    await badInput(async (c) => {
      // A client does not know the request layout of a future version: header v2, some body.
      const h = Buffer.alloc(8);
      h.writeInt16BE(Api.ApiVersions, 0);
      h.writeInt16BE(99, 2);
      h.writeInt32BE(4242, 4);
      c.write(frame(Buffer.concat([h, Buffer.from([0xff, 0xff, 0x00]), Buffer.from('future-client-body')])));
      const res = RawClient.decode<ApiVersionsResponse>(Api.ApiVersions, 0, await c.nextFrame());
      assert.equal(res.correlationId, 4242);
      assert.equal(res.body.errorCode, 35);
      const keys = new Map(res.body.apiKeys.map((k) => [k.apiKey, [k.minVersion, k.maxVersion]]));
      assert.deepEqual(keys.get(Api.ApiVersions), [0, 3]);
      // Advertised from v0 as Kafka 4 does for librdkafka's feature checks; v0-2 are still refused.
      assert.deepEqual(keys.get(Api.Produce), [0, 9]);
      assert.deepEqual(keys.get(Api.Fetch), [4, 17]);
      assert.deepEqual(keys.get(Api.Metadata), [0, 12]);
      // The connection stays usable: the client retries with a version it found in the list.
      const ok = await c.request<ApiVersionsResponse>(Api.ApiVersions, 3, { clientSoftwareName: 'retry', clientSoftwareVersion: '1' });
      assert.equal(ok.errorCode, 0);
      assert.equal(c.isClosed, false);
    });
  });

  it('Produce, Fetch and ListOffsets for a missing topic answer UNKNOWN_TOPIC_OR_PARTITION (3) and create nothing', async () => {
    await badInput(async (c) => {
      const p = await c.request<ProduceResponse>(Api.Produce, 9, produceRequest('missing', 0, encodeBatch([{ value: 'x' }])));
      assert.equal(p.responses[0].partitionResponses[0].errorCode, 3);
      const pv7 = await c.request<ProduceResponse>(Api.Produce, 7, produceRequest('missing', 0, encodeBatch([{ value: 'x' }])));
      assert.equal(pv7.responses[0].partitionResponses[0].errorCode, 3);
      for (const version of [11, 12]) {
        const f = await c.request<FetchResponse>(Api.Fetch, version, fetchRequest([{ topic: 'missing', partition: 0, offset: 0 }]));
        assert.equal(f.responses[0].partitions[0].errorCode, 3, `Fetch v${version}`);
      }
      // From v13 topics are named by id: an unknown id is UNKNOWN_TOPIC_ID (100).
      const byUnknownId = fetchRequest([{ topic: '', partition: 0, offset: 0 }]);
      byUnknownId.topics[0]!.topicId = 'AAAAAAAAAAAAAAAAAAAAAQ';
      const f13 = await c.request<FetchResponse>(Api.Fetch, 13, byUnknownId);
      assert.equal(f13.responses[0].partitions[0].errorCode, 100);
      // A missing partition of an existing topic too.
      const f2 = await c.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic: STABLE, partition: 7, offset: 0 }]));
      assert.equal(f2.responses[0].partitions[0].errorCode, 3);
      const lo = await c.request<ListOffsetsResponse>(Api.ListOffsets, 7, listOffsetsRequest('missing', [0], -1));
      assert.equal(lo.topics[0].partitions[0].errorCode, 3);
      // Produce does not auto-create; Metadata without allow_auto_topic_creation does not either.
      const md = await c.request<MetadataResponse>(Api.Metadata, 12, metadataRequest(['missing'], false));
      assert.equal(md.topics[0].errorCode, 3);
    });
  });

  it('a fetch outside the log answers OFFSET_OUT_OF_RANGE (1) with the log bounds', async () => {
    await badInput(async (c) => {
      for (const offset of [4, 99, -5]) {
        const f = await c.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic: STABLE, partition: 0, offset }]));
        const p = f.responses[0].partitions[0];
        assert.equal(p.errorCode, 1, `offset ${offset}`);
        assert.equal(p.highWatermark, 3);
        assert.equal(p.logStartOffset, 0);
      }
      // The high watermark itself is in range: nothing yet.
      const atEnd = await c.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic: STABLE, partition: 0, offset: 3 }]));
      assert.equal(atEnd.responses[0].partitions[0].errorCode, 0);
    });
  });

  it('a batch with a bad CRC is refused with CORRUPT_MESSAGE (2) and nothing is appended', async () => {
    const logged = await badInput(async (c) => {
      const batch = Buffer.from(encodeBatch([{ key: 'k', value: 'this record gets flipped' }]));
      batch[batch.length - 3] ^= 0x20;
      const r = await produce(c, STABLE, 0, batch);
      assert.equal(r.errorCode, 2);
      assert.match(r.errorMessage ?? '', /CRC/);
      assert.equal(await highWatermark(c, STABLE, 0), 3);
      // A good batch together with a bad one in the same partition data: all or nothing.
      const r2 = await produce(c, STABLE, 0, Buffer.concat([encodeBatch([{ value: 'good' }]), batch]));
      assert.equal(r2.errorCode, 2);
      assert.equal(await highWatermark(c, STABLE, 0), 3);
    });
    assertLogged(logged, /Rejected produce to stable-0 .*CRC/);
  });

  it('CreateTopics refuses an invalid topic name (17) and replication factor 3 (38)', async () => {
    const logged = await badInput(async (c) => {
      const res = await c.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([
        { name: 'bad/name', partitions: 1 },
        { name: '..', partitions: 1 },
        { name: 'x'.repeat(250), partitions: 1 },
        { name: 'three-replicas', partitions: 1, replicationFactor: 3 },
      ]));
      assert.deepEqual(res.topics.map((t) => t.errorCode), [17, 17, 17, 38]);
      assert.ok(res.topics.every((t) => t.errorMessage), 'each with a message');
      const v0 = await c.request<CreateTopicsResponse>(Api.CreateTopics, 0, createTopicsRequest([{ name: 'bad name', partitions: 1, replicationFactor: 1 }]));
      assert.equal(v0.topics[0].errorCode, 17);
      const md = await c.request<MetadataResponse>(Api.Metadata, 12, metadataRequest(null));
      assert.deepEqual(md.topics.map((t) => t.name), [STABLE]);
    });
    assertLogged(logged, /bad\/name .*refused/);
    assertLogged(logged, /three-replicas .*refused.*replication factor/i);
  });

  it('a truncated request body closes the connection', async () => {
    const logged = await badInput(async (c) => {
      const whole = encodeRequest(Api.Produce, 9, 9, produceRequest(STABLE, 0, encodeBatch([{ value: 'cut short' }])));
      const cut = whole.subarray(4, whole.length - 30);
      c.write(frame(cut));
      assert.equal(await c.closedWithin(), true);
    });
    assertLogged(logged, /malformed Produce v9 request/);
  });

  it('a request header cut short closes the connection', async () => {
    const logged = await badInput(async (c) => {
      c.write(frame(Buffer.from([0, 3, 0])));
      assert.equal(await c.closedWithin(), true);
    });
    assertLogged(logged, /too short for a request header/);
  });

  it('an acks=0 produce that fails closes the connection (the client cannot be told otherwise), as Kafka does', async () => {
    for (const [what, topic, batch] of [
      ['a missing topic', 'missing', encodeBatch([{ value: 'x' }])],
      ['a bad CRC', STABLE, (() => { const b = Buffer.from(encodeBatch([{ value: 'x' }])); b[b.length - 1] ^= 1; return b; })()],
    ] as const) {
      const logged = await badInput(async (c) => {
        c.write(encodeRequest(Api.Produce, 9, 55, produceRequest(topic, 0, batch, 0)));
        c.write(encodeRequest(Api.Metadata, 12, 56, metadataRequest([STABLE])));
        assert.equal(await c.closedWithin(), true, what);
        assert.equal(await highWatermark(witness, STABLE, 0), 3);
      });
      assertLogged(logged, new RegExp(`Closing connection .*correlation id 55.*acks=0.*${topic}-0`));
    }
  });

  it('acks=0 produce gets no response: the next response carries its own correlation id', async () => {
    await badInput(async (c) => {
      const before = await highWatermark(c, STABLE, 1);
      c.write(encodeRequest(Api.Produce, 9, 100, produceRequest(STABLE, 1, encodeBatch([{ value: 'fire and forget' }]), 0)));
      c.write(encodeRequest(Api.Produce, 7, 101, produceRequest(STABLE, 1, encodeBatch([{ value: 'fire and forget v7' }]), 0)));
      c.write(encodeRequest(Api.Metadata, 12, 102, metadataRequest([STABLE])));
      const next = RawClient.decode<MetadataResponse>(Api.Metadata, 12, await c.nextFrame());
      assert.equal(next.correlationId, 102);
      assert.equal(next.body.topics[0].name, STABLE);
      assert.equal(await highWatermark(c, STABLE, 1), before + 2, 'both acks=0 batches were appended');
      assert.deepEqual((await readPartition(c, STABLE, 1, before)).map((r) => r.value?.toString()), ['fire and forget', 'fire and forget v7']);
    }, { changesData: true });
  });
});
