// The connector error policy end to end: poison records with errors.tolerance=all go to the dead
// letter queue with Connect's context headers (converter, transformation and errant-record
// stages) while the task keeps running; with tolerance none the task FAILS with the trace in its
// status; put() asking for a retry gets the batch again; the automatic restart policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { collected } from './toy-connectors.js';
import { api, awaitState, eventually, readTopic, testBroker, testWorker, type TestBroker } from './worker-helper.js';

describe('error handling', () => {
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

  const produce = (topic: string, values: string[]) =>
    w.clients.produce(values.map((v) => ({ topic, partition: 0, key: null, value: Buffer.from(v), headers: [['origin', Buffer.from('test')]], timestamp: null })));
  const headerMap = (h: [string, string | null][]) => Object.fromEntries(h);
  const jsonSink = (name: string, topic: string, extra: Record<string, string> = {}) => api(url, 'POST', '/connectors', {
    name,
    config: {
      'connector.class': 'CollectSink', topics: topic, 'value.converter': 'JsonConverter', 'value.converter.schemas.enable': 'false',
      'key.converter': 'StringConverter', ...extra,
    },
  });

  test('tolerance all: a record the converter cannot read goes to the DLQ with context headers; the task keeps running', async () => {
    await produce('poison', ['{"n":1}', 'not json', '{"n":2}']);
    const r = await jsonSink('dlq-sink', 'poison', {
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'poison-dlq', 'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true', 'errors.log.enable': 'true',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await eventually(() => collected.get('dlq-sink')?.length === 2, 15_000, 'two good records');
    assert.deepEqual(collected.get('dlq-sink')!.map((x) => x.value), [new Map([['n', 1n]]), new Map([['n', 2n]])]);
    const dlq = await eventually(async () => {
      const recs = await readTopic(b.bootstrap, 'poison-dlq').catch(() => []);
      return recs.length === 1 ? recs : null;
    }, 15_000, 'one DLQ record');
    assert.equal(dlq[0]!.value!.toString(), 'not json');
    const h = headerMap(dlq[0]!.headers);
    assert.equal(h.origin, 'test');
    assert.equal(h['__connect.errors.topic'], 'poison');
    assert.equal(h['__connect.errors.partition'], '0');
    assert.equal(h['__connect.errors.offset'], '1');
    assert.equal(h['__connect.errors.connector.name'], 'dlq-sink');
    assert.equal(h['__connect.errors.task.id'], '0');
    assert.equal(h['__connect.errors.stage'], 'VALUE_CONVERTER');
    assert.equal(h['__connect.errors.class.name'], 'org.apache.kafka.connect.json.JsonConverter');
    assert.equal(h['__connect.errors.exception.class.name'], 'DataException');
    assert.ok((h['__connect.errors.exception.message'] ?? '').length > 0);
    assert.match(h['__connect.errors.exception.stacktrace'] ?? '', /DataException/);
    const status = await awaitState(url, 'dlq-sink', 'RUNNING', 1);
    assert.equal(status.tasks[0].trace, undefined);
    await produce('poison', ['{"n":3}']);
    await eventually(() => collected.get('dlq-sink')?.length === 3, 15_000, 'later records still flow');
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /^kafka_connect_deadletterqueue_produce_requests\{connector="dlq-sink",task="0"\} 1$/m);
    assert.match(metrics, /^kafka_connect_total_records_skipped\{connector="dlq-sink",task="0"\} 1$/m);
  });

  test('tolerance all: transformation failures are dead-lettered too, naming the transform', async () => {
    await produce('poison2', ['{"n":1}', '"a string"', '{"n":2}', '{"n":3}']);
    const r = await jsonSink('dlq-stages', 'poison2', {
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'poison2-dlq', 'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
      transforms: 'n', 'transforms.n.type': 'org.apache.kafka.connect.transforms.ExtractField$Value', 'transforms.n.field': 'n',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await eventually(async () => (await readTopic(b.bootstrap, 'poison2-dlq').catch(() => [])).length === 1, 15_000, 'transformation failure dead-lettered');
    const dlq = await readTopic(b.bootstrap, 'poison2-dlq');
    const h = headerMap(dlq[0]!.headers);
    assert.equal(h['__connect.errors.stage'], 'TRANSFORMATION');
    assert.equal(h['__connect.errors.class.name'], 'org.apache.kafka.connect.transforms.ExtractField$Value');
    assert.equal(h['__connect.errors.offset'], '1');
    await eventually(() => collected.get('dlq-stages')?.length === 3, 15_000, 'three extracted values');
    assert.deepEqual(collected.get('dlq-stages')!.map((x) => x.value), [1n, 2n, 3n]);
  });

  test('the errant record reporter: stage TASK_PUT with the original coordinates', async () => {
    await produce('poison3', ['keep', 'reject', 'keep2']);
    const r = await api(url, 'POST', '/connectors', {
      name: 'reporter', config: {
        'connector.class': 'CollectSink', topics: 'poison3', 'value.converter': 'StringConverter', 'report.on': 'reject',
        'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'poison3-dlq', 'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
    });
    assert.equal(r.status, 201);
    const dlq = await eventually(async () => {
      const recs = await readTopic(b.bootstrap, 'poison3-dlq').catch(() => []);
      return recs.length === 1 ? recs : null;
    }, 15_000, 'reported record');
    const h = headerMap(dlq[0]!.headers);
    assert.equal(dlq[0]!.value!.toString(), 'reject');
    assert.equal(h['__connect.errors.stage'], 'TASK_PUT');
    assert.equal(h['__connect.errors.class.name'], 'CollectSinkTask');
    assert.equal(h['__connect.errors.offset'], '1');
    assert.equal(h['__connect.errors.exception.message'], 'CollectSink rejects reject');
    await eventually(() => collected.get('reporter')?.length === 2, 10_000, 'the others delivered');
  });

  test('tolerance none: the poison record fails the task, with the trace in its status', async () => {
    await produce('poison4', ['{"n":1}', 'not json']);
    assert.equal((await jsonSink('strict', 'poison4')).status, 201);
    const status = await eventually(async () => {
      const s = await api(url, 'GET', '/connectors/strict/status');
      return s.body.tasks[0]?.state === 'FAILED' ? s.body : null;
    }, 15_000, 'task FAILED');
    assert.equal(status.connector.state, 'RUNNING');
    assert.match(status.tasks[0].trace, /Tolerance exceeded in error handler/);
    assert.match(status.tasks[0].trace, /Caused by: DataException/);
    const task = await api(url, 'GET', '/connectors/strict/tasks/0/status');
    assert.equal(task.body.state, 'FAILED');
    assert.equal(task.body.trace, status.tasks[0].trace);
    // The batch failed while being converted: nothing of it reached put().
    assert.equal(collected.get('strict'), undefined);
  });

  test('put() throwing a non-retriable error fails the task; RetriableException gets the batch again', async () => {
    await produce('puts', ['a', 'boom', 'c']);
    await api(url, 'POST', '/connectors', { name: 'put-fail', config: { 'connector.class': 'CollectSink', topics: 'puts', 'value.converter': 'StringConverter', 'fail.on': 'boom' } });
    const failed = await eventually(async () => {
      const s = await api(url, 'GET', '/connectors/put-fail/status');
      return s.body.tasks[0]?.state === 'FAILED' ? s.body : null;
    }, 15_000, 'task FAILED');
    assert.match(failed.tasks[0].trace, /CollectSink cannot write boom/);
    await api(url, 'POST', '/connectors', { name: 'put-retry', config: { 'connector.class': 'CollectSink', topics: 'puts', 'value.converter': 'StringConverter', 'retriable.times': '2' } });
    await eventually(() => collected.get('put-retry')?.length === 3, 15_000, 'records after two retries');
    assert.deepEqual(collected.get('put-retry')!.map((x) => x.value), ['a', 'boom', 'c']);
    await awaitState(url, 'put-retry', 'RUNNING', 1);
  });

  test('source side: a transformation failure is skipped with tolerance all (offsets still advance), fails the task with none', async () => {
    const cfg = {
      'connector.class': 'ListSource', values: 'a,b', 'value.converter': 'StringConverter',
      transforms: 'bad', 'transforms.bad.type': 'org.apache.kafka.connect.transforms.ExtractField$Value', 'transforms.bad.field': 'x',
    };
    await api(url, 'POST', '/connectors', { name: 'src-tolerant', config: { ...cfg, topic: 'src-tol', 'errors.tolerance': 'all' } });
    const offsets = await eventually(async () => {
      const o = await api(url, 'GET', '/connectors/src-tolerant/offsets');
      return o.body.offsets[0]?.offset.next === 2 ? o.body : null;
    }, 15_000, 'offsets of skipped records committed');
    assert.deepEqual(offsets, { offsets: [{ partition: { list: 'src-tolerant' }, offset: { next: 2 } }] });
    await awaitState(url, 'src-tolerant', 'RUNNING', 1);
    await api(url, 'POST', '/connectors', { name: 'src-strict', config: { ...cfg, topic: 'src-str' } });
    const s = await eventually(async () => {
      const x = await api(url, 'GET', '/connectors/src-strict/status');
      return x.body.tasks[0]?.state === 'FAILED' ? x.body : null;
    }, 15_000, 'source task FAILED');
    assert.match(s.tasks[0].trace, /Tolerance exceeded in error handler \(stage TRANSFORMATION, class org.apache.kafka.connect.transforms.ExtractField\$Value\)/);
  });

  test('errors.restart.policy=on-failure restarts a failed task with back-off, then gives up', async () => {
    await api(url, 'POST', '/connectors', {
      name: 'auto', config: {
        'connector.class': 'ListSource', topic: 'auto-t', values: 'a,b', 'fail.at': '0',
        'errors.restart.policy': 'on-failure', 'errors.restart.max.attempts': '2', 'errors.restart.backoff.ms': '300',
      },
    });
    const restarting = await eventually(async () => {
      const s = await api(url, 'GET', '/connectors/auto/status');
      return s.body.tasks[0]?.state === 'RESTARTING' ? s.body : null;
    }, 15_000, 'RESTARTING');
    assert.match(restarting.tasks[0].trace, /^Automatic restart 1 of 2 in 300 ms \(errors.restart.policy=on-failure\) after:\n/);
    assert.match(restarting.tasks[0].trace, /ListSource was told to fail at index 0/);
    await eventually(async () => {
      const m = await (await fetch(`${url}/metrics`)).text();
      return /kafka_connect_task_restarts_total\{connector="auto",task="0"\} 2/.test(m);
    }, 15_000, 'two automatic restarts');
    const final = await eventually(async () => {
      const s = await api(url, 'GET', '/connectors/auto/status');
      return s.body.tasks[0]?.state === 'FAILED' ? s.body : null;
    }, 15_000, 'FAILED for good');
    assert.match(final.tasks[0].trace, /ListSource was told to fail at index 0/);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await api(url, 'GET', '/connectors/auto/status')).body.tasks[0].state, 'FAILED');
  });
});
