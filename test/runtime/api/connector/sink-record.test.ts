import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SinkRecord } from '../../../../runtime/api/connector/sink-record.js';

test('a sink record keeps its Kafka coordinates and originals through transforms', () => {
  const r = new SinkRecord({ topic: 'tweets', kafkaPartition: 1, kafkaOffset: 41, value: 'v', timestamp: 5 });
  assert.equal(r.timestampType, 'CREATE_TIME');
  assert.equal(r.originalTopic, 'tweets');
  assert.equal(r.originalKafkaOffset, 41);
  const n = r.newRecord({ topic: 'es-index', value: 'w' });
  assert.equal(n instanceof SinkRecord, true);
  assert.deepEqual([n.topic, n.kafkaPartition, n.kafkaOffset, n.value], ['es-index', 1, 41, 'w']);
  assert.deepEqual([n.originalTopic, n.originalKafkaPartition, n.originalKafkaOffset], ['tweets', 1, 41]);
  assert.equal(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0 }).timestampType, 'NO_TIMESTAMP_TYPE');
  assert.throws(() => new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: -1 }), /kafkaOffset/);
});

