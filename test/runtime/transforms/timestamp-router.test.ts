import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, assertConfigError, assertDataError, sink, source, transform } from './fixtures.js';

const cases: Array<[Record<string, string>, string]> = [
  [{}, 't-20240131'],
  [{ 'timestamp.format': 'yyyy.MM' }, 't-2024.01'],
  [{ 'topic.format': 'logs_${timestamp}_${topic}', 'timestamp.format': "yyyy-MM-dd'T'HH" }, 'logs_2024-01-31T13_t'],
  [{ 'topic.format': 'fixed' }, 'fixed'],
];
for (const [props, expected] of cases) {
  test(`TimestampRouter ${JSON.stringify(props)} -> ${expected}`, () => {
    assert.equal(transform(`${T}TimestampRouter`, props).apply(sink({ value: 1 }))!.topic, expected);
  });
}

test('TimestampRouter: a topic with $ is inserted literally; no timestamp is a DataException', () => {
  assert.equal(transform(`${T}TimestampRouter`, {}).apply(source({ topic: 'a$1' }))!.topic, 'a$1-20240131');
  assertDataError(() => transform(`${T}TimestampRouter`, {}).apply(sink({ timestamp: null })), /Timestamp missing on record: SinkRecord/);
});

test('TimestampRouter config errors', () => {
  assertConfigError(`${T}TimestampRouter`, { 'timestamp.format': 'yyyyMMddq' }, /timestamp\.format: Illegal pattern character 'q'/, 'timestamp.format');
});
