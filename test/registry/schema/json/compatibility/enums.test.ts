import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, rules, type Case } from '../json-helper.js';

const cases: Case[] = [
  { name: 'enum extended', reader: { enum: ['A', 'B', 'C'] }, writer: { enum: ['A', 'B'] }, expect: [] },
  { name: 'enum narrowed', reader: { enum: ['A'] }, writer: { enum: ['A', 'B'] }, expect: ['ENUM_ARRAY_NARROWED'] },
  { name: 'enum reordered', reader: { enum: ['B', 'A'] }, writer: { enum: ['A', 'B'] }, expect: [] },
  { name: 'enum of objects compared as JSON', reader: { enum: [{ a: 1, b: 2 }] }, writer: { enum: [{ b: 2, a: 1 }] }, expect: [] },
  { name: 'typed enum narrowed', reader: { type: 'string', enum: ['A'] }, writer: { type: 'string', enum: ['A', 'B'] }, expect: ['ENUM_ARRAY_NARROWED'] },
  { name: 'enum added to a typed schema', reader: { type: 'string', enum: ['A'] }, writer: { type: 'string' }, expect: ['ENUM_ARRAY_NARROWED'] },
  { name: 'enum dropped from a typed schema', reader: { type: 'string' }, writer: { type: 'string', enum: ['A'] }, expect: [] },
  { name: 'untyped enum reads a typed enum it covers', reader: { enum: ['A', 'B'] }, writer: { type: 'string', enum: ['A'] }, expect: [] },
  { name: 'typed enum reads an untyped enum it covers', reader: { type: 'string', enum: ['A', 'B'] }, writer: { enum: ['B'] }, expect: [] },
  { name: 'untyped enum against a plain type (Karapace: type change)', reader: { enum: ['A'] }, writer: { type: 'string' }, expect: ['TYPE_CHANGED'] },
  { name: 'plain type against an untyped enum (Karapace: type change)', reader: { type: 'integer' }, writer: { enum: ['A'] }, expect: ['TYPE_CHANGED'] },
  { name: 'const unchanged', reader: { const: 'x' }, writer: { const: 'x' }, expect: [] },
  { name: 'const changed', reader: { const: 'y' }, writer: { const: 'x' }, expect: ['ENUM_ARRAY_CHANGED'] },
  { name: 'enum reads a const it lists', reader: { enum: ['x', 'y'] }, writer: { const: 'x' }, expect: [] },
  { name: 'const does not read a wider enum', reader: { const: 'x' }, writer: { enum: ['x', 'y'] }, expect: ['ENUM_ARRAY_NARROWED'] },
  { name: 'const added to a typed schema', reader: { type: 'string', const: 'x' }, writer: { type: 'string' }, expect: ['ENUM_ARRAY_NARROWED'] },
];

for (const c of cases) {
  test(`enums: ${c.name}`, () => assert.deepEqual(rules(c.reader, c.writer), c.expect));
}

test('enums: the message lists the values no longer allowed', () => {
  const [f] = findings({ type: 'object', properties: { s: { enum: ['A'] } } }, { type: 'object', properties: { s: { enum: ['A', 'B', 'C'] } } });
  assert.equal(f?.path, '/properties/s/enum');
  assert.match(f?.message ?? '', /property 's' no longer allows "B", "C"/);
  assert.match(f?.fix ?? '', /add "B", "C"/);
});
