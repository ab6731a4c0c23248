import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema, SchemaAndValue } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { DataException } from '../../../runtime/api/errors.js';
import { SimpleHeaderConverter } from '../../../runtime/converters/simple-header-converter.js';

test('headers as UTF-8 text, read back with inferred schemas', () => {
  const c = new SimpleHeaderConverter();
  c.configure();
  assert.deepEqual(c.fromConnectHeader('t', 'h', Schema.STRING_SCHEMA, 'héllo'), Buffer.from('héllo'));
  assert.deepEqual(c.fromConnectHeader('t', 'h', Schema.INT64_SCHEMA, 12n), Buffer.from('12'));
  assert.equal(c.fromConnectHeader('t', 'h', Schema.OPTIONAL_STRING_SCHEMA, null), null);
  assert.ok(c.toConnectHeader('t', 'h', Buffer.from('12')).equals(new SchemaAndValue(Schema.INT8_SCHEMA, 12)));
  assert.ok(c.toConnectHeader('t', 'h', Buffer.from('héllo')).equals(new SchemaAndValue(Schema.STRING_SCHEMA, 'héllo')));
  assert.ok(c.toConnectHeader('t', 'h', Buffer.alloc(0)).equals(new SchemaAndValue(Schema.STRING_SCHEMA, '')));
  assert.equal(c.toConnectHeader('t', 'h', null), SchemaAndValue.NULL);
  assert.deepEqual(c.config().names(), []);
});

test('a struct header is written as a JSON-like map and reads back as a MAP', () => {
  const c = new SimpleHeaderConverter();
  const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', Schema.INT32_SCHEMA).build();
  const bytes = c.fromConnectHeader('t', 'h', schema, new Struct(schema).put('a', 1).put('b', 2));
  assert.equal(bytes!.toString(), '{"a":1,"b":2}');
  const back = c.toConnectHeader('t', 'h', bytes);
  assert.ok(back.equals(new SchemaAndValue(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), new Map([['a', 1], ['b', 2]]))));
});

test('bytes that are not UTF-8 name the header and the topic', () => {
  const c = new SimpleHeaderConverter();
  assert.throws(() => c.toConnectHeader('orders', 'trace', Buffer.from([0xc3, 0x28])),
    (e: unknown) => e instanceof DataException && /header 'trace' on topic 'orders'/.test(e.message));
});
