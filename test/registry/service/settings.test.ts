// Config and mode changes: merging, deletes, READONLY, IMPORT over existing schemas, mutability.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveConfig, effectiveMode } from '../../../registry/service/policy.js';
import { avroRecord } from '../../helpers/registry.js';
import { memoryRegistry, rejectsWith } from '../../helpers/registry-writer.js';

describe('config', () => {
  it('sets, merges and deletes configs; the subject falls back to global, then the default', async () => {
    const { writer, store, defaults } = memoryRegistry();
    assert.equal(effectiveConfig(store, defaults, 's').compatibilityLevel, 'BACKWARD');
    assert.deepEqual(await writer.setConfig(null, { compatibility: 'FULL' }), { compatibility: 'FULL' });
    assert.equal(effectiveConfig(store, defaults, 's').compatibilityLevel, 'FULL');
    await writer.setConfig('s', { compatibility: 'NONE' });
    await writer.setConfig('s', { normalize: true });
    assert.deepEqual(store.config('s'), { compatibilityLevel: 'NONE', normalize: true });
    assert.deepEqual(await writer.deleteConfig('s'), { compatibilityLevel: 'NONE', normalize: true });
    await rejectsWith(writer.deleteConfig('s'), 40401);
    assert.deepEqual(await writer.deleteConfig(null), { compatibilityLevel: 'FULL' });
    assert.deepEqual(await writer.deleteConfig(null), { compatibilityLevel: 'BACKWARD' }, 'deleting the default answers it');
  });

  it('refuses config writes in READONLY mode', async () => {
    const { writer } = memoryRegistry();
    await writer.setMode('s', 'READONLY', false);
    await rejectsWith(writer.setConfig('s', { compatibility: 'NONE' }), 42205);
    await writer.setConfig('t', { compatibility: 'NONE' });
  });
});

describe('mode', () => {
  it('sets and deletes modes; a subject falls back to the global mode', async () => {
    const { writer, store, defaults } = memoryRegistry();
    assert.equal(await writer.setMode(null, 'READONLY', false), 'READONLY');
    assert.equal(effectiveMode(store, defaults, 's'), 'READONLY');
    await writer.setMode('s', 'READWRITE', false);
    assert.equal(effectiveMode(store, defaults, 's'), 'READWRITE');
    assert.equal(await writer.deleteMode('s'), 'READWRITE');
    await rejectsWith(writer.deleteMode('s'), 40401);
    assert.equal(await writer.deleteMode(null), 'READONLY');
    assert.equal(await writer.deleteMode(null), 'READWRITE');
  });

  it('refuses IMPORT over live schemas without force, and clears soft-deleted ones when switching', async () => {
    const { writer, store, log } = memoryRegistry();
    await writer.register('s', { schema: avroRecord('A', ['a']), references: [] }, false);
    await rejectsWith(writer.setMode(null, 'IMPORT', false), 42205, /Cannot import since found existing subjects \(s\)/);
    await rejectsWith(writer.setMode('s', 'IMPORT', false), 42205);
    await writer.setMode('other', 'IMPORT', false);
    await writer.deleteSubject('s', false);
    await writer.setMode(null, 'IMPORT', false);
    assert.deepEqual(store.subjectNames('include'), [], 'soft-deleted versions were removed');
    assert.deepEqual(log.written.slice(-3).map((r) => r.keytype), ['SCHEMA', 'CLEAR_SUBJECT', 'MODE']);
    await writer.setMode(null, 'READWRITE', false);
    await writer.register('s', { schema: avroRecord('A', ['a']), references: [] }, false);
    assert.equal(await writer.setMode(null, 'IMPORT', true), 'IMPORT', 'force switches anyway');
    assert.equal(store.hasSubject('s'), true);
  });

  it('refuses every mode change with mode.mutability=false', async () => {
    const { writer } = memoryRegistry({ modeMutability: false });
    await rejectsWith(writer.setMode(null, 'READONLY', false), 42205, /mode\.mutability=false/);
    await rejectsWith(writer.deleteMode(null), 42205);
  });
});
