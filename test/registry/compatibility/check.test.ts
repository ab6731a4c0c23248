// Which versions each level compares with, in which direction, and how messages read. A fake
// provider (one "schema" = a set of field names; a reader needs every field it has) keeps this
// independent of the Avro and JSON checkers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCompatibility } from '../../../registry/compatibility/check.js';
import { COMPATIBILITY_LEVELS, parseCompatibilityLevel } from '../../../registry/compatibility/levels.js';
import type { ParsedSchema, SchemaProvider } from '../../../registry/schema/provider.js';

const parsed = (fields: string, type: 'AVRO' | 'JSON' = 'AVRO'): ParsedSchema => ({ type, canonical: fields, normalized: fields, references: [] });
const fake: SchemaProvider = {
  type: 'AVRO',
  parse: (t) => parsed(t),
  compatibility: (reader, writer) => [...reader.canonical].filter((f) => !writer.canonical.includes(f))
    .map((f) => ({ path: `/fields/${f}`, rule: 'READER_FIELD_MISSING_DEFAULT_VALUE', message: `field ${f} missing in the writer`, fix: `add a default to ${f}` })),
};
const prev = (...all: string[]) => all.map((f, i) => ({ version: i + 1, schema: parsed(f) }));

describe('checkCompatibility', () => {
  it('accepts anything under NONE and anything with no previous version', () => {
    assert.deepEqual(checkCompatibility(fake, 'NONE', parsed('xyz'), prev('a')), []);
    for (const level of COMPATIBILITY_LEVELS) assert.deepEqual(checkCompatibility(fake, level, parsed('xyz'), []), []);
  });

  it('BACKWARD: the new schema reads the latest version; messages carry direction, version, path and fix', () => {
    assert.deepEqual(checkCompatibility(fake, 'BACKWARD', parsed('ab'), prev('a', 'ab')), []);
    assert.deepEqual(checkCompatibility(fake, 'BACKWARD', parsed('abz'), prev('a', 'ab')), [
      'BACKWARD: the new schema cannot read data written with version 2: /fields/z: field z missing in the writer. Fix: add a default to z.',
    ]);
    assert.deepEqual(checkCompatibility(fake, 'BACKWARD', parsed('ab'), prev('b', 'ab')), [], 'only the latest counts');
  });

  it('FORWARD: the latest version reads the new schema\'s data', () => {
    assert.deepEqual(checkCompatibility(fake, 'FORWARD', parsed('abz'), prev('ab')), []);
    assert.deepEqual(checkCompatibility(fake, 'FORWARD', parsed('a'), prev('ab')), [
      'FORWARD: version 1 cannot read data written with the new schema: /fields/b: field b missing in the writer. Fix: add a default to b.',
    ]);
  });

  it('FULL checks both directions', () => {
    assert.equal(checkCompatibility(fake, 'FULL', parsed('ab'), prev('ab')).length, 0);
    const m = checkCompatibility(fake, 'FULL', parsed('az'), prev('ab'));
    assert.equal(m.length, 2);
    assert.match(m[0]!, /^FULL: the new schema cannot read data written with version 1: \/fields\/z/);
    assert.match(m[1]!, /^FULL: version 1 cannot read data written with the new schema: \/fields\/b/);
  });

  it('transitive levels compare with every version (newest first) and report every conflict', () => {
    assert.equal(checkCompatibility(fake, 'BACKWARD', parsed('ab'), prev('b', 'ab')).length, 0);
    assert.deepEqual(checkCompatibility(fake, 'BACKWARD_TRANSITIVE', parsed('ab'), prev('b', 'ab')), [
      'BACKWARD_TRANSITIVE: the new schema cannot read data written with version 1: /fields/a: field a missing in the writer. Fix: add a default to a.',
    ]);
    assert.equal(checkCompatibility(fake, 'FORWARD_TRANSITIVE', parsed('a'), prev('ab', 'ac')).length, 2);
    assert.deepEqual(checkCompatibility(fake, 'FULL_TRANSITIVE', parsed('x'), prev('a', 'b')).map((m) => /version (\d)/.exec(m)![1]), ['2', '2', '1', '1']);
  });

  it('a schema of another type is incompatible, with a fix', () => {
    const [m] = checkCompatibility(fake, 'BACKWARD', parsed('a', 'JSON'), prev('a'));
    assert.match(m!, /^BACKWARD: the new schema is of type JSON but version 1 is AVRO: .* Fix: /);
  });
});

it('parses level names in any case', () => {
  assert.equal(parseCompatibilityLevel('full_transitive'), 'FULL_TRANSITIVE');
  assert.equal(parseCompatibilityLevel(' Backward '), 'BACKWARD');
  assert.equal(parseCompatibilityLevel('sideways'), undefined);
  assert.equal(parseCompatibilityLevel(3), undefined);
});
