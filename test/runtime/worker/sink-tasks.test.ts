// Sink tasks in their consumer group connect-<name>: two tasks share a two-partition topic (each
// opens its partition; every record is delivered once), a topics.regex subscription picks up a
// topic created later, and preCommit sees the offsets of what was put.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { collected, opened, preCommits } from './toy-connectors.js';
import { api, awaitState, eventually, testBroker, testWorker, type TestBroker } from './worker-helper.js';

describe('sink tasks', () => {
  let b: TestBroker;
  let w: ConnectWorker;
  before(async () => {
    b = await testBroker();
    w = await testWorker(b.bootstrap);
  });
  after(async () => {
    await w.close();
    await b.close();
  });

  const produce = (topic: string, partition: number, values: string[]) =>
    w.clients.produce(values.map((v) => ({ topic, partition, key: null, value: Buffer.from(v), headers: [], timestamp: null })));

  test('two tasks split the partitions of a topic; each record is put once; preCommit gets next offsets', async () => {
    await w.clients.ensureTopic('two-parts', 2, 1);
    await produce('two-parts', 0, ['a0', 'b0']);
    await produce('two-parts', 1, ['a1']);
    const r = await api(w.url, 'POST', '/connectors', { name: 'pair', config: { 'connector.class': 'CollectSink', topics: 'two-parts', 'tasks.max': '2', 'value.converter': 'StringConverter' } });
    assert.equal(r.status, 201);
    assert.equal(r.body.tasks.length, 2);
    await awaitState(w.url, 'pair', 'RUNNING', 2);
    await eventually(() => collected.get('pair')?.length === 3, 20_000, 'three records');
    assert.deepEqual(collected.get('pair')!.map((x) => x.value).sort(), ['a0', 'a1', 'b0']);
    await eventually(() => new Set(opened.get('pair') ?? []).size === 2, 20_000, 'both partitions opened');
    const commits = await eventually(() => {
      const all = (preCommits.get('pair') ?? []).flat();
      return all.some((o) => o.partition === 0 && o.offset === 2) && all.some((o) => o.partition === 1 && o.offset === 1) ? all : null;
    }, 15_000, 'preCommit with next offsets');
    assert.ok(commits.every((o) => o.topic === 'two-parts'));
  });

  test('topics.regex follows topics created later', async () => {
    const r = await api(w.url, 'POST', '/connectors', { name: 'rx', config: { 'connector.class': 'CollectSink', 'topics.regex': 'rx-.*', 'value.converter': 'StringConverter' } });
    assert.equal(r.status, 201);
    await awaitState(w.url, 'rx', 'RUNNING', 1);
    await produce('rx-one', 0, ['1']);
    await eventually(() => collected.get('rx')?.length === 1, 20_000, 'rx-one');
    await produce('rx-two', 0, ['2']);
    await produce('other', 0, ['no']);
    await eventually(() => collected.get('rx')?.length === 2, 20_000, 'rx-two');
    assert.deepEqual(collected.get('rx')!.map((x) => `${x.topic}:${String(x.value)}`), ['rx-one:1', 'rx-two:2']);
    const topics = await eventually(async () => {
      const t = await api(w.url, 'GET', '/connectors/rx/topics');
      return t.body.rx.topics.length === 2 ? t.body.rx.topics : null;
    });
    assert.deepEqual([...topics].sort(), ['rx-one', 'rx-two']);
  });

  test('a paused sink puts nothing until resumed', async () => {
    await produce('pause-t', 0, ['x']);
    await api(w.url, 'POST', '/connectors', { name: 'pz', config: { 'connector.class': 'CollectSink', topics: 'pause-t', 'value.converter': 'StringConverter' } });
    await eventually(() => collected.get('pz')?.length === 1, 20_000, 'first record');
    assert.equal((await api(w.url, 'PUT', '/connectors/pz/pause')).status, 202);
    await awaitState(w.url, 'pz', 'PAUSED', 1);
    await produce('pause-t', 0, ['y']);
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(collected.get('pz')!.length, 1);
    assert.equal((await api(w.url, 'PUT', '/connectors/pz/resume')).status, 202);
    await eventually(() => collected.get('pz')?.length === 2, 20_000, 'second record after resume');
  });

  test('a task whose start() throws is FAILED with its trace', async () => {
    await api(w.url, 'POST', '/connectors', { name: 'nostart', config: { 'connector.class': 'CollectSink', topics: 'pause-t', 'fail.start': 'true' } });
    const s = await eventually(async () => {
      const x = await api(w.url, 'GET', '/connectors/nostart/status');
      return x.body.tasks[0]?.state === 'FAILED' ? x.body : null;
    });
    assert.match(s.tasks[0].trace, /CollectSink was told to fail in start\(\)/);
  });
});

describe('sink task context', () => {
  let b: TestBroker;
  let w: ConnectWorker;
  before(async () => {
    b = await testBroker();
    w = await testWorker(b.bootstrap, { 'offset.flush.interval.ms': '600000' });
  });
  after(async () => {
    await w.close();
    await b.close();
  });

  test('offset() in open() rewinds; requestCommit() commits at once; a connector whose start() throws is FAILED', async () => {
    await w.clients.produce(['r0', 'r1', 'r2', 'r3'].map((v) => ({ topic: 'ctx-t', partition: 0, key: null, value: Buffer.from(v), headers: [], timestamp: null })));
    await api(w.url, 'POST', '/connectors', { name: 'rw', config: { 'connector.class': 'CollectSink', topics: 'ctx-t', 'value.converter': 'StringConverter', 'rewind.to': '2', 'commit.every.put': 'true' } });
    await eventually(() => collected.get('rw')?.length === 2, 20_000, 'records from offset 2');
    assert.deepEqual(collected.get('rw')!.map((x) => x.value), ['r2', 'r3']);
    const offsets = await eventually(async () => {
      const o = await api(w.url, 'GET', '/connectors/rw/offsets');
      return o.body.offsets[0]?.offset.kafka_offset === 4 ? o.body : null;
    }, 10_000, 'committed without waiting for offset.flush.interval.ms');
    assert.equal(offsets.offsets.length, 1);
    await api(w.url, 'POST', '/connectors', { name: 'cfail', config: { 'connector.class': 'CollectSink', topics: 'ctx-t', 'connector.fail.start': 'true' } });
    const s = await eventually(async () => {
      const x = await api(w.url, 'GET', '/connectors/cfail/status');
      return x.body.connector.state === 'FAILED' ? x.body : null;
    });
    assert.match(s.connector.trace, /CollectSink connector was told to fail in start\(\)/);
    assert.deepEqual(s.tasks, []);
  });
});
