// HTTP: /subjects — listing with filters, lookup by schema, soft and permanent subject deletes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord, registryFixture, type RegistryFixture } from '../../helpers/registry.js';

const A1 = avroRecord('User', ['name']);
const A2 = avroRecord('User', ['name'], ['email']);

describe('/subjects', () => {
  let f: RegistryFixture;
  before(async () => {
    f = await registryFixture();
    assert.deepEqual((await f.http.get('/subjects')).body, []);
    for (const s of ['orders-value', 'orders-key', 'users-value']) await f.http.post(`/subjects/${s}/versions`, { schema: A1 });
    await f.http.post('/subjects/users-value/versions', { schema: A2 });
  });
  after(async () => { await f.close(); });

  it('lists subjects sorted, with subjectPrefix', async () => {
    const r = await f.http.get('/subjects');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, ['orders-key', 'orders-value', 'users-value']);
    assert.deepEqual((await f.http.get('/subjects?subjectPrefix=orders')).body, ['orders-key', 'orders-value']);
    assert.deepEqual((await f.http.get('/subjects?offset=1&limit=1')).body, ['orders-value']);
  });

  it('looks a schema up under a subject (POST /subjects/{s}): the version holding it, 40403, 40401', async () => {
    const r = await f.http.post('/subjects/users-value', { schema: JSON.stringify(JSON.parse(A1), null, 2) });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { subject: 'users-value', version: 1, id: 1, schema: JSON.stringify(JSON.parse(A1)) });
    const missing = await f.http.post('/subjects/users-value', { schema: avroRecord('Other', ['x']) });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error_code, 40403);
    assert.equal((await f.http.post('/subjects/nobody', { schema: A1 })).body.error_code, 40401);
    assert.equal((await f.http.post('/subjects/users-value', { schema: '{"type":"nope"}' })).body.error_code, 42201);
  });

  it('soft-deletes a subject (listed with deleted=true, found by lookup with deleted=true), then permanently', async () => {
    const soft = await f.http.del('/subjects/orders-key');
    assert.equal(soft.status, 200);
    assert.deepEqual(soft.body, [1]);
    assert.deepEqual((await f.http.get('/subjects')).body, ['orders-value', 'users-value']);
    assert.deepEqual((await f.http.get('/subjects?deleted=true')).body, ['orders-key', 'orders-value', 'users-value']);
    assert.deepEqual((await f.http.get('/subjects?deletedOnly=true')).body, ['orders-key']);
    assert.equal((await f.http.post('/subjects/orders-key', { schema: A1 })).body.error_code, 40401);
    assert.equal((await f.http.post('/subjects/orders-key?deleted=true', { schema: A1 })).body.version, 1);
    const byId = await f.http.get('/schemas/ids/1');
    assert.equal(byId.status, 200, 'still readable by id');
    assert.deepEqual(byId.body, { schema: JSON.stringify(JSON.parse(A1)) });
    const again = await f.http.del('/subjects/orders-key');
    assert.equal(again.status, 404);
    assert.equal(again.body.error_code, 40404);
    assert.deepEqual((await f.http.del('/subjects/orders-key?permanent=true')).body, [1]);
    assert.deepEqual((await f.http.get('/subjects?deleted=true')).body, ['orders-value', 'users-value']);
    assert.equal((await f.http.del('/subjects/orders-key?permanent=true')).body.error_code, 40401);
  });

  it('refuses a permanent delete of a live subject (40405) and numbers new versions after deleted ones', async () => {
    const r = await f.http.del('/subjects/users-value?permanent=true');
    assert.equal(r.status, 404);
    assert.equal(r.body.error_code, 40405);
    assert.deepEqual((await f.http.del('/subjects/users-value')).body, [1, 2]);
    await f.http.post('/subjects/users-value/versions', { schema: avroRecord('Fresh', ['f']) });
    assert.deepEqual((await f.http.get('/subjects/users-value/versions')).body, [3]);
  });
});
