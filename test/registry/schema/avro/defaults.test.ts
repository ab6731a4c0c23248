import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avscAcceptsDefault, isValidDefault, normalizedDefault } from '../../../../registry/schema/avro/defaults.js';
import { parseJson, writeJson } from '../../../../registry/schema/avro/json.js';
import type { AvroSchema } from '../../../../registry/schema/avro/model.js';
import { SchemaParser } from '../../../../registry/schema/avro/parse.js';

const model = (schema: unknown): AvroSchema => new SchemaParser(new Map()).parse(parseJson(JSON.stringify(schema)), undefined, '');
const inner = { type: 'record', name: 'In', fields: [{ name: 'x', type: 'int', default: 0 }, { name: 'y', type: 'string' }] };

test("isValidDefault follows Java's rules", () => {
  const cases: Array<[unknown, string, boolean]> = [
    ['null', 'null', true], ['null', '0', false],
    ['boolean', 'false', true], ['boolean', '"false"', false],
    ['int', '7', true], ['int', '-2147483648', true], ['int', '2147483648', false], ['int', '7.0', false], ['int', '"7"', false],
    ['long', '2147483648', true], ['long', '9223372036854775807', true], ['long', '9223372036854775808', false], ['long', '1.5', false],
    ['float', '1', true], ['double', '1.5e300', true], ['double', '"1.5"', false],
    ['string', '""', true], ['string', 'null', false], ['bytes', '"\\u00ff"', true],
    [{ type: 'enum', name: 'E', symbols: ['A'] }, '"A"', true],
    [{ type: 'enum', name: 'E', symbols: ['A'] }, '"Z"', true],
    [{ type: 'fixed', name: 'F', size: 2 }, '"abc"', true],
    [{ type: 'array', items: 'int' }, '[1,2]', true], [{ type: 'array', items: 'int' }, '[1,"x"]', false],
    [{ type: 'map', values: 'long' }, '{"a":1}', true], [{ type: 'map', values: 'long' }, '[]', false],
    [['null', 'string'], 'null', true], [['null', 'string'], '"x"', true], [['null', 'string'], '1', false],
    [inner, '{"y":"s"}', true], [inner, '{"x":1}', false], [inner, '"s"', false],
  ];
  for (const [type, value, valid] of cases) assert.equal(isValidDefault(model(type), parseJson(value)), valid, `${JSON.stringify(type)} ${value}`);
});

test('avsc is stricter: union defaults on the first branch, enum symbols, fixed lengths, safe longs', () => {
  const cases: Array<[unknown, string, boolean]> = [
    [['null', 'string'], 'null', true], [['null', 'string'], '"x"', false],
    [{ type: 'enum', name: 'E', symbols: ['A'] }, '"Z"', false], [{ type: 'enum', name: 'E', symbols: ['A'] }, '"A"', true],
    [{ type: 'fixed', name: 'F', size: 2 }, '"abc"', false], [{ type: 'fixed', name: 'F', size: 2 }, '"ab"', true],
    ['long', '9007199254740993', false], ['long', '9007199254740991', true],
    [inner, '{"y":"s"}', true],
  ];
  for (const [type, value, ok] of cases) assert.equal(avscAcceptsDefault(model(type), parseJson(value)), ok, `${JSON.stringify(type)} ${value}`);
});

test('normalizedDefault converts as Java converts before printing', () => {
  const cases: Array<[unknown, string, string | undefined]> = [
    ['double', '1', '1.0'], ['double', '1.25', '1.25'], ['float', '0.1', '0.1'], ['float', '3', '3.0'],
    ['long', '5', '5'], ['int', '5', '5'], ['string', '"s"', '"s"'], ['bytes', '"\u00ff\u0101"', '"\u00ff?"'],
    [['null', 'double'], 'null', 'null'], [['null', 'double'], '2', '2.0'], [['string', 'int'], '2', '2'],
    [{ type: 'array', items: 'double' }, '[1,2]', '[1.0,2.0]'], [{ type: 'map', values: 'float' }, '{"a":1}', '{"a":1.0}'],
    [inner, '{"y":"s","x":1}', '{"y":"s","x":1}'],
    ['double', '"x"', undefined],
  ];
  for (const [type, value, expected] of cases) {
    const out = normalizedDefault(parseJson(value), model(type));
    assert.equal(out === undefined ? undefined : writeJson(out), expected, `${JSON.stringify(type)} ${value}`);
  }
});
