import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, assertDataError, sink, transform } from './fixtures.js';

test('HoistField$Value wraps a schemaful value in a one-field Struct', () => {
  const t = transform(`${T}HoistField$Value`, { field: 'line' });
  const out = t.apply(sink({ valueSchema: Schema.STRING_SCHEMA, value: 'hello' }))!;
  assert.deepEqual(out.valueSchema!.fields.map((f) => [f.name, f.schema]), [['line', Schema.STRING_SCHEMA]]);
  assert.equal((out.value as Struct).get('line'), 'hello');
  assert.equal(t.apply(sink({ valueSchema: Schema.STRING_SCHEMA, value: 'again' }))!.valueSchema, out.valueSchema, 'cached');
});

test('HoistField$Key wraps schemaless keys in a Map, nulls included', () => {
  const t = transform(`${T}HoistField$Key`, { field: 'id' });
  assert.deepEqual([...(t.apply(sink({ key: 42, value: 'v' }))!.key as Map<string, unknown>)], [['id', 42]]);
  assert.deepEqual([...(t.apply(sink({ key: null }))!.key as Map<string, unknown>)], [['id', null]]);
});

test('HoistField: a null value needs an optional schema; field is required', () => {
  const t = transform(`${T}HoistField$Value`, { field: 'f' });
  assert.equal((t.apply(sink({ valueSchema: Schema.OPTIONAL_STRING_SCHEMA, value: null }))!.value as Struct).get('f'), null);
  assertDataError(() => t.apply(sink({ valueSchema: Schema.STRING_SCHEMA, value: null })), /field "f"/);
  assertConfigError(`${T}HoistField$Value`, {}, /Missing required configuration "field"/, 'field');
});
