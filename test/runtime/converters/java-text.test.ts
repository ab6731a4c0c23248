import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../runtime/api/data/big-decimal.js';
import { DataException } from '../../../runtime/api/errors.js';
import { fromBase64, javaBigDecimal, javaDouble, javaFloat, toBase64 } from '../../../runtime/converters/java-text.js';

test("Float.toString: the float's shortest digits, not the double's", () => {
  assert.equal(javaFloat(0.1), '0.1');
  assert.equal(javaFloat(Math.fround(12.34)), '12.34');
  assert.equal(javaFloat(1), '1.0');
  assert.equal(javaFloat(1e10), '1.0E10');
  assert.equal(javaFloat(Math.fround(1e-5)), '1.0E-5');
  assert.equal(javaFloat(Math.fround(3.4028235e38)), '3.4028235E38');
  assert.equal(javaFloat(NaN), 'NaN');
  assert.equal(javaFloat(-0), '-0.0');
});

test('Double.toString layout', () => {
  assert.equal(javaDouble(12.34), '12.34');
  assert.equal(javaDouble(1e7), '1.0E7');
  assert.equal(javaDouble(9999999), '9999999.0');
  assert.equal(javaDouble(0.001), '0.001');
  assert.equal(javaDouble(0.0001), '1.0E-4');
});

test('BigDecimal.toString: plain unless the scale is negative or the number tiny', () => {
  assert.equal(javaBigDecimal(BigDecimal.from('12.30')), '12.30');
  assert.equal(javaBigDecimal(BigDecimal.from('-0.000001')), '-0.000001');
  assert.equal(javaBigDecimal(BigDecimal.from('0.0000001')), '1E-7');
  assert.equal(javaBigDecimal(new BigDecimal(123n, -2)), '1.23E+4');
  assert.equal(javaBigDecimal(new BigDecimal(-1n, -3)), '-1E+3');
  assert.equal(javaBigDecimal(new BigDecimal(123456n, 10)), '0.0000123456');
  assert.equal(javaBigDecimal(new BigDecimal(12n, 10)), '1.2E-9');
});

test('base64: standard alphabet with padding; decoding refuses anything else', () => {
  assert.equal(toBase64(new Uint8Array([0xfb, 0xff])), '+/8=');
  assert.deepEqual([...fromBase64('+/8=', 'x')], [0xfb, 0xff]);
  assert.deepEqual([...fromBase64('+/8', 'x')], [0xfb, 0xff]);
  assert.deepEqual([...fromBase64('', 'x')], []);
  assert.throws(() => fromBase64('-_8=', 'field f'), (e: unknown) => e instanceof DataException && /^field f: "-_8=" is not base64$/.test(e.message));
  assert.throws(() => fromBase64('A', 'x'), DataException);
  assert.throws(() => fromBase64('AB CD', 'x'), DataException);
});
