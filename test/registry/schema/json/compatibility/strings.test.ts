import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, rules, type Case } from '../json-helper.js';

const str = (extra: object = {}): object => ({ type: 'string', ...extra });

const cases: Case[] = [
  { name: 'unchanged', reader: str({ maxLength: 3, pattern: '^a' }), writer: str({ maxLength: 3, pattern: '^a' }), expect: [] },
  { name: 'maxLength added', reader: str({ maxLength: 3 }), writer: str(), expect: ['MAX_LENGTH_ADDED'] },
  { name: 'maxLength removed', reader: str(), writer: str({ maxLength: 3 }), expect: [] },
  { name: 'maxLength increased', reader: str({ maxLength: 4 }), writer: str({ maxLength: 3 }), expect: [] },
  { name: 'maxLength decreased', reader: str({ maxLength: 2 }), writer: str({ maxLength: 3 }), expect: ['MAX_LENGTH_DECREASED'] },
  { name: 'minLength added', reader: str({ minLength: 1 }), writer: str(), expect: ['MIN_LENGTH_ADDED'] },
  { name: 'minLength 0 added restricts nothing', reader: str({ minLength: 0 }), writer: str(), expect: [] },
  { name: 'minLength decreased', reader: str({ minLength: 1 }), writer: str({ minLength: 2 }), expect: [] },
  { name: 'minLength increased', reader: str({ minLength: 3 }), writer: str({ minLength: 2 }), expect: ['MIN_LENGTH_INCREASED'] },
  { name: 'pattern added', reader: str({ pattern: '^a' }), writer: str(), expect: ['PATTERN_ADDED'] },
  { name: 'pattern removed', reader: str(), writer: str({ pattern: '^a' }), expect: [] },
  { name: 'pattern changed', reader: str({ pattern: '^a+' }), writer: str({ pattern: '^a*' }), expect: ['PATTERN_CHANGED'] },
  { name: 'format is not compared', reader: str({ format: 'email' }), writer: str(), expect: [] },
  { name: 'every tightened keyword is reported', reader: str({ maxLength: 2, minLength: 2, pattern: 'x' }), writer: str(), expect: ['MAX_LENGTH_ADDED', 'MIN_LENGTH_ADDED', 'PATTERN_ADDED'] },
];

for (const c of cases) {
  test(`strings: ${c.name}`, () => assert.deepEqual(rules(c.reader, c.writer), c.expect));
}

test('strings: a finding names the property, both sides and a fix', () => {
  const [f] = findings(
    { type: 'object', properties: { address: { type: 'object', properties: { zip: str({ maxLength: 5 }) } } } },
    { type: 'object', properties: { address: { type: 'object', properties: { zip: str({ maxLength: 10 }) } } } },
  );
  assert.equal(f?.path, '/properties/address/properties/zip/maxLength');
  assert.equal(f?.rule, 'MAX_LENGTH_DECREASED');
  assert.match(f?.message ?? '', /property 'address\.zip'.*5.*10/);
  assert.match(f?.fix ?? '', /maxLength of property 'address\.zip' to 10/);
});
