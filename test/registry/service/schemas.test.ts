// Reference resolution as providers get it: dependencies first, each version once, -1 pinned,
// cycles and missing versions refused with 42201; stored schemas parsed once.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Schemas } from '../../../registry/service/schemas.js';
import type { StoreRecord } from '../../../registry/store/records.js';
import { RegistryStore } from '../../../registry/store/store.js';
import { rejectsWith } from '../../helpers/registry-writer.js';

const json = (subject: string, id: number, schema: unknown, refs: { name: string; subject: string; version: number }[] = []): StoreRecord => ({
  keytype: 'SCHEMA', subject, version: 1, value: { subject, version: 1, id, schemaType: 'JSON', references: refs, schema: JSON.stringify(schema), deleted: false },
});

it('resolves nested references depth first, once each, and pins -1 to the latest version', () => {
  const store = new RegistryStore();
  store.apply(json('base', 1, { type: 'string' }));
  store.apply(json('mid', 2, { $ref: 'base.json' }, [{ name: 'base.json', subject: 'base', version: 1 }]));
  const schemas = new Schemas(store);
  const r = schemas.parseRequest('JSON', JSON.stringify({ type: 'object', properties: { a: { $ref: 'mid.json' }, b: { $ref: 'base.json' } } }), [
    { name: 'mid.json', subject: 'mid', version: -1 },
    { name: 'base.json', subject: 'base', version: 1 },
  ]);
  assert.deepEqual(r.references, [{ name: 'mid.json', subject: 'mid', version: 1 }, { name: 'base.json', subject: 'base', version: 1 }]);
  assert.deepEqual(r.parsed.references.map((x) => `${x.name}@${x.subject}`), ['base.json@base', 'mid.json@mid']);
  const stored = store.latest('mid')!;
  assert.equal(schemas.parseStored(stored), schemas.parseStored(stored), 'cached');
});

it('refuses missing versions, bad reference versions and cycles with 42201', async () => {
  const store = new RegistryStore();
  store.apply(json('a', 1, { $ref: 'b.json' }, [{ name: 'b.json', subject: 'b', version: 1 }]));
  store.apply(json('b', 2, { $ref: 'a.json' }, [{ name: 'a.json', subject: 'a', version: 1 }]));
  const schemas = new Schemas(store);
  const parse = (refs: { name: string; subject: string; version: number }[]) => Promise.resolve().then(() => schemas.parseRequest('JSON', '{}', refs));
  await rejectsWith(parse([{ name: 'a.json', subject: 'a', version: 1 }]), 42201, /cycle/);
  await rejectsWith(parse([{ name: 'x', subject: 'none', version: 2 }]), 42201, /subject 'none' version 2, which does not exist/);
  await rejectsWith(parse([{ name: 'x', subject: 'none', version: -1 }]), 42201, /no live version/);
  await rejectsWith(parse([{ name: 'x', subject: 'a', version: 0 }]), 42201, /version 0/);
  await rejectsWith(parse([{ name: '', subject: 'a', version: 1 }]), 42201, /non-empty "name"/);
});

it('hands stored versions to the compatibility check unparsed until the check reads one', () => {
  const store = new RegistryStore();
  store.apply(json('broken', 1, { type: 'string' }));
  // Stored text that would not parse: only reading `schema` may touch it.
  store.apply({ keytype: 'SCHEMA', subject: 'broken', version: 2, value: { subject: 'broken', version: 2, id: 9, schemaType: 'JSON', references: [], schema: '{', deleted: false } });
  const schemas = new Schemas(store);
  const previous = schemas.previous(store.versions('broken'));
  assert.deepEqual(previous.map((p) => p.version), [1, 2]);
  assert.equal(previous[0]!.schema, schemas.parseStored(store.version('broken', 1)!), 'parsed through the cache');
  assert.throws(() => previous[1]!.schema, /not valid JSON/);
});
