// GET /schemas/ids/{id} is served before express routing, from cached bytes: the answer must be
// exactly the express route's (body, media type, no ETag), never stale after a delete, and every
// other case (unknown id, bad Accept, other methods, sub-paths) must fall through to the routes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fastLookupById } from '../../../registry/rest/fast-lookup.js';
import { schemaStringEntity } from '../../../registry/rest/http.js';
import { RegistryStore } from '../../../registry/store/store.js';
import { avroRecord, registryFixture, type RegistryFixture, V1 } from '../../helpers/registry.js';

describe('fast lookup by id', () => {
  let f: RegistryFixture;
  let id: number;
  before(async () => {
    f = await registryFixture();
    id = (await f.http.post('/subjects/fast/versions', { schema: avroRecord('Fast', ['a']) })).body.id;
  });
  after(async () => { await f.close(); });

  it('answers with the route\'s bytes, media type and no ETag, with or without a query', async () => {
    for (const path of [`/schemas/ids/${id}`, `/schemas/ids/${id}?subject=fast`]) {
      const res = await fetch(f.registry.url + path, { headers: { accept: 'application/json' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), V1);
      assert.equal(res.headers.get('etag'), null);
      assert.deepEqual(JSON.parse(await res.text()), { schema: JSON.stringify(JSON.parse(avroRecord('Fast', ['a']))) });
    }
  });

  it('falls through to the routes for errors: unknown id 40403, bad Accept 406, POST 405', async () => {
    const unknown = await f.http.get('/schemas/ids/987654');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error_code, 40403);
    const html = await f.http.raw('GET', `/schemas/ids/${id}`, { headers: { accept: 'text/html' } });
    assert.equal(html.status, 406);
    const post = await f.http.raw('POST', `/schemas/ids/${id}`, { body: '{}', headers: { 'content-type': V1 } });
    assert.equal(post.status, 405);
    assert.equal((await f.http.get(`/schemas/ids/${id}/subjects`)).body[0], 'fast');
  });

  it('is never stale: a permanently deleted schema is gone at once', async () => {
    const other = (await f.http.post('/subjects/gone/versions', { schema: avroRecord('Gone', ['b']) })).body.id;
    assert.equal((await f.http.get(`/schemas/ids/${other}`)).status, 200);
    await f.http.del('/subjects/gone');
    const soft = await f.http.get(`/schemas/ids/${other}`);
    assert.equal(soft.status, 200, 'soft-deleted: still readable by id');
    assert.deepEqual(soft.body, { schema: JSON.stringify(JSON.parse(avroRecord('Gone', ['b']))) });
    await f.http.del('/subjects/gone?permanent=true');
    const after = await f.http.get(`/schemas/ids/${other}`);
    assert.equal(after.status, 404);
    assert.equal(after.body.error_code, 40403);
  });
});

// The HTTP cases above pass even if the fast path never answers (express answers the same), so
// here the fast path is called directly: it must answer itself, with the route's entity.
describe('fastLookupById on its own', () => {
  const store = new RegistryStore();
  const put = (subject: string, id: number, schemaType: 'AVRO' | 'JSON', schema: string, references: { name: string; subject: string; version: number }[] = []): void => {
    store.apply({ keytype: 'SCHEMA', subject, version: 1, value: { subject, version: 1, id, schemaType, references, schema, deleted: false } });
  };
  put('a', 1, 'AVRO', '"string"');
  put('j', 2, 'JSON', '{"$ref":"a.json"}', [{ name: 'a.json', subject: 'a', version: 1 }]);
  const fast = fastLookupById(store);
  const call = (url: string, method = 'GET', accept?: string): { handled: boolean; status?: number; headers?: Record<string, unknown>; body?: string } => {
    const out: { handled: boolean; status?: number; headers?: Record<string, unknown>; body?: string } = { handled: false };
    const req = { method, url, headers: accept === undefined ? {} : { accept } } as unknown as IncomingMessage;
    const res = {
      writeHead(status: number, headers: Record<string, unknown>) { out.status = status; out.headers = headers; },
      end(body: Buffer) { out.body = body.toString('utf8'); },
    } as unknown as ServerResponse;
    out.handled = fast(req, res);
    return out;
  };

  it('answers known ids itself with the route\'s entity, schemaType and references included', () => {
    const avro = call('/schemas/ids/1?subject=a');
    assert.equal(avro.handled, true);
    assert.equal(avro.status, 200);
    assert.equal(avro.headers!['Content-Type'], V1);
    assert.equal(avro.body, JSON.stringify(schemaStringEntity(store.versionsById(1)[0]!)));
    assert.equal(avro.body, '{"schema":"\\"string\\""}');
    const json = call('/schemas/ids/2', 'GET', 'application/json');
    assert.equal(json.handled, true);
    assert.deepEqual(JSON.parse(json.body!), { schemaType: 'JSON', references: [{ name: 'a.json', subject: 'a', version: 1 }], schema: '{"$ref":"a.json"}' });
    assert.equal(json.headers!['Content-Length'], Buffer.byteLength(json.body!));
  });

  it('leaves everything else to the routes', () => {
    assert.equal(call('/schemas/ids/3').handled, false, 'unknown id');
    assert.equal(call('/schemas/ids/1', 'POST').handled, false, 'other method');
    assert.equal(call('/schemas/ids/1', 'GET', 'text/html').handled, false, 'bad Accept');
    assert.equal(call('/schemas/ids/1/schema').handled, false, 'sub-path');
  });

  it('drops its cache when the store changes', () => {
    assert.equal(call('/schemas/ids/1').handled, true);
    store.apply({ keytype: 'SCHEMA', subject: 'a', version: 1, value: null });
    assert.equal(call('/schemas/ids/1').handled, false);
  });
});
