import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Timestamp } from '../../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { DataException } from '../../../../runtime/api/errors.js';

const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

const TWEET = SchemaBuilder.struct()
  .name('com.example.Tweet')
  .field('id', Schema.STRING_SCHEMA)
  .field('author_id', Schema.INT64_SCHEMA)
  .field('retweets', SchemaBuilder.int32().defaultValue(0))
  .field('lang', Schema.OPTIONAL_STRING_SCHEMA)
  .field('created_at', Timestamp.SCHEMA)
  .field('score', Decimal.builder(2).optional())
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional())
  .field('raw', Schema.OPTIONAL_BYTES_SCHEMA)
  .build();

function tweet(): Struct {
  return new Struct(TWEET).put('id', '1').put('author_id', 42n).put('created_at', new Date(1_700_000_000_000));
}

test('a Struct needs a STRUCT schema', () => {
  assert.throws(() => new Struct(Schema.STRING_SCHEMA), dataError(/needs a STRUCT schema/));
});

test('put then get, by name or by Field; defaults apply to unset fields', () => {
  const s = tweet().put('lang', 'en').put(TWEET.field('tags')!, ['a', 'b']);
  assert.equal(s.get('id'), '1');
  assert.equal(s.get(TWEET.field('author_id')!), 42n);
  assert.equal(s.get('retweets'), 0);
  assert.equal(s.getWithoutDefault('retweets'), null);
  assert.equal(s.get('lang'), 'en');
  assert.deepEqual(s.getArray<string>('tags'), ['a', 'b']);
  assert.equal(s.get('raw'), null);
  s.put('lang', undefined);
  assert.equal(s.get('lang'), null);
});

test('typed getters check the field type', () => {
  const s = tweet().put('retweets', 7);
  assert.equal(s.getString('id'), '1');
  assert.equal(s.getInt64('author_id'), 42n);
  assert.equal(s.getInt32('retweets'), 7);
  assert.equal(s.getBytes('raw'), null);
  assert.throws(() => s.getInt32('id'), dataError(/Field "id" is of type STRING, not INT32/));
  assert.throws(() => s.getInt64('created_at'), dataError(/logical type \(org\.apache\.kafka\.connect\.data\.Timestamp\): read it with get\(\)/));
  assert.deepEqual(s.getLogical<Date>('created_at'), new Date(1_700_000_000_000));
});

test('put refuses unknown fields and invalid values, naming the field', () => {
  const s = tweet();
  assert.throws(() => s.put('nope', 1), dataError(/"nope" is not a field of Schema\{com\.example\.Tweet:STRUCT\}; its fields are: id, author_id/));
  assert.throws(() => s.put('author_id', 42), dataError(/field "author_id": expected INT64 \(bigint\), got number 42/));
  assert.throws(() => s.put('id', null), dataError(/field "id": null, but the STRING schema is required/));
  assert.throws(() => s.put('tags', ['a', 1]), dataError(/field "tags\[1\]"/));
  assert.throws(() => s.put('score', new BigDecimal(1234n, 3)), dataError(/field "score": BigDecimal 1\.234 has scale 3, the schema's scale is 2/));
  assert.throws(() => s.put('created_at', 'yesterday'), dataError(/field "created_at": expected a valid Date/));
  assert.throws(() => s.get('nope'), dataError(/not a field/));
  const otherField = SchemaBuilder.struct().field('x', Schema.STRING_SCHEMA).field('id', Schema.STRING_SCHEMA).build().field('id')!;
  assert.throws(() => s.put(otherField, 'x'), dataError(/not a field/));
});

test('validate() finds required fields that were never set', () => {
  tweet().validate();
  const s = new Struct(TWEET).put('id', '1');
  assert.throws(() => s.validate(), dataError(/^Invalid value for field "author_id": null, but the INT64 schema is required and has no default$/));
  new Struct(SchemaBuilder.struct().field('n', SchemaBuilder.int32().defaultValue(3)).build()).validate();
});

test('equals compares schema and values deeply', () => {
  const a = tweet().put('raw', Buffer.from('xy')).put('score', BigDecimal.from('1.50'));
  const b = tweet().put('raw', new Uint8Array([0x78, 0x79])).put('score', new BigDecimal(150n, 2));
  assert.equal(a.equals(b), true);
  b.put('raw', new Uint8Array([0]));
  assert.equal(a.equals(b), false);
  const sameShape = SchemaBuilder.struct().name('other').field('id', Schema.STRING_SCHEMA).build();
  assert.equal(new Struct(sameShape).equals(new Struct(TWEET)), false);
});

test('nested structs, maps of structs, Date logical type in a struct', () => {
  const point = SchemaBuilder.struct().name('Point').field('x', Schema.INT32_SCHEMA).build();
  const shape = SchemaBuilder.struct()
    .field('points', SchemaBuilder.map(Schema.STRING_SCHEMA, point))
    .field('day', ConnectDate.SCHEMA)
    .build();
  const s = new Struct(shape).put('points', new Map([['a', new Struct(point).put('x', 1)]])).put('day', new Date(Date.UTC(2024, 0, 2)));
  s.validate();
  assert.equal((s.getMap<string, Struct>('points')!.get('a')!).getInt32('x'), 1);
  assert.throws(() => s.put('day', new Date(Date.UTC(2024, 0, 2, 5))), dataError(/field "day": a Date value must be midnight UTC/));
  assert.throws(() => s.put('points', new Map([['b', new Struct(point)]])), dataError(/field "points\["b"\]\.x": null/));
});

test('toString lists the fields that are set, as Java prints a Struct', () => {
  assert.equal(String(new Struct(SchemaBuilder.struct().field('a', Schema.STRING_SCHEMA).field('b', Schema.OPTIONAL_INT64_SCHEMA).build()).put('a', 'x')), 'Struct{a=x}');
  const inner = SchemaBuilder.struct().field('n', Schema.INT32_SCHEMA).build();
  const schema = SchemaBuilder.struct()
    .field('list', SchemaBuilder.array(Schema.STRING_SCHEMA).build())
    .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
    .field('inner', inner)
    .field('bytes', Schema.BYTES_SCHEMA)
    .field('flag', Schema.BOOLEAN_SCHEMA)
    .build();
  const s = new Struct(schema).put('list', ['a', 'b']).put('map', new Map([['k', 1n], ['l', 2n]])).put('inner', new Struct(inner).put('n', 3))
    .put('bytes', new Uint8Array(4)).put('flag', true);
  assert.equal(s.toString(), 'Struct{list=[a, b],map={k=1, l=2},inner=Struct{n=3},bytes=<4 bytes>,flag=true}');
});
