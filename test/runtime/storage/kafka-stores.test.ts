// The Kafka stores against a real in-process broker: the shared store contract, then what only
// a shared log can show — two workers on one topic see each other's writes, a restart recovers
// everything, the topics have Connect's shape, and the records are Connect's, byte for byte
// (read back with a raw consumer) and read the other way round (records a Connect worker wrote).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, ConfigResourceTypes, Consumer, Producer, ProduceAcks } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import { KafkaConfigStore } from '../../../runtime/storage/kafka-config-store.js';
import { KafkaOffsetStore } from '../../../runtime/storage/kafka-offset-store.js';
import { KafkaStatusStore } from '../../../runtime/storage/kafka-status-store.js';
import type { KafkaStoreOptions } from '../../../runtime/storage/kafka-store-options.js';
import type { ConfigChange } from '../../../runtime/storage/stores.js';
import { removeDir, sleep, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { partitionForKey } from '../../helpers/murmur2.js';
import { platformaticReadTopic } from '../../helpers/platformatic.js';
import { configStoreContract, offsetStoreContract, statusStoreContract } from './store-contract.js';

let broker: Broker;
let dir: string;
let admin: Admin;
let reader: Consumer;

before(async () => {
  ({ broker, dir } = await startBroker({ settings: { 'group.initial.rebalance.delay.ms': '0' } }));
  admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap], retries: 0 });
  reader = new Consumer({ clientId: 'test-reader', groupId: 'test-reader', bootstrapBrokers: [broker.bootstrap] });
});
after(async () => {
  await reader.close(true);
  await admin.close();
  await broker.close();
  removeDir(dir);
});

const opts = (topic: string, more: Partial<KafkaStoreOptions> = {}): KafkaStoreOptions => ({ bootstrapServers: [broker.bootstrap], topic, timeoutMs: 10_000, startTimeoutMs: 20_000, ...more });

async function started<T extends { start(): Promise<void> }>(store: T): Promise<T> {
  await store.start();
  return store;
}

/** Every record of `topic` as [partition, key, value JSON or null]. */
async function rawRecords(topic: string): Promise<{ partition: number; key: string; value: unknown }[]> {
  const out: { partition: number; key: string; value: unknown }[] = [];
  for (const [partition, records] of await platformaticReadTopic(reader, topic)) {
    for (const r of records) out.push({ partition, key: r.key!.toString('utf8'), value: r.value === null ? null : JSON.parse(r.value.toString('utf8')) });
  }
  return out;
}

