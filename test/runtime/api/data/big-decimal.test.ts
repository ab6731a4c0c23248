import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { DataException } from '../../../../runtime/api/errors.js';

test('parses text, numbers and bigints keeping the written scale', () => {
  const cases: Array<[string | number | bigint, bigint, number, string]> = [
    ['12.30', 1230n, 2, '12.30'],
    ['-0.001', -1n, 3, '-0.001'],
    ['+7', 7n, 0, '7'],
    ['.5', 5n, 1, '0.5'],
    ['1e3', 1n, -3, '1000'],
    ['1.5E-2', 15n, 3, '0.015'],
    [0.1, 1n, 1, '0.1'],
    [-42, -42n, 0, '-42'],
    [123456789012345678901234567890n, 123456789012345678901234567890n, 0, '123456789012345678901234567890'],
  ];
  for (const [input, unscaled, scale, text] of cases) {
    const d = BigDecimal.from(input);
    assert.equal(d.unscaled, unscaled, String(input));
    assert.equal(d.scale, scale, String(input));
    assert.equal(d.toString(), text, String(input));
  }
  for (const bad of ['', '.', 'abc', '1.2.3', '1e']) assert.throws(() => BigDecimal.from(bad), DataException, bad);
  assert.throws(() => BigDecimal.from(Number.POSITIVE_INFINITY), DataException);
});

test('setScale is exact or refuses', () => {
  assert.equal(BigDecimal.from('1.5').setScale(3).toString(), '1.500');
  assert.equal(BigDecimal.from('1.500').setScale(1).toString(), '1.5');
  assert.throws(() => BigDecimal.from('1.55').setScale(1), /without rounding/);
});

test('equals is scale-sensitive, compareTo is not', () => {
  assert.equal(BigDecimal.from('1.5').equals(BigDecimal.from('1.50')), false);
  assert.equal(BigDecimal.from('1.5').compareTo(BigDecimal.from('1.50')), 0);
  assert.equal(BigDecimal.from('-2').compareTo(BigDecimal.from('1.9')), -1);
  assert.equal(BigDecimal.from('2.01').compareTo(BigDecimal.from('2.001')), 1);
});

test('JSON and number views', () => {
  assert.equal(JSON.stringify({ v: BigDecimal.from('0.10') }), '{"v":"0.10"}');
  assert.equal(BigDecimal.from('0.25').toNumber(), 0.25);
});
