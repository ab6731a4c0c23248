// Registration semantics against an in-memory log: ids, versions, reuse, modes, IMPORT and
// compatibility, with the real Avro and JSON providers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { avroRecord } from '../../helpers/registry.js';
import { memoryRegistry, rejectsWith } from '../../helpers/registry-writer.js';

const A1 = avroRecord('User', ['name']);
const A2 = avroRecord('User', ['name'], ['email']);
const A3 = avroRecord('User', ['name'], ['email', 'phone']);
const BREAKING = avroRecord('User', ['name', 'zip']);

describe('register', () => {
  it('gives a new schema id 1 version 1, and the same schema its id again without writing', async () => {
    const { writer, store, log } = memoryRegistry();
    assert.deepEqual(await writer.register('users-value', { schema: A1, references: [] }, false), { id: 1 });
    assert.deepEqual(await writer.register('users-value', { schema: JSON.stringify(JSON.parse(A1), null, 2), references: [] }, false), { id: 1 });
    assert.equal(log.written.length, 1);
    assert.deepEqual(store.versions('users-value').map((v) => [v.version, v.id]), [[1, 1]]);
  });

  it('reuses the global id of the same schema in another subject, with that subject\'s own version', async () => {
    const { writer, store } = memoryRegistry();
    await writer.register('a', { schema: A1, references: [] }, false);
    await writer.register('a', { schema: A2, references: [] }, false);
    assert.deepEqual(await writer.register('b', { schema: A2, references: [] }, false), { id: 2 });
    assert.deepEqual(store.versions('b').map((v) => [v.version, v.id]), [[1, 2]]);
  });

  it('refuses an incompatible schema with 409 naming direction, version and field; NONE accepts it', async () => {
    const { writer, store } = memoryRegistry();
    await writer.register('s', { schema: A1, references: [] }, false);
    const err = await rejectsWith(writer.register('s', { schema: BREAKING, references: [] }, false), 409);
    assert.match(err.message, /BACKWARD: the new schema cannot read data written with version 1: \/fields\/zip/);
    assert.equal(err.status, 409);
    await writer.setConfig('s', { compatibility: 'NONE' });
    assert.deepEqual(await writer.register('s', { schema: BREAKING, references: [] }, false), { id: 2 });
    assert.equal(store.nextVersion('s'), 3);
  });

  it('never reuses version numbers after soft deletes; a re-registered deleted schema keeps its id', async () => {
    const { writer, store } = memoryRegistry({ level: 'NONE' });
    await writer.register('s', { schema: A1, references: [] }, false);
    await writer.register('s', { schema: A2, references: [] }, false);
    await writer.deleteVersion('s', 2, false);
    await writer.register('s', { schema: A3, references: [] }, false);
    assert.deepEqual(store.versions('s').map((v) => [v.version, v.id, v.deleted]), [[1, 1, false], [2, 2, true], [3, 3, false]]);
    assert.deepEqual(await writer.register('s', { schema: A2, references: [] }, false), { id: 2 });
    assert.deepEqual(store.versions('s').map((v) => [v.version, v.id, v.deleted]), [[1, 1, false], [3, 3, false], [4, 2, false]], 'the superseded deleted version is tombstoned');
  });

  it('in READONLY mode refuses new schemas (42205) but still answers existing ones', async () => {
    const { writer } = memoryRegistry();
    await writer.register('s', { schema: A1, references: [] }, false);
    await writer.setMode('s', 'READONLY', false);
    assert.deepEqual(await writer.register('s', { schema: A1, references: [] }, false), { id: 1 });
    await rejectsWith(writer.register('s', { schema: A2, references: [] }, false), 42205, /READONLY/);
  });

  it('IMPORT mode requires ids, accepts ids and versions as given and refuses mismatches', async () => {
    const { writer, store } = memoryRegistry();
    await rejectsWith(writer.register('s', { schema: A1, references: [], id: 100 }, false), 42205, /not in IMPORT mode/);
    await writer.setMode(null, 'IMPORT', false);
    await rejectsWith(writer.register('s', { schema: A1, references: [] }, false), 42205, /must give the schema's "id"/);
    assert.deepEqual(await writer.register('s', { schema: A1, references: [], id: 100, version: 5 }, false), { id: 100 });
    assert.deepEqual(await writer.register('s', { schema: A1, references: [], id: 100, version: 5 }, false), { id: 100 }, 'idempotent');
    assert.deepEqual(await writer.register('s', { schema: BREAKING, references: [], id: 7 }, false), { id: 7 }, 'no compatibility check in IMPORT');
    assert.deepEqual(store.versions('s').map((v) => [v.version, v.id]), [[5, 100], [6, 7]]);
    await rejectsWith(writer.register('t', { schema: A2, references: [], id: 100 }, false), 42205, /Id 100 is already used by another schema/);
    await rejectsWith(writer.register('s', { schema: A1, references: [], id: 101 }, false), 42207, /with id 100, not the given id 101/);
    await rejectsWith(writer.register('s', { schema: A3, references: [], id: 200, version: 5 }, false), 42205, /Version 5 of subject 's' already holds another schema/);
    assert.equal(store.maxId, 100);
    await writer.setMode(null, 'READWRITE', false);
    assert.deepEqual(await writer.register('u', { schema: A3, references: [] }, false), { id: 101 }, 'new ids continue after imported ones');
  });

  it('refuses an explicit version that is not the next one outside IMPORT (42201)', async () => {
    const { writer } = memoryRegistry();
    await rejectsWith(writer.register('s', { schema: A1, references: [], version: 3 }, false), 42201, /next version of 's' is 1/);
    assert.deepEqual(await writer.register('s', { schema: A1, references: [], version: 1 }, false), { id: 1 });
  });

  it('refuses invalid schemas, unknown types and missing references with 42201', async () => {
    const { writer, log } = memoryRegistry();
    await rejectsWith(writer.register('s', { schema: '{"type":"record","name":"X"}', references: [] }, false), 42201);
    await rejectsWith(writer.register('s', { schema: '{not json', references: [] }, false), 42201);
    await rejectsWith(writer.register('s', { schema: '{}', schemaType: 'PROTOBUF', references: [] }, false), 42201, /supported types are AVRO, JSON/);
    await rejectsWith(writer.register('s', { schema: A1, references: [{ name: 'x', subject: 'nope', version: 1 }] }, false), 42201, /subject 'nope' version 1, which does not exist/);
    assert.equal(log.written.length, 0);
  });

  it('resolves references (latest = -1 is pinned) and records who references whom', async () => {
    const { writer, store } = memoryRegistry();
    await writer.register('address', { schema: JSON.stringify({ type: 'record', name: 'Address', namespace: 'acme', fields: [{ name: 'city', type: 'string' }] }), references: [] }, false);
    const order = JSON.stringify({ type: 'record', name: 'Order', namespace: 'acme', fields: [{ name: 'ship', type: 'acme.Address' }] });
    assert.deepEqual(await writer.register('order', { schema: order, references: [{ name: 'acme.Address', subject: 'address', version: -1 }] }, false), { id: 2 });
    assert.deepEqual(store.latest('order')?.references, [{ name: 'acme.Address', subject: 'address', version: 1 }]);
    assert.deepEqual(store.referrersOf('address', 1).map((v) => v.subject), ['order']);
  });

  it('registers JSON schemas, and keeps AVRO and JSON ids apart', async () => {
    const { writer, store } = memoryRegistry();
    const json = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } });
    assert.deepEqual(await writer.register('j', { schema: json, schemaType: 'json', references: [] }, false), { id: 1 });
    assert.equal(store.latest('j')?.schemaType, 'JSON');
    assert.deepEqual(await writer.register('j', { schema: json, schemaType: 'JSON', references: [] }, false), { id: 1 });
  });

  it('runs concurrent registrations one at a time: distinct ids and versions', async () => {
    const { writer, store } = memoryRegistry({ level: 'NONE' });
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => writer.register('s', { schema: avroRecord(`R${i}`, ['a']), references: [] }, false)));
    assert.deepEqual(ids.map((r) => r.id), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(store.versions('s').map((v) => v.version), [1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
