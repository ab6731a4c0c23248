// /connector-plugins: the list (connectors only, or every plugin type), a plugin's config
// definitions, and config/validate's ConfigInfos with the runtime's keys merged with the
// connector's, the transforms' and predicates' keys, and its errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { api, testBroker, testWorker, type TestBroker } from '../worker/worker-helper.js';

describe('/connector-plugins', () => {
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

  test('GET lists the connectors, sorted, with type and version', async () => {
    const r = await api(url, 'GET', '/connector-plugins');
    assert.equal(r.status, 200);
    const classes = r.body.map((p: { class: string }) => p.class);
    assert.deepEqual(classes, [...classes].sort());
    assert.deepEqual(r.body.find((p: { class: string }) => p.class === 'org.apache.kafka.connect.file.FileStreamSinkConnector'), {
      class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', version: r.body.find((p: { class: string }) => p.class.endsWith('FileStreamSinkConnector')).version,
    });
    assert.ok(r.body.every((p: { type: string }) => p.type === 'source' || p.type === 'sink'));
  });

  test('connectorsOnly=false adds converters, header converters, transformations, predicates', async () => {
    const r = await api(url, 'GET', '/connector-plugins?connectorsOnly=false');
    const types = new Set(r.body.map((p: { type: string }) => p.type));
    assert.deepEqual([...types].sort(), ['converter', 'header_converter', 'predicate', 'sink', 'source', 'transformation']);
    const find = (c: string, t: string) => r.body.find((p: { class: string; type: string }) => p.class === c && p.type === t);
    assert.ok(find('org.apache.kafka.connect.json.JsonConverter', 'converter'));
    assert.ok(find('org.apache.kafka.connect.storage.SimpleHeaderConverter', 'header_converter'));
    assert.ok(find('org.apache.kafka.connect.transforms.Cast$Value', 'transformation'));
    assert.ok(find('org.apache.kafka.connect.transforms.predicates.TopicNameMatches', 'predicate'));
  });

  test('GET /connector-plugins/{p}/config: the plugin\'s own definitions, by class or alias; 404 otherwise', async () => {
    const r = await api(url, 'GET', '/connector-plugins/FileStreamSource/config');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.map((d: { name: string }) => d.name), ['file', 'topic', 'batch.size']);
    assert.deepEqual(r.body[2], {
      name: 'batch.size', type: 'INT', required: false, default_value: '2000', importance: 'LOW',
      documentation: r.body[2].documentation, group: null, width: 'NONE', display_name: 'batch.size', dependents: [], order: -1,
    });
    const t = await api(url, 'GET', '/connector-plugins/org.apache.kafka.connect.transforms.InsertField$Value/config');
    assert.equal(t.status, 200);
    assert.ok(t.body.some((d: { name: string }) => d.name === 'static.field'));
    const c = await api(url, 'GET', '/connector-plugins/JsonConverter/config');
    assert.ok(c.body.some((d: { name: string }) => d.name === 'schemas.enable'));
    const nf = await api(url, 'GET', '/connector-plugins/Nope/config');
    assert.deepEqual(nf.body, { error_code: 404, message: 'Unknown plugin Nope.' });
  });

  test('PUT .../config/validate: valid config, 0 errors, runtime and connector keys with their groups', async () => {
    const r = await api(url, 'PUT', '/connector-plugins/FileStreamSink/config/validate', {
      'connector.class': 'FileStreamSink', name: 'v', topics: 'a', file: '/tmp/x',
      transforms: 'add', 'transforms.add.type': 'InsertField$Value', 'transforms.add.static.field': 'f', 'transforms.add.static.value': 'v',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.name, 'FileStreamSink');
    assert.equal(r.body.error_count, 0);
    for (const g of ['Common', 'Transforms', 'Error Handling', 'Transforms: add']) assert.ok(r.body.groups.includes(g), g);
    const names = r.body.configs.map((c: { definition: { name: string } }) => c.definition.name);
    for (const n of ['name', 'connector.class', 'tasks.max', 'key.converter', 'value.converter', 'header.converter', 'transforms', 'predicates', 'errors.tolerance',
      'errors.retry.timeout', 'errors.deadletterqueue.topic.name', 'errors.deadletterqueue.context.headers.enable', 'topics', 'topics.regex', 'transforms.add.type',
      'transforms.add.static.field', 'file']) {
      assert.ok(names.includes(n), n);
    }
    const file = r.body.configs.find((c: { definition: { name: string } }) => c.definition.name === 'file');
    assert.deepEqual(file.value, { name: 'file', value: '/tmp/x', recommended_values: [], errors: [], visible: true });
  });

  test('PUT .../config/validate: errors per field (runtime, sink topics, transforms, connector), secrets hidden', async () => {
    const r = await api(url, 'PUT', '/connector-plugins/test.CollectSinkConnector/config/validate', {
      'connector.class': 'test.CollectSinkConnector', name: 'v', 'tasks.max': '0', topics: 'a', 'topics.regex': 'b.*', password: 'p4ss',
      'errors.deadletterqueue.topic.name': 'a', 'retriable.times': 'often', transforms: 'x', 'transforms.x.type': 'NoSuchTransform', 'value.converter': 'Nope',
    });
    assert.equal(r.status, 200);
    const errors = (n: string): string[] => r.body.configs.find((c: { definition: { name: string } | null; value: { name: string } }) => (c.definition?.name ?? c.value.name) === n)?.value.errors ?? [];
    assert.deepEqual(errors('tasks.max'), ['Invalid value 0 for configuration tasks.max: Value must be at least 1']);
    assert.equal(errors('topics').length, 1);
    assert.match(errors('topics.regex')[0]!, /mutually exclusive/);
    assert.match(errors('errors.deadletterqueue.topic.name')[0]!, /The DLQ topic 'a' may not be included/);
    assert.match(errors('transforms.x.type')[0]!, /NoSuchTransform/);
    assert.match(errors('value.converter')[0]!, /Class Nope could not be found/);
    assert.match(errors('retriable.times')[0]!, /Not a number of type INT/);
    assert.equal(r.body.error_count, 7);
    assert.ok(!JSON.stringify(r.body).includes('p4ss'));
  });

  test('PUT .../config/validate: a connector.class naming another plugin is 400; a missing one is taken from the path', async () => {
    const r = await api(url, 'PUT', '/connector-plugins/FileStreamSink/config/validate', { 'connector.class': 'FileStreamSource' });
    assert.deepEqual(r.body, { error_code: 400, message: 'Included connector type FileStreamSource does not match request type FileStreamSink' });
    const fromPath = await api(url, 'PUT', '/connector-plugins/FileStreamSource/config/validate', { name: 'x', topic: 't' });
    assert.equal(fromPath.status, 200);
    assert.equal(fromPath.body.error_count, 0);
    const unknown = await api(url, 'PUT', '/connector-plugins/Nope/config/validate', { name: 'x' });
    assert.equal(unknown.status, 400);
    const notJson = await api(url, 'PUT', '/connector-plugins/FileStreamSource/config/validate', 'nope');
    assert.equal(notJson.status, 400);
  });
});
