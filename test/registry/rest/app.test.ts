// HTTP basics: GET /, media types in and out, malformed bodies, unknown routes and methods;
// errors never stop the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord, registryFixture, V1, type RegistryFixture } from '../../helpers/registry.js';

describe('registry HTTP server', () => {
  let f: RegistryFixture;
  before(async () => { f = await registryFixture(); });
  after(async () => { await f.close(); });

  it('answers GET / with {}', async () => {
    const r = await f.http.get('/');
    assert.equal(r.status, 200);
    assert.equal(r.type, V1);
    assert.deepEqual(r.body, {});
  });

  it('accepts Confluent\'s request media types (and none), answers in application/vnd.schemaregistry.v1+json', async () => {
    const schema = JSON.stringify({ schema: avroRecord('T', ['a']) });
    for (const type of [V1, 'application/vnd.schemaregistry+json', 'application/json', 'application/json; charset=utf-8', 'application/octet-stream', undefined]) {
      const r = await f.http.raw('POST', '/subjects/types/versions', { body: new Blob([schema]), headers: type ? { 'content-type': type } : {} });
      assert.equal(r.status, 200, `${type}: ${r.text}`);
      assert.equal(r.type, V1);
      assert.deepEqual(r.body, { id: 1 }, `${type}: the body was read`);
    }
    const bad = await f.http.raw('POST', '/subjects/types/versions', { body: schema, headers: { 'content-type': 'text/plain' } });
    assert.equal(bad.status, 415);
    assert.deepEqual(bad.body, { error_code: 415, message: 'HTTP 415 Unsupported Media Type' });
  });

  it('honours Accept: the JSON types and wildcards, 406 otherwise', async () => {
    for (const accept of [V1, 'application/json', '*/*', 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5']) {
      assert.equal((await f.http.raw('GET', '/subjects', { headers: { accept } })).status, 200, accept);
    }
    const r = await f.http.raw('GET', '/subjects', { headers: { accept: 'text/html' } });
    assert.equal(r.status, 406);
    assert.equal(r.body.error_code, 406);
  });

  it('answers a malformed JSON body with 400 naming the parser\'s message, and stores nothing', async () => {
    const r = await f.http.raw('POST', '/subjects/broken/versions', { body: '{"schema": "x",', headers: { 'content-type': V1 } });
    assert.equal(r.status, 400);
    assert.equal(r.body.error_code, 400);
    assert.match(r.body.message, /^Unrecognized JSON in the request body: .*JSON/);
    const empty = await f.http.raw('POST', '/subjects/broken/versions', { headers: { 'content-type': V1 } });
    assert.equal(empty.body.error_code, 400);
    assert.equal((await f.http.get('/subjects/broken/versions')).body.error_code, 40401);
  });

  it('answers unknown routes with 404 "HTTP 404 Not Found" and other methods with 405', async () => {
    for (const path of ['/nope', '/subjects/a/b/c/d/e', '/SUBJECTS', '/schemas/ids']) {
      const r = await f.http.get(path);
      assert.equal(r.status, 404, path);
      assert.deepEqual(r.body, { error_code: 404, message: 'HTTP 404 Not Found' });
      assert.equal(r.type, V1);
    }
    const m = await f.http.raw('PATCH', '/subjects');
    assert.equal(m.status, 405);
    assert.deepEqual(m.body, { error_code: 405, message: 'HTTP 405 Method Not Allowed' });
    assert.equal((await f.http.del('/schemas/types')).status, 405);
  });

  it('keeps serving after errors, and handles subjects with encoded slashes and spaces', async () => {
    await Promise.all(Array.from({ length: 20 }, () => f.http.raw('POST', '/subjects/x/versions', { body: '{', headers: { 'content-type': V1 } })));
    const r = await f.http.post('/subjects/team%2Forders%20v1/versions', { schema: avroRecord('S', ['a']) });
    assert.equal(r.status, 200);
    assert.ok((await f.http.get('/subjects')).body.includes('team/orders v1'));
    assert.equal((await f.http.get('/subjects/team%2Forders%20v1/versions/1')).body.subject, 'team/orders v1');
  });
});
