// HTTP: /subjects/{subject}/versions — register, list, read, delete, referencedby — against a
// real broker, with Confluent's status codes, error codes and JSON shapes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord, registryFixture, V1, type RegistryFixture } from '../../helpers/registry.js';

const A1 = avroRecord('User', ['name']);
const A2 = avroRecord('User', ['name'], ['email']);

describe('/subjects/{subject}/versions', () => {
  let f: RegistryFixture;
  before(async () => { f = await registryFixture(); });
  after(async () => { await f.close(); });

  it('registers a schema (200 {"id"}), answers the same id for the same schema, and reuses it across subjects', async () => {
    const r = await f.http.post('/subjects/users-value/versions', { schema: A1 });
    assert.equal(r.status, 200);
    assert.equal(r.type, V1);
    assert.deepEqual(r.body, { id: 1 });
    assert.deepEqual((await f.http.post('/subjects/users-value/versions', { schema: A1, schemaType: 'AVRO' })).body, { id: 1 });
    assert.deepEqual((await f.http.post('/subjects/copy-value/versions', { schema: A1 })).body, { id: 1 });
    assert.deepEqual((await f.http.post('/subjects/users-value/versions', { schema: A2 })).body, { id: 2 });
    assert.deepEqual((await f.http.get('/subjects/users-value/versions')).body, [1, 2]);
    assert.deepEqual((await f.http.get('/subjects/copy-value/versions')).body, [1]);
  });

  it('reads a version by number, "latest" and -1, and its raw schema text', async () => {
    const v1 = await f.http.get('/subjects/users-value/versions/1');
    assert.equal(v1.status, 200);
    assert.deepEqual(v1.body, { subject: 'users-value', version: 1, id: 1, schema: JSON.stringify(JSON.parse(A1)) });
    for (const v of ['latest', '-1']) assert.equal((await f.http.get(`/subjects/users-value/versions/${v}`)).body.version, 2);
    const raw = await f.http.get('/subjects/users-value/versions/2/schema');
    assert.equal(raw.status, 200);
    assert.deepEqual(raw.body, JSON.parse(A2));
  });

  it('answers 40401, 40402 and 42202 for unknown subjects, versions and malformed version ids', async () => {
    const nos = await f.http.get('/subjects/nope/versions/1');
    assert.equal(nos.status, 404);
    assert.equal(nos.body.error_code, 40401);
    assert.equal((await f.http.get('/subjects/nope/versions')).body.error_code, 40401);
    assert.equal((await f.http.get('/subjects/users-value/versions/9')).body.error_code, 40402);
    for (const bad of ['0', 'abc', '2147483648', '-2', '1.5']) {
      const r = await f.http.get(`/subjects/users-value/versions/${bad}`);
      assert.equal(r.status, 422, bad);
      assert.equal(r.body.error_code, 42202);
    }
  });

  it('refuses an incompatible schema with 409 and every reason, naming direction, version and field', async () => {
    const r = await f.http.post('/subjects/users-value/versions', { schema: avroRecord('User', ['name', 'zip']) });
    assert.equal(r.status, 409);
    assert.equal(r.body.error_code, 409);
    assert.match(r.body.message, /BACKWARD: the new schema cannot read data written with version 2: \/fields\/zip/);
  });

  it('refuses invalid schemas (42201), bad subjects (42208) and bodies of the wrong shape (400)', async () => {
    const invalid = await f.http.post('/subjects/x/versions', { schema: '{"type":"record"}' });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.body.error_code, 42201);
    assert.equal((await f.http.post('/subjects/x/versions', { schema: '' })).body.error_code, 42201);
    assert.equal((await f.http.post('/subjects/x/versions', {})).body.error_code, 42201);
    assert.equal((await f.http.post('/subjects/x/versions', { schema: '{}', schemaType: 'XML' })).body.error_code, 42201);
    assert.equal((await f.http.post('/subjects/x/versions', { schema: 42 })).body.error_code, 400);
    assert.equal((await f.http.post('/subjects/x/versions', { schema: A1, references: 'all' })).body.error_code, 400);
    assert.equal((await f.http.post('/subjects/x/versions', { schema: A1, references: [{ name: 'n', subject: 'missing', version: 1 }] })).body.error_code, 42201);
    assert.equal((await f.http.post('/subjects/bad%01name/versions', { schema: A1 })).body.error_code, 42208);
    assert.equal((await f.http.get('/subjects')).body.includes('x'), false, 'nothing was stored');
  });

  it('registers JSON schemas with schemaType and answers it back', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { n: { type: 'number' } } });
    const r = await f.http.post('/subjects/json-value/versions', { schemaType: 'JSON', schema });
    assert.equal(r.status, 200);
    const v = await f.http.get('/subjects/json-value/versions/latest');
    assert.equal(v.body.schemaType, 'JSON');
    assert.equal(v.body.id, r.body.id);
  });

  it('soft-deletes a version (readable with deleted=true), then deletes it permanently', async () => {
    await f.http.post('/subjects/del/versions', { schema: A1 });
    await f.http.post('/subjects/del/versions', { schema: A2 });
    const live = await f.http.del('/subjects/del/versions/2?permanent=true');
    assert.equal(live.status, 404);
    assert.equal(live.body.error_code, 40407);
    const soft = await f.http.del('/subjects/del/versions/latest');
    assert.equal(soft.status, 200);
    assert.equal(soft.body, 2);
    assert.equal((await f.http.get('/subjects/del/versions/2')).body.error_code, 40402);
    assert.equal((await f.http.get('/subjects/del/versions/2?deleted=true')).body.version, 2);
    assert.deepEqual((await f.http.get('/subjects/del/versions')).body, [1]);
    assert.deepEqual((await f.http.get('/subjects/del/versions?deleted=true')).body, [1, 2]);
    assert.deepEqual((await f.http.get('/subjects/del/versions?deletedOnly=true')).body, [2]);
    assert.equal((await f.http.get('/subjects/del/versions/latest')).body.version, 1);
    assert.equal((await f.http.del('/subjects/del/versions/2')).body.error_code, 40406);
    assert.equal((await f.http.del('/subjects/del/versions/2?permanent=true')).body, 2);
    assert.equal((await f.http.get('/subjects/del/versions/2?deleted=true')).body.error_code, 40402);
    assert.equal((await f.http.del('/subjects/del/versions/7')).body.error_code, 40402);
    assert.equal((await f.http.del('/subjects/nobody/versions/1')).body.error_code, 40401);
    assert.equal((await f.http.del('/subjects/del/versions/zero')).body.error_code, 42202);
  });

  it('lists the ids referencing a version and refuses to delete it (42206)', async () => {
    const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'acme', fields: [{ name: 'city', type: 'string' }] });
    await f.http.post('/subjects/address/versions', { schema: address });
    const order = JSON.stringify({ type: 'record', name: 'Order', namespace: 'acme', fields: [{ name: 'ship', type: 'acme.Address' }] });
    const o = await f.http.post('/subjects/order/versions', { schema: order, references: [{ name: 'acme.Address', subject: 'address', version: 1 }] });
    assert.equal(o.status, 200, o.text);
    assert.deepEqual((await f.http.get('/subjects/address/versions/1/referencedby')).body, [o.body.id]);
    assert.deepEqual((await f.http.get('/subjects/order/versions/1')).body.references, [{ name: 'acme.Address', subject: 'address', version: 1 }]);
    const refused = await f.http.del('/subjects/address/versions/1');
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error_code, 42206);
  });

  it('normalize=true stores the normalized form and finds the schema by it', async () => {
    const r = await f.http.post('/subjects/norm/versions?normalize=true', { schema: A1 });
    assert.equal(r.status, 200);
    assert.deepEqual((await f.http.post('/subjects/norm/versions?normalize=true', { schema: JSON.stringify(JSON.parse(A1), null, 1) })).body, r.body);
  });
});
