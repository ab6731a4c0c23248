// HTTP: /schemas — by id (soft-deleted versions stay readable), subjects and versions of an
// id, types and the listing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord, registryFixture, type RegistryFixture } from '../../helpers/registry.js';

const A1 = avroRecord('User', ['name']);

describe('/schemas', () => {
  let f: RegistryFixture;
  let jsonId: number;
  before(async () => {
    f = await registryFixture();
    await f.http.post('/subjects/a/versions', { schema: A1 });
    await f.http.post('/subjects/b/versions', { schema: A1 });
    jsonId = (await f.http.post('/subjects/j/versions', { schemaType: 'JSON', schema: '{"type":"string"}' })).body.id;
  });
  after(async () => { await f.close(); });

  it('lists the supported types', async () => {
    assert.deepEqual((await f.http.get('/schemas/types')).body, ['AVRO', 'JSON']);
  });

  it('answers a schema by id: schemaType only when not AVRO, raw text at /schema', async () => {
    assert.deepEqual((await f.http.get('/schemas/ids/1')).body, { schema: JSON.stringify(JSON.parse(A1)) });
    assert.deepEqual((await f.http.get('/schemas/ids/1?subject=b')).body, { schema: JSON.stringify(JSON.parse(A1)) });
    assert.deepEqual((await f.http.get(`/schemas/ids/${jsonId}`)).body, { schemaType: 'JSON', schema: '{"type":"string"}' });
    const raw = await f.http.get('/schemas/ids/1/schema');
    assert.equal(raw.text, JSON.stringify(JSON.parse(A1)));
  });

  it('answers the subjects and versions of an id, with deleted ones on request', async () => {
    assert.deepEqual((await f.http.get('/schemas/ids/1/subjects')).body, ['a', 'b']);
    assert.deepEqual((await f.http.get('/schemas/ids/1/versions')).body, [{ subject: 'a', version: 1 }, { subject: 'b', version: 1 }]);
    await f.http.del('/subjects/b');
    assert.deepEqual((await f.http.get('/schemas/ids/1/subjects')).body, ['a']);
    assert.deepEqual((await f.http.get('/schemas/ids/1/subjects?deleted=true')).body, ['a', 'b']);
    assert.deepEqual((await f.http.get('/schemas/ids/1/versions?deleted=true')).body, [{ subject: 'a', version: 1 }, { subject: 'b', version: 1 }]);
  });

  it('keeps soft-deleted schemas readable by id, forgets hard-deleted ones (40403)', async () => {
    await f.http.del('/subjects/j');
    const soft = await f.http.get(`/schemas/ids/${jsonId}`);
    assert.equal(soft.status, 200);
    assert.deepEqual(soft.body, { schemaType: 'JSON', schema: '{"type":"string"}' });
    await f.http.del('/subjects/j?permanent=true');
    const gone = await f.http.get(`/schemas/ids/${jsonId}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error_code, 40403);
    assert.equal((await f.http.get('/schemas/ids/999/subjects')).body.error_code, 40403);
    assert.equal((await f.http.get('/schemas/ids/999/versions')).body.error_code, 40403);
    assert.equal((await f.http.get('/schemas/ids/999/schema')).body.error_code, 40403);
  });

  it('answers 404 "HTTP 404 Not Found" for an id that is not a number, as JAX-RS does', async () => {
    assert.deepEqual((await f.http.get('/schemas/ids/abc')).body, { error_code: 404, message: 'HTTP 404 Not Found' });
  });

  it('lists schemas with subjectPrefix, deleted and latestOnly', async () => {
    await f.http.post('/subjects/a/versions', { schema: avroRecord('User', ['name'], ['e']) });
    assert.deepEqual((await f.http.get('/schemas')).body.map((s: { subject: string; version: number }) => `${s.subject}/${s.version}`), ['a/1', 'a/2']);
    assert.deepEqual((await f.http.get('/schemas?latestOnly=true')).body.map((s: { version: number }) => s.version), [2]);
    assert.deepEqual((await f.http.get('/schemas?deleted=true&subjectPrefix=b')).body.map((s: { subject: string }) => s.subject), ['b']);
  });
});
