import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { rules, type Case } from '../json-helper.js';

const int = { type: 'integer' };
const num = { type: 'number' };
const str = { type: 'string' };
const bool = { type: 'boolean' };

const cases: Case[] = [
  { name: 'oneOf branch added', reader: { oneOf: [str, int] }, writer: { oneOf: [str] }, expect: [] },
  { name: 'oneOf branch removed', reader: { oneOf: [str] }, writer: { oneOf: [str, int] }, expect: ['SUM_TYPE_NARROWED'] },
  { name: 'anyOf branch removed', reader: { anyOf: [str] }, writer: { anyOf: [str, int, bool] }, expect: ['SUM_TYPE_NARROWED'] },
  { name: 'oneOf branches reordered', reader: { oneOf: [int, str] }, writer: { oneOf: [str, int] }, expect: [] },
  { name: 'oneOf branch replaced', reader: { oneOf: [str, int] }, writer: { oneOf: [bool, int] }, expect: ['COMBINED_TYPE_SUBSCHEMAS_CHANGED'] },
  { name: 'oneOf branch widened', reader: { oneOf: [str, num] }, writer: { oneOf: [str, int] }, expect: [] },
  { name: 'oneOf branch narrowed', reader: { oneOf: [int] }, writer: { oneOf: [num] }, expect: ['COMBINED_TYPE_SUBSCHEMAS_CHANGED'] },
  { name: 'allOf branch added', reader: { allOf: [str, { maxLength: 3 }] }, writer: { allOf: [str] }, expect: ['PRODUCT_TYPE_EXTENDED'] },
  { name: 'allOf branch removed', reader: { allOf: [{ type: 'string' }] }, writer: { allOf: [str, { type: 'string', maxLength: 3 }] }, expect: [] },
  { name: 'allOf branch tightened', reader: { allOf: [{ type: 'string', maxLength: 2 }] }, writer: { allOf: [{ type: 'string', maxLength: 3 }] }, expect: ['COMBINED_TYPE_SUBSCHEMAS_CHANGED'] },
  { name: 'oneOf to anyOf', reader: { anyOf: [str, int] }, writer: { oneOf: [str, int] }, expect: [] },
  { name: 'anyOf to oneOf', reader: { oneOf: [str, int] }, writer: { anyOf: [str, int] }, expect: ['COMBINED_TYPE_CHANGED'] },
  { name: 'allOf to oneOf', reader: { oneOf: [str, int] }, writer: { allOf: [str, { maxLength: 3 }] }, expect: ['COMBINED_TYPE_CHANGED'] },
  { name: 'singleton allOf to oneOf', reader: { oneOf: [str, int] }, writer: { allOf: [str] }, expect: [] },
  { name: 'plain type into a oneOf that has it', reader: { oneOf: [str, int] }, writer: str, expect: [] },
  { name: 'plain type into a oneOf that lacks it', reader: { oneOf: [str, int] }, writer: bool, expect: ['TYPE_CHANGED'] },
  { name: 'oneOf into a plain type that reads one branch only', reader: int, writer: { oneOf: [str, int] }, expect: ['TYPE_CHANGED'] },
  { name: 'anyOf into a plain type that reads every branch', reader: num, writer: { anyOf: [int, num] }, expect: [] },
  { name: 'singleton oneOf unwrapped on the reader side', reader: { oneOf: [str] }, writer: str, expect: [] },
  { name: 'singleton oneOf unwrapped on the writer side', reader: str, writer: { oneOf: [str] }, expect: [] },
  {
    name: 'allOf reader needs every branch to read the writer',
    reader: { allOf: [{ type: 'string', maxLength: 3 }, { type: 'string', minLength: 1 }] }, writer: str,
    expect: ['MAX_LENGTH_ADDED', 'MIN_LENGTH_ADDED'],
  },
  { name: 'an untyped allOf branch is an object schema (Karapace)', reader: { allOf: [str, { maxLength: 3 }] }, writer: str, expect: ['TYPE_CHANGED'] },
  { name: 'allOf writer is read if one branch is', reader: str, writer: { allOf: [str, { maxLength: 3 }] }, expect: [] },
  { name: 'type list widened', reader: { type: ['string', 'null'] }, writer: { type: 'string' }, expect: [] },
  { name: 'type list narrowed', reader: { type: 'string' }, writer: { type: ['string', 'null'] }, expect: ['TYPE_CHANGED'] },
  { name: 'type list member removed', reader: { type: ['string'] }, writer: { type: ['string', 'integer'] }, expect: ['SUM_TYPE_NARROWED'] },
  { name: 'one-type list is that type', reader: { type: 'string' }, writer: { type: ['string'] }, expect: [] },
  { name: 'type list keeps sibling constraints per type', reader: { type: ['string', 'null'], maxLength: 2 }, writer: { type: ['string', 'null'], maxLength: 3 }, expect: ['COMBINED_TYPE_SUBSCHEMAS_CHANGED'] },
  { name: 'not narrowed (reader excludes less)', reader: { not: { type: 'string', maxLength: 3 } }, writer: { not: str }, expect: [] },
  { name: 'not extended (reader excludes more)', reader: { not: str }, writer: { not: { type: 'string', maxLength: 3 } }, expect: ['NOT_TYPE_EXTENDED'] },
  { name: 'not against a plain type', reader: { not: str }, writer: int, expect: ['TYPE_CHANGED'] },
  {
    name: 'keywords beside a oneOf are compared too',
    reader: { type: 'object', properties: { a: str }, oneOf: [{ required: ['a'] }, { required: ['b'] }] },
    writer: { type: 'object', properties: { a: int }, oneOf: [{ required: ['a'] }, { required: ['b'] }] },
    expect: ['TYPE_CHANGED'],
  },
  { name: 'keywords beside a reader oneOf must read a writer without them', reader: { type: 'object', oneOf: [{ type: 'object' }, str] }, writer: { oneOf: [str, { type: 'object' }] }, expect: ['TYPE_CHANGED'] },
  { name: 'keywords beside not are compared too', reader: { type: 'string', maxLength: 3, not: { const: 'x' } }, writer: { type: 'string', not: { const: 'x' } }, expect: ['MAX_LENGTH_ADDED'] },
];

for (const c of cases) {
  test(`combined: ${c.name}`, () => assert.deepEqual(rules(c.reader, c.writer), c.expect));
}

test('combined: branch findings carry the branch path', () => {
  assert.deepEqual(rules({ type: 'object', properties: { v: { allOf: [{ type: 'string', maxLength: 3 }] } } }, { type: 'object', properties: { v: str } }, true),
    ['/properties/v/allOf/0/maxLength MAX_LENGTH_ADDED']);
});
