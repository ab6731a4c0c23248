/**
 * The shared contract of the worker's stores (runtime/storage/stores.ts), as functions that
 * declare node:test cases against any implementation: each case gets a fresh, started store
 * from `create` (a new topic for the Kafka stores) and stops it at the end. Every
 * implementation runs every case; none is skipped.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigChange, ConfigStore, OffsetStore, StatusRecord, StatusStore } from '../../../runtime/storage/stores.js';

type Create<T> = () => Promise<T>;

async function withStore<T extends { stop(): Promise<void> }>(create: Create<T>, body: (s: T) => Promise<void>): Promise<void> {
  const store = await create();
  try {
    await body(store);
  } finally {
    await store.stop();
  }
}

function recorder(store: ConfigStore): { changes: ConfigChange[]; off: () => void } {
  const changes: ConfigChange[] = [];
  const off = store.onChange((c) => changes.push(c));
  return { changes, off };
}

export function configStoreContract(create: Create<ConfigStore>): void {
  it('starts empty', () => withStore(create, async (s) => {
    const snap = s.snapshot();
    assert.equal(snap.offset, -1);
    assert.deepEqual(snap.connectors(), []);
    assert.equal(snap.connectorConfig('a'), undefined);
    assert.equal(snap.targetState('a'), undefined);
    assert.deepEqual(snap.taskConfigs('a'), []);
  }));

  it('stores connector configs, STARTED by default, and reports each change', () => withStore(create, async (s) => {
    const { changes } = recorder(s);
    await s.putConnectorConfig('a', { 'connector.class': 'A', 'tasks.max': '2' });
    let snap = s.snapshot();
    assert.deepEqual(snap.connectors(), ['a']);
    assert.deepEqual(snap.connectorConfig('a'), { 'connector.class': 'A', 'tasks.max': '2' });
    assert.equal(snap.targetState('a'), 'STARTED');
    await s.putConnectorConfig('a', { 'connector.class': 'A', 'tasks.max': '3' });
    await s.putConnectorConfig('b-with-dashes', { 'connector.class': 'B' });
    snap = s.snapshot();
    assert.deepEqual(snap.connectors(), ['a', 'b-with-dashes']);
    assert.equal(snap.connectorConfig('a')?.['tasks.max'], '3');
    assert.deepEqual(changes, [
      { kind: 'connector-config', connector: 'a' },
      { kind: 'connector-config', connector: 'a' },
      { kind: 'connector-config', connector: 'b-with-dashes' },
    ]);
  }));

  it('writes an initial target state before the config, reported as one config change', () => withStore(create, async (s) => {
    const { changes } = recorder(s);
    await s.putConnectorConfig('p', { 'connector.class': 'P' }, 'PAUSED');
    await s.putConnectorConfig('q', { 'connector.class': 'Q' }, 'STOPPED');
    assert.equal(s.snapshot().targetState('p'), 'PAUSED');
    assert.equal(s.snapshot().targetState('q'), 'STOPPED');
    assert.deepEqual(changes, [{ kind: 'connector-config', connector: 'p' }, { kind: 'connector-config', connector: 'q' }]);
  }));

  it('changes target states, reporting only real changes of existing connectors', () => withStore(create, async (s) => {
    await s.putConnectorConfig('a', { 'connector.class': 'A' });
    const { changes } = recorder(s);
    await s.putTargetState('a', 'PAUSED');
    await s.putTargetState('a', 'PAUSED');
    await s.putTargetState('a', 'STOPPED');
    await s.putTargetState('a', 'STARTED');
    assert.equal(s.snapshot().targetState('a'), 'STARTED');
    assert.deepEqual(changes.map((c) => c.kind), ['target-state', 'target-state', 'target-state']);
  }));

  it('applies task configs as one generation; a new generation replaces the whole list', () => withStore(create, async (s) => {
    await s.putConnectorConfig('a-b', { 'connector.class': 'A' });
    const { changes } = recorder(s);
    await s.putTaskConfigs('a-b', [{ t: '0' }, { t: '1' }, { t: '2' }]);
    assert.deepEqual(s.snapshot().taskConfigs('a-b'), [{ t: '0' }, { t: '1' }, { t: '2' }]);
    await s.putTaskConfigs('a-b', [{ t: 'x' }]);
    assert.deepEqual(s.snapshot().taskConfigs('a-b'), [{ t: 'x' }]);
    await s.putTaskConfigs('a-b', []);
    assert.deepEqual(s.snapshot().taskConfigs('a-b'), []);
    assert.deepEqual(changes, Array.from({ length: 3 }, () => ({ kind: 'task-configs', connector: 'a-b' })));
  }));

  it('ignores task configs of a connector that does not exist', () => withStore(create, async (s) => {
    await s.putTaskConfigs('ghost', [{ t: '0' }]);
    assert.deepEqual(s.snapshot().taskConfigs('ghost'), []);
    assert.deepEqual(s.snapshot().connectors(), []);
  }));

  it('removes a connector with its task configs and target state', () => withStore(create, async (s) => {
    await s.putConnectorConfig('a', { 'connector.class': 'A' }, 'PAUSED');
    await s.putTaskConfigs('a', [{ t: '0' }]);
    await s.putConnectorConfig('keep', { 'connector.class': 'K' });
    const { changes } = recorder(s);
    await s.removeConnectorConfig('a');
    let snap = s.snapshot();
    assert.deepEqual(snap.connectors(), ['keep']);
    assert.equal(snap.connectorConfig('a'), undefined);
    assert.equal(snap.targetState('a'), undefined);
    assert.deepEqual(snap.taskConfigs('a'), []);
    assert.deepEqual(changes, [{ kind: 'connector-removed', connector: 'a' }]);
    await s.putConnectorConfig('a', { 'connector.class': 'A2' });
    snap = s.snapshot();
    assert.equal(snap.targetState('a'), 'STARTED', 'a re-created connector starts afresh');
    assert.deepEqual(snap.taskConfigs('a'), []);
    await s.removeConnectorConfig('never-existed');
    assert.equal(changes.filter((c) => c.kind === 'connector-removed').length, 1, 'removing nothing reports nothing');
  }));

  it('gives snapshots that do not change, with offsets that grow with every write', () => withStore(create, async (s) => {
    await s.putConnectorConfig('a', { v: '1' });
    const first = s.snapshot();
    await s.putConnectorConfig('a', { v: '2' });
    await s.putTaskConfigs('a', [{ t: '0' }]);
    const second = s.snapshot();
    assert.deepEqual(first.connectorConfig('a'), { v: '1' });
    assert.deepEqual(first.taskConfigs('a'), []);
    assert.ok(first.offset >= 0);
    assert.ok(second.offset > first.offset, `${second.offset} > ${first.offset}`);
    await s.refresh(5000);
    assert.equal(s.snapshot().offset, second.offset, 'refresh reads nothing new');
  }));

  it('stops reporting to a listener that unsubscribed; a throwing listener does not stop others', () => withStore(create, async (s) => {
    const { changes, off } = recorder(s);
    s.onChange(() => { throw new Error('listener bug'); });
    const later: ConfigChange[] = [];
    s.onChange((c) => later.push(c));
    await s.putConnectorConfig('a', {});
    off();
    await s.putConnectorConfig('b', {});
    assert.equal(changes.length, 1);
    assert.equal(later.length, 2);
  }));
}

export function offsetStoreContract(create: Create<OffsetStore>): void {
  it('answers null for unknown partitions, in the order asked', () => withStore(create, async (s) => {
    assert.deepEqual(await s.get('c', [{ f: 'a' }, { f: 'b' }]), [null, null]);
    assert.deepEqual(await s.all('c'), []);
    assert.deepEqual(await s.get('c', []), []);
  }));

  it('stores offsets per connector and partition; the latest wins; null resets', () => withStore(create, async (s) => {
    await s.set('c', [{ partition: { file: 'a' }, offset: { pos: 1 } }, { partition: { file: 'b' }, offset: { pos: 10, done: false, note: null } }]);
    await s.set('c', [{ partition: { file: 'a' }, offset: { pos: 2 } }]);
    await s.set('other', [{ partition: { file: 'a' }, offset: { pos: 99 } }]);
    assert.deepEqual(await s.get('c', [{ file: 'b' }, { file: 'a' }, { file: 'z' }]), [{ pos: 10, done: false, note: null }, { pos: 2 }, null]);
    assert.deepEqual(await s.get('other', [{ file: 'a' }]), [{ pos: 99 }]);
    await s.set('c', [{ partition: { file: 'a' }, offset: null }]);
    assert.deepEqual(await s.get('c', [{ file: 'a' }]), [null]);
    assert.deepEqual(await s.all('c'), [{ partition: { file: 'b' }, offset: { pos: 10, done: false, note: null } }]);
    assert.deepEqual(await s.all('nobody'), []);
  }));

  it('matches partitions by content, whatever the order of their fields', () => withStore(create, async (s) => {
    await s.set('c', [{ partition: { db: 'x', table: 't' }, offset: { lsn: '0/16B3748' } }]);
    assert.deepEqual(await s.get('c', [{ table: 't', db: 'x' }]), [{ lsn: '0/16B3748' }]);
    await s.set('c', [{ partition: { table: 't', db: 'x' }, offset: { lsn: '0/16B3750' } }]);
    const all = await s.all('c');
    assert.equal(all.length, 1);
    assert.deepEqual(all[0]!.offset, { lsn: '0/16B3750' });
  }));

  it('keeps many partitions apart', () => withStore(create, async (s) => {
    const entries = Array.from({ length: 60 }, (_, i) => ({ partition: { n: i, kind: i % 2 === 0 ? 'even' : 'odd' }, offset: { at: i * 7 } }));
    await s.set('many', entries);
    const got = await s.get('many', entries.map((e) => e.partition));
    assert.deepEqual(got, entries.map((e) => e.offset));
    assert.equal((await s.all('many')).length, 60);
  }));
}

const status = (state: StatusRecord['state'], workerId: string, generation: number, trace: string | null = null): StatusRecord => ({ state, trace, workerId, generation });

export function statusStoreContract(create: Create<StatusStore>): void {
  it('stores connector and task statuses', () => withStore(create, async (s) => {
    assert.equal(s.connector('c'), undefined);
    assert.equal(s.task({ connector: 'c', task: 0 }), undefined);
    assert.deepEqual(s.tasks('c'), new Map());
    await s.putConnector('c', status('RUNNING', 'w1:8083', 1));
    await s.putTask({ connector: 'c', task: 1 }, status('FAILED', 'w2:8083', 1, 'Error: boom\n    at x'));
    await s.putTask({ connector: 'c', task: 0 }, status('RUNNING', 'w1:8083', 1));
    await s.putTask({ connector: 'c-other', task: 0 }, status('PAUSED', 'w1:8083', 1));
    assert.deepEqual(s.connector('c'), status('RUNNING', 'w1:8083', 1));
    assert.deepEqual(s.task({ connector: 'c', task: 1 }), status('FAILED', 'w2:8083', 1, 'Error: boom\n    at x'));
    assert.deepEqual([...s.tasks('c').keys()], [0, 1]);
    assert.deepEqual(s.tasks('c').get(0), status('RUNNING', 'w1:8083', 1));
    assert.equal(s.tasks('c-other').size, 1);
  }));

  it('keeps a RUNNING task when a stale UNASSIGNED of the same or an older generation arrives', () => withStore(create, async (s) => {
    const id = { connector: 'c', task: 0 };
    await s.putTask(id, status('RUNNING', 'new:8083', 5));
    await s.putTask(id, status('UNASSIGNED', 'old:8083', 5));
    assert.deepEqual(s.task(id), status('RUNNING', 'new:8083', 5));
    await s.putTask(id, status('UNASSIGNED', 'old:8083', 4));
    assert.deepEqual(s.task(id), status('RUNNING', 'new:8083', 5));
    await s.putTask(id, status('UNASSIGNED', 'new:8083', 6));
    assert.deepEqual(s.task(id), status('UNASSIGNED', 'new:8083', 6), 'a newer generation wins');
  }));

  it('does not let another worker of an older generation overwrite with FAILED or UNASSIGNED', () => withStore(create, async (s) => {
    const id = { connector: 'c', task: 3 };
    await s.putTask(id, status('PAUSED', 'current:8083', 7));
    await s.putTask(id, status('FAILED', 'zombie:8083', 6, 'late'));
    assert.deepEqual(s.task(id), status('PAUSED', 'current:8083', 7));
    await s.putConnector('c', status('RUNNING', 'current:8083', 7));
    await s.putConnector('c', status('UNASSIGNED', 'zombie:8083', 6));
    assert.deepEqual(s.connector('c'), status('RUNNING', 'current:8083', 7));
    await s.putTask(id, status('FAILED', 'current:8083', 6, 'same worker'));
    assert.equal(s.task(id)?.state, 'FAILED', 'the same worker may always write');
    await s.putConnector('c', status('FAILED', 'other:8083', 7, 'x'));
    assert.equal(s.connector('c')?.state, 'FAILED', 'the same generation may write');
  }));

  it('lets RUNNING and other states through whatever their generation (a group may restart at 1)', () => withStore(create, async (s) => {
    await s.putConnector('c', status('RUNNING', 'a:8083', 40));
    await s.putConnector('c', status('RUNNING', 'b:8083', 1));
    assert.deepEqual(s.connector('c'), status('RUNNING', 'b:8083', 1));
  }));

  it('removes a DESTROYED connector or task', () => withStore(create, async (s) => {
    await s.putConnector('c', status('RUNNING', 'w', 1));
    await s.putTask({ connector: 'c', task: 0 }, status('RUNNING', 'w', 1));
    await s.putTask({ connector: 'c', task: 1 }, status('RUNNING', 'w', 1));
    await s.putTask({ connector: 'c', task: 1 }, status('DESTROYED', 'w', 1));
    assert.deepEqual([...s.tasks('c').keys()], [0]);
    await s.putConnector('c', status('DESTROYED', 'w', 1));
    assert.equal(s.connector('c'), undefined);
  }));

  it('records the topics a connector used, once each, and resets them', () => withStore(create, async (s) => {
    await s.putTopic('c', 'orders');
    await s.putTopic('c', 'customers');
    await s.putTopic('c', 'orders');
    await s.putTopic('d', 'orders');
    assert.deepEqual(s.topics('c'), ['customers', 'orders']);
    assert.deepEqual(s.topics('nobody'), []);
    await s.resetTopics('c');
    assert.deepEqual(s.topics('c'), []);
    assert.deepEqual(s.topics('d'), ['orders']);
    await s.resetTopics('c');
  }));

  it('removes everything of a deleted connector, and nothing of the others', () => withStore(create, async (s) => {
    await s.putConnector('c', status('RUNNING', 'w', 1));
    await s.putTask({ connector: 'c', task: 0 }, status('RUNNING', 'w', 1));
    await s.putTopic('c', 't');
    await s.putConnector('c2', status('RUNNING', 'w', 1));
    await s.putTask({ connector: 'c2', task: 0 }, status('RUNNING', 'w', 1));
    await s.remove('c');
    assert.equal(s.connector('c'), undefined);
    assert.equal(s.tasks('c').size, 0);
    assert.deepEqual(s.topics('c'), []);
    assert.equal(s.connector('c2')?.state, 'RUNNING');
    assert.equal(s.tasks('c2').size, 1);
  }));
}
