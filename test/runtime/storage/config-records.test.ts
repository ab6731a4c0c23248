// The config topic's records in Kafka Connect's formats: encoding, decoding, and what is skipped.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeConfigRecord, encodeConfigRecord, type ConfigRecord } from '../../../runtime/storage/config-records.js';

const raw = (r: ConfigRecord): [string, string | null] => {
  const { key, value } = encodeConfigRecord(r);
  return [key.toString(), value === null ? null : value.toString()];
};
const decode = (key: string, value: unknown): ReturnType<typeof decodeConfigRecord> =>
  decodeConfigRecord(Buffer.from(key), value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('config records', () => {
  it('encode as Connect writes them', () => {
    assert.deepEqual(raw({ kind: 'connector', connector: 'c', config: { a: '1' } }), ['connector-c', '{"properties":{"a":"1"}}']);
    assert.deepEqual(raw({ kind: 'connector', connector: 'c', config: null }), ['connector-c', null]);
    assert.deepEqual(raw({ kind: 'task', connector: 'my-c', task: 12, config: { t: 'x' } }), ['task-my-c-12', '{"properties":{"t":"x"}}']);
    assert.deepEqual(raw({ kind: 'commit', connector: 'c', tasks: 3 }), ['commit-c', '{"tasks":3}']);
    assert.deepEqual(raw({ kind: 'target-state', connector: 'c', state: 'STOPPED' }), ['target-state-c', '{"state":"PAUSED","state.v2":"STOPPED"}']);
    assert.deepEqual(raw({ kind: 'target-state', connector: 'c', state: 'STARTED' }), ['target-state-c', '{"state":"STARTED","state.v2":"STARTED"}']);
  });

  it('decode what they encode', () => {
    const records: ConfigRecord[] = [
      { kind: 'connector', connector: 'c-1', config: { a: '1' } },
      { kind: 'task', connector: 'c-1', task: 0, config: { b: '' } },
      { kind: 'commit', connector: 'c-1', tasks: 1 },
      { kind: 'target-state', connector: 'c-1', state: 'PAUSED' },
      { kind: 'target-state', connector: 'c-1', state: null },
    ];
    for (const r of records) {
      const { key, value } = encodeConfigRecord(r);
      assert.deepEqual(decodeConfigRecord(key, value), { ok: true, record: r });
    }
  });

  it('read target states of older workers (no state.v2) and prefer state.v2', () => {
    assert.deepEqual(decode('target-state-x', { state: 'PAUSED' }), { ok: true, record: { kind: 'target-state', connector: 'x', state: 'PAUSED' } });
    assert.deepEqual(decode('target-state-x', { state: 'PAUSED', 'state.v2': 'STOPPED' }), { ok: true, record: { kind: 'target-state', connector: 'x', state: 'STOPPED' } });
    assert.deepEqual(decode('target-state-x', { state: 'PAUSED', 'state.v2': 5 }), { ok: true, record: { kind: 'target-state', connector: 'x', state: 'PAUSED' } });
  });

  it('read properties leniently: nulls dropped, numbers and booleans as strings', () => {
    assert.deepEqual(decode('connector-x', { properties: { a: null, b: 2, c: true, d: 'd' } }), { ok: true, record: { kind: 'connector', connector: 'x', config: { b: '2', c: 'true', d: 'd' } } });
  });

  it('skip Connect\'s other keys as foreign, and refuse malformed records with a reason', () => {
    for (const key of ['session-key', 'restart-connector-x', 'tasks-fencing-x', 'logger-cluster-org.foo']) {
      const d = decode(key, {});
      assert.equal(d.ok, false);
      assert.equal(!d.ok && d.foreign, true, key);
    }
    const bad: [string, unknown, RegExp][] = [
      ['connector-x', 'not json', /not JSON/],
      ['connector-x', { props: {} }, /"properties" is not an object/],
      ['connector-x', { properties: { a: [1] } }, /property a is not a string/],
      ['task-x', { properties: {} }, /-<task number>/],
      ['task-x-y', { properties: {} }, /-<task number>/],
      ['commit-x', { tasks: -1 }, /task count/],
      ['target-state-x', { state: 'RUNNING' }, /invalid target state "RUNNING"/],
      ['whatever', {}, /unknown key/],
    ];
    for (const [key, value, reason] of bad) {
      const d = decode(key, value);
      assert.equal(d.ok, false, key);
      assert.match(!d.ok ? d.reason : '', reason);
      assert.equal(!d.ok && d.foreign, false);
    }
    assert.equal(decodeConfigRecord(null, null).ok, false);
  });
});
