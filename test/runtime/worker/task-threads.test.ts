// Tasks on their own threads (task.threads.enable, on by default): the task really runs on another
// thread, and everything the worker shows of it still works from there: status (RUNNING, PAUSED,
// FAILED with the trace), records, offsets (stored and resumed through the worker's store),
// /metrics, log lines and log levels set through the REST API. With task.threads.enable=false the
// same task runs on the worker's thread.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { LoggerRegistry } from '../../../runtime/worker/logger.js';
import { plugins as probePlugins } from './thread-probe.js';
import { allPlugins, api, awaitState, eventually, readTopic, testBroker, type TestBroker } from './worker-helper.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

async function startWorker(bootstrap: string, settings: Record<string, string>, lines: string[]): Promise<ConnectWorker> {
  return ConnectWorker.start({
    settings: {
      'bootstrap.servers': bootstrap, listeners: 'http://127.0.0.1:0', 'storage.mode': 'memory', 'offset.flush.interval.ms': '200',
      'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
      'task.shutdown.graceful.timeout.ms': '3000', 'key.converter': STRING, 'value.converter': STRING,
      ...settings,
    },
    connectorPlugins: [...allPlugins, ...probePlugins],
    loggers: new LoggerRegistry('INFO', (l) => lines.push(l)),
  });
}

/** A probe connector emitting the values 0 .. count-1. */
const probe = (topic: string, count = 20, extra: Record<string, string> = {}): Record<string, string> => ({
  'connector.class': 'test.ThreadProbeConnector', topic, values: Array.from({ length: count }, (_, i) => String(i)).join(','), ...extra,
});

/** The thread ids and record numbers in a probe topic. */
async function probeRecords(bootstrap: string, topic: string, atLeast: number): Promise<Array<{ thread: number; n: number }>> {
  const records = await eventually(async () => {
    const r = await readTopic(bootstrap, topic);
    return r.length >= atLeast ? r : null;
  }, 20_000, `${atLeast} records in ${topic}`);
  return records.map((r) => {
    const m = /^thread (\d+) record (\d+)$/.exec(r.value?.toString('utf8') ?? '');
    assert.ok(m !== null, `unexpected value ${r.value?.toString('utf8')}`);
    return { thread: Number(m[1]), n: Number(m[2]) };
  });
}

