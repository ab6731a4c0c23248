// FileStreamSource -> broker -> FileStreamSink through the worker's REST API, with the JSON and
// String converters and transform chains on both sides; lines appended later follow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { murmur2 } from '../../helpers/murmur2.js';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { api, awaitState, eventually, readTopic, tempDir, testBroker, testWorker, type TestBroker } from './worker-helper.js';

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);

describe('FileStreamSource -> Kafka -> FileStreamSink', () => {
  let b: TestBroker;
  let w: ConnectWorker;
  let tmp: ReturnType<typeof tempDir>;
  before(async () => {
    b = await testBroker();
    w = await testWorker(b.bootstrap);
    tmp = tempDir();
  });
  after(async () => {
    await w.close();
    await b.close();
    tmp.cleanup();
  });

  test('JSON with schemas, transforms on both sides', async () => {
    const input = join(tmp.dir, 'in-json.txt');
    const output = join(tmp.dir, 'out-json.txt');
    writeFileSync(input, 'alpha\nbeta\n');
    const src = await api(w.url, 'POST', '/connectors', {
      name: 'file-json-src',
      config: {
        'connector.class': 'FileStreamSource', file: input, topic: 'e2e-json',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        transforms: 'hoist,origin',
        'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value', 'transforms.hoist.field': 'line',
        'transforms.origin.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
        'transforms.origin.static.field': 'origin', 'transforms.origin.static.value': 'file',
      },
    });
    assert.equal(src.status, 201, JSON.stringify(src.body));
    const sink = await api(w.url, 'POST', '/connectors', {
      name: 'file-json-sink',
      config: {
        'connector.class': 'FileStreamSink', file: output, topics: 'e2e-json',
        transforms: 'upper,only',
        'transforms.upper.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value', 'transforms.upper.renames': 'line:text',
        'transforms.only.type': 'org.apache.kafka.connect.transforms.ExtractField$Value', 'transforms.only.field': 'text',
        predicates: 'fromFile', 'transforms.only.predicate': 'fromFile',
        'predicates.fromFile.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches', 'predicates.fromFile.pattern': 'e2e-.*',
      },
    });
    assert.equal(sink.status, 201, JSON.stringify(sink.body));
    await awaitState(w.url, 'file-json-src', 'RUNNING', 1);
    await awaitState(w.url, 'file-json-sink', 'RUNNING', 1);
    await eventually(() => lines(output).length === 2, 15_000, 'two lines in the output');
    assert.deepEqual(lines(output), ['alpha', 'beta']);
    const records = await readTopic(b.bootstrap, 'e2e-json');
    const first = JSON.parse(records[0]!.value!.toString());
    assert.deepEqual(first.payload, { line: 'alpha', origin: 'file' });
    assert.equal(first.schema.type, 'struct');
    assert.deepEqual(first.schema.fields.map((f: { field: string }) => f.field), ['line', 'origin']);
    appendFileSync(input, 'gamma\n');
    await eventually(() => lines(output).length === 3, 15_000, 'the appended line');
    assert.deepEqual(lines(output), ['alpha', 'beta', 'gamma']);
  });

  test('String converter, plain lines', async () => {
    const input = join(tmp.dir, 'in-str.txt');
    const output = join(tmp.dir, 'out-str.txt');
    writeFileSync(input, 'one\ntwo\nthree\n');
    const str = { 'value.converter': 'org.apache.kafka.connect.storage.StringConverter', 'key.converter': 'StringConverter' };
    assert.equal((await api(w.url, 'POST', '/connectors', { name: 'file-str-src', config: { 'connector.class': 'FileStreamSource', file: input, topic: 'e2e-str', ...str } })).status, 201);
    assert.equal((await api(w.url, 'POST', '/connectors', { name: 'file-str-sink', config: { 'connector.class': 'FileStreamSinkConnector', file: output, topics: 'e2e-str', ...str } })).status, 201);
    await eventually(() => lines(output).length === 3, 15_000, 'three lines');
    assert.deepEqual(lines(output), ['one', 'two', 'three']);
    const records = await readTopic(b.bootstrap, 'e2e-str');
    assert.deepEqual(records.map((r) => r.value?.toString()), ['one', 'two', 'three']);
    assert.ok(records.every((r) => r.key === null));
    const offsets = await eventually(async () => {
      const o = await api(w.url, 'GET', '/connectors/file-str-src/offsets');
      return o.body.offsets.length === 1 ? o.body.offsets[0] : null;
    });
    assert.deepEqual(offsets, { partition: { filename: input }, offset: { position: 14 } });
  });

  test('keyed source records land in the partition Kafka\'s default partitioner picks', async () => {
    await w.clients.ensureTopic('e2e-keys', 4, 1);
    const r = await api(w.url, 'POST', '/connectors', { name: 'keyed', config: { 'connector.class': 'ListSource', topic: 'e2e-keys', values: 'k1,k2,k3,k4,k5,k6', 'key.field': 'true', 'key.converter': 'StringConverter', 'value.converter': 'StringConverter' } });
    assert.equal(r.status, 201);
    const records = await eventually(async () => {
      const all = await readTopic(b.bootstrap, 'e2e-keys');
      return all.length === 6 ? all : null;
    });
    // The Java client's default partitioner: murmur2 of the key bytes, masked positive, modulo 4.
    const byPartition = await readPartitions(b.bootstrap, 'e2e-keys');
    for (const rec of records) {
      const expected = (murmur2(rec.key!) & 0x7fffffff) % 4;
      assert.ok(byPartition.get(expected)!.some((x) => x.key?.equals(rec.key!)), `key ${rec.key} in partition ${expected}`);
    }
  });

  test('topic.creation.default.*: a source creates its topic with the given partitions and configs', async () => {
    const r = await api(w.url, 'POST', '/connectors', {
      name: 'creator', config: {
        'connector.class': 'ListSource', topic: 'e2e-created', values: 'x', 'topic.creation.default.partitions': '3',
        'topic.creation.default.replication.factor': '1', 'topic.creation.default.retention.ms': '86400000',
      },
    });
    assert.equal(r.status, 201);
    await eventually(async () => (await readTopic(b.bootstrap, 'e2e-created').catch(() => [])).length === 1, 15_000, 'record written');
    const md = await w.clients.admin.metadata({ topics: ['e2e-created'], forceUpdate: true });
    assert.equal(md.topics.get('e2e-created')!.partitionsCount, 3);
  });
});

async function readPartitions(bootstrap: string, topic: string) {
  const { Consumer } = await import('@platformatic/kafka');
  const { platformaticReadTopic } = await import('../../helpers/platformatic.js');
  const c = new Consumer({ clientId: 'p', groupId: 'p', bootstrapBrokers: [bootstrap] });
  try {
    return await platformaticReadTopic(c, topic);
  } finally {
    await c.close();
  }
}
