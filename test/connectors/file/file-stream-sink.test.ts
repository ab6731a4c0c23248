import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigDecimal, ConnectException, Schema, SchemaBuilder, SinkRecord, Struct } from '../../../runtime/api/index.js';
import { FileStreamSinkConnector, FileStreamSinkTask, lineText, plugins } from '../../../connectors/file/index.js';
import { sinkContract } from '../../runtime/contract/sink-contract.js';

const sinkPlugin = plugins[1];

async function sinkFixture() {
  const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
  const file = join(dir, 'out.txt');
  return {
    props: { file, topics: 'lines' },
    topic: 'lines',
    readBack: async () => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== ''),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

sinkContract('FileStreamSink', sinkPlugin, {
  fixture: sinkFixture,
  expectedTaskCount: (max) => max,
  skip: {
    'validate-missing-required': 'every FileStreamSink setting has a default (no file = standard output); `topics` belongs to the runtime',
    'validate-wrong-type': 'FileStreamSink has a single STRING setting (file): no value can be of the wrong type',
    'errant-records': 'every value has a text form, so the file sink never rejects a record',
  },
});

function rec(value: unknown, offset = 0, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: offset, valueSchema, value });
}

async function startSink(file: string): Promise<FileStreamSinkTask> {
  const task = new FileStreamSinkTask();
  const props = { file, topics: 't' };
  task.initialize({
    configs: () => props,
    assignment: () => [],
    offset: () => {},
    offsets: () => {},
    timeout: () => {},
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => undefined,
  });
  await task.start(props);
  return task;
}

test('values are written as Kafka prints them: text as is, a Struct as Struct{...}, null as null', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
  const file = join(dir, 'out.txt');
  await writeFile(file, 'existing\n');
  const schema = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).field('name', Schema.STRING_SCHEMA).build();
  const task = await startSink(file);
  await task.put([rec('plain'), rec(new Struct(schema).put('id', 7n).put('name', 'x'), 1, schema), rec(null, 2), rec(42, 3)]);
  const safe = await task.preCommit([{ topic: 't', partition: 0, offset: 4 }]);
  assert.deepEqual(safe, [{ topic: 't', partition: 0, offset: 4 }]);
  await task.stop();
  assert.equal(await readFile(file, 'utf8'), 'existing\nplain\nStruct{id=7,name=x}\nnull\n42\n');
  await rm(dir, { recursive: true, force: true });
});

test('lineText: schemaless maps and objects as JSON, bytes as UTF-8, decimals and dates readable', () => {
  assert.equal(lineText(new Map<string, unknown>([['a', 1n], ['b', [1, 2]]])), '{"a":1,"b":[1,2]}');
  assert.equal(lineText({ x: { y: true } }), '{"x":{"y":true}}');
  assert.equal(lineText(Buffer.from('héllo')), 'héllo');
  assert.equal(lineText(new BigDecimal(1230n, 2)), '12.30');
  assert.equal(lineText(new Date(0)), '1970-01-01T00:00:00.000Z');
  assert.equal(lineText(undefined), 'null');
});

test('flush() fsyncs the file before preCommit answers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
  const task = await startSink(join(dir, 'out.txt'));
  const order: string[] = [];
  const flush = task.flush.bind(task);
  task.flush = async (offsets) => {
    order.push('flush');
    await flush(offsets);
    order.push('flushed');
  };
  // Count real fsyncs: every FileHandle shares one prototype, so wrap its sync() for this test.
  const probe = await open(join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { sync(this: unknown): Promise<void> };
  await probe.close();
  const realSync = proto.sync;
  proto.sync = function (this: unknown) {
    order.push('fsync');
    return realSync.call(this);
  };
  try {
    await task.put([rec('a')]);
    await task.preCommit([{ topic: 't', partition: 0, offset: 1 }]);
  } finally {
    proto.sync = realSync;
  }
  assert.deepEqual(order, ['flush', 'fsync', 'flushed']);
  await task.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a file that cannot be opened fails start with ConnectException', async () => {
  await assert.rejects(startSink('/nonexistent-dir/sub/out.txt'), (e: unknown) => e instanceof ConnectException && /Cannot open/.test(e.message));
});

test('every task gets the same configuration, one per tasks.max', () => {
  const c = new FileStreamSinkConnector();
  c.start({ file: '/tmp/o', topics: 't' });
  assert.deepEqual(c.taskConfigs(3), Array(3).fill({ file: '/tmp/o', topics: 't' }));
  assert.equal(c.alterOffsets(), true);
});
