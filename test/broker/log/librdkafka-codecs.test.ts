// Compressed batches as librdkafka makes them: Produce v7 requests captured from kcat 1.7 /
// librdkafka 2.0.2 (`kcat -P -z gzip|snappy|lz4|zstd`, twenty keyed JSON records each) with
// scripts/capture-fixtures.mjs. librdkafka is not installed where the tests run, so its bytes
// are the fixture: each batch must be accepted by the log as produced, served back unchanged,
// decode to the records kcat sent, and re-encode into every other codec and back.
// (By hand, kcat consuming these topics from this broker printed the same three records.)
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PartitionLog } from '../../../broker/log/partition-log.js';
import { COMPRESSION_CODEC_MASK, readBatchHeader } from '../../../broker/log/record-batch.js';
import { decodeRecordBatches, recompressBatch } from '../../../broker/log/record-codec.js';
import { apis } from '../../../broker/protocol/messages/index.js';
import { readRequestHeader, requestHeaderVersion } from '../../../broker/protocol/messages/headers.js';
import type { ProduceRequest } from '../../../broker/protocol/messages/produce.js';
import { Reader } from '../../../broker/protocol/reader.js';
import { rmDir, tempDir } from './batch-helper.js';
import { config } from './log-helper.js';

interface Fixture { client: string; apiKey: number; apiVersion: number; hex: string }
const fixtures = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../test/broker/log/fixtures/librdkafka-compressed-produce.json', import.meta.url)), 'utf8')) as Fixture[];

// What was piped into kcat: `key-N:{json}` lines, N = 1..20.
const SENT = Array.from({ length: 20 }, (_, j) => {
  const i = j + 1;
  return [`key-${i}`, `{"id":${i},"name":"${['alpha', 'beta', 'gamma'][i % 3]}","path":"/api/v1/items/${i % 4}","status":"active","tags":["alpha","beta","gamma"]}`];
});
const CODECS: Record<string, number> = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

function batchOf(f: Fixture): Buffer {
  const r = new Reader(Buffer.from(f.hex, 'hex'));
  readRequestHeader(r, requestHeaderVersion(f.apiKey, f.apiVersion));
  const req = apis[0]!.readRequest(r, f.apiVersion) as ProduceRequest;
  const recs = req.topicData[0].partitionData[0].records!;
  return Buffer.concat(Array.isArray(recs) ? recs : [recs as Buffer]);
}

const records = (buf: Buffer): string[][] => decodeRecordBatches(buf).flatMap((b) => b.records.map((x) => [x.key!.toString(), x.value!.toString()]));

let dir: string;
beforeEach(() => {
  dir = path.join(tempDir(), 'rdkafka-0');
});
afterEach(() => {
  rmDir(path.dirname(dir));
});

test('the fixtures hold one batch per codec', () => {
  assert.deepEqual(fixtures.map((f) => f.client.split(' ')[0]).sort(), ['kcat-gzip', 'kcat-lz4', 'kcat-snappy', 'kcat-zstd']);
});

for (const f of fixtures) {
  const codecName = f.client.split(' ')[0].replace('kcat-', '');
  test(`librdkafka ${codecName} batch: stored and served as produced, decodes to what kcat sent`, () => {
    const batch = batchOf(f);
    assert.equal(readBatchHeader(batch).attributes & COMPRESSION_CODEC_MASK, CODECS[codecName]);
    assert.deepEqual(records(batch), SENT);
    const log = PartitionLog.open(dir, config());
    const sent = Buffer.from(batch);
    const r = log.append(sent);
    assert.equal(r.lastOffset, 19);
    const served = Buffer.concat(log.read(0, 1 << 20, true).records);
    // Only the base offset and partition leader epoch (outside the CRC) were set by the broker.
    assert.deepEqual(served.subarray(17), batch.subarray(17));
    assert.deepEqual(records(served), SENT);
    log.close();
  });

  test(`librdkafka ${codecName} batch: re-encoded into every codec (compression.type) and back`, () => {
    const batch = batchOf(f);
    for (const target of [0, 1, 2, 3, 4]) {
      const re = recompressBatch(batch, 0, target);
      assert.equal(readBatchHeader(re).attributes & COMPRESSION_CODEC_MASK, target);
      assert.deepEqual(records(re), SENT, `${codecName} -> codec ${target}`);
      assert.deepEqual(records(recompressBatch(re, 0, CODECS[codecName])), SENT);
    }
    const log = PartitionLog.open(dir, config({ compressionType: 'uncompressed' }));
    log.append(Buffer.from(batch));
    const served = Buffer.concat(log.read(0, 1 << 20, true).records);
    assert.equal(readBatchHeader(served).attributes & COMPRESSION_CODEC_MASK, 0);
    assert.deepEqual(records(served), SENT);
    log.close();
  });
}
