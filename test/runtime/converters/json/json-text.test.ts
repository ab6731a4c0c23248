import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataException } from '../../../../runtime/api/errors.js';
import { JsonNumber, nodeType, parseJson, stringifyJson, toJsonValue } from '../../../../runtime/converters/json/json-text.js';

const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

test('numbers keep their exact text, so 64-bit integers and decimals survive', () => {
  const v = parseJson('[9007199254740993, 0.10, -1e-7, 0]') as JsonNumber[];
  assert.deepEqual(v.map((n) => n.text), ['9007199254740993', '0.10', '-1e-7', '0']);
  assert.deepEqual(v.map((n) => n.integral), [true, false, false, true]);
  assert.equal(stringifyJson(v), '[9007199254740993,0.10,-1e-7,0]');
});

test('objects keep member order and treat __proto__ as a member', () => {
  const o = parseJson('{"b":1,"a":2,"__proto__":3}') as Map<string, unknown>;
  assert.deepEqual([...o.keys()], ['b', 'a', '__proto__']);
  assert.equal(stringifyJson(o as never), '{"b":1,"a":2,"__proto__":3}');
});

test('strings: escapes read; written as Jackson writes them (upper-case hex, "/" and non-ASCII as is)', () => {
  assert.equal(parseJson('"a\\u00e9\\n\\/\\"\\\\\\t"'), 'aé\n/"\\\t');
  assert.equal(stringifyJson('\u001f\b"é/'), '"\\u001F\\b\\"é/"');
});

test('strict RFC 8259: errors name the offset', () => {
  assert.throws(() => parseJson(''), dataError(/offset 0: no JSON value/));
  assert.throws(() => parseJson('{"a":1,}'), dataError(/offset 7: expected a member name/));
  assert.throws(() => parseJson('[1 2]'), dataError(/offset 3: expected ',' or '\]'/));
  assert.throws(() => parseJson('01'), dataError(/unexpected content after the JSON value/));
  assert.throws(() => parseJson('NaN'), dataError(/unexpected character "N"/));
  assert.throws(() => parseJson('"a\nb"'), dataError(/control character/));
  assert.throws(() => parseJson('"\\x"'), dataError(/bad escape/));
  assert.throws(() => parseJson('tru'), dataError(/expected true/));
  assert.throws(() => parseJson('['.repeat(2000)), dataError(/nested deeper than 1000/));
});

test('whitespace around and inside is allowed', () => {
  assert.equal(stringifyJson(parseJson(' \t\n{ "a" : [ true , false , null ] }\r\n')), '{"a":[true,false,null]}');
});

test('nodeType names Jackson node types; toJsonValue builds trees from plain JS', () => {
  assert.deepEqual([undefined, null, true, 's', new JsonNumber('1'), [], new Map()].map((v) => nodeType(v as never)),
    ['MISSING', 'NULL', 'BOOLEAN', 'STRING', 'NUMBER', 'ARRAY', 'OBJECT']);
  assert.equal(stringifyJson(toJsonValue({ a: [1, 2n, 'x', null, true], b: {} })), '{"a":[1,2,"x",null,true],"b":{}}');
});
