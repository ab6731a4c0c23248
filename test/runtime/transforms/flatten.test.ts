import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertDataError, sink, transform } from './fixtures.js';

const geo = SchemaBuilder.struct().field('lat', Schema.FLOAT64_SCHEMA).field('lon', Schema.FLOAT64_SCHEMA).optional().build();
const address = SchemaBuilder.struct().field('city', Schema.STRING_SCHEMA).field('geo', geo).build();
const schema = SchemaBuilder.struct()
  .name('User')
  .field('id', Schema.INT64_SCHEMA)
  .field('address', address)
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA))
  .build();

function user(withGeo: boolean): Struct {
  const a = new Struct(address).put('city', 'Paris');
  if (withGeo) a.put('geo', new Struct(geo).put('lat', 48.8).put('lon', 2.3));
  return new Struct(schema).put('id', 1n).put('address', a).put('tags', ['x']);
}

test('Flatten$Value lifts nested Struct fields, optional under an optional parent', () => {
  const t = transform(`${T}Flatten$Value`, {});
  const out = t.apply(sink({ valueSchema: schema, value: user(true) }))!;
  const s = out.valueSchema!;
  assert.equal(s.name, 'User');
  assert.deepEqual(
    s.fields.map((f) => [f.name, f.schema.type, f.schema.optional]),
    [
      ['id', 'INT64', false],
      ['address.city', 'STRING', false],
      ['address.geo.lat', 'FLOAT64', true],
      ['address.geo.lon', 'FLOAT64', true],
      ['tags', 'ARRAY', false],
    ],
  );
  const v = out.value as Struct;
  assert.deepEqual(['id', 'address.city', 'address.geo.lat', 'tags'].map((f) => v.get(f)), [1n, 'Paris', 48.8, ['x']]);
  const noGeo = t.apply(sink({ valueSchema: schema, value: user(false) }))!;
  assert.equal(noGeo.valueSchema, s, 'cached');
  assert.equal((noGeo.value as Struct).get('address.geo.lat'), null);
});

test('Flatten$Key with a custom delimiter; defaults come from the parent', () => {
  const inner = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).optional().build();
  const withDefault = SchemaBuilder.struct().field('p', SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).optional().defaultValue(new Struct(inner).put('x', 9))).build();
  const out = transform(`${T}Flatten$Key`, { delimiter: '_' }).apply(sink({ keySchema: withDefault, key: new Struct(withDefault) }))!;
  assert.deepEqual(out.keySchema!.fields.map((f) => [f.name, f.schema.optional, f.schema.defaultValue]), [['p_x', true, 9]]);
});

test('Flatten schemaless: nested Maps and objects into the outer kind; arrays kept', () => {
  const t = transform(`${T}Flatten$Value`, {});
  const input = new Map<string, unknown>([['a', 1], ['b', { c: 2, d: new Map([['e', null]]) }], ['arr', [{ x: 1 }]]]);
  assert.deepEqual([...(t.apply(sink({ value: input }))!.value as Map<string, unknown>)], [['a', 1], ['b.c', 2], ['b.d.e', null], ['arr', [{ x: 1 }]]]);
  assert.deepEqual(t.apply(sink({ value: { a: { b: 1 } } }))!.value, { 'a.b': 1 });
  const tomb = sink({ value: null });
  assert.equal(t.apply(tomb), tomb);
});

test('Flatten errors: MAP fields with a schema, Structs without one', () => {
  const withMap = SchemaBuilder.struct().field('m', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA)).build();
  assertDataError(() => transform(`${T}Flatten$Value`, {}).apply(sink({ valueSchema: withMap, value: new Struct(withMap).put('m', new Map()) })), /does not support MAP for record with schemas \(for field m\)/);
  assertDataError(() => transform(`${T}Flatten$Value`, {}).apply(sink({ value: { s: user(true) } })), /does not support Struct values/);
  assertDataError(() => transform(`${T}Flatten$Value`, {}).apply(sink({ value: 'x' })), /Only Map objects supported in absence of schema for \[flattening\]/);
});
