// The state machine: records in, state out. Every case builds the state only from records,
// including tombstones, soft deletes, id conflicts and records this registry does not know.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreRecord } from '../../../registry/store/records.js';
import { RegistryStore } from '../../../registry/store/store.js';

const schema = (subject: string, version: number, id: number, text = `"v${id}"`, extra: { deleted?: boolean; refs?: { name: string; subject: string; version: number }[]; type?: 'AVRO' | 'JSON' } = {}): StoreRecord => ({
  keytype: 'SCHEMA', subject, version,
  value: { subject, version, id, schemaType: extra.type ?? 'AVRO', references: extra.refs ?? [], schema: text, deleted: extra.deleted ?? false },
});
const tombstone = (subject: string, version: number): StoreRecord => ({ keytype: 'SCHEMA', subject, version, value: null });
const build = (records: StoreRecord[]): RegistryStore => {
  const s = new RegistryStore();
  for (const r of records) s.apply(r);
  return s;
};

describe('RegistryStore', () => {
  it('keeps subjects, versions and ids; the same text in two subjects shares its id', () => {
    const s = build([schema('a', 1, 1, '"x"'), schema('a', 2, 2, '"y"'), schema('b', 1, 1, '"x"')]);
    assert.deepEqual(s.subjectNames(), ['a', 'b']);
    assert.deepEqual(s.versions('a').map((v) => v.version), [1, 2]);
    assert.equal(s.latest('a')?.id, 2);
    assert.deepEqual(s.versionsById(1).map((v) => `${v.subject}/${v.version}`), ['a/1', 'b/1']);
    assert.deepEqual(s.idsWithContent({ schemaType: 'AVRO', references: [], schema: '"x"' }), [1]);
    assert.equal(s.maxId, 2);
    assert.equal(s.nextVersion('a'), 3);
    assert.equal(s.nextVersion('new'), 1);
  });

  it('soft deletes (a rewritten value or DELETE_SUBJECT) keep versions readable and their numbers taken', () => {
    const s = build([schema('a', 1, 1), schema('a', 2, 2), schema('a', 3, 3), schema('a', 2, 2, '"v2"', { deleted: true })]);
    assert.deepEqual(s.versions('a').map((v) => [v.version, v.deleted]), [[1, false], [2, true], [3, false]]);
    s.apply({ keytype: 'DELETE_SUBJECT', subject: 'a', value: { version: 3 } });
    assert.equal(s.hasSubject('a'), false);
    assert.equal(s.hasSubject('a', true), true);
    assert.deepEqual(s.subjectNames(), []);
    assert.deepEqual(s.subjectNames('include'), ['a']);
    assert.deepEqual(s.subjectNames('only'), ['a']);
    assert.equal(s.latest('a'), undefined);
    assert.equal(s.nextVersion('a'), 4);
    assert.equal(s.schemaById(3)?.deleted, true, 'deleted versions stay readable by id');
  });

  it('DELETE_SUBJECT marks only versions up to its version', () => {
    const s = build([schema('a', 1, 1), schema('a', 2, 2), { keytype: 'DELETE_SUBJECT', subject: 'a', value: { version: 1 } }, schema('a', 3, 3)]);
    assert.deepEqual(s.versions('a').map((v) => [v.version, v.deleted]), [[1, true], [2, false], [3, false]]);
  });

  it('tombstones remove versions; an id nobody uses any more is gone, and an unknown tombstone is harmless', () => {
    const s = build([schema('a', 1, 1, '"x"'), schema('b', 1, 1, '"x"'), tombstone('a', 1), tombstone('zz', 9), tombstone('a', 1)]);
    assert.deepEqual(s.subjectNames('include'), ['b']);
    assert.equal(s.schemaById(1)?.subject, 'b');
    s.apply(tombstone('b', 1));
    assert.equal(s.schemaById(1), undefined);
    assert.deepEqual(s.idsWithContent({ schemaType: 'AVRO', references: [], schema: '"x"' }), []);
    assert.equal(s.maxId, 1, 'the highest id ever used is remembered');
    assert.equal(s.nextVersion('a'), 1);
  });

  it('refuses a record that gives a used id to different text, on every instance alike', () => {
    const s = build([schema('a', 1, 5, '"x"')]);
    const r = s.apply(schema('b', 1, 5, '"other"'));
    assert.equal(r.applied, false);
    assert.match(!r.applied ? r.reason : '', /id 5 is already used/);
    assert.deepEqual(s.subjectNames(), ['a']);
  });

  it('tracks references and who references whom, including soft-deleted referrers on request', () => {
    const ref = { name: 'com.acme.Address', subject: 'address', version: 1 };
    const s = build([schema('address', 1, 1), schema('order', 1, 2, '"o"', { refs: [ref] }), schema('invoice', 1, 3, '"i"', { refs: [ref] })]);
    assert.deepEqual(s.referrersOf('address', 1).map((v) => v.subject).sort(), ['invoice', 'order']);
    s.apply(schema('invoice', 1, 3, '"i"', { refs: [ref], deleted: true }));
    assert.deepEqual(s.referrersOf('address', 1).map((v) => v.subject), ['order']);
    assert.deepEqual(s.referrersOf('address', 1, true).map((v) => v.subject).sort(), ['invoice', 'order']);
    s.apply(tombstone('order', 1));
    s.apply(tombstone('invoice', 1));
    assert.deepEqual(s.referrersOf('address', 1, true), []);
  });

  it('keeps global and subject configs and modes; tombstones remove them', () => {
    const s = build([
      { keytype: 'CONFIG', subject: null, value: { compatibilityLevel: 'FULL' } },
      { keytype: 'CONFIG', subject: 'a', value: { compatibilityLevel: 'NONE' } },
      { keytype: 'MODE', subject: null, value: { mode: 'READONLY' } },
      { keytype: 'MODE', subject: 'a', value: { mode: 'IMPORT' } },
      { keytype: 'CONFIG', subject: 'a', value: null },
    ]);
    assert.deepEqual(s.config(null), { compatibilityLevel: 'FULL' });
    assert.equal(s.config('a'), undefined);
    assert.equal(s.mode(null), 'READONLY');
    assert.equal(s.mode('a'), 'IMPORT');
    s.apply({ keytype: 'MODE', subject: null, value: null });
    assert.equal(s.mode(null), undefined);
  });

  it('CLEAR_SUBJECT forgets soft-deleted versions (of one subject, or of all)', () => {
    const s = build([schema('a', 1, 1, '"1"', { deleted: true }), schema('a', 2, 2), schema('b', 1, 3, '"3"', { deleted: true })]);
    s.apply({ keytype: 'CLEAR_SUBJECT', subject: 'a', value: { subject: 'a' } });
    assert.deepEqual(s.versions('a').map((v) => v.version), [2]);
    assert.equal(s.versions('b').length, 1);
    s.apply({ keytype: 'CLEAR_SUBJECT', subject: null, value: {} });
    assert.deepEqual(s.subjectNames('include'), ['a']);
  });

  it('gives the same state to every instance that applies the same records', () => {
    const records: StoreRecord[] = [
      schema('a', 1, 1), schema('b', 1, 1), schema('a', 2, 2), { keytype: 'NOOP' },
      { keytype: 'DELETE_SUBJECT', subject: 'b', value: { version: 1 } }, tombstone('b', 1),
      { keytype: 'CONFIG', subject: 'a', value: { compatibilityLevel: 'FULL' } }, schema('c', 1, 2, '"refused"'),
    ];
    assert.deepEqual(build(records).snapshot(), build(records).snapshot());
  });
});
