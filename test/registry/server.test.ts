// The registry process as a whole: everything comes back after restarting the registry and
// the broker on the same data directory; bad input changes nothing stored; two registries on
// one broker see the same schemas.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Broker } from '../../broker/broker.js';
import { silentLogger } from '../../broker/util/logger.js';
import { Registry } from '../../registry/server.js';
import { captureLogger, fingerprint, removeDir, startBroker, tempDir } from '../helpers/broker.js';
import { api, avroRecord, BROKER_SETTINGS, startRegistry, V1, type Api } from '../helpers/registry.js';

/** Every observable piece of state, read over HTTP. */
async function everything(http: Api): Promise<unknown> {
  const subjects = (await http.get('/subjects?deleted=true')).body as string[];
  const out: Record<string, unknown> = { subjects, live: (await http.get('/subjects')).body, config: (await http.get('/config')).body, mode: (await http.get('/mode')).body };
  for (const s of subjects) {
    const versions = (await http.get(`/subjects/${s}/versions?deleted=true`)).body as number[];
    out[s] = {
      versions: await Promise.all(versions.map(async (v) => (await http.get(`/subjects/${s}/versions/${v}?deleted=true`)).body)),
      config: (await http.get(`/config/${s}`)).body,
      mode: (await http.get(`/mode/${s}`)).body,
    };
  }
  for (let id = 1; id <= 6; id++) out[`id${id}`] = (await http.get(`/schemas/ids/${id}/versions?deleted=true`)).body;
  return out;
}

it('brings back every schema, id, version, config and mode after restarting registry and broker', async () => {
  const dir = tempDir();
  let broker = await Broker.start({ settings: { 'log.dirs': dir, listeners: 'PLAINTEXT://127.0.0.1:0', ...BROKER_SETTINGS }, log: silentLogger });
  let registry = await startRegistry(broker.bootstrap);
  try {
    let http = api(registry.url);
    await http.post('/subjects/a/versions', { schema: avroRecord('A', ['x']) });
    await http.post('/subjects/a/versions', { schema: avroRecord('A', ['x'], ['y']) });
    await http.post('/subjects/a/versions', { schema: avroRecord('A', ['x'], ['y', 'z']) });
    await http.del('/subjects/a/versions/2');
    await http.post('/subjects/b/versions', { schema: avroRecord('A', ['x']) });
    await http.post('/subjects/j/versions', { schemaType: 'JSON', schema: '{"type":"object"}' });
    await http.del('/subjects/j');
    await http.put('/config', { compatibility: 'FULL_TRANSITIVE' });
    await http.put('/config/b', { compatibility: 'NONE' });
    await http.put('/mode/b', { mode: 'READONLY' });
    const before = await everything(http);
    const snapshot = registry.store.snapshot();

    await registry.close();
    registry = await startRegistry(broker.bootstrap);
    http = api(registry.url);
    assert.deepEqual(await everything(http), before);

    await registry.close();
    await broker.close();
    broker = await Broker.start({ settings: { 'log.dirs': dir, listeners: 'PLAINTEXT://127.0.0.1:0', ...BROKER_SETTINGS }, log: silentLogger });
    registry = await startRegistry(broker.bootstrap);
    http = api(registry.url);
    assert.deepEqual(await everything(http), before);
    assert.deepEqual(registry.store.snapshot(), snapshot);
    assert.deepEqual((await http.post('/subjects/c/versions', { schema: avroRecord('C', ['q']) })).body, { id: 5 }, 'ids go on after the highest stored one');
    assert.deepEqual((await http.post('/subjects/a/versions', { schema: avroRecord('A', ['x'], ['y', 'z', 'w']) })).status, 200);
    assert.deepEqual((await http.get('/subjects/a/versions')).body, [1, 3, 4], 'versions go on after deleted ones');
  } finally {
    await registry.close();
    await broker.close();
    removeDir(dir);
  }
});

