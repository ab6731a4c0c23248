// Target states, restarts, offsets and topics through the REST API, against a real broker:
// pause/resume (202), stop (204, tasks shut down, configs kept, offsets editable), restart of a
// connector, of its tasks (202 with RESTARTING), of one task; GET/PATCH/DELETE offsets of a
// source and of a sink (400 unless STOPPED); GET /topics and PUT /topics/reset.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { collected, emitted } from '../worker/toy-connectors.js';
import { api, awaitState, eventually, readTopic, testBroker, testWorker, type TestBroker } from '../worker/worker-helper.js';

const STOPPED_MESSAGE = (n: string): string =>
  `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${n}/stop' endpoint`;

describe('connector lifecycle over REST', () => {
  let b: TestBroker;
  let w: ConnectWorker;
  let url: string;
  before(async () => {
    b = await testBroker();
    w = await testWorker(b.bootstrap);
    url = w.url;
  });
  after(async () => {
    await w.close();
    await b.close();
  });

  test('a source: topics, pause/resume, offsets only when STOPPED, resume from altered offsets', async () => {
    const r = await api(url, 'POST', '/connectors', { name: 'ls', config: { 'connector.class': 'ListSource', topic: 'life-src', values: 'a,b,c,d,e', 'value.converter': 'StringConverter' } });
    assert.equal(r.status, 201);
    await awaitState(url, 'ls', 'RUNNING', 1);
    await eventually(async () => (await readTopic(b.bootstrap, 'life-src')).length === 5, 10_000, '5 records');
    const topics = await eventually(async () => {
      const t = await api(url, 'GET', '/connectors/ls/topics');
      return t.body.ls.topics.length === 1 ? t.body : null;
    });
    assert.deepEqual(topics, { ls: { topics: ['life-src'] } });
    const reset = await api(url, 'PUT', '/connectors/ls/topics/reset');
    assert.equal(reset.status, 202);
    assert.deepEqual((await api(url, 'GET', '/connectors/ls/topics')).body, { ls: { topics: [] } });

    const offsets = await eventually(async () => {
      const o = await api(url, 'GET', '/connectors/ls/offsets');
      return o.body.offsets.length === 1 && o.body.offsets[0].offset.next === 5 ? o.body : null;
    });
    assert.deepEqual(offsets, { offsets: [{ partition: { list: 'ls' }, offset: { next: 5 } }] });

    assert.equal((await api(url, 'PUT', '/connectors/ls/pause')).status, 202);
    await awaitState(url, 'ls', 'PAUSED', 1);
    assert.equal((await api(url, 'PUT', '/connectors/ls/resume')).status, 202);
    await awaitState(url, 'ls', 'RUNNING', 1);

    const patch = await api(url, 'PATCH', '/connectors/ls/offsets', { offsets: [{ partition: { list: 'ls' }, offset: { next: 2 } }] });
    assert.deepEqual(patch.body, { error_code: 400, message: STOPPED_MESSAGE('ls') });
    assert.equal((await api(url, 'DELETE', '/connectors/ls/offsets')).status, 400);

    const stop = await api(url, 'PUT', '/connectors/ls/stop');
    assert.equal(stop.status, 204);
    const stopped = await awaitState(url, 'ls', 'STOPPED', 0);
    assert.deepEqual(stopped.tasks, []);
    assert.deepEqual((await api(url, 'GET', '/connectors/ls/tasks')).body, []);
    assert.equal((await api(url, 'GET', '/connectors/ls/config')).body.values, 'a,b,c,d,e');

    const empty = await api(url, 'PATCH', '/connectors/ls/offsets', { offsets: [] });
    assert.deepEqual(empty.body, { error_code: 400, message: 'Partitions / offsets need to be provided for an alter offsets request' });
    const badShape = await api(url, 'PATCH', '/connectors/ls/offsets', { offsets: [{ partition: 'x', offset: {} }] });
    assert.equal(badShape.status, 400);
    const altered = await api(url, 'PATCH', '/connectors/ls/offsets', { offsets: [{ partition: { list: 'ls' }, offset: { next: 2 } }] });
    assert.equal(altered.status, 200);
    assert.match(altered.body.message, /^The Connect framework-managed offsets for this connector have been altered successfully/);
    assert.deepEqual((await api(url, 'GET', '/connectors/ls/offsets')).body, { offsets: [{ partition: { list: 'ls' }, offset: { next: 2 } }] });

    const before = emitted.get('ls')!.length;
    assert.equal((await api(url, 'PUT', '/connectors/ls/resume')).status, 202);
    await awaitState(url, 'ls', 'RUNNING', 1);
    await eventually(() => emitted.get('ls')!.length === before + 3, 10_000, 'c,d,e again');
    assert.deepEqual(emitted.get('ls')!.slice(before), ['c', 'd', 'e']);
    await eventually(async () => (await readTopic(b.bootstrap, 'life-src')).length === 8, 10_000, '8 records');

    assert.equal((await api(url, 'PUT', '/connectors/ls/stop')).status, 204);
    await awaitState(url, 'ls', 'STOPPED', 0);
    const cleared = await api(url, 'DELETE', '/connectors/ls/offsets');
    assert.equal(cleared.status, 200);
    assert.match(cleared.body.message, /have been reset successfully/);
    assert.deepEqual((await api(url, 'GET', '/connectors/ls/offsets')).body, { offsets: [] });
  });

  test('a sink: consumer group offsets in Connect\'s shape, altered while STOPPED, replayed after resume', async () => {
    const r = await api(url, 'POST', '/connectors', { name: 'cs', config: { 'connector.class': 'CollectSink', topics: 'life-src', 'value.converter': 'StringConverter' } });
    assert.equal(r.status, 201);
    await eventually(() => (collected.get('cs')?.length ?? 0) === 8, 15_000, 'sink got 8 records');
    const offsets = await eventually(async () => {
      const o = await api(url, 'GET', '/connectors/cs/offsets');
      return o.body.offsets.length === 1 && o.body.offsets[0].offset.kafka_offset === 8 ? o.body : null;
    });
    assert.deepEqual(offsets, { offsets: [{ partition: { kafka_topic: 'life-src', kafka_partition: 0 }, offset: { kafka_offset: 8 } }] });
    assert.equal((await api(url, 'PUT', '/connectors/cs/stop')).status, 204);
    await awaitState(url, 'cs', 'STOPPED', 0);
    const bad = await api(url, 'PATCH', '/connectors/cs/offsets', { offsets: [{ partition: { kafka_topic: 'life-src' }, offset: { kafka_offset: 1 } }] });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /kafka_partition/);
    const altered = await eventually(async () => {
      const a = await api(url, 'PATCH', '/connectors/cs/offsets', { offsets: [{ partition: { kafka_topic: 'life-src', kafka_partition: 0 }, offset: { kafka_offset: 6 } }] });
      return a.status === 200 ? a : null;
    }, 15_000, 'alter sink offsets');
    assert.match(altered.body.message, /altered successfully/);
    assert.equal((await api(url, 'PUT', '/connectors/cs/resume')).status, 202);
    await eventually(() => (collected.get('cs')?.length ?? 0) === 10, 15_000, 'records 6 and 7 again');
    assert.deepEqual(collected.get('cs')!.slice(8).map((x) => x.kafkaOffset), [6, 7]);
    assert.equal((await api(url, 'PUT', '/connectors/cs/stop')).status, 204);
    await awaitState(url, 'cs', 'STOPPED', 0);
    const reset = await eventually(async () => {
      const a = await api(url, 'DELETE', '/connectors/cs/offsets');
      return a.status === 200 ? a : null;
    }, 15_000, 'reset sink offsets');
    assert.match(reset.body.message, /reset successfully/);
    assert.deepEqual((await api(url, 'GET', '/connectors/cs/offsets')).body, { offsets: [] });
  });

  test('restarts: connector (204), connector and tasks (202, RESTARTING), only failed, one task', async () => {
    await api(url, 'POST', '/connectors', { name: 'rs', config: { 'connector.class': 'ListSource', topic: 'life-rs', values: 'a', 'tasks.max': '1' } });
    await awaitState(url, 'rs', 'RUNNING', 1);
    assert.equal((await api(url, 'POST', '/connectors/rs/restart')).status, 204);
    await awaitState(url, 'rs', 'RUNNING', 1);
    const all = await api(url, 'POST', '/connectors/rs/restart?includeTasks=true');
    assert.equal(all.status, 202);
    assert.equal(all.body.connector.state, 'RESTARTING');
    assert.equal(all.body.tasks[0].state, 'RESTARTING');
    await awaitState(url, 'rs', 'RUNNING', 1);
    const none = await api(url, 'POST', '/connectors/rs/restart?includeTasks=true&onlyFailed=true');
    assert.equal(none.status, 202);
    assert.equal(none.body.connector.state, 'RUNNING');
    assert.equal(none.body.tasks[0].state, 'RUNNING');
    assert.equal((await api(url, 'POST', '/connectors/rs/tasks/0/restart')).status, 204);
    await awaitState(url, 'rs', 'RUNNING', 1);

    await api(url, 'POST', '/connectors', { name: 'fl', config: { 'connector.class': 'ListSource', topic: 'life-fl', values: 'a,b', 'fail.at': '1' } });
    const failed = await eventually(async () => {
      const s = await api(url, 'GET', '/connectors/fl/status');
      return s.body.tasks[0]?.state === 'FAILED' ? s.body : null;
    });
    assert.equal(failed.connector.state, 'RUNNING');
    assert.match(failed.tasks[0].trace, /ListSource was told to fail at index 1/);
    const onlyFailed = await api(url, 'POST', '/connectors/fl/restart?includeTasks=true&onlyFailed=true');
    assert.equal(onlyFailed.status, 202);
    assert.equal(onlyFailed.body.connector.state, 'RUNNING');
    assert.equal(onlyFailed.body.tasks[0].state, 'RESTARTING');
  });
});
