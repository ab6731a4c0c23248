// HTTP: /compatibility — checks against one version or the subject's versions, verbose messages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord, registryFixture, type RegistryFixture } from '../../helpers/registry.js';

describe('/compatibility', () => {
  let f: RegistryFixture;
  before(async () => {
    f = await registryFixture();
    await f.http.post('/subjects/s/versions', { schema: avroRecord('U', ['a']) });
    await f.http.post('/subjects/s/versions', { schema: avroRecord('U', ['a'], ['b']) });
  });
  after(async () => { await f.close(); });

  it('answers is_compatible, with messages only when verbose', async () => {
    const ok = await f.http.post('/compatibility/subjects/s/versions/latest', { schema: avroRecord('U', ['a'], ['b', 'c']) });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { is_compatible: true });
    const bad = avroRecord('U', ['a', 'zip']);
    assert.deepEqual((await f.http.post('/compatibility/subjects/s/versions/latest', { schema: bad })).body, { is_compatible: false });
    const verbose = await f.http.post('/compatibility/subjects/s/versions/1?verbose=true', { schema: bad });
    assert.equal(verbose.body.is_compatible, false);
    assert.match(verbose.body.messages[0], /^BACKWARD: the new schema cannot read data written with version 1: \/fields\/zip: .* Fix: /);
    assert.deepEqual((await f.http.post('/compatibility/subjects/s/versions?verbose=true', { schema: avroRecord('U', ['a'], ['b']) })).body, { is_compatible: true, messages: [] });
  });

  it('checks against every version under a transitive level', async () => {
    await f.http.put('/config/s', { compatibility: 'BACKWARD_TRANSITIVE' });
    const schema = avroRecord('U', ['a', 'b']);
    assert.deepEqual((await f.http.post('/compatibility/subjects/s/versions/latest', { schema })).body, { is_compatible: true });
    const all = await f.http.post('/compatibility/subjects/s/versions?verbose=true', { schema });
    assert.equal(all.body.is_compatible, false);
    assert.match(all.body.messages.join('\n'), /version 1: \/fields\/b/);
    await f.http.del('/config/s');
  });

  it('treats a subject without versions as compatible with "latest"; 40401/40402/42202 otherwise', async () => {
    assert.deepEqual((await f.http.post('/compatibility/subjects/empty/versions/latest', { schema: '"string"' })).body, { is_compatible: true });
    assert.deepEqual((await f.http.post('/compatibility/subjects/empty/versions', { schema: '"string"' })).body, { is_compatible: true });
    assert.equal((await f.http.post('/compatibility/subjects/empty/versions/1', { schema: '"string"' })).body.error_code, 40401);
    assert.equal((await f.http.post('/compatibility/subjects/s/versions/7', { schema: '"string"' })).body.error_code, 40402);
    assert.equal((await f.http.post('/compatibility/subjects/s/versions/x', { schema: '"string"' })).body.error_code, 42202);
  });

  it('answers an invalid schema with 42201, or is_compatible=false with the reason when verbose', async () => {
    assert.equal((await f.http.post('/compatibility/subjects/s/versions/latest', { schema: '{"type":"record"}' })).body.error_code, 42201);
    const v = await f.http.post('/compatibility/subjects/s/versions/latest?verbose=true', { schema: '{"type":"record"}' });
    assert.equal(v.status, 200);
    assert.equal(v.body.is_compatible, false);
    assert.equal(v.body.messages.length, 1);
  });
});
