import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { allowedValues, branchesOf, describeKind, kindOf, sameJson, stableJson } from '../../../../../registry/schema/json/compatibility/kinds.js';

test('kinds: kindOf follows Karapace\'s order', () => {
  const table: [unknown, string][] = [
    [true, 'boolean-schema'],
    [false, 'boolean-schema'],
    [{}, 'object'],
    [{ properties: {} }, 'object'],
    [{ type: 'string' }, 'string'],
    [{ type: ['string', 'null'] }, 'anyOf'],
    [{ type: ['string'], oneOf: [{}] }, 'anyOf'],
    [{ allOf: [{}], anyOf: [{}] }, 'allOf'],
    [{ anyOf: [{}], oneOf: [{}] }, 'anyOf'],
    [{ oneOf: [{}] }, 'oneOf'],
    [{ not: {} }, 'not'],
    [{ enum: [1] }, 'enum'],
    [{ const: null }, 'enum'],
    [{ type: 'string', enum: ['a'] }, 'string'],
  ];
  for (const [schema, kind] of table) assert.equal(kindOf(schema), kind, JSON.stringify(schema));
});

test('kinds: a type list branches into one copy per type', () => {
  assert.deepEqual(branchesOf({ type: ['string', 'null'], maxLength: 2 }), [{ type: 'string', maxLength: 2 }, { type: 'null', maxLength: 2 }]);
  assert.deepEqual(branchesOf({ oneOf: [{ type: 'string' }] }), [{ type: 'string' }]);
});

test('kinds: allowed values and JSON equality', () => {
  assert.deepEqual(allowedValues({ const: 0 }), [0]);
  assert.deepEqual(allowedValues({ enum: ['a', 'b'] }), ['a', 'b']);
  assert.equal(allowedValues({ type: 'string' }), undefined);
  assert.ok(sameJson({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] }));
  assert.ok(!sameJson([1, 2], [2, 1]));
  assert.equal(stableJson({ b: 1, a: null }), '{"a":null,"b":1}');
});

test('kinds: descriptions for messages', () => {
  assert.equal(describeKind(true, 'boolean-schema'), 'the schema true');
  assert.equal(describeKind({ type: 'string' }, 'string'), 'type string');
  assert.equal(describeKind({ type: ['string', 'null'] }, 'anyOf'), 'types ["string","null"]');
  assert.equal(describeKind({ enum: ['A'] }, 'enum'), 'enum ["A"]');
});
