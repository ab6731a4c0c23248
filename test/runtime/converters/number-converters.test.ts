import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { DataException } from '../../../runtime/api/errors.js';
import {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
} from '../../../runtime/converters/number-converters.js';

test("each writes Kafka's serializer bytes, big-endian, and reads them back with the optional schema", () => {
  const rows: [{ serialize(s: Schema | null, v: unknown): Buffer | null; deserialize(b: Uint8Array | null): { schema: Schema | null; value: unknown } }, unknown, string, Schema][] = [
    [new ShortConverter(), -2, 'fffe', Schema.OPTIONAL_INT16_SCHEMA],
    [new IntegerConverter(), 258, '00000102', Schema.OPTIONAL_INT32_SCHEMA],
    [new LongConverter(), -9223372036854775808n, '8000000000000000', Schema.OPTIONAL_INT64_SCHEMA],
    [new FloatConverter(), 1.5, '3fc00000', Schema.OPTIONAL_FLOAT32_SCHEMA],
    [new DoubleConverter(), 1.5, '3ff8000000000000', Schema.OPTIONAL_FLOAT64_SCHEMA],
    [new BooleanConverter(), true, '01', Schema.OPTIONAL_BOOLEAN_SCHEMA],
  ];
  for (const [c, value, hex, schema] of rows) {
    assert.equal(c.serialize(null, value)!.toString('hex'), hex);
    const back = c.deserialize(Buffer.from(hex, 'hex'));
    assert.equal(back.schema, schema);
    assert.equal(back.value, value);
    assert.equal(c.serialize(schema, null), null);
    assert.equal(c.deserialize(null).value, null);
  }
  assert.equal(new LongConverter().serialize(null, 5)!.toString('hex'), '0000000000000005');
});

test('wrong sizes, values and bytes are DataExceptions', () => {
  const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);
  assert.throws(() => new IntegerConverter().deserialize(Buffer.from([1, 2])), dataError(/Failed to deserialize integer: expected 4 byte\(s\), got 2/));
  assert.throws(() => new ShortConverter().serialize(null, 70000), dataError(/Failed to serialize to short/));
  assert.throws(() => new LongConverter().serialize(null, 2n ** 63n), dataError(/64-bit bigint/));
  assert.throws(() => new DoubleConverter().serialize(null, '1'), dataError(/expected a number/));
  assert.throws(() => new BooleanConverter().deserialize(Buffer.from([2])), dataError(/unexpected byte 0x02/));
  assert.throws(() => new BooleanConverter().serialize(Schema.STRING_SCHEMA, true), dataError(/Invalid schema type for BooleanConverter: STRING/));
  assert.throws(() => new BooleanConverter().serialize(null, 1), dataError(/not compatible/));
});
