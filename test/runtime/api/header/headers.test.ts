import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { Decimal, Timestamp } from '../../../../runtime/api/data/logical-types.js';
import { Schema, SchemaAndValue } from '../../../../runtime/api/data/schema.js';
import { Header, Headers } from '../../../../runtime/api/header/headers.js';
import { DataException } from '../../../../runtime/api/errors.js';

const keys = (h: Headers) => [...h].map((x) => `${x.key}=${String(x.value)}`);

test('headers keep insertion order and repeated keys', () => {
  const h = new Headers().addString('a', '1').addString('b', '2').addString('a', '3');
  assert.equal(h.size, 3);
  assert.equal(h.isEmpty(), false);
  assert.deepEqual(keys(h), ['a=1', 'b=2', 'a=3']);
  assert.deepEqual(h.allWithName('a').map((x) => x.value), ['1', '3']);
  assert.equal(h.lastWithName('a')!.value, '3');
  assert.equal(h.lastWithName('zzz'), undefined);
  assert.deepEqual(h.allWithName('zzz'), []);
});

test('typed adders set the matching schema and check the value', () => {
  const h = new Headers()
    .addBoolean('bool', true)
    .addInt8('i8', 1)
    .addInt16('i16', 2)
    .addInt32('i32', 3)
    .addInt64('i64', 4n)
    .addFloat32('f32', 1.5)
    .addFloat64('f64', 2.5)
    .addBytes('b', Buffer.from('x'))
    .addDecimal('d', BigDecimal.from('1.25'))
    .addTimestamp('ts', new Date(0))
    .addString('none', null);
  assert.deepEqual([...h].map((x) => x.schema!.type), ['BOOLEAN', 'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BYTES', 'BYTES', 'INT64', 'STRING']);
  assert.equal(h.lastWithName('d')!.schema!.equals(Decimal.schema(2)), true);
  assert.equal(h.lastWithName('ts')!.schema!.equals(Timestamp.SCHEMA), true);
  assert.throws(() => new Headers().addInt8('x', 300), (e: unknown) => e instanceof DataException && /field "header x": 300 is out of range for INT8/.test(e.message));
  assert.throws(() => new Headers().add('x', 5, Schema.STRING_SCHEMA), DataException);
  new Headers().add('schemaless', { any: 'thing' }, null);
  new Headers().addSchemaAndValue('sv', new SchemaAndValue(Schema.STRING_SCHEMA, 'v'));
});

test('remove, retainLatest (one key or all), clear', () => {
  const make = () => new Headers().addString('a', '1').addString('b', '2').addString('a', '3').addString('b', '4').addString('c', '5');
  assert.deepEqual(keys(make().remove('a')), ['b=2', 'b=4', 'c=5']);
  assert.deepEqual(keys(make().retainLatest('a')), ['b=2', 'a=3', 'b=4', 'c=5']);
  assert.deepEqual(keys(make().retainLatest()), ['a=3', 'b=4', 'c=5']);
  assert.equal(make().clear().isEmpty(), true);
});

test('apply transforms in place; null removes', () => {
  const h = new Headers().addString('a', '1').addString('b', '2').addString('a', '3');
  h.apply('a', (x) => (x.value === '1' ? null : x.with(Schema.STRING_SCHEMA, 'three')));
  assert.deepEqual(keys(h), ['b=2', 'a=three']);
  h.apply((x) => x.rename(`x-${x.key}`));
  assert.deepEqual(keys(h), ['x-b=2', 'x-a=three']);
});

test('duplicate is independent; equality is by content', () => {
  const h = new Headers().addString('a', '1');
  const d = h.duplicate();
  d.addString('b', '2');
  assert.equal(h.size, 1);
  assert.equal(d.size, 2);
  assert.equal(h.equals(new Headers([new Header('a', Schema.OPTIONAL_STRING_SCHEMA, '1')])), true);
  assert.equal(h.equals(d), false);
  assert.equal(new Header('k', null, Buffer.from('v')).equals(new Header('k', null, new Uint8Array([0x76]))), true);
});
