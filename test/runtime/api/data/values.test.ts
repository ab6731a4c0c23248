import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { INT64_MAX, INT64_MIN, describeValue, int64ToNumber, toInt64, valuesEqual } from '../../../../runtime/api/data/values.js';
import { DataException } from '../../../../runtime/api/errors.js';

test('toInt64 accepts safe numbers, bigints and integer strings within the long range', () => {
  assert.equal(toInt64(42), 42n);
  assert.equal(toInt64('-9223372036854775808'), INT64_MIN);
  assert.equal(toInt64(' 9223372036854775807 '), INT64_MAX);
  assert.throws(() => toInt64(2 ** 53), /not a safe integer; pass a bigint or a string/);
  assert.throws(() => toInt64(1.5), DataException);
  assert.throws(() => toInt64('9223372036854775808'), /outside the INT64 range/);
  assert.throws(() => toInt64('12abc'), /not an integer/);
});

test('int64ToNumber only when exact', () => {
  assert.equal(int64ToNumber(123n), 123);
  assert.throws(() => int64ToNumber(2n ** 53n), /does not fit a JS number exactly/);
});

test('valuesEqual compares Connect values deeply', () => {
  assert.equal(valuesEqual(null, undefined), true);
  assert.equal(valuesEqual(Number.NaN, Number.NaN), true);
  assert.equal(valuesEqual(1n, 1), false);
  assert.equal(valuesEqual(Buffer.from('ab'), new Uint8Array([97, 98])), true);
  assert.equal(valuesEqual(new Date(5), new Date(5)), true);
  assert.equal(valuesEqual([1, [2, 'x']], [1, [2, 'x']]), true);
  assert.equal(valuesEqual([1], [1, 2]), false);
  assert.equal(valuesEqual(new Map([['a', [1]]]), new Map([['a', [1]]])), true);
  assert.equal(valuesEqual(new Map([[Buffer.from('k'), 1]]), new Map([[Buffer.from('k'), 1]])), true);
  assert.equal(valuesEqual(new Map([['a', 1]]), new Map([['a', 2]])), false);
  assert.equal(valuesEqual(BigDecimal.from('1.0'), BigDecimal.from('1.0')), true);
  assert.equal(valuesEqual({ a: 1 }, { a: 1 }), false);
});

test('describeValue is short and typed', () => {
  assert.equal(describeValue(12), 'number 12');
  assert.equal(describeValue('x'), 'string "x"');
  assert.equal(describeValue(3n), 'bigint 3');
  assert.equal(describeValue(new Uint8Array(4)), '4 bytes');
  assert.equal(describeValue({}), 'plain object');
  assert.equal(describeValue(new Map()), 'Map of 0');
});
