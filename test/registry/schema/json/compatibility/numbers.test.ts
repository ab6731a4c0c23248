import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { rules, type Case } from '../json-helper.js';

const num = (extra: object = {}): object => ({ type: 'number', ...extra });
const int = (extra: object = {}): object => ({ type: 'integer', ...extra });

const cases: Case[] = [
  { name: 'integer widened to number', reader: num(), writer: int(), expect: [] },
  { name: 'number narrowed to integer', reader: int(), writer: num(), expect: ['TYPE_NARROWED'] },
  { name: 'maximum added', reader: num({ maximum: 10 }), writer: num(), expect: ['MAXIMUM_ADDED'] },
  { name: 'maximum removed', reader: num(), writer: num({ maximum: 10 }), expect: [] },
  { name: 'maximum increased', reader: num({ maximum: 11 }), writer: num({ maximum: 10 }), expect: [] },
  { name: 'maximum decreased', reader: num({ maximum: 9 }), writer: num({ maximum: 10 }), expect: ['MAXIMUM_DECREASED'] },
  { name: 'minimum added', reader: num({ minimum: 1 }), writer: num(), expect: ['MINIMUM_ADDED'] },
  { name: 'minimum decreased', reader: num({ minimum: 0 }), writer: num({ minimum: 1 }), expect: [] },
  { name: 'minimum increased', reader: num({ minimum: 2 }), writer: num({ minimum: 1 }), expect: ['MINIMUM_INCREASED'] },
  { name: 'exclusiveMaximum added', reader: num({ exclusiveMaximum: 5 }), writer: num(), expect: ['EXCLUSIVE_MAXIMUM_ADDED'] },
  { name: 'exclusiveMaximum decreased', reader: num({ exclusiveMaximum: 4 }), writer: num({ exclusiveMaximum: 5 }), expect: ['EXCLUSIVE_MAXIMUM_DECREASED'] },
  { name: 'exclusiveMinimum increased', reader: num({ exclusiveMinimum: 2 }), writer: num({ exclusiveMinimum: 1 }), expect: ['EXCLUSIVE_MINIMUM_INCREASED'] },
  { name: 'exclusiveMinimum added', reader: num({ exclusiveMinimum: 0 }), writer: num(), expect: ['EXCLUSIVE_MINIMUM_ADDED'] },
  { name: 'inclusive reader reads exclusive writer at the same bound', reader: num({ maximum: 5 }), writer: num({ exclusiveMaximum: 5 }), expect: [] },
  { name: 'exclusive reader does not read inclusive writer at the same bound', reader: num({ exclusiveMaximum: 5 }), writer: num({ maximum: 5 }), expect: ['EXCLUSIVE_MAXIMUM_DECREASED'] },
  { name: 'over integers exclusiveMaximum 11 equals maximum 10', reader: int({ exclusiveMaximum: 11 }), writer: int({ maximum: 10 }), expect: [] },
  { name: 'over integers minimum 0.5 equals minimum 1', reader: int({ minimum: 0.5 }), writer: int({ minimum: 1 }), expect: [] },
  {
    name: 'draft-04 boolean exclusiveMaximum',
    reader: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 5, exclusiveMaximum: true },
    writer: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 5 },
    expect: ['EXCLUSIVE_MAXIMUM_DECREASED'],
  },
  { name: 'both bounds tightened are both reported', reader: num({ minimum: 1, maximum: 9 }), writer: num({ minimum: 0, maximum: 10 }), expect: ['MAXIMUM_DECREASED', 'MINIMUM_INCREASED'] },
  { name: 'multipleOf added', reader: num({ multipleOf: 2 }), writer: num(), expect: ['MULTIPLE_OF_ADDED'] },
  { name: 'multipleOf removed', reader: num(), writer: num({ multipleOf: 2 }), expect: [] },
  { name: 'multipleOf reduced to a divisor', reader: num({ multipleOf: 2 }), writer: num({ multipleOf: 6 }), expect: [] },
  { name: 'multipleOf expanded', reader: num({ multipleOf: 6 }), writer: num({ multipleOf: 2 }), expect: ['MULTIPLE_OF_EXPANDED'] },
  { name: 'multipleOf changed to a non-divisor', reader: num({ multipleOf: 4 }), writer: num({ multipleOf: 6 }), expect: ['MULTIPLE_OF_CHANGED'] },
  { name: 'fractional multipleOf divisor', reader: num({ multipleOf: 0.01 }), writer: num({ multipleOf: 0.05 }), expect: [] },
  { name: 'integers are multiples of 1', reader: num({ multipleOf: 1 }), writer: int(), expect: [] },
  { name: 'narrowing and a new bound are both reported', reader: int({ maximum: 3 }), writer: num(), expect: ['MAXIMUM_ADDED', 'TYPE_NARROWED'] },
];

for (const c of cases) {
  test(`numbers: ${c.name}`, () => assert.deepEqual(rules(c.reader, c.writer), c.expect));
}

test('numbers: the path names the property and the keyword', () => {
  const found = rules({ type: 'object', properties: { age: num({ maximum: 9 }) } }, { type: 'object', properties: { age: num({ maximum: 10 }) } }, true);
  assert.deepEqual(found, ['/properties/age/maximum MAXIMUM_DECREASED']);
});