async function produceRaw(topic: string, records: { key: string; value: unknown; partition?: number }[]): Promise<void> {
  const p = new Producer({ clientId: 'connect-imitation', bootstrapBrokers: [broker.bootstrap], retries: 0 });
  try {
    await p.send({ acks: ProduceAcks.ALL, messages: records.map((r) => ({
      topic, partition: r.partition ?? 0, key: Buffer.from(r.key), value: (r.value === null ? null : Buffer.from(JSON.stringify(r.value))) as Buffer,
    })) });
  } finally {
    await p.close();
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('KafkaConfigStore: contract', () => configStoreContract(() => started(new KafkaConfigStore(opts(uniqueTopic('configs'))))));
describe('KafkaOffsetStore: contract', () => offsetStoreContract(() => started(new KafkaOffsetStore(opts(uniqueTopic('offsets'), { partitions: 5 })))));
describe('KafkaStatusStore: contract', () => statusStoreContract(() => started(new KafkaStatusStore(opts(uniqueTopic('status'))))));

describe('Kafka stores: topics', () => {
  it('creates compacted topics with Connect\'s partition counts', async () => {
    const [c, o, s] = [uniqueTopic('configs'), uniqueTopic('offsets'), uniqueTopic('status')];
    const stores = [new KafkaConfigStore(opts(c)), new KafkaOffsetStore(opts(o)), new KafkaStatusStore(opts(s, { topicConfigs: { 'segment.bytes': '1048576', 'cleanup.policy': 'delete' } }))];
    for (const st of stores) await st.start();
    const md = await admin.metadata({ topics: [c, o, s], forceUpdate: true });
    assert.deepEqual([c, o, s].map((t) => md.topics.get(t)?.partitionsCount), [1, 25, 5]);
    const described = await admin.describeConfigs({ resources: [c, o, s].map((t) => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName: t, configurationKeys: ['cleanup.policy'] })) });
    assert.deepEqual(described.map((d) => d.configs.find((x) => x.name === 'cleanup.policy')?.value), ['compact', 'compact', 'compact'], 'compaction whatever the settings say');
    const [segment] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: s, configurationKeys: ['segment.bytes'] }] });
    assert.equal(segment?.configs.find((x) => x.name === 'segment.bytes')?.value, '1048576', 'status.storage.* topic settings applied');
    for (const st of stores) await st.stop();
  });

  it('refuses a config topic with several partitions, and any topic that is not compacted', async () => {
    const multi = uniqueTopic('configs');
    await admin.createTopics({ topics: [multi], partitions: 3, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    await assert.rejects(new KafkaConfigStore(opts(multi)).start(), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'CONFIG_ERROR');
      assert.match(err.message, /'config\.storage\.topic' property is required to have a single partition .* found 3 partitions/);
      return true;
    });
    const deleting = uniqueTopic('status');
    await admin.createTopics({ topics: [deleting], partitions: 2, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'delete' }] });
    await assert.rejects(new KafkaStatusStore(opts(deleting)).start(), /'status\.storage\.topic' property is required to have 'cleanup\.policy=compact'.*found 'delete'/);
  });

  it('uses an existing offsets topic with the partitions it has', async () => {
    const topic = uniqueTopic('offsets');
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    const s = await started(new KafkaOffsetStore(opts(topic)));
    await s.set('c', [{ partition: { p: 1 }, offset: { o: 1 } }]);
    assert.deepEqual(await s.get('c', [{ p: 1 }]), [{ o: 1 }]);
    await s.stop();
  });
});

