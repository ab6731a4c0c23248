import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { JsonSyntaxError, printCompact, printSorted, readJsonTree } from '../../../../registry/schema/json/json-text.js';

test('json-text: syntax errors give the reason and line:column', () => {
  const table: [string, string, number, number][] = [
    ['', 'expected a JSON value but found end of input', 1, 1],
    ['{"a":}', "expected a JSON value but found '}'", 1, 6],
    ['{"a":1,}', "expected a double-quoted property name but found '}'", 1, 8],
    ['{\n  "a": 1\n  "b": 2\n}', "expected ',' or '}' after property value but found '\"'", 3, 3],
    ['[1, 2', "expected ',' or ']' after array element but found end of input", 1, 6],
    ['{"a" 1}', "expected ':' after property name but found '1'", 1, 6],
    ['{"a": "x', 'unterminated string', 1, 9],
    ['{"a": "\\q"}', 'bad escape in string', 1, 8],
    ['{"a": "\\u12"}', 'bad \\u escape in string', 1, 8],
    ['"tab\there"', 'control character in string (escape it)', 1, 5],
    ['{} []', "unexpected '[' after the JSON value", 1, 4],
    ['tru', "expected a JSON value but found 't'", 1, 1],
    ['01', "unexpected '1' after the JSON value", 1, 2],
    ["{'a': 1}", "expected a double-quoted property name but found '''", 1, 2],
  ];
  for (const [text, reason, line, column] of table) {
    assert.throws(() => readJsonTree(text), (err: unknown) => {
      assert.ok(err instanceof JsonSyntaxError, text);
      assert.deepEqual([err.reason, err.line, err.column], [reason, line, column], JSON.stringify(text));
      return true;
    });
  }
});

test('json-text: everything JSON.parse accepts is read', () => {
  for (const text of ['true', 'null', '-0.5e+10', '"\\u00e9\\n"', '{"a":[1,{"b":null}],"c":{}}', ' [ ] ', '{"":""}']) {
    assert.doesNotThrow(() => readJsonTree(text), text);
  }
});

test('json-text: compact form keeps key order, number spelling and drops whitespace', () => {
  const text = '{\n  "b": 1.0,\n  "10": 2,\n  "a": { "z": 1e3, "y": [3, 1] }\n}';
  assert.equal(printCompact(readJsonTree(text)), '{"b":1.0,"10":2,"a":{"z":1e3,"y":[3,1]}}');
});

test('json-text: sorted form sorts keys at every level, never arrays', () => {
  const text = '{"b": {"d": 1, "c": [{"f": 1, "e": 2}]}, "a": true, "B": null}';
  assert.equal(printSorted(readJsonTree(text)), '{"B":null,"a":true,"b":{"c":[{"e":2,"f":1}],"d":1}}');
});

test('json-text: strings are re-escaped one way', () => {
  assert.equal(printCompact(readJsonTree('["\\u0041\\/", "\\u00e9"]')), '["A/","é"]');
});

test('json-text: a duplicate key keeps its first place and last value', () => {
  assert.equal(printCompact(readJsonTree('{"a":1,"b":2,"a":3}')), '{"a":3,"b":2}');
});
