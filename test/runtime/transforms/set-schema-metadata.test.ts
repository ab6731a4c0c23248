import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, assertDataError, sink, transform } from './fixtures.js';

const schema = SchemaBuilder.struct().name('old').version(1).doc('d').field('a', Schema.STRING_SCHEMA).optional().build();

const cases: Array<[Record<string, string>, string | undefined, number | undefined]> = [
  [{ 'schema.name': 'com.example.New' }, 'com.example.New', 1],
  [{ 'schema.version': '7' }, 'old', 7],
  [{ 'schema.name': 'n', 'schema.version': '2' }, 'n', 2],
];
for (const [props, name, version] of cases) {
  test(`SetSchemaMetadata$Value ${JSON.stringify(props)}`, () => {
    const out = transform(`${T}SetSchemaMetadata$Value`, props).apply(sink({ valueSchema: schema, value: new Struct(schema).put('a', 'x') }))!;
    const s = out.valueSchema!;
    assert.deepEqual([s.name, s.version, s.doc, s.optional, s.fields.map((f) => f.name)], [name, version, 'd', true, ['a']]);
    assert.equal((out.value as Struct).schema, s, 'the Struct is rebuilt on the renamed schema');
    assert.equal((out.value as Struct).get('a'), 'x');
    (out.value as Struct).validate();
  });
}

test('SetSchemaMetadata$Key: primitives keep their value; null values keep null', () => {
  const t = transform(`${T}SetSchemaMetadata$Key`, { 'schema.name': 'Id' });
  const out = t.apply(sink({ keySchema: Schema.INT64_SCHEMA, key: 5n, value: 'v' }))!;
  assert.deepEqual([out.keySchema!.name, out.keySchema!.type, out.key, out.value], ['Id', 'INT64', 5n, 'v']);
  assert.equal(t.apply(sink({ keySchema: Schema.INT64_SCHEMA, key: 6n }))!.keySchema, out.keySchema, 'cached');
  const nullKey = t.apply(sink({ keySchema: Schema.OPTIONAL_INT64_SCHEMA, key: null }))!;
  assert.deepEqual([nullKey.keySchema!.name, nullKey.key], ['Id', null]);
  const none = sink({ key: null });
  assert.equal(t.apply(none), none);
});

test('SetSchemaMetadata errors', () => {
  assertDataError(() => transform(`${T}SetSchemaMetadata$Value`, { 'schema.name': 'x' }).apply(sink({ value: { a: 1 } })), /^Schema required for \[updating schema metadata\]$/);
  assertConfigError(`${T}SetSchemaMetadata$Value`, {}, /^Neither schema name nor version configured$/);
  assertConfigError(`${T}SetSchemaMetadata$Value`, { 'schema.version': 'one' }, /schema\.version: Not a number of type INT/, 'schema.version');
});