describe('Kafka stores: formats', () => {
  it('writes config records exactly as Kafka Connect does', async () => {
    const topic = uniqueTopic('configs');
    const s = await started(new KafkaConfigStore(opts(topic)));
    await s.putConnectorConfig('my-conn', { 'connector.class': 'FileStreamSource', 'tasks.max': '2' }, 'STOPPED');
    await s.putTaskConfigs('my-conn', [{ 'task.class': 'T', file: 'a' }, { 'task.class': 'T', file: 'b' }]);
    await s.putTargetState('my-conn', 'PAUSED');
    await s.putTargetState('my-conn', 'STARTED');
    await s.removeConnectorConfig('my-conn');
    await s.stop();
    assert.deepEqual(await rawRecords(topic), [
      { partition: 0, key: 'target-state-my-conn', value: { state: 'PAUSED', 'state.v2': 'STOPPED' } },
      { partition: 0, key: 'connector-my-conn', value: { properties: { 'connector.class': 'FileStreamSource', 'tasks.max': '2' } } },
      { partition: 0, key: 'task-my-conn-0', value: { properties: { 'task.class': 'T', file: 'a' } } },
      { partition: 0, key: 'task-my-conn-1', value: { properties: { 'task.class': 'T', file: 'b' } } },
      { partition: 0, key: 'commit-my-conn', value: { tasks: 2 } },
      { partition: 0, key: 'target-state-my-conn', value: { state: 'PAUSED', 'state.v2': 'PAUSED' } },
      { partition: 0, key: 'target-state-my-conn', value: { state: 'STARTED', 'state.v2': 'STARTED' } },
      { partition: 0, key: 'connector-my-conn', value: null },
      { partition: 0, key: 'target-state-my-conn', value: null },
    ]);
  });

  it('writes offset records as Kafka Connect does, on the Java client\'s partition for their key', async () => {
    const topic = uniqueTopic('offsets');
    const s = await started(new KafkaOffsetStore(opts(topic)));
    await s.set('file-source', [{ partition: { filename: '/tmp/in.txt' }, offset: { position: 1234 } }, { partition: { filename: '/tmp/other.txt' }, offset: null }]);
    await s.stop();
    const records = await rawRecords(topic);
    assert.deepEqual(records.map(({ key, value }) => ({ key, value })), [
      { key: '["file-source",{"filename":"/tmp/in.txt"}]', value: { position: 1234 } },
      { key: '["file-source",{"filename":"/tmp/other.txt"}]', value: null },
    ].sort((a, b) => partitionForKey(a.key, 25) - partitionForKey(b.key, 25)));
    for (const r of records) assert.equal(r.partition, partitionForKey(r.key, 25), `${r.key} on the murmur2 partition`);
  });

  it('writes status records as Kafka Connect does', async () => {
    const topic = uniqueTopic('status');
    const s = await started(new KafkaStatusStore(opts(topic)));
    await s.putConnector('c-1', { state: 'RUNNING', trace: null, workerId: '10.0.0.1:8083', generation: 3 });
    await s.putTask({ connector: 'c-1', task: 0 }, { state: 'FAILED', trace: 'org.x.Boom: no\n\tat y', workerId: '10.0.0.2:8083', generation: 3 });
    const before = Date.now();
    await s.putTopic('c-1', 'orders');
    await s.putTask({ connector: 'c-1', task: 0 }, { state: 'DESTROYED', trace: null, workerId: '10.0.0.2:8083', generation: 4 });
    await s.resetTopics('c-1');
    await s.stop();
    const records = await rawRecords(topic);
    for (const r of records) assert.equal(r.partition, partitionForKey(r.key, 5), `${r.key} on the murmur2 partition`);
    const byKey = (key: string): unknown[] => records.filter((r) => r.key === key).map((r) => r.value);
    assert.deepEqual(byKey('status-connector-c-1'), [{ state: 'RUNNING', trace: null, worker_id: '10.0.0.1:8083', generation: 3 }]);
    assert.deepEqual(byKey('status-task-c-1-0'), [{ state: 'FAILED', trace: 'org.x.Boom: no\n\tat y', worker_id: '10.0.0.2:8083', generation: 3 }, null]);
    const [topicStatus, tombstone] = byKey('status-topic-orders:connector-c-1') as [{ topic: { discoverTimestamp: number } }, null];
    assert.equal(tombstone, null);
    assert.ok(topicStatus.topic.discoverTimestamp >= before && topicStatus.topic.discoverTimestamp <= Date.now());
    assert.deepEqual(topicStatus, { topic: { name: 'orders', connector: 'c-1', task: 0, discoverTimestamp: topicStatus.topic.discoverTimestamp } });
    assert.equal(records.length, 5);
  });

  it('reads records written by a Kafka Connect worker, including older forms and keys it does not use', async () => {
    const topic = uniqueTopic('configs');
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    await produceRaw(topic, [
      { key: 'session-key', value: { key: 'c2VjcmV0', algorithm: 'HmacSHA256', 'creation-timestamp': 1 } },
      { key: 'connector-old', value: { properties: { 'connector.class': 'X', 'with.null': null } } },
      { key: 'target-state-old', value: { state: 'PAUSED' } },
      { key: 'task-old-0', value: { properties: { t: '0' } } },
      { key: 'commit-old', value: { tasks: 1 } },
      { key: 'restart-connector-old', value: { 'include-tasks': true, 'only-failed': false } },
      { key: 'garbage', value: 'x' },
    ]);
    const s = await started(new KafkaConfigStore(opts(topic)));
    const snap = s.snapshot();
    assert.equal(snap.offset, 7);
    assert.deepEqual(snap.connectorConfig('old'), { 'connector.class': 'X' });
    assert.equal(snap.targetState('old'), 'PAUSED');
    assert.deepEqual(snap.taskConfigs('old'), [{ t: '0' }]);
    await s.stop();

    const offsets = uniqueTopic('offsets');
    await admin.createTopics({ topics: [offsets], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    // Java's HashMap may order a partition's fields differently from the connector.
    await produceRaw(offsets, [{ key: '["jdbc",{"table":"t","db":"x"}]', value: { ts: 5 } }, { key: 'not json', value: {} }]);
    const o = await started(new KafkaOffsetStore(opts(offsets)));
    assert.deepEqual(await o.get('jdbc', [{ db: 'x', table: 't' }]), [{ ts: 5 }]);
    await o.set('jdbc', [{ partition: { db: 'x', table: 't' }, offset: { ts: 6 } }]);
    await o.stop();
    const written = (await rawRecords(offsets)).map((r) => r.key);
    assert.deepEqual(written, ['["jdbc",{"table":"t","db":"x"}]', 'not json', '["jdbc",{"table":"t","db":"x"}]'], 'the update reuses the key bytes, so compaction replaces the old record');
  });
});

describe('Kafka stores: task-config commits as Connect reads them', () => {
  it('keeps a generation invisible until its commit; an incomplete generation makes the connector inconsistent', async () => {
    const topic = uniqueTopic('configs');
    const s = await started(new KafkaConfigStore(opts(topic)));
    const changes: ConfigChange[] = [];
    s.onChange((c) => changes.push(c));
    await s.putConnectorConfig('c', { 'connector.class': 'X' });
    await s.putTaskConfigs('c', [{ t: 'old0' }, { t: 'old1' }]);
    await produceRaw(topic, [{ key: 'task-c-0', value: { properties: { t: 'new0' } } }, { key: 'task-c-1', value: { properties: { t: 'new1' } } }]);
    await s.refresh(5000);
    assert.deepEqual(s.snapshot().taskConfigs('c'), [{ t: 'old0' }, { t: 'old1' }], 'uncommitted task records are not applied');
    await produceRaw(topic, [{ key: 'commit-c', value: { tasks: 2 } }]);
    await s.refresh(5000);
    assert.deepEqual(s.snapshot().taskConfigs('c'), [{ t: 'new0' }, { t: 'new1' }]);
    // As after compaction lost task-c-1 of the last generation: the commit asks for 3 tasks, 2 are there.
    await produceRaw(topic, [{ key: 'task-c-0', value: { properties: { t: 'x' } } }, { key: 'task-c-2', value: { properties: { t: 'z' } } }, { key: 'commit-c', value: { tasks: 3 } }]);
    await s.refresh(5000);
    assert.deepEqual(s.snapshot().taskConfigs('c'), [], 'an inconsistent connector has no task configs');
    await s.putTaskConfigs('c', [{ t: 'fixed' }]);
    assert.deepEqual(s.snapshot().taskConfigs('c'), [{ t: 'fixed' }]);
    assert.deepEqual(changes.filter((c) => c.kind === 'task-configs').length, 4);
    await s.stop();
  });
});

describe('Kafka stores: several workers, restarts', () => {
  it('two config stores on one topic see each other\'s writes, with change events', async () => {
    const topic = uniqueTopic('configs');
    const a = await started(new KafkaConfigStore(opts(topic)));
    const b = await started(new KafkaConfigStore(opts(topic)));
    const seen: ConfigChange[] = [];
    b.onChange((c) => seen.push(c));
    await a.putConnectorConfig('x', { k: 'v' });
    await a.putTaskConfigs('x', [{ t: '0' }]);
    await a.putTargetState('x', 'PAUSED');
    await b.refresh(5000);
    assert.deepEqual(b.snapshot().connectorConfig('x'), { k: 'v' });
    assert.deepEqual(b.snapshot().taskConfigs('x'), [{ t: '0' }]);
    assert.equal(b.snapshot().targetState('x'), 'PAUSED');
    assert.equal(b.snapshot().offset, a.snapshot().offset);
    assert.deepEqual(seen.map((c) => c.kind), ['connector-config', 'task-configs', 'target-state']);
    await b.removeConnectorConfig('x');
    await until('a to see the removal', () => a.snapshot().connectors().length === 0);
    await a.stop();
    await b.stop();
  });

  it('two offset and status stores on one topic see each other\'s writes', async () => {
    const [ot, st] = [uniqueTopic('offsets'), uniqueTopic('status')];
    const [o1, o2] = [await started(new KafkaOffsetStore(opts(ot))), await started(new KafkaOffsetStore(opts(ot)))];
    await o1.set('c', [{ partition: { p: 'a' }, offset: { n: 1 } }]);
    assert.deepEqual(await o2.get('c', [{ p: 'a' }]), [{ n: 1 }], 'get reads to the end first');
    await o2.set('c', [{ partition: { p: 'a' }, offset: { n: 2 } }]);
    assert.deepEqual(await o1.all('c'), [{ partition: { p: 'a' }, offset: { n: 2 } }]);
    const [s1, s2] = [await started(new KafkaStatusStore(opts(st))), await started(new KafkaStatusStore(opts(st)))];
    await s1.putTask({ connector: 'c', task: 0 }, { state: 'RUNNING', trace: null, workerId: 'w1', generation: 2 });
    await s2.refresh();
    assert.equal(s2.task({ connector: 'c', task: 0 })?.workerId, 'w1');
    // s2 knows the newer status, so an older worker's FAILED written through s2 is refused.
    await s2.putTask({ connector: 'c', task: 0 }, { state: 'FAILED', trace: 'x', workerId: 'w0', generation: 1 });
    await s1.putTopic('c', 'orders');
    await until('s2 to see the topic', () => s2.topics('c').includes('orders'));
    assert.equal(s1.task({ connector: 'c', task: 0 })?.state, 'RUNNING');
    for (const s of [o1, o2, s1, s2]) await s.stop();
  });

  it('recovers everything after a restart', async () => {
    const [ct, ot, st] = [uniqueTopic('configs'), uniqueTopic('offsets'), uniqueTopic('status')];
    let c = await started(new KafkaConfigStore(opts(ct)));
    let o = await started(new KafkaOffsetStore(opts(ot)));
    let s = await started(new KafkaStatusStore(opts(st)));
    await c.putConnectorConfig('keep', { a: '1' }, 'PAUSED');
    await c.putTaskConfigs('keep', [{ t: '0' }, { t: '1' }]);
    await c.putConnectorConfig('gone', { a: '2' });
    await c.putTaskConfigs('gone', [{ t: '0' }]);
    await c.removeConnectorConfig('gone');
    await o.set('keep', [{ partition: { f: 1 }, offset: { o: 10 } }, { partition: { f: 2 }, offset: { o: 20 } }]);
    await o.set('keep', [{ partition: { f: 2 }, offset: null }]);
    await s.putConnector('keep', { state: 'PAUSED', trace: null, workerId: 'w', generation: 1 });
    await s.putTask({ connector: 'keep', task: 1 }, { state: 'FAILED', trace: 'boom', workerId: 'w', generation: 1 });
    await s.putTopic('keep', 'out');
    await s.putConnector('gone', { state: 'RUNNING', trace: null, workerId: 'w', generation: 1 });
    await s.remove('gone');
    const offset = c.snapshot().offset;
    await Promise.all([c.stop(), o.stop(), s.stop()]);

    c = await started(new KafkaConfigStore(opts(ct)));
    o = await started(new KafkaOffsetStore(opts(ot)));
    s = await started(new KafkaStatusStore(opts(st)));
    const snap = c.snapshot();
    assert.equal(snap.offset, offset);
    assert.deepEqual(snap.connectors(), ['keep']);
    assert.equal(snap.targetState('keep'), 'PAUSED');
    assert.deepEqual(snap.taskConfigs('keep'), [{ t: '0' }, { t: '1' }]);
    assert.deepEqual(snap.taskConfigs('gone'), []);
    assert.deepEqual(await o.all('keep'), [{ partition: { f: 1 }, offset: { o: 10 } }]);
    assert.equal(s.connector('keep')?.state, 'PAUSED');
    assert.deepEqual(s.task({ connector: 'keep', task: 1 }), { state: 'FAILED', trace: 'boom', workerId: 'w', generation: 1 });
    assert.deepEqual(s.topics('keep'), ['out']);
    assert.equal(s.connector('gone'), undefined);
    await Promise.all([c.stop(), o.stop(), s.stop()]);
  });

  it('fails a write with a retriable error when the broker is gone', async () => {
    const { broker: b2, dir: d2 } = await startBroker();
    const s = await started(new KafkaStatusStore({ bootstrapServers: [b2.bootstrap], topic: 'connect-status', timeoutMs: 1000, startTimeoutMs: 10_000 }));
    await b2.close();
    await assert.rejects(s.putConnector('c', { state: 'RUNNING', trace: null, workerId: 'w', generation: 1 }), (err: Error & { retriable?: boolean }) => {
      assert.equal(err.retriable, true, err.message);
      return true;
    });
    await s.stop();
    removeDir(d2);
  });
});
