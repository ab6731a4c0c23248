import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BrokerConfig, parseListener } from '../../../broker/config/broker-config.js';
import { ConfigError, formatValue, parseProperties } from '../../../broker/config/spec.js';

test("defaults are Kafka's", () => {
  const c = new BrokerConfig();
  assert.equal(c.int('num.partitions'), 1);
  assert.equal(c.bool('auto.create.topics.enable'), true);
  assert.equal(c.int('log.segment.bytes'), 1073741824);
  assert.equal(c.int('log.retention.hours'), 168);
  assert.equal(c.int('message.max.bytes'), 1048588);
  assert.equal(c.int('socket.request.max.bytes'), 104857600);
  assert.deepEqual(c.listener(), { host: '', port: 9092 });
  assert.equal(c.logDir, '/tmp/kafka-logs');
  assert.equal(c.nodeId, 1);
});

test('topic defaults come from the broker synonyms, in their units', () => {
  assert.deepEqual(new BrokerConfig().topicDefault('retention.ms'), { value: 604800000, source: null });
  const hours = new BrokerConfig(new Map([['log.retention.hours', '1']]));
  assert.deepEqual(hours.topicDefault('retention.ms'), { value: 3600000, source: 'log.retention.hours' });
  const ms = new BrokerConfig(new Map([['log.retention.hours', '1'], ['log.retention.ms', '5000']]));
  assert.deepEqual(ms.topicDefault('retention.ms'), { value: 5000, source: 'log.retention.ms' });
  assert.deepEqual(new BrokerConfig(new Map([['log.segment.bytes', '2048']])).topicDefault('segment.bytes'), { value: 2048, source: 'log.segment.bytes' });
  assert.deepEqual(new BrokerConfig(new Map([['message.max.bytes', '500']])).topicDefault('max.message.bytes'), { value: 500, source: 'message.max.bytes' });
  assert.equal(new BrokerConfig().topicDefault('segment.ms').value, 604800000);
});

test('bad values are refused with the key, the value and what is accepted', () => {
  assert.throws(() => new BrokerConfig(new Map([['num.partitions', 'three']])), (e: unknown) =>
    e instanceof ConfigError && e.key === 'num.partitions' && /Invalid value three for configuration num.partitions: Not a number of type INT/.test(e.message));
  assert.throws(() => new BrokerConfig(new Map([['num.partitions', '0']])), /Value must be at least 1/);
  assert.throws(() => new BrokerConfig(new Map([['auto.create.topics.enable', 'yes']])), /Expected value to be either true or false/);
  assert.throws(() => new BrokerConfig(new Map([['log.message.timestamp.type', 'Wall']])), /String must be one of: CreateTime, LogAppendTime/);
  assert.throws(() => new BrokerConfig(new Map([['listeners', 'SSL://:9093']])), /only the PLAINTEXT security protocol/);
  assert.throws(() => new BrokerConfig(new Map([['default.replication.factor', '3']])), /between 1 and 1/);
});

test('unknown keys are reported, not fatal', () => {
  const c = new BrokerConfig(new Map([['num.network.threads', '3']]));
  assert.deepEqual(c.warnings, ["The configuration 'num.network.threads' was supplied but isn't a known config."]);
});

test('broker.id is a synonym of node.id; advertised listener falls back to the listener', () => {
  assert.equal(new BrokerConfig(new Map([['broker.id', '7']])).nodeId, 7);
  const c = new BrokerConfig(new Map([['listeners', 'PLAINTEXT://127.0.0.1:9999']]));
  assert.deepEqual(c.advertisedListener(), { host: '127.0.0.1', port: 9999 });
  const a = new BrokerConfig(new Map([['advertised.listeners', 'PLAINTEXT://kafka.example:19092']]));
  assert.deepEqual(a.advertisedListener(), { host: 'kafka.example', port: 19092 });
  assert.deepEqual(parseListener('listeners', 'PLAINTEXT://[::1]:9092'), { host: '::1', port: 9092 });
});

test('server.properties parsing: comments, separators, continuations, escapes', () => {
  const p = parseProperties([
    '# comment', '! also a comment', '', 'log.dirs=/var/lib/kafka', 'num.partitions : 3',
    'listeners PLAINTEXT://:9092', 'long.value=a,\\', '    b', 'escaped\\=key=x\\ty', '  indented=1',
  ].join('\n'));
  assert.deepEqual(Object.fromEntries(p), {
    'log.dirs': '/var/lib/kafka', 'num.partitions': '3', listeners: 'PLAINTEXT://:9092', 'long.value': 'a,b', 'escaped=key': 'x\ty', indented: '1',
  });
});

test('Long.MAX_VALUE prints exactly', () => {
  assert.equal(formatValue(9223372036854775807), '9223372036854775807');
  assert.equal(formatValue(['delete', 'compact']), 'delete,compact');
});