it('leaves stored state unchanged after bad input', async () => {
  const { broker, dir } = await startBroker({ settings: BROKER_SETTINGS });
  const registry = await startRegistry(broker.bootstrap);
  try {
    const http = api(registry.url);
    await http.post('/subjects/a/versions', { schema: avroRecord('A', ['x']) });
    await http.put('/mode/ro', { mode: 'READONLY' });
    const snapshot = registry.store.snapshot();
    const files = fingerprint(dir);
    const bad: [string, string, string | undefined][] = [
      ['POST', '/subjects/a/versions', '{"schema":'],
      ['POST', '/subjects/a/versions', JSON.stringify({ schema: '{"type":"record","name":"A"}' })],
      ['POST', '/subjects/a/versions', JSON.stringify({ schema: avroRecord('A', ['x', 'nodefault']) })],
      ['POST', '/subjects/a/versions', JSON.stringify({ schema: avroRecord('B', ['x']), id: 9 })],
      ['POST', '/subjects/a/versions', JSON.stringify({ schema: avroRecord('B', ['x']), version: 7 })],
      ['POST', '/subjects/a/versions', JSON.stringify({ schema: avroRecord('B', ['x']), references: [{ name: 'n', subject: 'none', version: 1 }] })],
      ['POST', '/subjects/ro/versions', JSON.stringify({ schema: avroRecord('B', ['x']) })],
      ['POST', '/subjects/%00/versions', JSON.stringify({ schema: avroRecord('B', ['x']) })],
      ['DELETE', '/subjects/a?permanent=true', undefined],
      ['DELETE', '/subjects/a/versions/1?permanent=true', undefined],
      ['DELETE', '/subjects/none', undefined],
      ['PUT', '/config', '{"compatibility":"NOPE"}'],
      ['PUT', '/mode', '{"mode":"NOPE"}'],
      ['PUT', '/mode', '{"mode":"IMPORT"}'],
      ['DELETE', '/config/a', undefined],
      ['POST', '/subjects/a/versions', JSON.stringify({ schema: '{}', schemaType: 'PROTOBUF' })],
    ];
    for (const [method, path, body] of bad) {
      const r = await api(registry.url).raw(method, path, body === undefined ? {} : { body, headers: { 'content-type': V1 } });
      assert.ok(r.status >= 400 && r.status < 500, `${method} ${path} -> ${r.status} ${r.text}`);
      assert.equal(typeof r.body.error_code, 'number');
    }
    assert.deepEqual(registry.store.snapshot(), snapshot);
    assert.deepEqual(fingerprint(dir), files);
  } finally {
    await registry.close();
    await broker.close();
    removeDir(dir);
  }
});

it('lets two registries on one broker see the same schemas', async () => {
  const { broker, dir } = await startBroker({ settings: BROKER_SETTINGS });
  const one = await startRegistry(broker.bootstrap);
  const two = await startRegistry(broker.bootstrap);
  try {
    const id = (await api(one.url).post('/subjects/shared/versions', { schema: avroRecord('S', ['a']) })).body.id;
    const seen = async (): Promise<unknown> => (await api(two.url).get('/subjects/shared/versions/latest')).body;
    for (let i = 0; i < 50 && (await api(two.url).get('/subjects')).body.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await seen(), (await api(one.url).get('/subjects/shared/versions/latest')).body);
    const byId = await api(two.url).get(`/schemas/ids/${id}`);
    assert.equal(byId.status, 200);
    assert.deepEqual(byId.body, { schema: JSON.stringify(JSON.parse(avroRecord('S', ['a']))) });
  } finally {
    await one.close();
    await two.close();
    await broker.close();
    removeDir(dir);
  }
});

it('reports unknown settings and refuses bad ones before connecting', async () => {
  const { log, lines } = captureLogger();
  const { broker, dir } = await startBroker({ settings: BROKER_SETTINGS });
  try {
    const r = await Registry.start({ settings: { 'kafkastore.bootstrap.servers': broker.bootstrap, listeners: 'http://127.0.0.1:0', 'no.such.key': '1' }, log });
    await r.close();
    assert.ok(lines.some((l) => /The configuration 'no\.such\.key' was supplied but isn't a known config/.test(l)), lines.join('\n'));
    await assert.rejects(Registry.start({ settings: { 'kafkastore.bootstrap.servers': broker.bootstrap, 'kafkastore.timeout.ms': 'x' } }), /kafkastore\.timeout\.ms/);
  } finally {
    await broker.close();
    removeDir(dir);
  }
});
