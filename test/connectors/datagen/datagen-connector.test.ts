import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorPluginRegistry, type Struct } from '../../../runtime/api/index.js';
import { DatagenConnector, plugins } from '../../../connectors/datagen/index.js';
import { sourceContract } from '../../runtime/contract/source-contract.js';
import { MemoryOffsetStore } from '../../runtime/contract/offset-store.js';
import { pollUntil, startSourceConnector, startSourceTask } from '../../runtime/contract/source-harness.js';

const plugin = plugins[0];
const props = { 'kafka.topic': 'orders', quickstart: 'orders', 'max.interval': '0', 'random.seed': '42', 'batch.size': '7' };

sourceContract('Datagen', plugin, {
  fixture: () => ({ props, topic: 'orders', available: Infinity }),
  finiteFixture: () => ({ props: { ...props, iterations: '5' }, topic: 'orders', available: 5 }),
  expectedTaskCount: (max) => max,
});

test('plugin: io.tributary.connect.datagen.DatagenConnector, aliases DatagenConnector and Datagen', () => {
  assert.equal(plugin.className, 'io.tributary.connect.datagen.DatagenConnector');
  assert.deepEqual([...plugin.aliases], ['DatagenConnector', 'Datagen']);
  assert.equal(new ConnectorPluginRegistry().register(plugin).get('Datagen'), plugin);
});

test('validate(): a schema.keyfield the quickstart lacks, an unknown quickstart, each on its key', async () => {
  const errs = async (p: Record<string, string>) =>
    Object.fromEntries((await new DatagenConnector().validate(p)).configValues.filter((v) => v.errorMessages.length > 0).map((v) => [v.name, v.errorMessages]));
  assert.deepEqual(Object.keys(await errs({ ...props, 'schema.keyfield': 'userid' })), ['schema.keyfield']);
  assert.match((await errs({ ...props, 'schema.keyfield': 'userid' }))['schema.keyfield']![0]!, /not a field of the orders quickstart/);
  assert.deepEqual(Object.keys(await errs({ ...props, quickstart: 'clicks', 'schema.keyfield': 'x' })), ['quickstart']);
  assert.deepEqual(await errs({ ...props, quickstart: 'USERS', 'schema.keyfield': 'userid' }), {}, 'quickstart is case-insensitive');
  await assert.rejects(Promise.resolve(new DatagenConnector().start({ ...props, 'schema.keyfield': 'nope' })), /not a field/);
});

test('taskConfigs: one per tasks.max, never more than the iterations; a seed is chosen when none is set', async () => {
  const c = new DatagenConnector();
  await c.start({ ...props, iterations: '2' });
  assert.equal(c.taskConfigs(5).length, 2);
  const unseeded = new DatagenConnector();
  const { 'random.seed': _, ...noSeed } = props;
  await unseeded.start(noSeed);
  const configs = unseeded.taskConfigs(3);
  assert.deepEqual(configs.map((t) => [t['task.id'], t['task.count']]), [['0', '3'], ['1', '3'], ['2', '3']]);
  assert.match(configs[0]!['random.seed']!, /^\d+$/);
  assert.ok(configs.every((t) => t['random.seed'] === configs[0]!['random.seed']), 'all tasks share the chosen seed');
});

test('a seeded connector produces the same data in every run', async () => {
  const run = async () => {
    const connector = await startSourceConnector(plugin, { ...props, quickstart: 'users' });
    const task = await startSourceTask(connector, (await connector.taskConfigs(1))[0]!, new MemoryOffsetStore());
    const records = await pollUntil(task, 20);
    await task.stop();
    return records.slice(0, 20).map((r) => r.value as Struct);
  };
  const [a, b] = [await run(), await run()];
  assert.ok(a.every((v, i) => v.equals(b[i])));
});

test('alterOffsets accepts {task} → {iteration} and resets, refuses other shapes', () => {
  const c = new DatagenConnector();
  assert.equal(c.alterOffsets({}, [{ partition: { task: 0 }, offset: { iteration: 5 } }, { partition: { task: 1 }, offset: null }]), true);
  assert.throws(() => c.alterOffsets({}, [{ partition: { task: 'a' }, offset: null }]), /task/);
  assert.throws(() => c.alterOffsets({}, [{ partition: { task: 0 }, offset: { iteration: 1.5 } }]), /iteration/);
});
