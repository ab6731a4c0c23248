// The Kafka-backed log against a real broker: the topic's shape, replay on open (tolerating
// unknown and malformed records), writes answered only once read back, two readers in step,
// and the error codes for a failing or unreachable broker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, ConfigResourceTypes, Producer, ProduceAcks } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import { RegistryError } from '../../../registry/errors.js';
import { silentLogger } from '../../../registry/logger.js';
import { KafkaSchemaLog, type KafkaSchemaLogOptions } from '../../../registry/storage/kafka-log.js';
import type { StoreRecord } from '../../../registry/store/records.js';
import { RegistryStore } from '../../../registry/store/store.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { rejectsWith } from '../../helpers/registry-writer.js';

const schema = (subject: string, version: number, id: number): StoreRecord => ({
  keytype: 'SCHEMA', subject, version, value: { subject, version, id, schemaType: 'AVRO', references: [], schema: `"s${id}"`, deleted: false },
});

describe('KafkaSchemaLog', () => {
  let broker: Broker;
  let dir: string;
  let admin: Admin;
  const opened: KafkaSchemaLog[] = [];
  const open = async (topic: string, store = new RegistryStore(), more: Partial<KafkaSchemaLogOptions> = {}): Promise<{ log: KafkaSchemaLog; store: RegistryStore }> => {
    const log = await KafkaSchemaLog.open({ bootstrapServers: [broker.bootstrap], topic, replicationFactor: 3, timeoutMs: 5000, initTimeoutMs: 10000, clientId: 'test', store, log: silentLogger, ...more });
    opened.push(log);
    return { log, store };
  };

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'message.max.bytes': '4000' } }));
    admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap], retries: 0 });
  });
  after(async () => {
    for (const l of opened) await l.close();
    await admin.close();
    await broker.close();
    removeDir(dir);
  });

  it('creates the topic compacted with one partition, and uses an existing one', async () => {
    const topic = uniqueTopic('_schemas');
    await open(topic);
    const md = await admin.metadata({ topics: [topic], forceUpdate: true });
    assert.equal(md.topics.get(topic)?.partitionsCount, 1);
    const [cfg] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: ['cleanup.policy'] }] });
    assert.equal(cfg?.configs.find((c) => c.name === 'cleanup.policy')?.value, 'compact');
    await open(topic);
  });

  it('refuses a schemas topic with more than one partition', async () => {
    const topic = uniqueTopic('_schemas');
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    await rejectsWith(open(topic), 50001, /has 3 partitions but must have exactly 1/);
  });

  it('answers a write only once the store has it, and replays everything on open', async () => {
    const topic = uniqueTopic('_schemas');
    const { log, store } = await open(topic);
    await log.append([schema('a', 1, 1), schema('a', 2, 2)]);
    assert.deepEqual(store.versions('a').map((v) => v.id), [1, 2]);
    await log.append([{ keytype: 'SCHEMA', subject: 'a', version: 2, value: null }, { keytype: 'CONFIG', subject: null, value: { compatibilityLevel: 'FULL' } }]);
    assert.deepEqual(store.versions('a').map((v) => v.id), [1]);
    // Records from elsewhere: an unknown key type, garbage, a tombstone of nothing.
    const p = new Producer({ clientId: 'other', bootstrapBrokers: [broker.bootstrap], retries: 0 });
    await p.send({ acks: ProduceAcks.ALL, messages: [
      { topic, partition: 0, key: Buffer.from('{"keytype":"CONTEXT","tenant":"t","context":"c","magic":0}'), value: Buffer.from('{}') },
      { topic, partition: 0, key: Buffer.from('garbage'), value: Buffer.from('x') },
      { topic, partition: 0, key: Buffer.from('{"keytype":"SCHEMA","subject":"zz","version":1,"magic":1}'), value: null as unknown as Buffer },
    ] });
    await p.close();
    await log.append([schema('b', 1, 3)]);
    const again = await open(topic);
    assert.deepEqual(again.store.snapshot(), store.snapshot());
    assert.deepEqual(again.store.config(null), { compatibilityLevel: 'FULL' });
  });

  it('keeps two readers of one topic in step: sync sees the other\'s writes', async () => {
    const topic = uniqueTopic('_schemas');
    const one = await open(topic);
    const two = await open(topic);
    await one.log.append([schema('x', 1, 1)]);
    await two.log.sync();
    assert.equal(two.store.latest('x')?.id, 1);
    await two.log.append([schema('y', 1, 2)]);
    await one.log.sync();
    assert.deepEqual(one.store.snapshot(), two.store.snapshot());
  });

  it('fails a write the broker refuses with 50001 and leaves the store alone', async () => {
    const topic = uniqueTopic('_schemas');
    const { log, store } = await open(topic);
    const big: StoreRecord = { keytype: 'SCHEMA', subject: 'big', version: 1, value: { subject: 'big', version: 1, id: 1, schemaType: 'AVRO', references: [], schema: JSON.stringify('x'.repeat(10000)), deleted: false } };
    const err = await rejectsWith(log.append([big]), 50001);
    assert.equal(err.retriable, true);
    assert.equal(store.hasSubject('big', true), false);
  });
});

it('times out with 50002 when the broker is gone, and fails start-up with a clear error', async () => {
  const { broker, dir } = await startBroker();
  const store = new RegistryStore();
  const opts = { bootstrapServers: [broker.bootstrap], topic: '_schemas', replicationFactor: 1, timeoutMs: 300, initTimeoutMs: 2000, clientId: 't', store, log: silentLogger };
  const log = await KafkaSchemaLog.open(opts);
  await broker.close();
  try {
    const started = Date.now();
    const err = await rejectsWith(log.append([schema('a', 1, 1)]), 50002, /kafkastore\.timeout\.ms/);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.ok(err instanceof RegistryError);
    await rejectsWith(log.sync(), 50002);
    const failed = await KafkaSchemaLog.open({ ...opts, store: new RegistryStore() }).then(() => undefined, (e: unknown) => e);
    assert.ok(failed instanceof RegistryError && [50001, 50002].includes(failed.errorCode), String(failed));
    assert.match((failed as Error).message, /_schemas/);
  } finally {
    await log.close();
    removeDir(dir);
  }
});
