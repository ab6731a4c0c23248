// HTTP: /config — global and subject compatibility levels, and their effect on registration.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord, registryFixture, type RegistryFixture } from '../../helpers/registry.js';

describe('/config', () => {
  let f: RegistryFixture;
  before(async () => { f = await registryFixture(); });
  after(async () => { await f.close(); });

  it('answers the global level (the configured default until set), sets and resets it', async () => {
    assert.deepEqual((await f.http.get('/config')).body, { compatibilityLevel: 'BACKWARD' });
    const put = await f.http.put('/config', { compatibility: 'full' });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body, { compatibility: 'FULL' });
    assert.deepEqual((await f.http.get('/config')).body, { compatibilityLevel: 'FULL' });
    assert.deepEqual((await f.http.del('/config')).body, { compatibilityLevel: 'FULL' });
    assert.deepEqual((await f.http.get('/config')).body, { compatibilityLevel: 'BACKWARD' });
  });

  it('refuses unknown levels with 42203 and bodies of the wrong shape', async () => {
    const bad = await f.http.put('/config', { compatibility: 'SIDEWAYS' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error_code, 42203);
    assert.equal((await f.http.put('/config/s', {})).body.error_code, 42203);
    assert.equal((await f.http.put('/config', ['FULL'])).body.error_code, 400);
    assert.deepEqual((await f.http.get('/config')).body, { compatibilityLevel: 'BACKWARD' });
  });

  it('keeps subject levels apart: 40408 until set, defaultToGlobal, 40401 deleting an unset one', async () => {
    const none = await f.http.get('/config/orders');
    assert.equal(none.status, 404);
    assert.equal(none.body.error_code, 40408);
    assert.deepEqual((await f.http.get('/config/orders?defaultToGlobal=true')).body, { compatibilityLevel: 'BACKWARD' });
    assert.deepEqual((await f.http.put('/config/orders', { compatibility: 'NONE' })).body, { compatibility: 'NONE' });
    assert.deepEqual((await f.http.get('/config/orders')).body, { compatibilityLevel: 'NONE' });
    assert.deepEqual((await f.http.del('/config/orders')).body, { compatibilityLevel: 'NONE' });
    assert.equal((await f.http.del('/config/orders')).body.error_code, 40401);
  });

  it('enforces the subject level on registration, falling back to the global one', async () => {
    await f.http.post('/subjects/s/versions', { schema: avroRecord('U', ['a']) });
    const breaking = avroRecord('U', ['a', 'b']);
    assert.equal((await f.http.post('/subjects/s/versions', { schema: breaking })).status, 409);
    await f.http.put('/config', { compatibility: 'NONE' });
    assert.equal((await f.http.post('/subjects/s/versions', { schema: breaking })).status, 200);
    await f.http.put('/config/s', { compatibility: 'FORWARD' });
    const r = await f.http.post('/subjects/s/versions', { schema: avroRecord('U', ['a'], ['c']) });
    assert.equal(r.status, 409);
    assert.match(r.body.message, /FORWARD: version 2 cannot read data written with the new schema: \/fields\/b/);
    await f.http.del('/config');
    await f.http.del('/config/s');
  });
});
