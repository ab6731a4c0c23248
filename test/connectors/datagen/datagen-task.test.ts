import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorProps, SourceRecord, Struct } from '../../../runtime/api/index.js';
import { DatagenTask } from '../../../connectors/datagen/index.js';
import { taskShare } from '../../../connectors/datagen/datagen-task.js';
import { MemoryOffsetStore } from '../../runtime/contract/offset-store.js';
import { pollUntil } from '../../runtime/contract/source-harness.js';
import { timed } from '../../runtime/contract/contract-case.js';

const base = { 'kafka.topic': 'orders', quickstart: 'orders', 'max.interval': '0', 'random.seed': '42', 'task.id': '0', 'task.count': '1' };

async function startTask(props: ConnectorProps, store = new MemoryOffsetStore()): Promise<DatagenTask> {
  const task = new DatagenTask();
  task.initialize({ configs: () => props, offsetStorageReader: store });
  await task.start(props);
  return task;
}

const orderIds = (rs: readonly SourceRecord[]): bigint[] => rs.map((r) => (r.value as Struct).get('orderid') as bigint);

test('records carry {task} partitions, {iteration} offsets, the key field and the topic', async () => {
  const task = await startTask({ ...base, 'batch.size': '3' });
  const records = (await task.poll())!;
  assert.equal(records.length, 3, 'max.interval 0: a full batch per poll');
  assert.deepEqual(records.map((r) => r.sourcePartition), [{ task: 0 }, { task: 0 }, { task: 0 }]);
  assert.deepEqual(records.map((r) => r.sourceOffset), [{ iteration: 1 }, { iteration: 2 }, { iteration: 3 }]);
  assert.deepEqual(records.map((r) => r.key), [1n, 2n, 3n]);
  assert.ok(records.every((r) => r.topic === 'orders' && r.timestamp === null));
  await task.stop();
});

test('a task resumes at the stored iteration, continuing its own share of the sequence', async () => {
  const store = new MemoryOffsetStore();
  store.set({ task: 1 }, { iteration: 10 });
  const task = await startTask({ ...base, 'task.id': '1', 'task.count': '3' }, store);
  const records = await pollUntil(task, 2);
  // Task 1 of 3 makes records 1, 4, 7…; its 11th (iteration 10) is record 31, orderid 32.
  assert.deepEqual(orderIds(records.slice(0, 2)), [32n, 35n]);
  assert.deepEqual(records[0]!.sourceOffset, { iteration: 11 });
  await task.stop();
});

test('tasks split the iterations, and together make the same records as one task', async () => {
  // One poll returns everything due (batch.size 1000), so pollUntil returns exactly a task's share.
  const one = await startTask({ ...base, iterations: '10' });
  const alone = await pollUntil(one, 10);
  await one.stop();
  assert.equal(alone.length, 10);
  const shared: SourceRecord[] = [];
  for (let t = 0; t < 3; t++) {
    const task = await startTask({ ...base, iterations: '10', 'task.id': String(t), 'task.count': '3' });
    const got = await pollUntil(task, taskShare(10, t, 3));
    assert.equal(got.length, taskShare(10, t, 3));
    shared.push(...got);
    await task.stop();
  }
  shared.sort((a, b) => Number(orderIds([a])[0]! - orderIds([b])[0]!));
  assert.deepEqual(orderIds(shared), orderIds(alone));
  assert.ok(shared.every((r, i) => (r.value as Struct).equals(alone[i]!.value)));
});

test('taskShare: the shares add up to the iterations; -1 is unlimited', () => {
  for (const n of [1, 2, 3, 7]) for (const total of [0, 1, 5, 10, 11]) {
    assert.equal(Array.from({ length: n }, (_, t) => taskShare(total, t, n)).reduce((a, b) => a + b), total);
  }
  assert.equal(taskShare(-1, 0, 2), Infinity);
});

test('max.interval spaces the records; an idle poll returns null after about a second', async () => {
  const task = await startTask({ ...base, 'max.interval': '60000' });
  const first = await timed(task.poll());
  assert.equal(first.value!.length, 1, 'the first record is due at once');
  const idle = await timed(task.poll());
  assert.equal(idle.value, null);
  assert.ok(idle.ms >= 900 && idle.ms < 1500, `${idle.ms} ms`);
  await task.stop();
});

test('schema.keyfield picks the key; an empty one gives null keys', async () => {
  const byCustomer = await startTask({ ...base, 'schema.keyfield': 'customerid' });
  const [r] = (await byCustomer.poll())!;
  assert.equal(r!.key, (r!.value as Struct).get('customerid'));
  assert.equal(r!.keySchema!.type, 'STRING');
  await byCustomer.stop();
  const keyless = await startTask({ ...base, 'schema.keyfield': '' });
  const [k] = (await keyless.poll())!;
  assert.equal(k!.key, null);
  assert.equal(k!.keySchema, null);
  await keyless.stop();
});
