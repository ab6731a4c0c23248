// Topic administration through kafkajs (CreateTopics v3, DescribeConfigs v2, AlterConfigs v1,
// CreatePartitions v1...), @platformatic/kafka (CreateTopics v7, DescribeConfigs v4,
// IncrementalAlterConfigs v1, DeleteTopics v6...) and raw requests where a client does not expose
// the API (DescribeCluster) or hides the error code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs, { Kafka, logLevel, type Admin as KjsAdmin } from 'kafkajs';
import { Admin, ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import type { AlterConfigsResponse } from '../../../broker/protocol/messages/alter-configs.js';
import type { CreatePartitionsResponse } from '../../../broker/protocol/messages/create-partitions.js';
import type { CreateTopicsResponse } from '../../../broker/protocol/messages/create-topics.js';
import type { DeleteTopicsResponse } from '../../../broker/protocol/messages/delete-topics.js';
import type { DescribeClusterResponse } from '../../../broker/protocol/messages/describe-cluster.js';
import type { DescribeConfigsResponse } from '../../../broker/protocol/messages/describe-configs.js';
import type { IncrementalAlterConfigsResponse } from '../../../broker/protocol/messages/incremental-alter-configs.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { encodeBatch } from '../../helpers/records.js';
import { Api, RawClient, createTopicsRequest, produce, topicMetadata } from '../../helpers/raw-client.js';

// kafkajs's CommonJS exports list this enum in a way Node cannot import by name.
const KjsResourceTypes = kafkajs.ConfigResourceTypes;
const TOPIC = 2;
const DYNAMIC_TOPIC_CONFIG = 1;
const STATIC_BROKER_CONFIG = 4;
const DEFAULT_CONFIG = 5;
const INVALID_PARTITIONS = 37;
const INVALID_CONFIG = 40;
const UNKNOWN_TOPIC_OR_PARTITION = 3;

describe('admin APIs', () => {
  let broker: Broker;
  let dir: string;
  let kjs: KjsAdmin;
  let plt: Admin;
  let raw: RawClient;

  before(async () => {
    // An explicit broker setting, to see STATIC_BROKER_CONFIG as the source of a topic default.
    ({ broker, dir } = await startBroker({ settings: { 'log.retention.hours': '48' } }));
    kjs = new Kafka({ clientId: 'admin-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    await kjs.connect();
    plt = new Admin({ clientId: 'admin-it', bootstrapBrokers: [broker.bootstrap], retries: 0 });
    raw = await RawClient.connect(broker.bootstrap);
  });

  after(async () => {
    raw.close();
    await plt.close();
    await kjs.disconnect();
    await broker.close();
    removeDir(dir);
  });

  const partitionDirs = (topic: string): string[] => readdirSync(dir).filter((n) => n.startsWith(`${topic}-`) && /-\d+$/.test(n)).sort();

  /** Topic configs as DescribeConfigs v4 reports them (raw; v1+ has config_source instead of is_default). */
  async function describe4(topic: string): Promise<Map<string, { value: string | null; source: number }>> {
    const res = await raw.request<DescribeConfigsResponse>(Api.DescribeConfigs, 4, {
      resources: [{ resourceType: TOPIC, resourceName: topic, configurationKeys: null }], includeSynonyms: false, includeDocumentation: false,
    });
    assert.equal(res.results[0].errorCode, 0);
    return new Map(res.results[0].configs.map((c) => [c.name, { value: c.value, source: c.configSource }]));
  }

  it('CreateTopics with validate_only checks the request and creates nothing', async () => {
    const topic = uniqueTopic('validate');
    // (waitForLeaders would wait for a topic that validate_only did not create.)
    assert.equal(await kjs.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '1000' }] }] }), true);
    assert.ok(!(await kjs.listTopics()).includes(topic));
    assert.deepEqual(partitionDirs(topic), []);
    assert.equal((await topicMetadata(raw, topic)).errorCode, UNKNOWN_TOPIC_OR_PARTITION);

    const ok = await raw.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name: topic, partitions: 3 }], true));
    assert.equal(ok.topics[0].errorCode, 0);
    assert.equal(ok.topics[0].numPartitions, 3);
    // Validation still runs: a bad config is reported.
    const bad = await raw.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name: topic, partitions: 3, configs: { 'segment.bytes': 'huge' } }], true));
    assert.equal(bad.topics[0].errorCode, INVALID_CONFIG);
    assert.match(bad.topics[0].errorMessage ?? '', /segment\.bytes/);
    assert.deepEqual(partitionDirs(topic), []);
    assert.equal((await topicMetadata(raw, topic)).errorCode, UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('configs given at creation are reported by DescribeConfigs as DYNAMIC_TOPIC_CONFIG', async () => {
    const topic = uniqueTopic('configs');
    assert.equal(await kjs.createTopics({
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }, { name: 'cleanup.policy', value: 'compact' }] }],
    }), true);

    // kafkajs (DescribeConfigs v2)
    const kd = await kjs.describeConfigs({ includeSynonyms: true, resources: [{ type: KjsResourceTypes.TOPIC, name: topic }] });
    const kc = new Map(kd.resources[0].configEntries.map((e) => [e.configName, e]));
    assert.equal(kc.get('retention.ms')?.configValue, '3600000');
    assert.equal(kc.get('retention.ms')?.configSource, DYNAMIC_TOPIC_CONFIG);
    assert.equal(kc.get('retention.ms')?.isDefault, false);
    assert.equal(kc.get('cleanup.policy')?.configValue, 'compact');
    assert.equal(kc.get('cleanup.policy')?.configSource, DYNAMIC_TOPIC_CONFIG);
    assert.equal(kc.get('segment.bytes')?.configSource, DEFAULT_CONFIG);

    // @platformatic/kafka (DescribeConfigs v4)
    const pd = await plt.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: ['retention.ms', 'cleanup.policy', 'max.message.bytes'] }] });
    const pc = new Map(pd[0].configs.map((c) => [c.name, c]));
    assert.deepEqual([...pc.keys()].sort(), ['cleanup.policy', 'max.message.bytes', 'retention.ms']);
    assert.equal(pc.get('retention.ms')?.value, '3600000');
    assert.equal(pc.get('retention.ms')?.configSource, DYNAMIC_TOPIC_CONFIG);
    assert.equal(pc.get('max.message.bytes')?.configSource, DEFAULT_CONFIG);

    // Without an override, retention.ms comes from the broker's log.retention.hours=48.
    const other = uniqueTopic('configs-default');
    await kjs.createTopics({ topics: [{ topic: other, numPartitions: 1 }] });
    const d = await describe4(other);
    assert.deepEqual(d.get('retention.ms'), { value: String(48 * 3600 * 1000), source: STATIC_BROKER_CONFIG });
  });

  it('AlterConfigs replaces the overrides, and the new value takes effect', async () => {
    const topic = uniqueTopic('alter');
    await kjs.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    await kjs.alterConfigs({ validateOnly: false, resources: [{ type: KjsResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: '2000' }] }] });
    const d = await describe4(topic);
    assert.deepEqual(d.get('max.message.bytes'), { value: '2000', source: DYNAMIC_TOPIC_CONFIG });
    assert.equal(d.get('retention.ms')?.source, STATIC_BROKER_CONFIG, 'the old override is gone (legacy AlterConfigs replaces the set)');
    // max.message.bytes=2000 now refuses a 3000-byte batch (MESSAGE_TOO_LARGE) and accepts a small one.
    assert.equal((await produce(raw, topic, 0, encodeBatch([{ value: Buffer.alloc(3000, 1) }]))).errorCode, 10);
    assert.equal((await produce(raw, topic, 0, encodeBatch([{ value: 'small' }]))).errorCode, 0);
  });

  it('IncrementalAlterConfigs SET, APPEND and DELETE change single keys; validate_only changes nothing', async () => {
    const topic = uniqueTopic('incremental');
    await plt.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'max.message.bytes', value: '5000' }] });
    await plt.incrementalAlterConfigs({
      resources: [{
        resourceType: ConfigResourceTypes.TOPIC, resourceName: topic,
        configs: [
          { name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '1000' },
          { name: 'cleanup.policy', configOperation: IncrementalAlterConfigOperationTypes.APPEND, value: 'compact' },
          { name: 'max.message.bytes', configOperation: IncrementalAlterConfigOperationTypes.DELETE },
        ],
      }],
    });
    let d = await describe4(topic);
    assert.deepEqual(d.get('retention.ms'), { value: '1000', source: DYNAMIC_TOPIC_CONFIG });
    assert.deepEqual(d.get('cleanup.policy'), { value: 'delete,compact', source: DYNAMIC_TOPIC_CONFIG });
    assert.deepEqual(d.get('max.message.bytes'), { value: '1048588', source: DEFAULT_CONFIG });

    await plt.incrementalAlterConfigs({
      validateOnly: true,
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '2000' }] }],
    });
    d = await describe4(topic);
    assert.equal(d.get('retention.ms')?.value, '1000', 'validate_only left it alone');
  });

  it('an invalid config value is refused with INVALID_CONFIG and a message naming the key', async () => {
    const topic = uniqueTopic('invalid');
    const created = await raw.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name: topic, partitions: 1, configs: { 'retention.ms': 'soon' } }]));
    assert.equal(created.topics[0].errorCode, INVALID_CONFIG);
    assert.match(created.topics[0].errorMessage ?? '', /retention\.ms/);
    assert.deepEqual(partitionDirs(topic), [], 'not created');
    const unknown = await raw.request<CreateTopicsResponse>(Api.CreateTopics, 7, createTopicsRequest([{ name: topic, partitions: 1, configs: { 'no.such.config': '1' } }]));
    assert.equal(unknown.topics[0].errorCode, INVALID_CONFIG);
    assert.match(unknown.topics[0].errorMessage ?? '', /no\.such\.config/);

    await kjs.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '5000' }] }] });
    const altered = await raw.request<AlterConfigsResponse>(Api.AlterConfigs, 2, {
      validateOnly: false, resources: [{ resourceType: TOPIC, resourceName: topic, configs: [{ name: 'segment.bytes', value: 'tiny' }] }],
    });
    assert.equal(altered.responses[0].errorCode, INVALID_CONFIG);
    assert.match(altered.responses[0].errorMessage ?? '', /segment\.bytes/);
    const inc = await raw.request<IncrementalAlterConfigsResponse>(Api.IncrementalAlterConfigs, 1, {
      validateOnly: false, resources: [{ resourceType: TOPIC, resourceName: topic, configs: [{ name: 'cleanup.policy', configOperation: 0, value: 'sometimes' }] }],
    });
    assert.equal(inc.responses[0].errorCode, INVALID_CONFIG);
    assert.match(inc.responses[0].errorMessage ?? '', /cleanup\.policy/);
    // Through a client: refused as well.
    await assert.rejects(plt.incrementalAlterConfigs({
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '-7' }] }],
    }));
    // Nothing changed.
    const d = await describe4(topic);
    assert.equal(d.get('retention.ms')?.value, '5000');
    assert.equal(d.get('segment.bytes')?.source, DEFAULT_CONFIG);
    assert.equal(d.get('cleanup.policy')?.value, 'delete');
  });

  it('CreatePartitions increases the count and refuses to decrease it', async () => {
    const topic = uniqueTopic('grow');
    await kjs.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await kjs.createPartitions({ topicPartitions: [{ topic, count: 5 }] });
    assert.equal((await topicMetadata(raw, topic)).partitions.length, 5);
    assert.deepEqual(partitionDirs(topic), [0, 1, 2, 3, 4].map((p) => `${topic}-${p}`));
    const r = await produce(raw, topic, 4, encodeBatch([{ value: 'new partition' }]));
    assert.equal(r.errorCode, 0);
    assert.equal(r.baseOffset, 0);

    await assert.rejects(kjs.createPartitions({ topicPartitions: [{ topic, count: 3 }] }), (e: Error & { type?: string }) => e.type === 'INVALID_PARTITIONS');
    for (const count of [3, 5]) {
      const res = await raw.request<CreatePartitionsResponse>(Api.CreatePartitions, 3, { topics: [{ name: topic, count, assignments: null }], timeoutMs: 5000, validateOnly: false });
      assert.equal(res.results[0].errorCode, INVALID_PARTITIONS, `count ${count}`);
      assert.ok(res.results[0].errorMessage);
    }
    assert.equal((await topicMetadata(raw, topic)).partitions.length, 5);
  });

  it('DeleteTopics removes the topic and its directories', async () => {
    const topic = uniqueTopic('delete');
    await plt.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    assert.equal((await produce(raw, topic, 1, encodeBatch([{ value: 'doomed' }]))).errorCode, 0);
    const id = (await topicMetadata(raw, topic)).topicId;
    assert.equal(partitionDirs(topic).length, 3);

    await plt.deleteTopics({ topics: [topic] });
    assert.deepEqual(partitionDirs(topic), []);
    for (let p = 0; p < 3; p++) assert.equal(existsSync(join(dir, `${topic}-${p}`)), false);
    assert.equal((await topicMetadata(raw, topic)).errorCode, UNKNOWN_TOPIC_OR_PARTITION);
    assert.ok(!(await kjs.listTopics()).includes(topic));
    const again = await raw.request<DeleteTopicsResponse>(Api.DeleteTopics, 6, { topics: [{ name: topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }], topicNames: [], timeoutMs: 5000 });
    assert.equal(again.responses[0].errorCode, UNKNOWN_TOPIC_OR_PARTITION);

    // The name can be used again: a new id and an empty log.
    await kjs.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const md = await topicMetadata(raw, topic);
    assert.notEqual(md.topicId, id);
    assert.equal((await kjs.fetchTopicOffsets(topic))[0].high, '0');
  });

  it('DescribeCluster returns the cluster id and this node', async () => {
    for (const version of [0, 1]) {
      const res = await raw.request<DescribeClusterResponse>(Api.DescribeCluster, version, { includeClusterAuthorizedOperations: false, endpointType: 1 });
      assert.equal(res.errorCode, 0);
      assert.equal(res.clusterId, broker.clusterId);
      assert.equal(res.controllerId, 1);
      assert.deepEqual(res.brokers, [{ brokerId: 1, host: '127.0.0.1', port: broker.port, rack: null }]);
    }
    const viaKafkajs = await kjs.describeCluster();
    assert.equal(viaKafkajs.clusterId, broker.clusterId);
    assert.deepEqual(viaKafkajs.brokers.map((b) => [b.nodeId, b.host, b.port]), [[1, '127.0.0.1', broker.port]]);
  });
});
