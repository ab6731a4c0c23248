// Hand-checked encodings: every hex string below was written out from the wire grammar (reader.ts),
// not produced by this code. Real-client captures belong in a separate file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Reader } from '../../../broker/protocol/reader.js';
import { Writer } from '../../../broker/protocol/writer.js';
import { ProtocolDecodeError } from '../../../broker/protocol/errors.js';
import {
  ApiKey, requestHeaderVersion, responseHeaderVersion, readRequestHeader, writeRequestHeader,
  readResponseHeader, writeResponseHeader, readApiVersionsRequest, writeApiVersionsRequest,
  readApiVersionsResponse, writeApiVersionsResponse, readMetadataRequest, writeMetadataRequest,
  writeMetadataResponse, readProduceRequest, writeProduceRequest, readProduceResponse, writeProduceResponse,
  type ApiVersionsResponse, type MetadataResponse, type ProduceRequest, type ProduceResponse,
} from '../../../broker/protocol/messages/index.js';

const hex = (b: Buffer): string => b.toString('hex');
const bytes = (h: string): Buffer => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const KAFKAJS = '0007 6b61666b616a73'; // int16 length + "kafkajs"

/** A complete request frame: int32 size, header (version per Kafka's rules), body. */
function requestFrame(apiKey: number, apiVersion: number, correlationId: number, clientId: string | null, body: (w: Writer) => void): Buffer {
  const w = new Writer();
  w.writeInt32(0);
  writeRequestHeader(w, requestHeaderVersion(apiKey, apiVersion), { requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId, clientId });
  body(w);
  w.patchInt32(0, w.length - 4);
  return w.toBuffer();
}

function responseFrame(apiKey: number, apiVersion: number, correlationId: number, body: (w: Writer) => void): Buffer {
  const w = new Writer();
  w.writeInt32(0);
  writeResponseHeader(w, responseHeaderVersion(apiKey, apiVersion), { correlationId });
  body(w);
  w.patchInt32(0, w.length - 4);
  return w.toBuffer();
}

const apiVersionsBody: ApiVersionsResponse = {
  errorCode: 0,
  apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 9 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }],
  throttleTimeMs: 0, supportedFeatures: [], finalizedFeaturesEpoch: -1, finalizedFeatures: [], zkMigrationReady: false,
};

describe('header versions', () => {
  it('follow the flexible-version rule, with the ApiVersions response exception', () => {
    assert.equal(requestHeaderVersion(ApiKey.ApiVersions, 0), 1);
    assert.equal(requestHeaderVersion(ApiKey.ApiVersions, 2), 1);
    assert.equal(requestHeaderVersion(ApiKey.ApiVersions, 3), 2);
    assert.equal(responseHeaderVersion(ApiKey.ApiVersions, 3), 0);
    assert.equal(responseHeaderVersion(ApiKey.ApiVersions, 4), 0);
    assert.equal(requestHeaderVersion(ApiKey.Metadata, 8), 1);
    assert.equal(requestHeaderVersion(ApiKey.Metadata, 9), 2);
    assert.equal(responseHeaderVersion(ApiKey.Metadata, 8), 0);
    assert.equal(responseHeaderVersion(ApiKey.Metadata, 9), 1);
    assert.equal(requestHeaderVersion(ApiKey.Produce, 9), 2);
    assert.equal(requestHeaderVersion(ApiKey.DescribeCluster, 0), 2, 'DescribeCluster is flexible from v0');
    assert.equal(responseHeaderVersion(ApiKey.SaslHandshake, 1), 0, 'SaslHandshake has no flexible version');
    assert.equal(requestHeaderVersion(7, 0), 0, 'ControlledShutdown v0');
    assert.equal(requestHeaderVersion(7, 3), 2);
    assert.equal(requestHeaderVersion(68, 0), 2, 'APIs not generated here still get the right header');
    assert.equal(requestHeaderVersion(9999, 5), 1);
    assert.equal(responseHeaderVersion(9999, 5), 0);
  });
});

