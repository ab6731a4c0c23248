// Raw records (bytes as read from the topic) into the store: bad and unknown records are
// skipped without stopping the replay.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { applyRaw } from '../../../registry/store/replay.js';
import { RegistryStore } from '../../../registry/store/store.js';

const b = (s: string): Buffer => Buffer.from(s);

it('applies good records, skips unknown key types, malformed and refused ones, and goes on', () => {
  const store = new RegistryStore();
  const lines: string[] = [];
  const log = { error: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), info() {}, debug: (m: string) => lines.push(m), child() { return log; } };
  const outcomes = [
    applyRaw(store, b('{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}'), b('{"subject":"s","version":1,"id":1,"schema":"\\"int\\"","deleted":false}'), 0, log),
    applyRaw(store, b('{"keytype":"CONTEXT","tenant":"default","context":".x","magic":0}'), b('{}'), 1, log),
    applyRaw(store, b('{"keytype":'), b('{}'), 2, log),
    applyRaw(store, null, b('x'), 3, log),
    applyRaw(store, b('{"keytype":"SCHEMA","subject":"t","version":1,"magic":1}'), b('{"subject":"t","version":1,"id":1,"schema":"\\"long\\"","deleted":false}'), 4, log),
    applyRaw(store, b('{"keytype":"SCHEMA","subject":"s","version":2,"magic":1}'), b('{"subject":"s","version":2,"id":2,"schema":"\\"long\\"","deleted":false}'), 5, log),
    applyRaw(store, b('{"keytype":"NOOP","magic":0}'), null, 6, log),
  ];
  assert.deepEqual(outcomes, ['applied', 'unknown', 'invalid', 'invalid', 'refused', 'applied', 'applied']);
  assert.deepEqual(store.versions('s').map((v) => v.id), [1, 2]);
  assert.equal(store.hasSubject('t', true), false);
  assert.ok(lines.some((l) => /offset 4: id 1 is already used/.test(l)), lines.join('\n'));
});
