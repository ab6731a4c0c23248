import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { rules, type Case } from '../json-helper.js';

const arr = (extra: object = {}): object => ({ type: 'array', ...extra });
const int = { type: 'integer' };
const str = { type: 'string' };
const D2020 = 'https://json-schema.org/draft/2020-12/schema';

const cases: Case[] = [
  { name: 'items widened', reader: arr({ items: { type: 'number' } }), writer: arr({ items: int }), expect: [] },
  { name: 'items narrowed', reader: arr({ items: int }), writer: arr({ items: { type: 'number' } }), expect: ['TYPE_NARROWED'] },
  { name: 'items type changed', reader: arr({ items: int }), writer: arr({ items: str }), expect: ['TYPE_CHANGED'] },
  { name: 'items dropped', reader: arr(), writer: arr({ items: int }), expect: [] },
  { name: 'items added', reader: arr({ items: int }), writer: arr(), expect: ['SCHEMA_ADDED'] },
  { name: 'items true added', reader: arr({ items: true }), writer: arr(), expect: [] },
  { name: 'list to tuple', reader: arr({ items: [int] }), writer: arr({ items: int }), expect: ['TYPE_CHANGED'] },
  { name: 'tuple to list', reader: arr({ items: int }), writer: arr({ items: [int] }), expect: ['TYPE_CHANGED'] },
  { name: 'tuple unchanged', reader: arr({ items: [int, str] }), writer: arr({ items: [int, str] }), expect: [] },
  { name: 'tuple item changed', reader: arr({ items: [int, int] }), writer: arr({ items: [int, str] }), expect: ['TYPE_CHANGED'] },
  { name: 'open reader reads a longer tuple', reader: arr({ items: [int] }), writer: arr({ items: [int, int] }), expect: [] },
  { name: 'closed reader refuses a longer tuple', reader: arr({ items: [int], additionalItems: false }), writer: arr({ items: [int, int], additionalItems: false }), expect: ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL'] },
  { name: 'closed reader ignores a writer item that is false', reader: arr({ items: [int], additionalItems: false }), writer: arr({ items: [int, false], additionalItems: false }), expect: [] },
  { name: 'reader rest schema covers the longer tuple', reader: arr({ items: [int], additionalItems: int }), writer: arr({ items: [int, int], additionalItems: false }), expect: [] },
  {
    name: 'reader rest schema does not cover the longer tuple',
    reader: arr({ items: [int], additionalItems: int }), writer: arr({ items: [int, str], additionalItems: false }),
    expect: ['ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'TYPE_CHANGED'],
  },
  { name: 'reader adds an item where the writer was open', reader: arr({ items: [int, int] }), writer: arr({ items: [int] }), expect: ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL'] },
  { name: 'reader adds an item where the writer was closed', reader: arr({ items: [int, int] }), writer: arr({ items: [int], additionalItems: false }), expect: [] },
  { name: 'reader item covered by the writer rest schema', reader: arr({ items: [int, { type: 'number' }] }), writer: arr({ items: [int], additionalItems: int }), expect: [] },
  {
    name: 'reader item not covered by the writer rest schema',
    reader: arr({ items: [int, int] }), writer: arr({ items: [int], additionalItems: str }),
    expect: ['ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'TYPE_CHANGED'],
  },
  { name: 'additional items closed by the reader', reader: arr({ items: [int], additionalItems: false }), writer: arr({ items: [int] }), expect: ['ADDITIONAL_ITEMS_REMOVED'] },
  { name: 'additional items opened by the reader', reader: arr({ items: [int] }), writer: arr({ items: [int], additionalItems: false }), expect: [] },
  { name: 'additional items schema added', reader: arr({ items: [int], additionalItems: int }), writer: arr({ items: [int] }), expect: ['ADDITIONAL_ITEMS_NARROWED'] },
  { name: 'additional items schema narrowed', reader: arr({ items: [int], additionalItems: int }), writer: arr({ items: [int], additionalItems: { type: 'number' } }), expect: ['TYPE_NARROWED'] },
  { name: '2020-12 prefixItems compared by position', reader: { $schema: D2020, type: 'array', prefixItems: [int, int] }, writer: { $schema: D2020, type: 'array', prefixItems: [int, str] }, expect: ['TYPE_CHANGED'] },
  { name: '2020-12 items after prefixItems is the rest', reader: { $schema: D2020, type: 'array', prefixItems: [int], items: false }, writer: { $schema: D2020, type: 'array', prefixItems: [int] }, expect: ['ADDITIONAL_ITEMS_REMOVED'] },
  { name: 'minItems added', reader: arr({ minItems: 1 }), writer: arr(), expect: ['MIN_ITEMS_ADDED'] },
  { name: 'minItems increased', reader: arr({ minItems: 3 }), writer: arr({ minItems: 2 }), expect: ['MIN_ITEMS_INCREASED'] },
  { name: 'maxItems added', reader: arr({ maxItems: 3 }), writer: arr(), expect: ['MAX_ITEMS_ADDED'] },
  { name: 'maxItems decreased', reader: arr({ maxItems: 3 }), writer: arr({ maxItems: 4 }), expect: ['MAX_ITEMS_DECREASED'] },
  { name: 'maxItems increased', reader: arr({ maxItems: 5 }), writer: arr({ maxItems: 4 }), expect: [] },
  { name: 'uniqueItems added', reader: arr({ uniqueItems: true }), writer: arr(), expect: ['UNIQUE_ITEMS_ADDED'] },
  { name: 'uniqueItems removed', reader: arr(), writer: arr({ uniqueItems: true }), expect: [] },
  { name: 'contains added', reader: arr({ contains: int }), writer: arr(), expect: ['SCHEMA_ADDED'] },
  { name: 'contains widened', reader: arr({ contains: { type: 'number' } }), writer: arr({ contains: int }), expect: [] },
  { name: 'contains narrowed', reader: arr({ contains: int }), writer: arr({ contains: { type: 'number' } }), expect: ['TYPE_NARROWED'] },
  { name: 'minContains increased', reader: arr({ contains: int, minContains: 2 }), writer: arr({ contains: int, minContains: 1 }), expect: ['MIN_CONTAINS_INCREASED'] },
];

for (const c of cases) {
  test(`arrays: ${c.name}`, () => assert.deepEqual(rules(c.reader, c.writer), c.expect));
}

test('arrays: paths point at the tuple position or the rest keyword', () => {
  assert.deepEqual(rules(arr({ items: [int, int] }), arr({ items: [int, str] }), true), ['/items/1 TYPE_CHANGED']);
  assert.deepEqual(rules(arr({ items: [int], additionalItems: false }), arr({ items: [int] }), true), ['/additionalItems ADDITIONAL_ITEMS_REMOVED']);
  assert.deepEqual(rules(arr({ items: [int, int] }), arr({ items: [int] }), true), ['/items/1 ITEM_ADDED_TO_OPEN_CONTENT_MODEL']);
});
