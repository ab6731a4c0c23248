// GET /schemas/ids/{id} is served before express routing, from cached bytes: the answer must be
// exactly the express route's (body, media type, no ETag), never stale after a delete, and every
// other case (unknown id, bad Accept, other methods, sub-paths) must fall through to the routes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
    assert.equal((await f.http.get(`/schemas/ids/${other}`)).status, 200, 'soft-deleted: still readable by id');
    await f.http.del('/subjects/gone?permanent=true');
    const after = await f.http.get(`/schemas/ids/${other}`);
    assert.equal(after.status, 404);
    assert.equal(after.body.error_code, 40403);
  });
});
