import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Password, convertToString, javaDouble, parseType } from '../../../../runtime/api/config/types.js';
import { ConfigException } from '../../../../runtime/api/errors.js';
import { inspect } from 'node:util';

const refused = (message: string) => (e: unknown) => e instanceof ConfigException && e.code === 'CONFIG_ERROR' && e.message === message;

test('BOOLEAN: true/false in any case, trimmed', () => {
  assert.equal(parseType('b', ' TRUE ', 'BOOLEAN'), true);
  assert.equal(parseType('b', 'False', 'BOOLEAN'), false);
  assert.equal(parseType('b', true, 'BOOLEAN'), true);
  assert.throws(() => parseType('b', 'yes', 'BOOLEAN'), refused('Invalid value yes for configuration b: Expected value to be either true or false'));
  assert.throws(() => parseType('b', '1', 'BOOLEAN'), ConfigException);
});

test('INT, SHORT, LONG: strict decimal integers within range', () => {
  assert.equal(parseType('i', ' 42 ', 'INT'), 42);
  assert.equal(parseType('i', '+7', 'INT'), 7);
  assert.equal(parseType('i', '-2147483648', 'INT'), -2147483648);
  assert.equal(parseType('i', 5, 'INT'), 5);
  for (const bad of ['2147483648', '1.0', '1e3', '', '0x10', '12abc']) {
    assert.throws(() => parseType('tasks.max', bad, 'INT'), refused(`Invalid value ${bad} for configuration tasks.max: Not a number of type INT`), bad);
  }
  assert.equal(parseType('s', '32767', 'SHORT'), 32767);
  assert.throws(() => parseType('s', '32768', 'SHORT'), refused('Invalid value 32768 for configuration s: Not a number of type SHORT'));
  assert.equal(parseType('l', '9007199254740993', 'LONG'), 9007199254740992);
  assert.equal(parseType('l', '9223372036854775807', 'LONG'), 2 ** 63);
  assert.throws(() => parseType('l', '9223372036854775808', 'LONG'), refused('Invalid value 9223372036854775808 for configuration l: Not a number of type LONG'));
  assert.throws(() => parseType('l', 1.5, 'LONG'), ConfigException);
});

test('DOUBLE: decimal, exponent, NaN, Infinity; nothing else', () => {
  assert.equal(parseType('d', '1.5', 'DOUBLE'), 1.5);
  assert.equal(parseType('d', '-2E3', 'DOUBLE'), -2000);
  assert.equal(parseType('d', '.5', 'DOUBLE'), 0.5);
  assert.equal(parseType('d', '3', 'DOUBLE'), 3);
  assert.ok(Number.isNaN(parseType('d', 'NaN', 'DOUBLE') as number));
  assert.equal(parseType('d', '-Infinity', 'DOUBLE'), Number.NEGATIVE_INFINITY);
  for (const bad of ['', 'abc', '1,5', '1e', '0x1']) assert.throws(() => parseType('d', bad, 'DOUBLE'), refused(`Invalid value ${bad} for configuration d: Not a number of type DOUBLE`));
});

test('LIST: comma-separated, items trimmed, empty string is the empty list', () => {
  assert.deepEqual(parseType('l', ' a , b,c ', 'LIST'), ['a', 'b', 'c']);
  assert.deepEqual(parseType('l', '', 'LIST'), []);
  assert.deepEqual(parseType('l', '   ', 'LIST'), []);
  assert.deepEqual(parseType('l', 'a,,b', 'LIST'), ['a', '', 'b']);
  assert.deepEqual(parseType('l', ['x', 'y'], 'LIST'), ['x', 'y']);
  assert.throws(() => parseType('l', 5, 'LIST'), refused('Invalid value 5 for configuration l: Expected a comma separated list.'));
});

test('STRING and CLASS are trimmed strings; PASSWORD is wrapped and never shown', () => {
  assert.equal(parseType('s', '  x ', 'STRING'), 'x');
  assert.equal(parseType('c', ' io.tributary.X ', 'CLASS'), 'io.tributary.X');
  assert.throws(() => parseType('s', 5, 'STRING'), refused('Invalid value 5 for configuration s: Expected value to be a string, but it was a number'));
  const p = parseType('p', ' s3cret ', 'PASSWORD') as Password;
  assert.equal(p.value(), 's3cret');
  assert.equal(String(p), '[hidden]');
  assert.equal(`${p}`, '[hidden]');
  assert.equal(JSON.stringify({ p }), '{"p":"[hidden]"}');
  assert.equal(inspect(p), 'Password([hidden])');
  assert.equal(p.equals(new Password('s3cret')), true);
  assert.equal(parseType('p', p, 'PASSWORD'), p);
  assert.equal(parseType('x', null, 'INT'), null);
});

test('convertToString as Kafka: lists joined, doubles as Java prints them, secrets hidden', () => {
  assert.equal(convertToString(['a', 'b'], 'LIST'), 'a,b');
  assert.equal(convertToString([], 'LIST'), '');
  assert.equal(convertToString(true, 'BOOLEAN'), 'true');
  assert.equal(convertToString(5, 'INT'), '5');
  assert.equal(convertToString(2 ** 63, 'LONG'), '9223372036854775807');
  assert.equal(convertToString(new Password('x'), 'PASSWORD'), '[hidden]');
  assert.equal(convertToString(null, 'STRING'), null);
  assert.equal(convertToString(3, null), '3');
  const doubles: Array<[number, string]> = [
    [1, '1.0'],
    [0.5, '0.5'],
    [100, '100.0'],
    [1e7, '1.0E7'],
    [12345678.9, '1.23456789E7'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [-2.5e-5, '-2.5E-5'],
    [0, '0.0'],
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ];
  for (const [x, s] of doubles) assert.equal(javaDouble(x), s, String(x));
  assert.equal(convertToString(1, 'DOUBLE'), '1.0');
});
