import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  recordNameStrategy, subjectNameStrategy, topicNameStrategy, topicRecordNameStrategy,
} from '../../../registry/client/subject-name-strategy.js';
import { RegistryClientError } from '../../../registry/client/client-error.js';

test('TopicNameStrategy: <topic>-key and <topic>-value, record name ignored', () => {
  assert.equal(topicNameStrategy('orders', true, 'com.acme.Order'), 'orders-key');
  assert.equal(topicNameStrategy('orders', false, undefined), 'orders-value');
});

test('RecordNameStrategy: the full record name, same for keys and values', () => {
  assert.equal(recordNameStrategy('orders', false, 'com.acme.Order'), 'com.acme.Order');
  assert.equal(recordNameStrategy('other', true, 'com.acme.Order'), 'com.acme.Order');
});

test('TopicRecordNameStrategy: <topic>-<full name>', () => {
  assert.equal(topicRecordNameStrategy('orders', false, 'com.acme.Order'), 'orders-com.acme.Order');
});

test('record strategies refuse a schema without a name, saying which strategy and what to use', () => {
  for (const strategy of [recordNameStrategy, topicRecordNameStrategy]) {
    assert.throws(() => strategy('t', false, undefined), (err: unknown) =>
      err instanceof RegistryClientError && err.code === 'CONFIG' && /needs a named value schema/.test(err.message) && /TopicNameStrategy/.test(err.message));
  }
  assert.throws(() => recordNameStrategy('t', true, ''), /needs a named key schema/);
});

test('subjectNameStrategy: Confluent class names and short names', () => {
  const pkg = 'io.confluent.kafka.serializers.subject.';
  assert.equal(subjectNameStrategy(`${pkg}TopicNameStrategy`), topicNameStrategy);
  assert.equal(subjectNameStrategy(`${pkg}RecordNameStrategy`), recordNameStrategy);
  assert.equal(subjectNameStrategy(`${pkg}TopicRecordNameStrategy`), topicRecordNameStrategy);
  assert.equal(subjectNameStrategy('TopicNameStrategy'), topicNameStrategy);
  assert.equal(subjectNameStrategy(' RecordNameStrategy '), recordNameStrategy);
  assert.equal(subjectNameStrategy('TopicRecordNameStrategy'), topicRecordNameStrategy);
});

test('subjectNameStrategy: an unknown name lists the valid ones', () => {
  assert.throws(() => subjectNameStrategy('com.example.MyStrategy'), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'CONFIG' && /TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy/.test(err.message));
  assert.throws(() => subjectNameStrategy('toString'), RegistryClientError);
});
