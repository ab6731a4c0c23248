// The /connectors resource: create, read, update, patch, delete, status, tasks, with Kafka
// Connect's status codes and JSON shapes on success and on every error path.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { api, awaitState, testBroker, testWorker, type TestBroker } from '../worker/worker-helper.js';

describe('/connectors', () => {
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

  const src = (topic: string, extra: Record<string, string> = {}) => ({ 'connector.class': 'test.ListSourceConnector', topic, values: 'a,b', ...extra });

  test('POST creates a connector: 201, Location, ConnectorInfo with its tasks', async () => {
    const r = await api(url, 'POST', '/connectors', { name: 'c1', config: src('t-c1') });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('location'), '/connectors/c1');
    assert.deepEqual(r.body, {
      name: 'c1',
      config: { 'connector.class': 'test.ListSourceConnector', topic: 't-c1', values: 'a,b', name: 'c1' },
      tasks: [{ connector: 'c1', task: 0 }],
      type: 'source',
    });
    await awaitState(url, 'c1', 'RUNNING', 1);
    const list = await api(url, 'GET', '/connectors');
    assert.equal(list.status, 200);
    assert.ok(list.body.includes('c1'));
  });

  test('POST errors: existing name 409, invalid config 400 listing every error, unknown class 400, bad body 400', async () => {
    const again = await api(url, 'POST', '/connectors', { name: 'c1', config: src('t-c1') });
    assert.deepEqual(again.body, { error_code: 409, message: 'Connector c1 already exists' });
    assert.equal(again.status, 409);

    const invalid = await api(url, 'POST', '/connectors', { name: 'bad', config: { 'connector.class': 'test.ListSourceConnector', 'tasks.max': '0', 'errors.tolerance': 'some' } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error_code, 400);
    const lines = (invalid.body.message as string).split('\n');
    assert.equal(lines[0], 'Connector configuration is invalid and contains the following 3 error(s):');
    assert.ok(lines.includes('Invalid value 0 for configuration tasks.max: Value must be at least 1'), invalid.body.message);
    assert.ok(lines.some((l) => l.startsWith('Invalid value some for configuration errors.tolerance')), invalid.body.message);
    assert.ok(lines.includes('Missing required configuration "topic" which has no default value.'), invalid.body.message);
    assert.equal(lines.at(-1), 'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`');

    const unknown = await api(url, 'POST', '/connectors', { name: 'x', config: { 'connector.class': 'NoSuchConnector' } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /^Failed to find any class that implements Connector and which name matches NoSuchConnector, available connectors are: /);

    const noClass = await api(url, 'POST', '/connectors', { name: 'x', config: { topic: 't' } });
    assert.equal(noClass.status, 400);
    assert.match(noClass.body.message, /contains no connector type/);

    const mismatch = await api(url, 'POST', '/connectors', { name: 'x', config: { ...src('t'), name: 'y' } });
    assert.deepEqual(mismatch.body, { error_code: 400, message: "Connector name configuration (y) doesn't match connector name in the URL (x)" });

    const emptyName = await api(url, 'POST', '/connectors', { name: '', config: src('t') });
    assert.equal(emptyName.status, 400);
    assert.match(emptyName.body.message, /configuration name: String may not be empty/);

    const notJson = await api(url, 'POST', '/connectors', '{"name": ');
    assert.equal(notJson.status, 400);
    assert.match(notJson.body.message, /^Request body is not valid JSON: /);

    const noConfig = await api(url, 'POST', '/connectors', { name: 'x' });
    assert.equal(noConfig.status, 400);

    const badState = await api(url, 'POST', '/connectors', { name: 'x', config: src('t'), initial_state: 'SLEEPING' });
    assert.equal(badState.status, 400);
    assert.match(badState.body.message, /initial_state/);
  });

  test('initial_state PAUSED and STOPPED', async () => {
    const p = await api(url, 'POST', '/connectors', { name: 'paused', config: src('t-p'), initial_state: 'PAUSED' });
    assert.equal(p.status, 201);
    await awaitState(url, 'paused', 'PAUSED', 1);
    const s = await api(url, 'POST', '/connectors', { name: 'stopped', config: src('t-s'), initial_state: 'STOPPED' });
    assert.equal(s.status, 201);
    assert.deepEqual(s.body.tasks, []);
    const st = await awaitState(url, 'stopped', 'STOPPED', 0);
    assert.deepEqual(st.tasks, []);
    for (const n of ['paused', 'stopped']) assert.equal((await api(url, 'DELETE', `/connectors/${n}`)).status, 204);
  });

  test('GET /connectors/{c}, /config, /status, /tasks, /tasks/{t}/status', async () => {
    const info = await api(url, 'GET', '/connectors/c1');
    assert.equal(info.status, 200);
    assert.equal(info.body.type, 'source');
    const config = await api(url, 'GET', '/connectors/c1/config');
    assert.deepEqual(config.body, { 'connector.class': 'test.ListSourceConnector', topic: 't-c1', values: 'a,b', name: 'c1' });
    const status = await api(url, 'GET', '/connectors/c1/status');
    assert.deepEqual(status.body, {
      name: 'c1',
      connector: { state: 'RUNNING', worker_id: w.workerId },
      tasks: [{ id: 0, state: 'RUNNING', worker_id: w.workerId }],
      type: 'source',
    });
    const tasks = await api(url, 'GET', '/connectors/c1/tasks');
    assert.equal(tasks.status, 200);
    assert.deepEqual(tasks.body[0].id, { connector: 'c1', task: 0 });
    assert.equal(tasks.body[0].config.topic, 't-c1');
    assert.equal(tasks.body[0].config['task.class'], 'ListSourceTask');
    const task = await api(url, 'GET', '/connectors/c1/tasks/0/status');
    assert.deepEqual(task.body, { id: 0, state: 'RUNNING', worker_id: w.workerId });
  });

  test('unknown connectors and tasks are 404 everywhere', async () => {
    const nf = { error_code: 404, message: 'Connector nope not found' };
    for (const [m, p] of [['GET', ''], ['GET', '/config'], ['GET', '/status'], ['GET', '/tasks'], ['DELETE', ''], ['PATCH', '/config'], ['PUT', '/pause'],
      ['PUT', '/resume'], ['PUT', '/stop'], ['POST', '/restart'], ['GET', '/offsets'], ['GET', '/topics'], ['PUT', '/topics/reset']] as const) {
      const r = await api(url, m, `/connectors/nope${p}`, m === 'PATCH' ? { a: 'b' } : undefined);
      assert.equal(r.status, 404, `${m} ${p}`);
      assert.deepEqual(r.body, nf, `${m} ${p}`);
    }
    assert.equal((await api(url, 'GET', '/connectors/c1/tasks/7/status')).status, 404);
    assert.equal((await api(url, 'GET', '/connectors/c1/tasks/x/status')).status, 404);
    const restart = await api(url, 'POST', '/connectors/c1/tasks/3/restart');
    assert.deepEqual(restart.body, { error_code: 404, message: 'Unknown task: c1-3' });
  });

  test('PUT /config creates (201) then updates (200); invalid updates are 400 and change nothing', async () => {
    const created = await api(url, 'PUT', '/connectors/c2/config', src('t-c2'));
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), '/connectors/c2');
    const updated = await api(url, 'PUT', '/connectors/c2/config', src('t-c2', { values: 'x,y,z' }));
    assert.equal(updated.status, 200);
    assert.equal(updated.body.config.values, 'x,y,z');
    const bad = await api(url, 'PUT', '/connectors/c2/config', { ...src('t-c2'), 'tasks.max': 'many' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /Invalid value many for configuration tasks.max: Not a number of type INT/);
    assert.equal((await api(url, 'GET', '/connectors/c2/config')).body.values, 'x,y,z');
    const mismatch = await api(url, 'PUT', '/connectors/c2/config', { ...src('t-c2'), name: 'other' });
    assert.equal(mismatch.status, 400);
    const notMap = await api(url, 'PUT', '/connectors/c2/config', ['a']);
    assert.equal(notMap.status, 400);
  });

  test('PATCH /config changes and removes keys (null), 200 with ConnectorInfo', async () => {
    const r = await api(url, 'PATCH', '/connectors/c2/config', { values: 'p,q', 'fail.at': '5' });
    assert.equal(r.status, 200);
    assert.equal(r.body.config.values, 'p,q');
    assert.equal(r.body.config['fail.at'], '5');
    const removed = await api(url, 'PATCH', '/connectors/c2/config', { 'fail.at': null });
    assert.equal(removed.body.config['fail.at'], undefined);
    const invalid = await api(url, 'PATCH', '/connectors/c2/config', { topic: null });
    assert.equal(invalid.status, 400);
    assert.match(invalid.body.message, /Missing required configuration "topic"/);
  });

  test('secrets are hidden in every answer', async () => {
    const r = await api(url, 'POST', '/connectors', { name: 'secret', config: src('t-sec', { secret: 's3cr3t', 'transforms': 'x', 'transforms.x.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.x.static.field': 'f', 'transforms.x.static.value': 'v' }) });
    assert.equal(r.status, 201);
    assert.equal(r.body.config.secret, '[hidden]');
    for (const p of ['/connectors/secret', '/connectors/secret/config', '/connectors/secret/tasks', '/connectors?expand=info']) {
      const text = JSON.stringify((await api(url, 'GET', p)).body);
      assert.ok(!text.includes('s3cr3t'), `${p}: ${text}`);
      assert.ok(text.includes('[hidden]'), p);
    }
    assert.equal((await api(url, 'DELETE', '/connectors/secret')).status, 204);
  });

  test('GET /connectors?expand=status|info, both', async () => {
    const status = await api(url, 'GET', '/connectors?expand=status');
    assert.equal(status.body.c1.status.connector.state, 'RUNNING');
    assert.equal(status.body.c1.info, undefined);
    const info = await api(url, 'GET', '/connectors?expand=info');
    assert.equal(info.body.c1.info.name, 'c1');
    assert.equal(info.body.c1.status, undefined);
    const both = await api(url, 'GET', '/connectors?expand=status&expand=info');
    assert.deepEqual(Object.keys(both.body.c1).sort(), ['info', 'status']);
    const odd = await api(url, 'GET', '/connectors?expand=nothing');
    assert.deepEqual(odd.body.c1, {});
  });

  test('DELETE removes the connector, its tasks and its status', async () => {
    assert.equal((await api(url, 'DELETE', '/connectors/c2')).status, 204);
    assert.equal((await api(url, 'GET', '/connectors/c2')).status, 404);
    assert.equal((await api(url, 'GET', '/connectors/c2/status')).status, 404);
    assert.ok(!(await api(url, 'GET', '/connectors')).body.includes('c2'));
    assert.equal(w.stores.statuses.connector('c2'), undefined);
  });

  test('internal POST /connectors/{c}/tasks writes task configs', async () => {
    const r = await api(url, 'POST', '/connectors/c1/tasks', [{ ...src('t-c1'), name: 'c1', 'task.class': 'ListSourceTask' }, { ...src('t-c1'), name: 'c1', 'task.class': 'ListSourceTask' }]);
    assert.equal(r.status, 204);
    await awaitState(url, 'c1', 'RUNNING', 2);
    assert.equal((await api(url, 'POST', '/connectors/c1/tasks', { not: 'a list' })).status, 400);
  });
});
