import { test } from 'node:test';
import assert from 'node:assert/strict';
import { javaDouble, javaFloat, JsonNumber, JsonSyntaxError, parseJson, quote, toPlain, writeJson } from '../../../../registry/schema/avro/json.js';

test('numbers keep their literal text; objects keep document order', () => {
  const v = parseJson('{"b": 1.0, "2": 12345678901234567890, "a": -0, "1": [1e2, true, null, "s"]}');
  assert.ok(v instanceof Map);
  assert.deepEqual([...v.keys()], ['b', '2', 'a', '1']);
  const b = v.get('b');
  assert.ok(b instanceof JsonNumber);
  assert.equal(b.text, '1.0');
  assert.equal(b.integral, false);
  assert.equal((v.get('2') as JsonNumber).integral, true);
  assert.equal(writeJson(v), '{"b":1.0,"2":12345678901234567890,"a":0,"1":[100.0,true,null,"s"]}');
});

test('a repeated key keeps its first position and takes the last value', () => {
  assert.equal(writeJson(parseJson('{"a":1,"b":2,"a":3}')), '{"a":3,"b":2}');
});

test('string escapes are decoded', () => {
  assert.equal(parseJson(String.raw`"a\"b\\c\/d\n\t\u00e9\ud83d\ude00"`), 'a"b\\c/d\n\té😀');
});

test('syntax errors give the reason and line:column', () => {
  const cases: Array<[string, RegExp]> = [
    ['{"type": "record",\n  "name": "R"\n  "fields": []}', /^expected ',' or '}' after the value of "name" but found '"' at line 3, column 3$/],
    ['{"a": }', /^unexpected '}', expected a JSON value at line 1, column 7$/],
    ['{"a": 1,}', /^expected a property name in double quotes but found '}' at line 1, column 9$/],
    ["{'a': 1}", /^expected a property name in double quotes but found ''' at line 1, column 2$/],
    ['[1, 2', /^expected ',' or ']' in array but found end of input at line 1, column 6$/],
    ['"abc', /^unterminated string at line 1, column 5$/],
    ['"a\nb"', /^control character in string/],
    ['"\\x"', /^invalid escape '\\x'/],
    ['"\\u12"', /^invalid \\u escape/],
    ['{"a": 1} x', /^unexpected 'x' after the end of the JSON document at line 1, column 10$/],
    ['', /^unexpected end of input, expected a JSON value at line 1, column 1$/],
    ['01', /after the end of the JSON document/],
    ['NaN', /^unexpected 'N'/],
    ['{"a" 1}', /^expected ':' after property name "a" but found '1'/],
  ];
  for (const [text, expected] of cases) {
    assert.throws(() => parseJson(text), (e: unknown) => e instanceof JsonSyntaxError && expected.test(e.message), JSON.stringify(text));
  }
  try {
    parseJson('{\n\n   x');
  } catch (e) {
    assert.ok(e instanceof JsonSyntaxError);
    assert.deepEqual([e.line, e.column], [3, 4]);
  }
});

test("doubles and floats print as Java's Double.toString and Float.toString", () => {
  const doubles: Array<[number, string]> = [
    [0, '0.0'], [-0, '-0.0'], [1, '1.0'], [1.5, '1.5'], [100, '100.0'], [0.001, '0.001'], [0.0001, '1.0E-4'],
    [1e7, '1.0E7'], [9999999, '9999999.0'], [1.234e10, '1.234E10'], [-2.5e-7, '-2.5E-7'], [NaN, 'NaN'], [-Infinity, '-Infinity'],
  ];
  for (const [x, s] of doubles) assert.equal(javaDouble(x), s, String(x));
  const floats: Array<[number, string]> = [[0.1, '0.1'], [1, '1.0'], [3.3, '3.3'], [1 / 3, '0.33333334'], [16777217, '1.6777216E7'], [1e-10, '1.0E-10']];
  for (const [x, s] of floats) assert.equal(javaFloat(x), s, String(x));
});

test('strings are quoted as Jackson quotes them', () => {
  assert.equal(quote('a"b\\c\n\u0001\u001fé/'), '"a\\"b\\\\c\\n\\u0001\\u001Fé/"');
  assert.equal(quote('\\u001f'), '"\\\\u001f"', 'a literal backslash-u is not an escape');
  assert.equal(writeJson(new JsonNumber('NaN')), '"NaN"');
});

test('toPlain gives avsc plain values', () => {
  assert.deepEqual(toPlain(parseJson('{"a":[1.5,"x",{"b":null}]}')), { a: [1.5, 'x', { b: null }] });
});
