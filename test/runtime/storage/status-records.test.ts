// The status topic's records in Kafka Connect's formats.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStatusRecord, encodeStatusRecord, type StatusTopicRecord } from '../../../runtime/storage/status-records.js';

const raw = (r: StatusTopicRecord): [string, string | null] => {
  const { key, value } = encodeStatusRecord(r);
  return [key.toString(), value === null ? null : value.toString()];
};

describe('status records', () => {
  it('encode as Connect writes them', () => {
    assert.deepEqual(raw({ kind: 'connector', connector: 'c', status: { state: 'RUNNING', trace: null, workerId: 'h:8083', generation: 2 } }),
      ['status-connector-c', '{"state":"RUNNING","trace":null,"worker_id":"h:8083","generation":2}']);
    assert.deepEqual(raw({ kind: 'task', id: { connector: 'my-c', task: 1 }, status: { state: 'FAILED', trace: 'e', workerId: 'h:8083', generation: 0 } }),
      ['status-task-my-c-1', '{"state":"FAILED","trace":"e","worker_id":"h:8083","generation":0}']);
    assert.deepEqual(raw({ kind: 'topic', connector: 'c', topic: 't.x', status: { topic: 't.x', connector: 'c', task: 3, discoverTimestamp: 1700000000000 } }),
      ['status-topic-t.x:connector-c', '{"topic":{"name":"t.x","connector":"c","task":3,"discoverTimestamp":1700000000000}}']);
    assert.deepEqual(raw({ kind: 'task', id: { connector: 'c', task: 0 }, status: null }), ['status-task-c-0', null]);
  });

  it('decode what they encode', () => {
    const records: StatusTopicRecord[] = [
      { kind: 'connector', connector: 'c', status: { state: 'PAUSED', trace: null, workerId: 'w', generation: 9 } },
      { kind: 'connector', connector: 'c', status: null },
      { kind: 'task', id: { connector: 'a-b', task: 10 }, status: { state: 'UNASSIGNED', trace: null, workerId: 'w', generation: 1 } },
      { kind: 'topic', connector: 'x-connector-y', topic: 'in', status: { topic: 'in', connector: 'x-connector-y', task: 0, discoverTimestamp: 5 } },
      { kind: 'topic', connector: 'c', topic: 'in', status: null },
    ];
    for (const r of records) {
      const { key, value } = encodeStatusRecord(r);
      assert.deepEqual(decodeStatusRecord(key, value), { ok: true, record: r });
    }
  });

  it('refuse malformed records with a reason', () => {
    const bad: [string, string, RegExp][] = [
      ['status-connector-', '{}', /no connector name/],
      ['status-connector-c', '{"state":"WALKING","worker_id":"w","generation":1}', /invalid state/],
      ['status-connector-c', '{"state":"RUNNING","generation":1}', /worker_id/],
      ['status-connector-c', '{"state":"RUNNING","worker_id":"w","generation":1.5}', /generation/],
      ['status-task-c', '{}', /-<task number>/],
      ['status-topic-t', '{}', /status-topic-<topic>:connector-<name>/],
      ['status-topic-t:connector-c', '{"topic":{"name":"t"}}', /"topic":\{"name"/],
      ['other', '{}', /unknown key/],
      ['status-connector-c', '{', /not JSON/],
    ];
    for (const [key, value, reason] of bad) {
      const d = decodeStatusRecord(Buffer.from(key), Buffer.from(value));
      assert.equal(d.ok, false, key);
      assert.match(!d.ok ? d.reason : '', reason);
    }
  });
});
