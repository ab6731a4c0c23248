// The config view's rules, record by record, including the logs only compaction or a writer
// that died half-way produce (which the store APIs never write).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigRecord } from '../../../runtime/storage/config-records.js';
import { ConfigState } from '../../../runtime/storage/config-state.js';
import type { ConfigChange } from '../../../runtime/storage/stores.js';

function replay(records: ConfigRecord[], live = true): { state: ConfigState; changes: ConfigChange[] } {
  const state = new ConfigState();
  state.live = live;
  const changes: ConfigChange[] = [];
  state.onChange((c) => changes.push(c));
  records.forEach((r, i) => state.apply(r, i));
  return { state, changes };
}

const conn = (connector: string, config: Record<string, string> | null = {}): ConfigRecord => ({ kind: 'connector', connector, config });
const task = (connector: string, n: number, t = `${n}`): ConfigRecord => ({ kind: 'task', connector, task: n, config: { t } });
const commit = (connector: string, tasks: number): ConfigRecord => ({ kind: 'commit', connector, tasks });

describe('ConfigState', () => {
  it('reports nothing while replaying; the snapshot offset is the next record\'s', () => {
    const { state, changes } = replay([conn('a'), task('a', 0), commit('a', 1)], false);
    assert.deepEqual(changes, []);
    assert.equal(state.snapshot().offset, 3);
    state.skip(9);
    assert.equal(state.snapshot().offset, 10);
  });

  it('accepts a compacted log with extra task records of an older, larger generation', () => {
    // [conn, task-1 (old), commit 2 (old), task-0 (new), commit 1] after compaction removed the old task-0
    const { state } = replay([conn('a'), task('a', 1, 'old1'), commit('a', 2), task('a', 0, 'new0'), commit('a', 1)]);
    assert.deepEqual(state.snapshot().taskConfigs('a'), [{ t: 'new0' }]);
    assert.equal(state.isInconsistent('a'), false);
  });

  it('marks a connector inconsistent when its generation is incomplete, until a complete one', () => {
    const { state } = replay([conn('a'), task('a', 0), task('a', 1), commit('a', 2), task('a', 0, 'half'), commit('a', 2)]);
    assert.equal(state.isInconsistent('a'), true);
    assert.deepEqual(state.snapshot().taskConfigs('a'), []);
    state.apply(task('a', 0, 'x'), 10);
    state.apply(task('a', 1, 'y'), 11);
    state.apply(commit('a', 2), 12);
    assert.equal(state.isInconsistent('a'), false);
    assert.deepEqual(state.snapshot().taskConfigs('a'), [{ t: 'x' }, { t: 'y' }]);
  });

  it('ignores a commit of a connector whose config and tombstone compaction removed', () => {
    const { state, changes } = replay([task('gone', 0), commit('gone', 1), conn('gone')]);
    assert.deepEqual(state.snapshot().taskConfigs('gone'), [], 'the old generation is not applied to the re-created connector');
    assert.deepEqual(changes, [{ kind: 'connector-config', connector: 'gone' }]);
  });

  it('keeps a target state written before the connector, and STARTED after a target-state tombstone', () => {
    const { state, changes } = replay([{ kind: 'target-state', connector: 'a', state: 'STOPPED' }, conn('a')]);
    assert.equal(state.snapshot().targetState('a'), 'STOPPED');
    state.apply({ kind: 'target-state', connector: 'a', state: null }, 5);
    assert.equal(state.snapshot().targetState('a'), 'STARTED');
    assert.deepEqual(changes, [{ kind: 'connector-config', connector: 'a' }]);
  });

  it('returns frozen configs the caller cannot change', () => {
    const { state } = replay([conn('a', { k: 'v' })]);
    const c = state.snapshot().connectorConfig('a') as Record<string, string>;
    assert.throws(() => { c.k = 'x'; }, TypeError);
  });
});
