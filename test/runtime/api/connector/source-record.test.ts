import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { Headers } from '../../../../runtime/api/header/headers.js';
import { SourceRecord, sourceRecord } from '../../../../runtime/api/connector/source-record.js';

test('a source record: absent fields are null, partition and offset are frozen copies', () => {
  const partition = { stream: 'filtered' };
  const r = sourceRecord(partition, { since_id: '1790', n: 3 }, 'tweets', Schema.STRING_SCHEMA, 'hello');
  assert.equal(r.topic, 'tweets');
  assert.equal(r.kafkaPartition, null);
  assert.equal(r.key, null);
  assert.equal(r.keySchema, null);
  assert.equal(r.timestamp, null);
  assert.equal(r.headers.size, 0);
  assert.deepEqual(r.sourcePartition, { stream: 'filtered' });
  assert.notEqual(r.sourcePartition, partition);
  assert.equal(Object.isFrozen(r.sourceOffset), true);
  assert.equal(new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't' }).sourceOffset, null);
});

test('source partitions and offsets must be flat JSON', () => {
  const bad = [{ a: { nested: 1 } }, { a: 1n }, { a: Number.NaN }, { a: undefined }];
  for (const offset of bad) {
    assert.throws(() => new SourceRecord({ sourcePartition: {}, sourceOffset: offset as never, topic: 't' }), /must be a string, a finite number, a boolean or null/);
  }
  assert.throws(() => new SourceRecord({ sourcePartition: {}, sourceOffset: {}, topic: 't', kafkaPartition: -1 }), /kafkaPartition/);
});

test('newRecord replaces only what is given, keeps source fields and duplicates headers', () => {
  const r = new SourceRecord({
    sourcePartition: { file: 'a' },
    sourceOffset: { pos: 10 },
    topic: 't',
    kafkaPartition: 2,
    keySchema: Schema.STRING_SCHEMA,
    key: 'k',
    valueSchema: Schema.INT32_SCHEMA,
    value: 1,
    timestamp: 1000,
    headers: new Headers().addString('h', 'v'),
  });
  const n = r.newRecord({ topic: 'renamed', key: null, keySchema: null });
  assert.equal(n.topic, 'renamed');
  assert.equal(n.key, null);
  assert.equal(n.value, 1);
  assert.equal(n.kafkaPartition, 2);
  assert.equal(n.timestamp, 1000);
  assert.deepEqual(n.sourceOffset, { pos: 10 });
  n.headers.addString('only-new', 'x');
  assert.equal(r.headers.size, 1);
  assert.equal(n.headers.size, 2);
  assert.equal(r.newRecord({ kafkaPartition: null }).kafkaPartition, null);
});