describe('tasks on their own threads', () => {
  let b: TestBroker;
  let w: ConnectWorker;
  const lines: string[] = [];
  before(async () => {
    b = await testBroker();
    w = await startWorker(b.bootstrap, {}, lines);
  });
  after(async () => {
    await w.close();
    await b.close();
  });

  test('a task runs on its own thread; status, records, metrics and resumed offsets reach the worker', async () => {
    assert.equal((await api(w.url, 'POST', '/connectors', { name: 'probe-a', config: probe('probe-a') })).status, 201);
    await awaitState(w.url, 'probe-a', 'RUNNING', 1);
    const first = await probeRecords(b.bootstrap, 'probe-a', 20);
    assert.deepEqual(first.map((r) => r.n), Array.from({ length: 20 }, (_, i) => i));
    assert.ok(first.every((r) => r.thread !== 0 && r.thread === first[0]!.thread), `records made on thread(s) ${[...new Set(first.map((r) => r.thread))].join(', ')}`);

    // The task thread's counters show in the worker's /metrics.
    await eventually(async () => {
      const text = (await api<string>(w.url, 'GET', '/metrics')).body;
      return /connect_source_record_write_total\{connector="probe-a",task="0"\} 20\b/.test(text) ? true : null;
    }, 10_000, 'the task thread\'s write counter in /metrics');

    // Pause and resume reach the thread.
    assert.equal((await api(w.url, 'PUT', '/connectors/probe-a/pause')).status, 202);
    await awaitState(w.url, 'probe-a', 'PAUSED', 1);
    assert.equal((await api(w.url, 'PUT', '/connectors/probe-a/resume')).status, 202);
    await awaitState(w.url, 'probe-a', 'RUNNING', 1);

    // A new config restarts the task (a new thread): it resumes after the offset the old one stored.
    await eventually(async () => ((await api(w.url, 'GET', '/connectors/probe-a/offsets')).body?.offsets?.[0]?.offset?.next === 20 ? true : null), 10_000, 'offset 20 stored');
    assert.equal((await api(w.url, 'PUT', '/connectors/probe-a/config', probe('probe-a', 30))).status, 200);
    const all = await probeRecords(b.bootstrap, 'probe-a', 30);
    assert.deepEqual(all.map((r) => r.n), Array.from({ length: 30 }, (_, i) => i), 'every record exactly once');
    assert.notEqual(all[29]!.thread, 0);
  });

  test('a task failing on its thread is FAILED with its trace, and a restart runs it again', async () => {
    assert.equal((await api(w.url, 'POST', '/connectors', { name: 'probe-fail', config: probe('probe-fail', 20, { 'fail.at': '7' }) })).status, 201);
    const status = await eventually(async () => {
      const s = (await api(w.url, 'GET', '/connectors/probe-fail/status')).body;
      return s?.tasks?.[0]?.state === 'FAILED' ? s : null;
    }, 15_000, 'task FAILED');
    assert.match(status.tasks[0].trace, /ListSource was told to fail at index 7/);
    assert.equal(status.connector.state, 'RUNNING');
    // Records before the failure were delivered and their offset stored.
    assert.deepEqual((await probeRecords(b.bootstrap, 'probe-fail', 5)).map((r) => r.n).slice(0, 5), [0, 1, 2, 3, 4]);
    assert.equal((await api(w.url, 'PUT', '/connectors/probe-fail/config', probe('probe-fail', 20, { 'fail.at': '-1' }))).status, 200);
    assert.equal((await api(w.url, 'POST', '/connectors/probe-fail/tasks/0/restart')).status, 204);
    await awaitState(w.url, 'probe-fail', 'RUNNING', 1);
    const all = await probeRecords(b.bootstrap, 'probe-fail', 20);
    assert.deepEqual([...new Set(all.map((r) => r.n))].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
  });

  test('a task thread that dies fails its task with the reason; a restart runs the task again', async () => {
    assert.equal((await api(w.url, 'POST', '/connectors', { name: 'probe-exit', config: probe('probe-exit', 20, { 'exit.at': '0' }) })).status, 201);
    const status = await eventually(async () => {
      const s = (await api(w.url, 'GET', '/connectors/probe-exit/status')).body;
      return s?.tasks?.[0]?.state === 'FAILED' ? s : null;
    }, 15_000, 'task FAILED');
    assert.match(status.tasks[0].trace, /The task thread of probe-exit-0 exited \(code 3\) before its task ended/);
    assert.equal((await api(w.url, 'PUT', '/connectors/probe-exit/config', probe('probe-exit'))).status, 200);
    assert.equal((await api(w.url, 'POST', '/connectors/probe-exit/tasks/0/restart')).status, 204);
    await awaitState(w.url, 'probe-exit', 'RUNNING', 1);
    assert.deepEqual((await probeRecords(b.bootstrap, 'probe-exit', 20)).map((r) => r.n), Array.from({ length: 20 }, (_, i) => i));
  });

  test('log lines of a task thread reach the worker\'s log, at the levels set through the REST API', async () => {
    const logger = 'org.apache.kafka.connect.runtime.WorkerSourceTask';
    const debugLine = (l: string): boolean => / DEBUG probe-log-0 Committed offsets/.test(l) && l.includes(`(${logger}.probe-log-0)`);
    assert.equal((await api(w.url, 'POST', '/connectors', { name: 'probe-log', config: probe('probe-log') })).status, 201);
    await awaitState(w.url, 'probe-log', 'RUNNING', 1);
    await eventually(() => (lines.some((l) => l.includes('probe-log-0 Source task finished initialization and start')) ? true : null), 10_000, 'the INFO line of the task thread');
    await probeRecords(b.bootstrap, 'probe-log', 20);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!lines.some(debugLine), 'no DEBUG line at INFO');
    assert.equal((await api(w.url, 'PUT', `/admin/loggers/${logger}`, { level: 'DEBUG' })).status, 200);
    // The running thread follows the new level: its next offset commits are logged.
    assert.equal((await api(w.url, 'PUT', '/connectors/probe-log/config', probe('probe-log', 40))).status, 200);
    await eventually(() => (lines.some(debugLine) ? true : null), 10_000, 'a DEBUG line of the task thread');
    await api(w.url, 'PUT', `/admin/loggers/${logger}`, { level: 'INFO' });
  });

  test('with task.threads.enable=false the task runs on the worker\'s thread', async () => {
    const mine: string[] = [];
    const w2 = await startWorker(b.bootstrap, { 'task.threads.enable': 'false', 'group.id': 'connect-no-threads' }, mine);
    try {
      assert.equal((await api(w2.url, 'POST', '/connectors', { name: 'probe-main', config: probe('probe-main', 5) })).status, 201);
      await awaitState(w2.url, 'probe-main', 'RUNNING', 1);
      const records = await probeRecords(b.bootstrap, 'probe-main', 5);
      assert.ok(records.every((r) => r.thread === 0), `records made on thread(s) ${[...new Set(records.map((r) => r.thread))].join(', ')}`);
    } finally {
      await w2.close();
    }
  });
});
