import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchemaRegistryClient } from '../../../registry/client/rest-client.js';
import { RegistryClientError } from '../../../registry/client/client-error.js';
import { FakeRegistry } from './fake-registry.js';

const AVRO = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] });
const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { a: { type: 'integer' } } });

function setup(options: { cacheCapacity?: number } = {}): { fake: FakeRegistry; client: SchemaRegistryClient } {
  const fake = new FakeRegistry();
  return { fake, client: new SchemaRegistryClient({ url: 'http://registry.test:8081/', fetch: fake.fetch, ...options }) };
}

test('register: POST /subjects/{s}/versions, Confluent media types, AVRO without schemaType', async () => {
  const { fake, client } = setup();
  assert.equal(await client.register('orders-value', { schema: AVRO }), 1);
  const [req] = fake.requests;
  assert.equal(req!.method, 'POST');
  assert.equal(req!.url, 'http://registry.test:8081/subjects/orders-value/versions');
  assert.equal(req!.headers['content-type'], 'application/vnd.schemaregistry.v1+json');
  assert.match(req!.headers.accept!, /^application\/vnd\.schemaregistry\.v1\+json/);
  assert.deepEqual(req!.body, { schema: AVRO });
});

test('register: JSON schemaType, references and normalize=true are sent', async () => {
  const { fake, client } = setup();
  const references = [{ name: 'other.json', subject: 'other', version: 1 }];
  await client.register('a/b', { schema: JSON_SCHEMA, schemaType: 'JSON', references }, { normalize: true });
  assert.equal(fake.requests[0]!.url, 'http://registry.test:8081/subjects/a%2Fb/versions?normalize=true');
  assert.deepEqual(fake.requests[0]!.body, { schema: JSON_SCHEMA, schemaType: 'JSON', references });
});

test('register is cached per (subject, schema, normalize); concurrent calls share one request', async () => {
  const { fake, client } = setup();
  const ids = await Promise.all([1, 2, 3].map(() => client.register('s', { schema: AVRO })));
  assert.deepEqual(ids, [1, 1, 1]);
  assert.equal(await client.register('s', { schema: AVRO }), 1);
  assert.equal(fake.requests.length, 1);
  await client.register('s', { schema: AVRO }, { normalize: true });
  await client.register('t', { schema: AVRO });
  assert.equal(fake.requests.length, 3);
});

test('getById: parsed answer, schemaType defaults to AVRO, cached forever', async () => {
  const { fake, client } = setup();
  const id = fake.add('s', JSON_SCHEMA, 'JSON').id;
  const avroId = fake.add('s2', AVRO).id;
  assert.deepEqual(await client.getById(id), { schema: JSON_SCHEMA, schemaType: 'JSON', references: [] });
  assert.deepEqual(await client.getById(avroId), { schema: AVRO, schemaType: 'AVRO', references: [] });
  await client.getById(id);
  assert.equal(fake.count('GET', '/schemas/ids/'), 2);
});

test('lookup: the subject version holding the schema; fills the id cache', async () => {
  const { fake, client } = setup();
  fake.add('s', AVRO);
  const found = await client.lookup('s', { schema: AVRO });
  assert.deepEqual(found, { subject: 's', id: 1, version: 1, schema: AVRO, schemaType: 'AVRO', references: [] });
  await client.getById(1);
  await client.lookup('s', { schema: AVRO });
  assert.equal(fake.requests.length, 1);
});

test('registry errors keep Confluent error_code, status and message, and are not cached', async () => {
  const { fake, client } = setup();
  await assert.rejects(client.lookup('missing', { schema: AVRO }), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'REGISTRY' && err.errorCode === 40401 && err.status === 404 &&
    err.errorName === 'SUBJECT_NOT_FOUND' && err.registryMessage === "Subject 'missing' not found." && !err.retriable &&
    err.message.includes('POST /subjects/missing'));
  fake.add('missing', AVRO);
  assert.equal((await client.lookup('missing', { schema: AVRO })).id, 1);
});

test('a 409 from register is classified by its code', async () => {
  const { fake, client } = setup();
  fake.answerNext(409, { error_code: 409, message: 'Schema being registered is incompatible with an earlier schema' });
  await assert.rejects(client.register('s', { schema: AVRO }), (err: unknown) =>
    err instanceof RegistryClientError && err.errorCode === 409 && err.errorName === 'INCOMPATIBLE_SCHEMA');
});

test('a non-JSON error body keeps the HTTP status as the code; 503 is retriable', async () => {
  const { fake, client } = setup();
  fake.answerNext(503, '<html>Service Unavailable</html>');
  await assert.rejects(client.getById(1), (err: unknown) =>
    err instanceof RegistryClientError && err.errorCode === 503 && err.status === 503 && err.retriable && /Service Unavailable/.test(err.message));
  fake.answerNext(500, { error_code: 50001, message: 'Error in the backend data store' });
  await assert.rejects(client.getById(1), (err: unknown) => err instanceof RegistryClientError && err.errorCode === 50001 && err.retriable);
});

