// The worker's own resources: GET / (version, commit, cluster id), /health, /metrics in the
// Prometheus text format, /admin/loggers, and the generic error answers (404, 405, bad JSON).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { MemoryConfigStore, MemoryOffsetStore, MemoryStatusStore } from '../../../runtime/storage/index.js';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { LoggerRegistry } from '../../../runtime/worker/logger.js';
import { api, awaitState, eventually, testBroker, testWorker, type TestBroker } from '../worker/worker-helper.js';

describe('worker resources', () => {
  let b: TestBroker;
  let w: ConnectWorker;
  let url: string;
  const lines: string[] = [];
  before(async () => {
    b = await testBroker();
    w = await testWorker(b.bootstrap, {}, { loggers: new LoggerRegistry('INFO', (l) => lines.push(l)) });
    url = w.url;
  });
  after(async () => {
    await w.close();
    await b.close();
  });

  test('GET / answers version, commit and the Kafka cluster id', async () => {
    const r = await api(url, 'GET', '/');
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['version', 'commit', 'kafka_cluster_id']);
    assert.equal(r.body.kafka_cluster_id, b.broker.clusterId);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  });

  test('GET /health is healthy once started', async () => {
    const r = await api(url, 'GET', '/health');
    assert.deepEqual(r, { ...r, status: 200, body: { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' } });
  });

  test('GET /metrics: per-task counters and the sink lag, in Prometheus text', async () => {
    await api(url, 'POST', '/connectors', { name: 'm-src', config: { 'connector.class': 'ListSource', topic: 'metrics-t', values: 'a,b,c' } });
    await api(url, 'POST', '/connectors', { name: 'm-sink', config: { 'connector.class': 'CollectSink', topics: 'metrics-t' } });
    await awaitState(url, 'm-src', 'RUNNING', 1);
    const text = await eventually(async () => {
      const r = await fetch(`${url}/metrics`);
      assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const t = await r.text();
      return t.includes('kafka_connect_sink_record_send_total{connector="m-sink",task="0"} 3') && t.includes('kafka_connect_offset_commit_success_total{connector="m-sink"') ? t : null;
    }, 15_000, 'metrics of both tasks');
    assert.match(text, /^# TYPE kafka_connect_source_record_poll_total counter$/m);
    assert.match(text, /^kafka_connect_source_record_poll_total\{connector="m-src",task="0"\} 3$/m);
    assert.match(text, /^kafka_connect_source_record_write_total\{connector="m-src",task="0"\} 3$/m);
    assert.match(text, /^kafka_connect_sink_record_read_total\{connector="m-sink",task="0"\} 3$/m);
    assert.match(text, /^kafka_connect_sink_consumer_lag\{connector="m-sink",task="0",topic="metrics-t",partition="0"\} 0$/m);
    assert.match(text, /^kafka_connect_batch_size_max\{connector="m-src",task="0"\} 3$/m);
    assert.match(text, /^kafka_connect_offset_commit_success_total\{connector="m-src",task="0"\} \d+$/m);
    assert.match(text, /^kafka_connect_worker_task_count 2$/m);
    await api(url, 'DELETE', '/connectors/m-src');
    await api(url, 'DELETE', '/connectors/m-sink');
    const after = await (await fetch(`${url}/metrics`)).text();
    assert.ok(!after.includes('connector="m-src"'), after);
  });

  test('GET/PUT /admin/loggers', async () => {
    const all = await api(url, 'GET', '/admin/loggers');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.root, { level: 'INFO', last_modified: null });
    const set = await api(url, 'PUT', '/admin/loggers/org.apache.kafka.connect.runtime', { level: 'debug' });
    assert.equal(set.status, 200);
    assert.ok(set.body.includes('org.apache.kafka.connect.runtime'));
    assert.ok(set.body.includes('org.apache.kafka.connect.runtime.Herder'), JSON.stringify(set.body));
    const one = await api(url, 'GET', '/admin/loggers/org.apache.kafka.connect.runtime.Herder');
    assert.equal(one.body.level, 'DEBUG');
    assert.equal(typeof one.body.last_modified, 'number');
    const listed = await api(url, 'GET', '/admin/loggers');
    assert.equal(listed.body['org.apache.kafka.connect.runtime'].level, 'DEBUG');
    const before = lines.length;
    await api(url, 'POST', '/connectors', { name: 'log-src', config: { 'connector.class': 'ListSource', topic: 'log-t', values: 'a' } });
    assert.ok(lines.slice(before).some((l) => l.includes(' DEBUG ')), 'DEBUG lines appear');
    assert.equal((await api(url, 'PUT', '/admin/loggers/root', { level: 'WARN' })).status, 200);
    assert.equal((await api(url, 'GET', '/admin/loggers/org.apache.kafka.connect.runtime.Herder')).body.level, 'WARN');
    assert.equal((await api(url, 'PUT', '/admin/loggers/x?scope=cluster', { level: 'INFO' })).status, 204);
    const missing = await api(url, 'PUT', '/admin/loggers/x', {});
    assert.deepEqual(missing.body, { error_code: 400, message: "Desired 'level' parameter was not specified in request." });
    const invalid = await api(url, 'PUT', '/admin/loggers/x', { level: 'LOUD' });
    assert.deepEqual(invalid.body, { error_code: 404, message: "invalid log level 'LOUD'." });
    const unknown = await api(url, 'GET', '/admin/loggers/no.such.logger');
    assert.deepEqual(unknown.body, { error_code: 404, message: 'Logger no.such.logger not found.' });
  });

  test('unknown paths 404, wrong methods 405, bodies that are not JSON 400', async () => {
    assert.deepEqual((await api(url, 'GET', '/nope')).body, { error_code: 404, message: 'HTTP 404 Not Found' });
    assert.deepEqual((await api(url, 'DELETE', '/connectors')).body, { error_code: 405, message: 'HTTP 405 Method Not Allowed' });
    assert.equal((await api(url, 'POST', '/connectors/x/status')).status, 405);
    const bad = await api(url, 'PUT', '/connectors/x/config', '{not json');
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /^Request body is not valid JSON: /);
  });
});

describe('while the worker starts', () => {
  test('/health answers 503 "starting" and connector requests 503 until the stores are read', async () => {
    const b = await testBroker();
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const configs = new MemoryConfigStore();
    const slow = Object.assign(Object.create(configs) as MemoryConfigStore, { start: async () => { await gate; await configs.start(); } });
    const starting = testWorker(b.bootstrap, { listeners: `http://127.0.0.1:${port}` }, { stores: { configs: slow, offsets: new MemoryOffsetStore(), statuses: new MemoryStatusStore() } });
    const url = `http://127.0.0.1:${port}`;
    try {
      const health = await eventually(async () => {
        try {
          return await api(url, 'GET', '/health');
        } catch {
          return null;
        }
      }, 10_000, 'REST listening');
      assert.equal(health.status, 503);
      assert.deepEqual(health.body, { status: 'starting', message: 'Worker is still starting up.' });
      const early = await api(url, 'GET', '/connectors');
      assert.deepEqual(early.body, { error_code: 503, message: 'Worker is still starting up.' });
      release();
      const w = await starting;
      assert.equal((await api(url, 'GET', '/health')).status, 200);
      assert.deepEqual((await api(url, 'GET', '/connectors')).body, []);
      await w.close();
    } finally {
      release();
      await b.close();
    }
  });
});