describe('request fixtures', () => {
  it('ApiVersions v0 request from kafkajs', () => {
    const frame = requestFrame(ApiKey.ApiVersions, 0, 1, 'kafkajs', (w) => writeApiVersionsRequest(w, 0, { clientSoftwareName: '', clientSoftwareVersion: '' }));
    assert.equal(hex(frame), hex(bytes(`00000011 0012 0000 00000001 ${KAFKAJS}`)));
    const r = new Reader(frame, 4);
    assert.deepEqual(readRequestHeader(r, 1), { requestApiKey: 18, requestApiVersion: 0, correlationId: 1, clientId: 'kafkajs' });
    assert.deepEqual(readApiVersionsRequest(r, 0), { clientSoftwareName: '', clientSoftwareVersion: '' });
    assert.equal(r.remaining(), 0);
  });

  it('ApiVersions v3 request (flexible body; header v2 keeps the int16 client id)', () => {
    const body = { clientSoftwareName: 'kafkajs', clientSoftwareVersion: '2.2.4' };
    const frame = requestFrame(ApiKey.ApiVersions, 3, 2, 'kafkajs', (w) => writeApiVersionsRequest(w, 3, body));
    assert.equal(hex(frame), hex(bytes(`00000021 0012 0003 00000002 ${KAFKAJS} 00   08 6b61666b616a73 06 322e322e34 00`)));
    const r = new Reader(frame, 4);
    assert.deepEqual(readRequestHeader(r, 2), { requestApiKey: 18, requestApiVersion: 3, correlationId: 2, clientId: 'kafkajs' });
    assert.deepEqual(readApiVersionsRequest(r, 3), body);
  });

  it('Metadata v1 request: a topic list, and null for all topics', () => {
    const some = requestFrame(ApiKey.Metadata, 1, 3, 'kafkajs', (w) => writeMetadataRequest(w, 1, {
      topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'topic-a' }],
      allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false,
    }));
    assert.equal(hex(some), hex(bytes(`0000001e 0003 0001 00000003 ${KAFKAJS}  00000001 0007 746f7069632d61`)));
    const all = requestFrame(ApiKey.Metadata, 1, 4, 'kafkajs', (w) => writeMetadataRequest(w, 1, {
      topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false,
    }));
    assert.equal(hex(all), hex(bytes(`00000015 0003 0001 00000004 ${KAFKAJS}  ffffffff`)));
    const r = new Reader(all, 4);
    readRequestHeader(r, 1);
    assert.equal(readMetadataRequest(r, 1).topics, null);
  });

  it('flexible request header v2 with a null client id and empty tagged fields', () => {
    const w = new Writer();
    writeRequestHeader(w, 2, { requestApiKey: 3, requestApiVersion: 12, correlationId: 42, clientId: null });
    assert.equal(hex(w.toBuffer()), '0003000c0000002a' + 'ffff' + '00');
    const r = new Reader(bytes('0003000c0000002a ffff 02 05 01 aa 06 00'));
    assert.deepEqual(readRequestHeader(r, 2), { requestApiKey: 3, requestApiVersion: 12, correlationId: 42, clientId: null });
    assert.equal(r.remaining(), 0, 'unknown header tags are skipped');
  });

  const produce: ProduceRequest = {
    transactionalId: null, acks: -1, timeoutMs: 30000,
    topicData: [{ name: 't1', partitionData: [{ index: 0, records: bytes('deadbeef') }] }],
  };

  it('Produce v3 and v9 requests', () => {
    const w3 = new Writer();
    writeProduceRequest(w3, 3, produce);
    assert.equal(hex(w3.toBuffer()), hex(bytes('ffff ffff 00007530 00000001 0002 7431 00000001 00000000 00000004 deadbeef')));
    const w9 = new Writer();
    writeProduceRequest(w9, 9, produce);
    assert.equal(hex(w9.toBuffer()), hex(bytes('00 ffff 00007530 02 03 7431 02 00000000 05 deadbeef 00 00 00')));
    assert.deepEqual(readProduceRequest(new Reader(w9.toBuffer()), 9), produce);
  });

  it('truncated or corrupt input throws ProtocolDecodeError', () => {
    const w = new Writer();
    writeProduceRequest(w, 3, produce);
    const full = w.toBuffer();
    for (let n = 0; n < full.length; n++) {
      assert.throws(() => readProduceRequest(new Reader(full.subarray(0, n)), 3), ProtocolDecodeError, `cut at ${n}`);
    }
    // The partition count claims more elements than there are bytes.
    assert.throws(() => readProduceRequest(new Reader(bytes('ffff ffff 00007530 7fffffff')), 3), /exceeds/);
  });
});

