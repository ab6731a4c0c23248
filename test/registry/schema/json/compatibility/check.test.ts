import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { jsonProvider } from '../../../../../registry/schema/json/provider.js';
import { checkCompatibility } from '../../../../../registry/schema/json/compatibility/check.js';
import { findings, parse, reference, rules, type Case } from '../json-helper.js';

const int = { type: 'integer' };
const str = { type: 'string' };

const cases: Case[] = [
  { name: 'identical schemas', reader: { type: 'object', properties: { a: str } }, writer: { type: 'object', properties: { a: str } }, expect: [] },
  { name: 'type changed', reader: str, writer: int, expect: ['TYPE_CHANGED'] },
  { name: 'null reads null', reader: { type: 'null' }, writer: { type: 'null' }, expect: [] },
  { name: 'boolean reads boolean', reader: { type: 'boolean' }, writer: { type: 'boolean' }, expect: [] },
  { name: 'true reads false', reader: true, writer: false, expect: [] },
  { name: 'false reads true (Karapace: boolean schemas are one kind)', reader: false, writer: true, expect: [] },
  { name: 'true reads {}', reader: true, writer: {}, expect: [] },
  { name: '{} reads true', reader: {}, writer: true, expect: [] },
  { name: 'true does not read a string (Karapace: true is an object schema)', reader: true, writer: str, expect: ['TYPE_CHANGED'] },
  { name: 'a closed object does not read false', reader: { type: 'object', additionalProperties: false }, writer: false, expect: ['TYPE_CHANGED'] },
  { name: 'not true does not read true', reader: { not: true }, writer: true, expect: ['TYPE_CHANGED'] },
  {
    name: 'local $ref resolved on both sides',
    reader: { type: 'array', items: { $ref: '#/$defs/n' }, $defs: { n: { type: 'integer', minimum: 1 } } },
    writer: { type: 'array', items: { type: 'integer', minimum: 0 } },
    expect: ['MINIMUM_INCREASED'],
  },
  {
    name: '$ref with sibling assertions (2019-09+) adds them',
    reader: { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/s', maxLength: 2, $defs: { s: str } },
    writer: str,
    expect: ['MAX_LENGTH_ADDED'],
  },
];

for (const c of cases) {
  test(`check: ${c.name}`, () => assert.deepEqual(rules(c.reader, c.writer), c.expect));
}

test('check: every incompatibility is reported, not just the first', () => {
  const found = findings(
    { type: 'object', properties: { a: str, b: { type: 'string', maxLength: 1 }, c: int }, required: ['c'] },
    { type: 'object', properties: { a: int, b: str, c: int } },
  );
  assert.deepEqual(found.map((f) => `${f.path} ${f.rule}`).sort(), [
    '/properties/a TYPE_CHANGED',
    '/properties/b/maxLength MAX_LENGTH_ADDED',
    '/properties/c REQUIRED_ATTRIBUTE_ADDED',
  ]);
  for (const f of found) {
    assert.ok(f.message.length > 0 && f.fix.length > 0, JSON.stringify(f));
  }
});

test('check: a type change at the root names both types', () => {
  const [f] = findings(str, int);
  assert.deepEqual([f?.path, f?.rule], ['/', 'TYPE_CHANGED']);
  assert.match(f?.message ?? '', /type string in the reader but type integer in the writer/);
});

test('check: recursive schemas terminate and still report', () => {
  const tree = (type: string): object => ({
    $defs: { node: { type: 'object', properties: { value: { type }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
    $ref: '#/$defs/node',
  });
  assert.deepEqual(rules(tree('number'), tree('integer')), []);
  assert.deepEqual(rules(tree('integer'), tree('number'), true), ['/properties/value/type TYPE_NARROWED']);
});

test('check: refs into references are followed with each side its own version', () => {
  const v1 = reference('customer.json', { type: 'object', properties: { id: int } }, 1);
  const v2 = reference('customer.json', { type: 'object', properties: { id: str } }, 2);
  const main = { type: 'object', properties: { customer: { $ref: 'customer.json' } } };
  assert.deepEqual(findings(main, main, [v2], [v1]).map((f) => `${f.path} ${f.rule}`), ['/properties/customer/properties/id TYPE_CHANGED']);
  assert.deepEqual(findings(main, main, [v1], [v1]), []);
});

test('check: works from any ParsedSchema (document re-read from the canonical text)', () => {
  const reader = parse({ type: 'string', maxLength: 2 });
  const writer = parse(str);
  const bare = { type: 'JSON' as const, canonical: reader.canonical, normalized: reader.normalized, references: [] };
  assert.deepEqual(checkCompatibility(bare, writer).map((f) => f.rule), ['MAX_LENGTH_ADDED']);
  assert.deepEqual(jsonProvider.compatibility(reader, writer).map((f) => f.rule), ['MAX_LENGTH_ADDED']);
});
