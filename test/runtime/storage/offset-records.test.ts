// The offsets topic's records in Kafka Connect's format.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeOffsetRecord, encodeOffsetKey, encodeOffsetValue, partitionId } from '../../../runtime/storage/offset-records.js';

describe('offset records', () => {
  it('encode as Connect writes them', () => {
    assert.equal(encodeOffsetKey('file-source', { filename: '/tmp/a' }).toString(), '["file-source",{"filename":"/tmp/a"}]');
    assert.equal(encodeOffsetValue({ position: 42, done: true, note: null })!.toString(), '{"position":42,"done":true,"note":null}');
    assert.equal(encodeOffsetValue(null), null);
  });

  it('decode keys and values, tombstones included', () => {
    const key = encodeOffsetKey('c', { a: 1 });
    assert.deepEqual(decodeOffsetRecord(key, encodeOffsetValue({ o: 'x' })), { ok: true, record: { connector: 'c', partition: { a: 1 }, offset: { o: 'x' } } });
    assert.deepEqual(decodeOffsetRecord(key, null), { ok: true, record: { connector: 'c', partition: { a: 1 }, offset: null } });
  });

  it('refuse what Connect ignores', () => {
    for (const [key, value] of [['not json', '{}'], ['{"a":1}', '{}'], ['["c"]', '{}'], ['[1,{}]', '{}'], ['["c",null]', '{}'], ['["c",{"nested":{}}]', '{}'], ['["c",{}]', '[1]'], ['["c",{}]', 'x']]) {
      assert.equal(decodeOffsetRecord(Buffer.from(key!), Buffer.from(value!)).ok, false, `${key} ${value}`);
    }
    assert.equal(decodeOffsetRecord(null, null).ok, false);
  });

  it('identify partitions by content, not field order', () => {
    assert.equal(partitionId({ a: 1, b: 'x' }), partitionId({ b: 'x', a: 1 }));
    assert.notEqual(partitionId({ a: 1 }), partitionId({ a: '1' }));
  });
});
