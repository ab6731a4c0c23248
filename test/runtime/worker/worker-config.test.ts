// The worker's settings: Kafka Connect's names and defaults, unknown keys reported, prefixed
// keys passed through, listeners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigException } from '../../../runtime/api/index.js';
import { WorkerConfig } from '../../../runtime/worker/worker-config.js';

test('defaults are Connect\'s', () => {
  const c = new WorkerConfig({});
  assert.deepEqual(c.bootstrapServers, ['localhost:9092']);
  assert.equal(c.groupId, 'connect-cluster');
  assert.equal(c.values['key.converter'], 'org.apache.kafka.connect.json.JsonConverter');
  assert.equal(c.values['value.converter'], 'org.apache.kafka.connect.json.JsonConverter');
  assert.equal(c.values['header.converter'], 'org.apache.kafka.connect.storage.SimpleHeaderConverter');
  assert.equal(c.values['offset.flush.interval.ms'], 60000);
  assert.equal(c.values['config.storage.topic'], 'connect-configs');
  assert.equal(c.values['offset.storage.topic'], 'connect-offsets');
  assert.equal(c.values['status.storage.topic'], 'connect-status');
  assert.equal(c.values['task.shutdown.graceful.timeout.ms'], 5000);
  assert.deepEqual(c.listener(), { host: '', port: 8083 });
});

test('listeners, prefixes and unknown keys', () => {
  const c = new WorkerConfig({ listeners: 'http://127.0.0.1:0', 'value.converter.schemas.enable': 'false', 'producer.acks': 'all', 'made.up': 'x', 'plugin.path': '/opt' });
  assert.deepEqual(c.listener(), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(c.withPrefix('value.converter.'), { 'schemas.enable': 'false' });
  assert.deepEqual(c.unknown, ['made.up']);
  assert.throws(() => new WorkerConfig({ listeners: 'https://:8443' }).listener(), /https is not supported/);
  assert.deepEqual(new WorkerConfig({ 'rest.port': '9000', 'rest.host.name': 'h' }).listener(), { host: 'h', port: 9000 });
});

test('invalid values are one ConfigException listing each', () => {
  assert.throws(() => new WorkerConfig({ 'offset.flush.interval.ms': 'often', 'storage.mode': 'disk' }), (e: unknown) => {
    assert.ok(e instanceof ConfigException);
    assert.deepEqual(Object.keys(e.errors).sort(), ['offset.flush.interval.ms', 'storage.mode']);
    return true;
  });
});
