import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, rules, type Case } from '../json-helper.js';

const int = { type: 'integer' };
const str = { type: 'string' };
const obj = (properties: object, extra: object = {}): object => ({ type: 'object', properties, ...extra });
const closed = (properties: object, extra: object = {}): object => obj(properties, { additionalProperties: false, ...extra });

const cases: Case[] = [
  { name: 'property type changed', reader: obj({ a: str }), writer: obj({ a: int }), expect: ['TYPE_CHANGED'] },
  { name: 'property widened', reader: obj({ a: { type: 'number' } }), writer: obj({ a: int }), expect: [] },
  { name: 'property dropped from an open reader', reader: obj({}), writer: obj({ a: int }), expect: [] },
  { name: 'property dropped from a closed reader', reader: closed({}), writer: closed({ a: int }), expect: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'] },
  { name: 'false property dropped from a closed reader', reader: closed({}), writer: closed({ a: false }), expect: [] },
  { name: 'property dropped, covered by the reader pattern', reader: obj({}, { patternProperties: { '^a': int } }), writer: closed({ a: int }), expect: [] },
  {
    name: 'property dropped, not covered by the reader pattern',
    reader: obj({}, { patternProperties: { '^a': str } }), writer: closed({ a: int }),
    expect: ['PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'TYPE_CHANGED'],
  },
  { name: 'property dropped, covered by additionalProperties', reader: obj({}, { additionalProperties: { type: 'number' } }), writer: closed({ a: int }), expect: [] },
  {
    name: 'property dropped, not covered by additionalProperties',
    reader: obj({}, { additionalProperties: str }), writer: closed({ a: int }),
    expect: ['PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'TYPE_CHANGED'],
  },
  { name: 'property added where the writer was open', reader: obj({ a: int }), writer: obj({}), expect: ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
  { name: 'empty property added where the writer was open (Karapace)', reader: obj({ a: {} }), writer: obj({}), expect: ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
  { name: 'property added where the writer was closed', reader: closed({ a: int }), writer: closed({}), expect: [] },
  { name: 'property added, covered by the writer pattern', reader: obj({ a: { type: 'number' } }), writer: obj({}, { patternProperties: { '^a': int } }), expect: [] },
  {
    name: 'property added, not covered by the writer pattern',
    reader: obj({ a: int }), writer: obj({}, { patternProperties: { '^a': str } }),
    expect: ['PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'TYPE_CHANGED'],
  },
  { name: 'property added, covered by writer additionalProperties', reader: obj({ a: { type: 'number' } }), writer: obj({}, { additionalProperties: int }), expect: [] },
  { name: 'property added that no writer pattern matches', reader: obj({ b: int }), writer: obj({}, { patternProperties: { '^a': int } }), expect: ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
  { name: 'required added to an existing property', reader: obj({ a: int }, { required: ['a'] }), writer: obj({ a: int }), expect: ['REQUIRED_ATTRIBUTE_ADDED'] },
  { name: 'required with a default added', reader: obj({ a: { type: 'integer', default: 0 } }, { required: ['a'] }), writer: obj({ a: int }), expect: [] },
  { name: 'required removed', reader: obj({ a: int }), writer: obj({ a: int }, { required: ['a'] }), expect: [] },
  { name: 'required property added to a closed writer', reader: closed({ a: int }, { required: ['a'] }), writer: closed({}), expect: ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'] },
  {
    name: 'required property added to an open writer',
    reader: obj({ a: int }, { required: ['a'] }), writer: obj({}),
    expect: ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
  },
  { name: 'required name without a property schema', reader: { type: 'object', required: ['x'] }, writer: { type: 'object' }, expect: ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
  { name: 'additionalProperties false added', reader: obj({ a: int }, { additionalProperties: false }), writer: obj({ a: int }), expect: ['ADDITIONAL_PROPERTIES_REMOVED'] },
  { name: 'additionalProperties false dropped', reader: obj({ a: int }), writer: closed({ a: int }), expect: [] },
  { name: 'additionalProperties schema added', reader: obj({}, { additionalProperties: int }), writer: obj({}), expect: ['ADDITIONAL_PROPERTIES_NARROWED'] },
  { name: 'additionalProperties schema widened', reader: obj({}, { additionalProperties: { type: 'number' } }), writer: obj({}, { additionalProperties: int }), expect: [] },
  { name: 'additionalProperties schema narrowed', reader: obj({}, { additionalProperties: int }), writer: obj({}, { additionalProperties: { type: 'number' } }), expect: ['TYPE_NARROWED'] },
  { name: 'additionalProperties schema against a closed writer', reader: obj({}, { additionalProperties: int }), writer: closed({}), expect: [] },
  { name: 'additionalProperties false against a writer schema', reader: closed({}), writer: obj({}, { additionalProperties: int }), expect: ['ADDITIONAL_PROPERTIES_REMOVED'] },
  { name: 'patternProperties schema narrowed', reader: obj({}, { patternProperties: { '^x': int } }), writer: obj({}, { patternProperties: { '^x': { type: 'number' } } }), expect: ['TYPE_NARROWED'] },
  { name: 'patternProperties added to an open writer', reader: obj({}, { patternProperties: { '^x': int } }), writer: obj({}), expect: ['ADDITIONAL_PROPERTIES_NARROWED'] },
  { name: 'propertyNames is not compared', reader: { type: 'object', propertyNames: { maxLength: 3 } }, writer: { type: 'object' }, expect: [] },
  { name: 'dependentRequired added', reader: { type: 'object', dependentRequired: { a: ['b'] } }, writer: { type: 'object' }, expect: ['DEPENDENCY_ARRAY_ADDED'] },
  { name: 'dependencies array extended', reader: { type: 'object', dependencies: { a: ['b', 'c'] } }, writer: { type: 'object', dependencies: { a: ['b'] } }, expect: ['DEPENDENCY_ARRAY_EXTENDED'] },
  { name: 'dependencies array narrowed', reader: { type: 'object', dependencies: { a: ['b'] } }, writer: { type: 'object', dependencies: { a: ['b', 'c'] } }, expect: [] },
  { name: 'dependency already required by the writer', reader: { type: 'object', dependencies: { a: ['b'] } }, writer: { type: 'object', required: ['b'] }, expect: [] },
  { name: 'dependentSchemas added', reader: { type: 'object', dependentSchemas: { a: { required: ['b'] } } }, writer: { type: 'object' }, expect: ['DEPENDENCY_SCHEMA_ADDED'] },
  {
    name: 'dependency schema narrowed',
    reader: { type: 'object', dependencies: { a: { properties: { b: int } } } }, writer: { type: 'object', dependencies: { a: { properties: { b: { type: 'number' } } } } },
    expect: ['TYPE_NARROWED'],
  },
  { name: 'dependency schema dropped', reader: { type: 'object' }, writer: { type: 'object', dependentSchemas: { a: { required: ['b'] } } }, expect: [] },
  { name: 'minProperties added', reader: { type: 'object', minProperties: 1 }, writer: { type: 'object' }, expect: ['MIN_PROPERTIES_ADDED'] },
  { name: 'maxProperties decreased', reader: { type: 'object', maxProperties: 2 }, writer: { type: 'object', maxProperties: 3 }, expect: ['MAX_PROPERTIES_DECREASED'] },
  { name: 'minProperties decreased', reader: { type: 'object', minProperties: 1 }, writer: { type: 'object', minProperties: 2 }, expect: [] },
  { name: 'untyped schemas follow the object rules', reader: { properties: { a: str } }, writer: { properties: { a: int } }, expect: ['TYPE_CHANGED'] },
  { name: 'true reads any object', reader: true, writer: closed({ a: int }, { required: ['a'] }), expect: [] },
  { name: 'object reads true as an open object', reader: obj({ a: int }), writer: true, expect: ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
];

for (const c of cases) {
  test(`objects: ${c.name}`, () => assert.deepEqual(rules(c.reader, c.writer), c.expect));
}

test('objects: nested properties report every finding with its path', () => {
  const reader = closed({ address: closed({ zip: { type: 'string', maxLength: 5 }, city: str }, { required: ['city'] }) });
  const writer = closed({ address: closed({ zip: { type: 'string' }, street: str, city: str }), name: str });
  assert.deepEqual(rules(reader, writer, true), [
    '/properties/address/properties/city REQUIRED_ATTRIBUTE_ADDED',
    '/properties/address/properties/street PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    '/properties/address/properties/zip/maxLength MAX_LENGTH_ADDED',
    '/properties/name PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  ]);
});

test('objects: messages name the property and fixes say what to change', () => {
  const [removed] = findings(closed({}), closed({ zip: str }));
  assert.match(removed?.message ?? '', /drops property 'zip'/);
  assert.match(removed?.fix ?? '', /keep property 'zip' in the reader/);
  const [required] = findings(obj({ zip: str }, { required: ['zip'] }), obj({ zip: str }));
  assert.match(required?.message ?? '', /requires property 'zip'/);
  assert.match(required?.fix ?? '', /optional.*or give it a default/);
});
