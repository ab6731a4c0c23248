// Soft and hard deletes of versions and subjects, in Confluent's order of checks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord } from '../../helpers/registry.js';
import { memoryRegistry, rejectsWith } from '../../helpers/registry-writer.js';

const A1 = avroRecord('User', ['name']);
const A2 = avroRecord('User', ['name'], ['email']);

async function twoVersions() {
  const r = memoryRegistry();
  await r.writer.register('s', { schema: A1, references: [] }, false);
  await r.writer.register('s', { schema: A2, references: [] }, false);
  return r;
}

describe('deleteVersion', () => {
  it('soft-deletes, then only a permanent delete works; permanent needs a soft delete first', async () => {
    const { writer, store } = await twoVersions();
    await rejectsWith(writer.deleteVersion('s', 2, true), 40407, /was not deleted first/);
    assert.equal(await writer.deleteVersion('s', 'latest', false), 2);
    assert.equal(store.version('s', 2)?.deleted, true);
    await rejectsWith(writer.deleteVersion('s', 2, false), 40406, /soft deleted.*permanent=true/);
    assert.equal(await writer.deleteVersion('s', 2, true), 2);
    assert.equal(store.version('s', 2), undefined);
    assert.equal(store.schemaById(2), undefined, 'a hard-deleted schema is gone by id too');
  });

  it('answers 40401 for an unknown subject and 40402 for an unknown version', async () => {
    const { writer } = await twoVersions();
    await rejectsWith(writer.deleteVersion('nope', 1, false), 40401);
    await rejectsWith(writer.deleteVersion('s', 9, false), 40402);
  });

  it('removes the subject\'s config and mode with its last version', async () => {
    const { writer, store } = memoryRegistry();
    await writer.register('s', { schema: A1, references: [] }, false);
    await writer.setConfig('s', { compatibility: 'FULL' });
    await writer.setMode('s', 'READWRITE', false);
    await writer.deleteVersion('s', 1, false);
    await writer.deleteVersion('s', 1, true);
    assert.equal(store.config('s'), undefined);
    assert.equal(store.mode('s'), undefined);
  });
});

describe('deleteSubject', () => {
  it('soft-deletes every live version, then a permanent delete removes them', async () => {
    const { writer, store, log } = await twoVersions();
    await rejectsWith(writer.deleteSubject('s', true), 40405, /was not deleted first/);
    assert.deepEqual(await writer.deleteSubject('s', false), [1, 2]);
    assert.equal(log.written.at(-1)?.keytype, 'DELETE_SUBJECT');
    assert.deepEqual(store.subjectNames(), []);
    await rejectsWith(writer.deleteSubject('s', false), 40404, /soft deleted/);
    assert.deepEqual(await writer.deleteSubject('s', true), [1, 2]);
    assert.deepEqual(store.subjectNames('include'), []);
    await rejectsWith(writer.deleteSubject('s', true), 40401);
    assert.deepEqual(await writer.register('s', { schema: A2, references: [] }, false), { id: 3 }, 'ids are not reused');
  });

  it('refuses to delete what another subject references (42206), soft-deleted referrers counting for permanent deletes', async () => {
    const { writer } = memoryRegistry();
    await writer.register('address', { schema: JSON.stringify({ type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] }), references: [] }, false);
    await writer.register('order', { schema: JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'a', type: 'Address' }] }), references: [{ name: 'Address', subject: 'address', version: 1 }] }, false);
    await rejectsWith(writer.deleteVersion('address', 1, false), 42206, /referenced by 'order' version 1/);
    await rejectsWith(writer.deleteSubject('address', false), 42206);
    await writer.deleteSubject('order', false);
    assert.equal(await writer.deleteVersion('address', 1, false), 1);
    await rejectsWith(writer.deleteVersion('address', 1, true), 42206, /referenced by 'order'/);
    await writer.deleteSubject('order', true);
    assert.equal(await writer.deleteVersion('address', 1, true), 1);
  });

  it('is refused in READONLY mode (42205)', async () => {
    const { writer } = await twoVersions();
    await writer.setMode(null, 'READONLY', false);
    await rejectsWith(writer.deleteSubject('s', false), 42205);
    await rejectsWith(writer.deleteVersion('s', 1, false), 42205);
  });
});
