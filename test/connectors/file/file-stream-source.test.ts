import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { ConnectorPluginRegistry, Schema, type ConnectorProps, type SourceRecord } from '../../../runtime/api/index.js';
import { FileStreamSourceConnector, FileStreamSourceTask, plugins } from '../../../connectors/file/index.js';
import { MemoryOffsetStore } from '../../runtime/contract/offset-store.js';
import { pollUntil } from '../../runtime/contract/source-harness.js';
import { sourceContract } from '../../runtime/contract/source-contract.js';

const sourcePlugin = plugins[0];

async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'file-source-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function linesFixture(count: number) {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'input.txt');
  await writeFile(file, Array.from({ length: count }, (_, i) => `line-${i}\n`).join(''));
  return { props: { file, topic: 'lines', 'batch.size': '5' }, topic: 'lines', available: count, cleanup };
}

sourceContract('FileStreamSource', sourcePlugin, {
  fixture: () => linesFixture(40),
  finiteFixture: () => linesFixture(3),
  expectedTaskCount: () => 1,
  recordId: (r) => String(r.value),
});

/** A task whose warnings are collected and whose stdin can be replaced. */
class TestTask extends FileStreamSourceTask {
  readonly warnings: string[] = [];
  input: Readable | undefined;
  protected override warn(message: string): void {
    this.warnings.push(message);
  }
  protected override stdin(): Readable {
    return this.input!;
  }
}

async function startTask(props: ConnectorProps, store = new MemoryOffsetStore(), input?: Readable): Promise<TestTask> {
  const task = new TestTask();
  task.input = input;
  task.initialize({ configs: () => props, offsetStorageReader: store });
  await task.start(props);
  return task;
}

const values = (rs: readonly SourceRecord[]): unknown[] => rs.map((r) => r.value);

test('plugins: Kafka class names, default aliases, source and sink', () => {
  const reg = new ConnectorPluginRegistry();
  for (const p of plugins) reg.register(p);
  assert.deepEqual(
    plugins.map((p) => [p.className, p.type, [...p.aliases]]),
    [
      ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'source', ['FileStreamSourceConnector', 'FileStreamSource']],
      ['org.apache.kafka.connect.file.FileStreamSinkConnector', 'sink', ['FileStreamSinkConnector', 'FileStreamSink']],
    ],
  );
  assert.equal(reg.get('FileStreamSource').className, 'org.apache.kafka.connect.file.FileStreamSourceConnector');
  assert.equal(reg.get('FileStreamSink').type, 'sink');
});

test('lines become STRING values with null keys, {filename} partitions and byte {position} offsets', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'in.txt');
  await writeFile(file, 'héllo\r\nworld\n');
  const task = await startTask({ file, topic: 't' });
  const records = await pollUntil(task, 2);
  assert.deepEqual(values(records), ['héllo', 'world']);
  for (const r of records) {
    assert.equal(r.key, null);
    assert.equal(r.keySchema, null);
    assert.ok(r.valueSchema!.equals(Schema.STRING_SCHEMA));
    assert.deepEqual(r.sourcePartition, { filename: file });
    assert.equal(r.topic, 't');
  }
  assert.deepEqual(records.map((r) => r.sourceOffset), [{ position: 8 }, { position: 14 }]);
  await task.stop();
  await cleanup();
});

test('start resumes from the stored position', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'in.txt');
  await writeFile(file, 'a\nb\nc\n');
  const store = new MemoryOffsetStore();
  store.set({ filename: file }, { position: 2 });
  const task = await startTask({ file, topic: 't' }, store);
  assert.deepEqual(values(await pollUntil(task, 2)), ['b', 'c']);
  await task.stop();
  await cleanup();
});

test('a malformed stored offset fails start with a message naming it', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'in.txt');
  const store = new MemoryOffsetStore();
  store.set({ filename: file }, { position: 'x' });
  await assert.rejects(startTask({ file, topic: 't' }, store), /has no valid 'position'/);
  await cleanup();
});

test('batch.size bounds the records of one poll', async () => {
  const { props, cleanup } = await linesFixture(12);
  const task = await startTask(props);
  const sizes: number[] = [];
  for (let n = 0; n < 12; ) {
    const batch = (await task.poll()) ?? [];
    sizes.push(batch.length);
    n += batch.length;
  }
  assert.deepEqual(sizes, [5, 5, 2]);
  await task.stop();
  await cleanup();
});

test('a file that does not exist yet is waited for (one warning), then read from the start', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'later.txt');
  const task = await startTask({ file, topic: 't' });
  assert.equal(await task.poll(), null);
  assert.equal(await task.poll(), null);
  assert.equal(task.warnings.length, 1);
  assert.match(task.warnings[0]!, /does not exist yet/);
  await writeFile(file, 'first\n');
  assert.deepEqual(values(await pollUntil(task, 1)), ['first']);
  await task.stop();
  await cleanup();
});