describe('response fixtures', () => {
  it('ApiVersions v0 response', () => {
    const frame = responseFrame(ApiKey.ApiVersions, 0, 1, (w) => writeApiVersionsResponse(w, 0, apiVersionsBody));
    assert.equal(hex(frame), hex(bytes('00000016 00000001  0000 00000002 0000 0000 0009 0012 0000 0003')));
    const r = new Reader(frame, 4);
    assert.deepEqual(readResponseHeader(r, 0), { correlationId: 1 });
    assert.deepEqual(readApiVersionsResponse(r, 0), { ...apiVersionsBody, throttleTimeMs: 0 });
  });

  it('ApiVersions v3 response uses header v0 and omits default tagged fields', () => {
    const frame = responseFrame(ApiKey.ApiVersions, 3, 7, (w) => writeApiVersionsResponse(w, 3, apiVersionsBody));
    assert.equal(hex(frame), hex(bytes('0000001a 00000007  0000 03 0000 0000 0009 00 0012 0000 0003 00 00000000 00')));
  });

  it('ApiVersions v3 response with tagged fields, in tag order', () => {
    const body: ApiVersionsResponse = {
      ...apiVersionsBody, apiKeys: [],
      supportedFeatures: [{ name: 'metadata.version', minVersion: 1, maxVersion: 20 }],
      finalizedFeaturesEpoch: 5, zkMigrationReady: true,
    };
    const w = new Writer();
    writeApiVersionsResponse(w, 3, body);
    const expected = bytes(`0000 01 00000000  03
      00 17  02 11 6d657461646174612e76657273696f6e 0001 0014 00
      01 08  0000000000000005
      03 01  01`);
    assert.equal(hex(w.toBuffer()), hex(expected));
    assert.deepEqual(readApiVersionsResponse(new Reader(expected), 3), body);
  });

  it('unknown tagged fields are skipped; a known one with the wrong size is rejected', () => {
    const r = new Reader(bytes('08 6b61666b616a73 06 322e322e34  02  07 03 aabbcc  2a 00'));
    assert.deepEqual(readApiVersionsRequest(r, 3), { clientSoftwareName: 'kafkajs', clientSoftwareVersion: '2.2.4' });
    assert.equal(r.remaining(), 0);
    const bad = bytes('0000 01 00000000  01  01 09 0000000000000005 ff');
    assert.throws(() => readApiVersionsResponse(new Reader(bad), 3), /tagged field 1 ends at offset 18, but its size says 19/);
  });

  it('Produce v10 response with a tagged struct (CurrentLeader) and tagged NodeEndpoints', () => {
    const body: ProduceResponse = {
      responses: [{
        name: 't1',
        partitionResponses: [{
          index: 0, errorCode: 6, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: null,
          currentLeader: { leaderId: 2, leaderEpoch: 7 },
        }],
      }],
      throttleTimeMs: 0,
      nodeEndpoints: [{ nodeId: 2, host: 'b2', port: 9092, rack: null }],
    };
    const w = new Writer();
    writeProduceResponse(w, 10, body);
    const expected = bytes(`02 03 7431 02
        00000000 0006 ffffffffffffffff ffffffffffffffff ffffffffffffffff 01 00
        01 00 09 00000002 00000007 00
      00
      00000000
      01 00 0e 02 00000002 03 6232 00002384 00 00`);
    assert.equal(hex(w.toBuffer()), hex(expected));
    assert.deepEqual(readProduceResponse(new Reader(expected), 10), body);
    // At v9 neither tagged field exists: they are not written and read back as defaults.
    const w9 = new Writer();
    writeProduceResponse(w9, 9, body);
    assert.equal(hex(w9.toBuffer()), hex(bytes('02 03 7431 02 00000000 0006 ffffffffffffffff ffffffffffffffff ffffffffffffffff 01 00 00 00 00000000 00')));
    const back = readProduceResponse(new Reader(w9.toBuffer()), 9);
    assert.deepEqual(back.responses[0].partitionResponses[0].currentLeader, { leaderId: -1, leaderEpoch: -1 });
    assert.deepEqual(back.nodeEndpoints, []);
  });

  it('null in a version where the field is not nullable is written as empty', () => {
    const meta: MetadataResponse = {
      throttleTimeMs: 0, brokers: [], clusterId: null, controllerId: 1, clusterAuthorizedOperations: 0,
      topics: [{ errorCode: 3, name: null, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', isInternal: false, partitions: [], topicAuthorizedOperations: 0 }],
    };
    const w = new Writer();
    writeMetadataResponse(w, 0, meta);
    assert.equal(hex(w.toBuffer()), hex(bytes('00000000 00000001 0003 0000 00000000')));
    const m = new Writer();
    writeMetadataRequest(m, 0, { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    assert.equal(hex(m.toBuffer()), '00000000', 'Metadata v0 has no null topic list: empty means all topics');
  });
});
