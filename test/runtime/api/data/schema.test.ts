import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectSchema, Schema, SchemaAndValue, SchemaType, isPrimitiveType, schemaTypeName } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { DataException } from '../../../../runtime/api/errors.js';

const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && e.code === 'DATA_ERROR' && pattern.test(e.message);

test('predefined schemas: every primitive type, required and optional', () => {
  assert.equal(Schema.STRING_SCHEMA.type, 'STRING');
  assert.equal(Schema.STRING_SCHEMA.optional, false);
  assert.equal(Schema.OPTIONAL_INT64_SCHEMA.type, 'INT64');
  assert.equal(Schema.OPTIONAL_INT64_SCHEMA.optional, true);
  for (const t of ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'] as const) {
    const req = (Schema as Record<string, Schema>)[`${t}_SCHEMA`]!;
    const opt = (Schema as Record<string, Schema>)[`OPTIONAL_${t}_SCHEMA`]!;
    assert.equal(req.type, t);
    assert.equal(opt.type, t);
    assert.equal(opt.optional, true);
    assert.equal(req.defaultValue, undefined);
    assert.equal(req.name, undefined);
  }
  assert.throws(() => ((Schema as unknown as Record<string, unknown>).STRING_SCHEMA = null), TypeError);
});

test('type helpers', () => {
  assert.equal(SchemaType.STRUCT, 'STRUCT');
  assert.equal(isPrimitiveType('BYTES'), true);
  assert.equal(isPrimitiveType('MAP'), false);
  assert.equal(schemaTypeName('INT64'), 'int64');
});

test('schemas compare structurally, not by identity', () => {
  const a = SchemaBuilder.struct().name('com.example.User').field('id', Schema.INT64_SCHEMA).build();
  const b = SchemaBuilder.struct().name('com.example.User').field('id', Schema.INT64_SCHEMA).build();
  const c = SchemaBuilder.struct().name('com.example.User').field('id', Schema.OPTIONAL_INT64_SCHEMA).build();
  assert.notEqual(a, b);
  assert.equal(a.equals(b), true);
  assert.equal(a.equals(c), false);
  assert.equal(new ConnectSchema({ type: 'STRING' }).equals(Schema.STRING_SCHEMA), true);
  assert.equal(SchemaBuilder.string().doc('x').build().equals(Schema.STRING_SCHEMA), false);
  assert.equal(SchemaBuilder.string().defaultValue('x').build().equals(SchemaBuilder.string().defaultValue('y').build()), false);
  assert.equal(SchemaBuilder.bytes().parameter('k', 'v').build().equals(SchemaBuilder.bytes().parameter('k', 'v').build()), true);
  assert.equal(SchemaBuilder.array(Schema.STRING_SCHEMA).build().equals(SchemaBuilder.array(Schema.INT8_SCHEMA).build()), false);
});

test('only STRUCTs have fields; ARRAY and MAP need their child schemas', () => {
  assert.deepEqual(Schema.STRING_SCHEMA.fields, []);
  assert.throws(() => Schema.STRING_SCHEMA.field('x'), dataError(/only STRUCTs have fields/));
  assert.throws(() => new ConnectSchema({ type: 'ARRAY' }), dataError(/value schema/));
  assert.throws(() => new ConnectSchema({ type: 'MAP', valueSchema: Schema.STRING_SCHEMA }), dataError(/key schema/));
  const s = SchemaBuilder.struct().field('a', Schema.STRING_SCHEMA).field('b', Schema.INT32_SCHEMA).build();
  assert.equal(s.field('b')!.index, 1);
  assert.equal(s.field('nope'), undefined);
  assert.equal(String(s), 'Schema{STRUCT}');
  assert.equal(String(SchemaBuilder.struct().name('x.Y').build()), 'Schema{x.Y:STRUCT}');
});

test('SchemaAndValue pairs a schema with a value', () => {
  assert.equal(SchemaAndValue.NULL.schema, null);
  assert.equal(new SchemaAndValue(Schema.STRING_SCHEMA, 'a').equals(new SchemaAndValue(new ConnectSchema({ type: 'STRING' }), 'a')), true);
  assert.equal(new SchemaAndValue(Schema.STRING_SCHEMA, 'a').equals(new SchemaAndValue(null, 'a')), false);
  assert.equal(new SchemaAndValue(Schema.BYTES_SCHEMA, Buffer.from('x')).equals(new SchemaAndValue(Schema.BYTES_SCHEMA, new Uint8Array([0x78]))), true);
});
