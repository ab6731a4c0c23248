// HTTP: /mode — READONLY refuses writes, IMPORT takes ids and versions, per subject and global.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord, registryFixture, type RegistryFixture } from '../../helpers/registry.js';

describe('/mode', () => {
  let f: RegistryFixture;
  before(async () => { f = await registryFixture(); });
  after(async () => { await f.close(); });

  it('answers READWRITE by default; 40409 for a subject without its own mode', async () => {
    assert.deepEqual((await f.http.get('/mode')).body, { mode: 'READWRITE' });
    const r = await f.http.get('/mode/s');
    assert.equal(r.status, 404);
    assert.equal(r.body.error_code, 40409);
    assert.deepEqual((await f.http.get('/mode/s?defaultToGlobal=true')).body, { mode: 'READWRITE' });
  });

  it('refuses unknown modes with 42204', async () => {
    const r = await f.http.put('/mode', { mode: 'READMOSTLY' });
    assert.equal(r.status, 422);
    assert.equal(r.body.error_code, 42204);
  });

  it('READONLY refuses writes with 42205 but answers registered schemas', async () => {
    const a = avroRecord('A', ['x']);
    const id = (await f.http.post('/subjects/ro/versions', { schema: a })).body.id;
    assert.deepEqual((await f.http.put('/mode/ro', { mode: 'readonly' })).body, { mode: 'READONLY' });
    assert.deepEqual((await f.http.get('/mode/ro')).body, { mode: 'READONLY' });
    assert.deepEqual((await f.http.post('/subjects/ro/versions', { schema: a })).body, { id });
    for (const r of [
      await f.http.post('/subjects/ro/versions', { schema: avroRecord('A', ['x'], ['y']) }),
      await f.http.del('/subjects/ro'),
      await f.http.del('/subjects/ro/versions/1'),
      await f.http.put('/config/ro', { compatibility: 'NONE' }),
    ]) {
      assert.equal(r.status, 422);
      assert.equal(r.body.error_code, 42205);
    }
    assert.deepEqual((await f.http.del('/mode/ro')).body, { mode: 'READONLY' });
    assert.equal((await f.http.del('/mode/ro')).body.error_code, 40401);
  });

  it('IMPORT needs an empty registry (or force) and then takes ids and versions as given', async () => {
    const refused = await f.http.put('/mode', { mode: 'IMPORT' });
    assert.equal(refused.body.error_code, 42205);
    assert.match(refused.body.message, /Cannot import since found existing subjects/);
    assert.deepEqual((await f.http.put('/mode/imported', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    const noId = await f.http.post('/subjects/imported/versions', { schema: avroRecord('I', ['a']) });
    assert.equal(noId.body.error_code, 42205);
    assert.deepEqual((await f.http.post('/subjects/imported/versions', { schema: avroRecord('I', ['a']), id: 500, version: 3 })).body, { id: 500 });
    assert.deepEqual((await f.http.get('/subjects/imported/versions/3')).body.id, 500);
    const clash = await f.http.post('/subjects/imported/versions', { schema: avroRecord('J', ['a']), id: 500 });
    assert.equal(clash.body.error_code, 42205);
    const mismatch = await f.http.post('/subjects/imported/versions', { schema: avroRecord('I', ['a']), id: 501 });
    assert.equal(mismatch.body.error_code, 42207);
    const notImport = await f.http.post('/subjects/other/versions', { schema: avroRecord('K', ['a']), id: 600 });
    assert.equal(notImport.body.error_code, 42205);
    assert.deepEqual((await f.http.put('/mode?force=true', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    assert.deepEqual((await f.http.del('/mode')).body, { mode: 'IMPORT' });
    assert.deepEqual((await f.http.get('/mode')).body, { mode: 'READWRITE' });
    await f.http.del('/mode/imported');
    assert.deepEqual((await f.http.post('/subjects/new/versions', { schema: avroRecord('N', ['a']) })).body, { id: 501 }, 'new ids continue after imported ones');
  });
});
