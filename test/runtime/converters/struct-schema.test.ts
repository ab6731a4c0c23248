import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { structFits } from '../../../runtime/converters/struct-schema.js';

test('a struct fits its own schema, and the same schema with that struct as default', () => {
  const plain = SchemaBuilder.struct().name('a.B').field('x', Schema.INT32_SCHEMA).build();
  const dflt = new Struct(plain).put('x', 1);
  const withDefault = SchemaBuilder.struct().name('a.B').field('x', Schema.INT32_SCHEMA).defaultValue(dflt).build();
  assert.ok(structFits(plain, plain));
  assert.ok(structFits(plain, withDefault));
  assert.ok(!structFits(plain, SchemaBuilder.struct().name('a.C').field('x', Schema.INT32_SCHEMA).build()));
  assert.ok(!structFits(plain, SchemaBuilder.struct().name('a.B').field('x', Schema.INT64_SCHEMA).build()));
  assert.ok(!structFits(plain, SchemaBuilder.struct().name('a.B').version(2).field('x', Schema.INT32_SCHEMA).build()));
});