test('a partial last line is emitted only once its newline arrives', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'in.txt');
  await writeFile(file, 'done\npart');
  const task = await startTask({ file, topic: 't' });
  const first = await pollUntil(task, 1);
  assert.deepEqual(values(first), ['done']);
  assert.equal(await task.poll(), null);
  await appendFile(file, 'ial\nnext');
  const second = await pollUntil(task, 1);
  assert.deepEqual(values(second), ['partial']);
  assert.deepEqual(second[0]!.sourceOffset, { position: 'done\npartial\n'.length });
  await task.stop();
  await cleanup();
});

test('a truncated file is read again from the start, with a warning', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'in.txt');
  await writeFile(file, 'one\ntwo\nthree\n');
  const task = await startTask({ file, topic: 't' });
  assert.deepEqual(values(await pollUntil(task, 3)), ['one', 'two', 'three']);
  await truncate(file, 0);
  await appendFile(file, 'new\n');
  const after = await pollUntil(task, 1);
  assert.deepEqual(values(after), ['new']);
  assert.deepEqual(after[0]!.sourceOffset, { position: 4 });
  assert.ok(task.warnings.some((w) => /truncated/.test(w)), task.warnings.join('\n'));
  await task.stop();
  await cleanup();
});

test('a stored position beyond the end of the file restarts at 0, with a warning', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'in.txt');
  await writeFile(file, 'short\n');
  const store = new MemoryOffsetStore();
  store.set({ filename: file }, { position: 1000 });
  const task = await startTask({ file, topic: 't' }, store);
  assert.deepEqual(values(await pollUntil(task, 1)), ['short']);
  assert.ok(task.warnings.some((w) => /shorter/.test(w)));
  await task.stop();
  await cleanup();
});

test('a rotated file: the rest of the old one is read, then the new one from 0, with a warning', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'app.log');
  await writeFile(file, 'old-1\n');
  const task = await startTask({ file, topic: 't' });
  assert.deepEqual(values(await pollUntil(task, 1)), ['old-1']);
  await appendFile(file, 'old-2\nold-partial');
  await rename(file, join(dir, 'app.log.1'));
  await writeFile(file, 'new-1\n');
  const records = await pollUntil(task, 2);
  assert.deepEqual(values(records), ['old-2', 'new-1']);
  assert.deepEqual(records[1]!.sourceOffset, { position: 6 });
  const warning = task.warnings.find((w) => /rotated/.test(w));
  assert.ok(warning !== undefined);
  assert.match(warning, /dropping an unterminated last line of 11 bytes/);
  await task.stop();
  await cleanup();
});

test('a file removed and not yet recreated: the task keeps the old one and waits', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'gone.txt');
  await writeFile(file, 'a\n');
  const task = await startTask({ file, topic: 't' });
  await pollUntil(task, 1);
  await rm(file);
  assert.equal(await task.poll(), null);
  await writeFile(file, 'b\n');
  assert.deepEqual(values(await pollUntil(task, 1)), ['b']);
  await task.stop();
  await cleanup();
});

test('without a file, standard input is read: no offsets, and the last line is complete at end of input', async () => {
  const input = new PassThrough();
  const task = await startTask({ topic: 't' }, new MemoryOffsetStore(), input);
  input.write('x\ny');
  const first = await pollUntil(task, 1);
  assert.deepEqual(values(first), ['x']);
  assert.equal(first[0]!.sourcePartition, null);
  assert.equal(first[0]!.sourceOffset, null);
  input.end('z');
  assert.deepEqual(values(await pollUntil(task, 1)), ['yz']);
  await task.stop();
});

test('validate() requires exactly one topic; start() refuses several', async () => {
  const c = new FileStreamSourceConnector();
  const config = await c.validate({ file: '/tmp/x', topic: 'a,b' });
  assert.deepEqual(
    config.configValues.filter((v) => v.errorMessages.length > 0).map((v) => v.name),
    ['topic'],
  );
  assert.match(config.configValue('topic')!.errorMessages[0]!, /exactly one topic/);
  assert.throws(() => c.start({ topic: 'a,b' }), /exactly one topic/);
  assert.equal((await c.validate({ topic: 'a' })).errorCount(), 0, 'file is optional (standard input)');
});

test('alterOffsets accepts {filename} → {position} and resets, refuses other shapes', () => {
  const c = new FileStreamSourceConnector();
  assert.equal(c.alterOffsets({}, [{ partition: { filename: 'f' }, offset: { position: 3 } }, { partition: { filename: 'g' }, offset: null }]), true);
  assert.throws(() => c.alterOffsets({}, [{ partition: { file: 'f' }, offset: { position: 3 } }]), /filename/);
  assert.throws(() => c.alterOffsets({}, [{ partition: { filename: 'f' }, offset: { position: -1 } }]), /position/);
});
