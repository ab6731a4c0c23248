import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, isPrimitiveType, makeName, qualifiedName } from '../../../../registry/schema/avro/model.js';

test('makeName splits names as Java does', () => {
  const cases: Array<[string, string | undefined, [string, string | undefined, string]]> = [
    ['R', undefined, ['R', undefined, 'R']],
    ['R', 'a.b', ['R', 'a.b', 'a.b.R']],
    ['x.y.R', 'a.b', ['R', 'x.y', 'x.y.R']],
    ['R', '', ['R', undefined, 'R']],
    ['.R', 'a', ['R', undefined, 'R']],
  ];
  for (const [name, space, [n, s, full]] of cases) assert.deepEqual(makeName(name, space), { name: n, space: s, full }, `${name} in ${space}`);
});

test('qualifiedName is short only inside the same namespace and never for a type keyword', () => {
  assert.equal(qualifiedName(makeName('a.R', undefined), 'a'), 'R');
  assert.equal(qualifiedName(makeName('a.R', undefined), 'b'), 'a.R');
  assert.equal(qualifiedName(makeName('a.R', undefined), undefined), 'a.R');
  assert.equal(qualifiedName(makeName('R', undefined), 'a'), 'R');
  assert.equal(qualifiedName(makeName('a.map', undefined), 'a'), 'a.map');
});

test('primitive names and descriptions', () => {
  assert.ok(isPrimitiveType('bytes'));
  assert.ok(!isPrimitiveType('record'));
  assert.equal(describe({ kind: 'array', items: { kind: 'primitive', type: 'int', props: new Map() }, props: new Map() }), 'array<int>');
});
