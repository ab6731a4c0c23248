// Connect's distributed-worker settings for the three internal topics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { storageOptionsFromWorkerSettings } from '../../../runtime/storage/kafka-store-options.js';

describe('storageOptionsFromWorkerSettings', () => {
  it('uses Connect\'s defaults', () => {
    const o = storageOptionsFromWorkerSettings({ 'group.id': 'g' });
    assert.deepEqual(o.config.bootstrapServers, ['localhost:9092']);
    assert.deepEqual([o.config.topic, o.offsets.topic, o.status.topic], ['connect-configs', 'connect-offsets', 'connect-status']);
    assert.deepEqual([o.config.replicationFactor, o.offsets.replicationFactor, o.status.replicationFactor], [3, 3, 3]);
    assert.deepEqual([o.config.partitions, o.offsets.partitions, o.status.partitions], [undefined, 25, 5]);
    assert.equal(o.offsets.clientId, 'connect-g-offset');
  });

  it('reads the topic, replication and partition settings', () => {
    const o = storageOptionsFromWorkerSettings({
      'bootstrap.servers': 'a:9092, b:9093', 'config.storage.topic': 'cfg', 'offset.storage.topic': 'off', 'status.storage.topic': 'st',
      'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '-1', 'offset.storage.partitions': '50', 'status.storage.partitions': '1',
    });
    assert.deepEqual(o.status.bootstrapServers, ['a:9092', 'b:9093']);
    assert.deepEqual([o.config.topic, o.offsets.topic, o.status.topic], ['cfg', 'off', 'st']);
    assert.deepEqual([o.config.replicationFactor, o.offsets.replicationFactor], [1, -1]);
    assert.deepEqual([o.offsets.partitions, o.status.partitions], [50, 1]);
    assert.deepEqual(o.offsets.topicConfigs, {});
  });

  it('passes other <prefix>.storage.* settings on as topic configs', () => {
    const o = storageOptionsFromWorkerSettings({ 'status.storage.min.insync.replicas': '2', 'status.storage.topic': 's', 'config.storage.segment.bytes': '1048576' });
    assert.deepEqual(o.status.topicConfigs, { 'min.insync.replicas': '2' });
    assert.deepEqual(o.config.topicConfigs, { 'segment.bytes': '1048576' });
    assert.deepEqual(o.offsets.topicConfigs, {});
  });

  it('refuses bad numbers with Connect\'s message', () => {
    assert.throws(() => storageOptionsFromWorkerSettings({ 'offset.storage.partitions': '0' }), /Invalid value 0 for configuration offset\.storage\.partitions/);
    assert.throws(() => storageOptionsFromWorkerSettings({ 'status.storage.replication.factor': 'x' }), /Invalid value x for configuration status\.storage\.replication\.factor/);
  });
});