test('answers of the wrong shape are BAD_RESPONSE', async () => {
  const { fake, client } = setup();
  fake.answerNext(200, { id: 'one' });
  await assert.rejects(client.register('s', { schema: AVRO }), (err: unknown) => err instanceof RegistryClientError && err.code === 'BAD_RESPONSE' && /'id'/.test(err.message));
  fake.answerNext(200, 'not json');
  await assert.rejects(client.getById(1), (err: unknown) => err instanceof RegistryClientError && err.code === 'BAD_RESPONSE');
  fake.answerNext(200, { schema: '{}', schemaType: 'XML' });
  await assert.rejects(client.getById(1), /unknown schemaType "XML"/);
});

test('getVersion: numbered versions cached, latest always asked', async () => {
  const { fake, client } = setup();
  fake.add('s', AVRO);
  assert.equal((await client.getLatest('s')).version, 1);
  assert.equal((await client.getLatest('s')).id, 1);
  assert.equal(fake.count('GET', '/subjects/s/versions/latest'), 2);
  await client.getVersion('s', 1); // filled by the latest answers
  assert.equal(fake.count('GET', '/subjects/s/versions/1'), 0);
  await assert.rejects(client.getVersion('s', 9), (err: unknown) => err instanceof RegistryClientError && err.errorCode === 40402);
});

test('getCompatibility and testCompatibility', async () => {
  const { fake, client } = setup();
  assert.equal(await client.getCompatibility(), 'BACKWARD');
  assert.equal(await client.getCompatibility('s'), 'BACKWARD');
  assert.ok(fake.requests[1]!.url.endsWith('/config/s?defaultToGlobal=true'));
  assert.deepEqual(await client.testCompatibility('s', { schema: AVRO }), { isCompatible: false, messages: ['reader field x has no default'] });
  assert.ok(fake.requests[2]!.url.endsWith('/compatibility/subjects/s/versions/latest?verbose=true'));
});

test('resolveReferences: depth first, each schema after the ones it uses, each once', async () => {
  const { fake, client } = setup();
  fake.add('leaf', '"leaf"');
  fake.add('mid', '"mid"', 'AVRO', [{ name: 'Leaf', subject: 'leaf', version: 1 }]);
  const refs = await client.resolveReferences([
    { name: 'Mid', subject: 'mid', version: 1 },
    { name: 'Leaf', subject: 'leaf', version: 1 },
  ]);
  assert.deepEqual(refs.map((r) => [r.name, r.schema]), [['Leaf', '"leaf"'], ['Mid', '"mid"']]);
});

test('the caches are bounded', async () => {
  const { fake, client } = setup({ cacheCapacity: 2 });
  for (const s of ['"int"', '"long"', '"string"']) fake.add('s', s);
  for (const id of [1, 2, 3, 1]) await client.getById(id);
  assert.equal(fake.count('GET', '/schemas/ids/'), 4);
});

test('CONFIG errors for no URL or a malformed one', () => {
  assert.throws(() => new SchemaRegistryClient({ url: ' , ' }), (err: unknown) => err instanceof RegistryClientError && err.code === 'CONFIG');
  assert.throws(() => new SchemaRegistryClient({ url: 'http://[bad' }), /Malformed schema registry URL/);
});

/** A real HTTP server that answers every request with {id: 5} and records the headers. */
async function headerServer(): Promise<{ url: string; seen: IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":5}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

test('basic auth from the option or from the URL, never left in the URL', async () => {
  const srv = await headerServer();
  try {
    await new SchemaRegistryClient({ url: srv.url, basicAuth: { username: 'u', password: 'p:w' } }).register('s', { schema: AVRO });
    const withCreds = srv.url.replace('http://', 'http://ann:s%40cret@');
    await new SchemaRegistryClient({ url: withCreds }).register('s', { schema: AVRO });
    await new SchemaRegistryClient({ url: srv.url, headers: { 'X-Extra': '1' } }).register('s', { schema: AVRO });
    assert.equal(srv.seen[0]!.authorization, `Basic ${Buffer.from('u:p:w').toString('base64')}`);
    assert.equal(srv.seen[1]!.authorization, `Basic ${Buffer.from('ann:s@cret').toString('base64')}`);
    assert.equal(srv.seen[2]!.authorization, undefined);
    assert.equal(srv.seen[2]!['x-extra'], '1');
  } finally {
    await srv.close();
  }
});

test('no answer: NETWORK, retriable; with several URLs the next one is tried', async () => {
  const srv = await headerServer();
  const dead = await headerServer();
  await dead.close();
  try {
    await assert.rejects(new SchemaRegistryClient({ url: dead.url }).getById(1), (err: unknown) =>
      err instanceof RegistryClientError && err.code === 'NETWORK' && err.retriable && err.message.includes(dead.url));
    const client = new SchemaRegistryClient({ url: `${dead.url},${srv.url}` });
    assert.equal(await client.register('s', { schema: AVRO }), 5);
    assert.equal(await client.register('t', { schema: AVRO }), 5);
    assert.equal(srv.seen.length, 2);
  } finally {
    await srv.close();
  }
});

test('a request past timeoutMs fails with NETWORK', async () => {
  const server = createServer(() => { /* never answers */ });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const client = new SchemaRegistryClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 50 });
    await assert.rejects(client.getById(1), (err: unknown) => err instanceof RegistryClientError && err.code === 'NETWORK' && /timed out/.test(err.message));
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
