import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { SchemaBuilderException } from '../../../../runtime/api/errors.js';

const builderError = (pattern: RegExp) => (e: unknown) => e instanceof SchemaBuilderException && e.code === 'SCHEMA_BUILDER_ERROR' && pattern.test(e.message);

test('every static constructor makes its type', () => {
  const cases: Array<[SchemaBuilder, string]> = [
    [SchemaBuilder.int8(), 'INT8'],
    [SchemaBuilder.int16(), 'INT16'],
    [SchemaBuilder.int32(), 'INT32'],
    [SchemaBuilder.int64(), 'INT64'],
    [SchemaBuilder.float32(), 'FLOAT32'],
    [SchemaBuilder.float64(), 'FLOAT64'],
    [SchemaBuilder.bool(), 'BOOLEAN'],
    [SchemaBuilder.string(), 'STRING'],
    [SchemaBuilder.bytes(), 'BYTES'],
    [SchemaBuilder.struct(), 'STRUCT'],
    [SchemaBuilder.type('INT64'), 'INT64'],
  ];
  for (const [b, t] of cases) assert.equal(b.build().type, t);
  assert.equal(SchemaBuilder.string().build().equals(Schema.STRING_SCHEMA), true);
  assert.equal(SchemaBuilder.string().optional().schema().equals(Schema.OPTIONAL_STRING_SCHEMA), true);
});

test('fluent properties end up on the schema', () => {
  const s = SchemaBuilder.struct()
    .name('com.example.Tweet')
    .version(3)
    .doc('A tweet')
    .parameter('a', '1')
    .parameters({ b: '2' })
    .optional()
    .field('id', Schema.STRING_SCHEMA)
    .field('lang', SchemaBuilder.string().optional().defaultValue('en'))
    .build();
  assert.equal(s.name, 'com.example.Tweet');
  assert.equal(s.version, 3);
  assert.equal(s.doc, 'A tweet');
  assert.deepEqual(s.parameters, { a: '1', b: '2' });
  assert.equal(s.optional, true);
  assert.deepEqual(s.fields.map((f) => [f.name, f.index, f.schema.type]), [['id', 0, 'STRING'], ['lang', 1, 'STRING']]);
  assert.equal(s.field('lang')!.schema.defaultValue, 'en');
});

test('array and map schemas, with builders accepted where schemas are expected', () => {
  const arr = SchemaBuilder.array(SchemaBuilder.string().optional()).build();
  assert.equal(arr.valueSchema!.optional, true);
  assert.equal(arr.keySchema, undefined);
  const map = SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.int64()).build();
  assert.equal(map.keySchema!.type, 'STRING');
  assert.equal(map.valueSchema!.type, 'INT64');
  assert.throws(() => SchemaBuilder.array(null as unknown as Schema), builderError(/must not be null/));
});

test('a property can be set once (again to the same value is fine)', () => {
  assert.throws(() => SchemaBuilder.string().name('a').name('b'), builderError(/name is already set \(to a\)/));
  SchemaBuilder.string().name('a').name('a');
  assert.throws(() => SchemaBuilder.string().optional().required(), builderError(/optional is already set/));
  assert.throws(() => SchemaBuilder.int32().version(1).version(2), builderError(/version/));
  assert.throws(() => SchemaBuilder.int32().version(1.5), builderError(/integer/));
  assert.throws(() => SchemaBuilder.string().doc('a').doc('b'), builderError(/doc/));
  assert.throws(() => SchemaBuilder.string().defaultValue('a').defaultValue('b'), builderError(/default value is already set/));
});

test('fields: STRUCT only, non-empty unique names', () => {
  assert.throws(() => SchemaBuilder.string().field('a', Schema.STRING_SCHEMA), builderError(/only STRUCTs have fields/));
  assert.throws(() => SchemaBuilder.struct().field('', Schema.STRING_SCHEMA), builderError(/non-empty/));
  assert.throws(() => SchemaBuilder.struct().field('a', Schema.STRING_SCHEMA).field('a', Schema.INT8_SCHEMA), builderError(/already has a field named "a"/));
});

test('default values are checked against the schema', () => {
  assert.throws(() => SchemaBuilder.int64().defaultValue(5), builderError(/invalid default value: .*expected INT64 \(bigint\), got number 5/));
  assert.throws(() => SchemaBuilder.int8().defaultValue(1000), builderError(/out of range/));
  assert.equal(SchemaBuilder.int64().defaultValue(5n).build().defaultValue, 5n);
  assert.deepEqual(SchemaBuilder.array(Schema.STRING_SCHEMA).defaultValue(['a']).build().defaultValue, ['a']);
  const inner = SchemaBuilder.struct().name('P').field('x', Schema.INT32_SCHEMA);
  const innerSchema = inner.build();
  const withDefault = SchemaBuilder.struct().name('P').field('x', Schema.INT32_SCHEMA).defaultValue(new Struct(innerSchema).put('x', 1)).build();
  assert.equal((withDefault.defaultValue as Struct).get('x'), 1);
  assert.throws(() => SchemaBuilder.struct().name('P').field('x', Schema.INT32_SCHEMA).defaultValue(new Struct(innerSchema)), builderError(/field "x": null/));
});

test('built schemas are frozen and independent of the builder', () => {
  const b = SchemaBuilder.struct().field('a', Schema.STRING_SCHEMA);
  const first = b.build();
  b.field('b', Schema.STRING_SCHEMA);
  assert.equal(first.fields.length, 1);
  assert.equal(b.build().fields.length, 2);
  assert.throws(() => ((first as { name: unknown }).name = 'x'), TypeError);
  assert.throws(() => (first.fields as unknown[]).push(1), TypeError);
});
