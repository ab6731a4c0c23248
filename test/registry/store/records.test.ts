// The `_schemas` record layout: exact key bytes (compaction depends on them), values as
// Confluent writes them, and lenient decoding of what Confluent (old and new) writes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecord, encodeRecord, type StoreRecord } from '../../../registry/store/records.js';

const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));
const buf = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('encodeRecord', () => {
  it('writes keys with Confluent\'s field order and magic numbers', () => {
    const cases: [StoreRecord, string][] = [
      [{ keytype: 'SCHEMA', subject: 's', version: 2, value: null }, '{"keytype":"SCHEMA","subject":"s","version":2,"magic":1}'],
      [{ keytype: 'CONFIG', subject: null, value: null }, '{"keytype":"CONFIG","magic":0}'],
      [{ keytype: 'CONFIG', subject: 's', value: null }, '{"keytype":"CONFIG","subject":"s","magic":0}'],
      [{ keytype: 'MODE', subject: 's', value: null }, '{"keytype":"MODE","subject":"s","magic":0}'],
      [{ keytype: 'DELETE_SUBJECT', subject: 's', value: { version: 3 } }, '{"keytype":"DELETE_SUBJECT","subject":"s","magic":0}'],
      [{ keytype: 'CLEAR_SUBJECT', subject: 's', value: { subject: 's' } }, '{"keytype":"CLEAR_SUBJECT","subject":"s","magic":0}'],
      [{ keytype: 'NOOP' }, '{"keytype":"NOOP","magic":0}'],
    ];
    for (const [r, key] of cases) assert.equal(text(encodeRecord(r).key), key);
  });

  it('writes schema values without schemaType for AVRO and without empty references', () => {
    const avro = encodeRecord({ keytype: 'SCHEMA', subject: 's', version: 1, value: { subject: 's', version: 1, id: 7, schemaType: 'AVRO', references: [], schema: '"string"', deleted: false } });
    assert.deepEqual(JSON.parse(text(avro.value)!), { subject: 's', version: 1, id: 7, schema: '"string"', deleted: false });
    const json = encodeRecord({ keytype: 'SCHEMA', subject: 's', version: 2, value: { subject: 's', version: 2, id: 8, schemaType: 'JSON', references: [{ name: 'a.json', subject: 'a', version: 1 }], schema: '{}', deleted: true } });
    assert.deepEqual(JSON.parse(text(json.value)!), { subject: 's', version: 2, id: 8, schemaType: 'JSON', references: [{ name: 'a.json', subject: 'a', version: 1 }], schema: '{}', deleted: true });
  });

  it('writes config, mode and delete-subject values, and tombstones as null', () => {
    assert.deepEqual(JSON.parse(text(encodeRecord({ keytype: 'CONFIG', subject: null, value: { compatibilityLevel: 'FULL' } }).value)!), { compatibilityLevel: 'FULL' });
    assert.deepEqual(JSON.parse(text(encodeRecord({ keytype: 'CONFIG', subject: 's', value: { compatibilityLevel: 'NONE' } }).value)!), { subject: 's', compatibilityLevel: 'NONE' });
    assert.deepEqual(JSON.parse(text(encodeRecord({ keytype: 'MODE', subject: null, value: { mode: 'IMPORT' } }).value)!), { mode: 'IMPORT' });
    assert.deepEqual(JSON.parse(text(encodeRecord({ keytype: 'DELETE_SUBJECT', subject: 's', value: { version: 3 } }).value)!), { subject: 's', version: 3 });
    assert.equal(encodeRecord({ keytype: 'SCHEMA', subject: 's', version: 1, value: null }).value, null);
    assert.equal(encodeRecord({ keytype: 'NOOP' }).value, null);
  });
});

describe('decodeRecord', () => {
  it('round-trips every record type', () => {
    const records: StoreRecord[] = [
      { keytype: 'SCHEMA', subject: 's', version: 1, value: { subject: 's', version: 1, id: 1, schemaType: 'AVRO', references: [], schema: '"int"', deleted: false } },
      { keytype: 'SCHEMA', subject: 's', version: 1, value: null },
      { keytype: 'CONFIG', subject: null, value: { compatibilityLevel: 'FORWARD', normalize: true } },
      { keytype: 'MODE', subject: 's', value: { mode: 'READONLY' } },
      { keytype: 'DELETE_SUBJECT', subject: 's', value: { version: 4 } },
      { keytype: 'NOOP' },
    ];
    for (const r of records) {
      const e = encodeRecord(r);
      assert.deepEqual(decodeRecord(e.key, e.value), { ok: true, record: r });
    }
  });

  it('reads what older Confluent versions wrote: "subject":null for the global config, no schemaType, extra fields', () => {
    const d = decodeRecord(buf('{"keytype":"CONFIG","subject":null,"magic":0}'), buf('{"compatibilityLevel":"BACKWARD","alias":null}'));
    assert.deepEqual(d, { ok: true, record: { keytype: 'CONFIG', subject: null, value: { compatibilityLevel: 'BACKWARD' } } });
    const s = decodeRecord(buf('{"keytype":"SCHEMA","subject":"t-value","version":1,"magic":1}'),
      buf('{"subject":"t-value","version":1,"id":21,"md5":"x","metadata":null,"schema":"\\"string\\"","deleted":false}'));
    assert.ok(s.ok);
    assert.deepEqual(s.ok && s.record, { keytype: 'SCHEMA', subject: 't-value', version: 1, value: { subject: 't-value', version: 1, id: 21, schemaType: 'AVRO', references: [], schema: '"string"', deleted: false } });
  });

  it('reports unknown key types apart from malformed records, and never throws', () => {
    assert.deepEqual(decodeRecord(buf('{"keytype":"CONTEXT","tenant":"x","magic":0}'), buf('{}')), { ok: false, unknown: true, keytype: 'CONTEXT' });
    const bad: [Buffer | null, Buffer | null][] = [
      [null, buf('{}')],
      [buf('not json'), null],
      [buf('[1,2]'), null],
      [buf('{"magic":0}'), null],
      [buf('{"keytype":"SCHEMA","subject":"s","magic":1}'), null],
      [buf('{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}'), buf('{"id":"one","schema":"x"}')],
      [buf('{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}'), buf('{"id":1}')],
      [buf('{"keytype":"MODE","magic":0}'), buf('{"mode":"SIDEWAYS"}')],
      [buf('{"keytype":"DELETE_SUBJECT","subject":"s","magic":0}'), buf('{"subject":"s"}')],
    ];
    for (const [k, v] of bad) {
      const d = decodeRecord(k, v);
      assert.equal(d.ok, false);
      assert.equal(!d.ok && d.unknown, false, `${text(k)} ${text(v)}`);
    }
  });
});
