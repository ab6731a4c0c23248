import { test } from 'node:test';
import assert from 'node:assert/strict';
import avro from 'avsc';
import { BigDecimal, Decimal, Schema, SchemaBuilder, Struct, Timestamp } from '../../../runtime/api/index.js';
import { avroSize, paddingLength, varintSize } from '../../../connectors/datagen/avro-size.js';
import { connectToAvro, toAvroValue } from './avro-mapping.js';

test('varintSize follows the zig-zag encoding', () => {
  assert.deepEqual([0, -1, 1, 63, -64, 64, 8191, 8192].map((n) => varintSize(n)), [1, 1, 1, 1, 1, 2, 2, 3]);
  assert.equal(varintSize(2n ** 62n - 1n), 9);
  assert.equal(varintSize(2n ** 62n), 10);
  assert.equal(varintSize(-(2n ** 63n)), 10);
});

test('avroSize equals the length avsc encodes, for every Connect type the generator uses', () => {
  const inner = SchemaBuilder.struct().name('x.Inner').field('n', Schema.INT32_SCHEMA).build();
  const schema = SchemaBuilder.struct()
    .name('x.All')
    .field('i8', Schema.INT8_SCHEMA)
    .field('i32', Schema.INT32_SCHEMA)
    .field('i64', Schema.INT64_SCHEMA)
    .field('f32', Schema.FLOAT32_SCHEMA)
    .field('f64', Schema.FLOAT64_SCHEMA)
    .field('b', Schema.BOOLEAN_SCHEMA)
    .field('s', Schema.STRING_SCHEMA)
    .field('opt', Schema.OPTIONAL_STRING_SCHEMA)
    .field('optSet', Schema.OPTIONAL_STRING_SCHEMA)
    .field('bytes', Schema.BYTES_SCHEMA)
    .field('dec', Decimal.schema(2))
    .field('ts', Timestamp.SCHEMA)
    .field('arr', SchemaBuilder.array(Schema.STRING_SCHEMA))
    .field('empty', SchemaBuilder.array(Schema.INT32_SCHEMA))
    .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA))
    .field('inner', inner)
    .build();
  const value = new Struct(schema)
    .put('i8', -5)
    .put('i32', 123456)
    .put('i64', -(2n ** 40n))
    .put('f32', 1.5)
    .put('f64', Math.PI)
    .put('b', true)
    .put('s', 'héllo wörld')
    .put('opt', null)
    .put('optSet', 'set')
    .put('bytes', Buffer.from([1, 2, 3]))
    .put('dec', new BigDecimal(-12345678901n, 2))
    .put('ts', new Date(1_704_067_200_123))
    .put('arr', ['a', 'bb'])
    .put('empty', [])
    .put('map', new Map([['k', 1n], ['l', 300n]]))
    .put('inner', new Struct(inner).put('n', 7));
  const type = avro.Type.forSchema(connectToAvro(schema) as avro.Schema);
  assert.equal(avroSize(schema, value), type.toBuffer(toAvroValue(schema, value)).length);
});

test('paddingLength hits the target, or one short where the length varint grows', () => {
  for (const base of [0, 10, 57]) {
    for (let target = base + 1; target < base + 300; target++) {
      const len = paddingLength(target, base);
      const total = base + varintSize(len) + len;
      assert.ok(total === target || total === target - 1, `base ${base}, target ${target}: ${total}`);
    }
  }
  assert.equal(paddingLength(10, 50), 0, 'a record already bigger is not padded');
});
