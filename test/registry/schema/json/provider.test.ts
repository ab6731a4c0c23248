import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RegistryError } from '../../../../registry/errors.js';
import { jsonProvider } from '../../../../registry/schema/json/provider.js';
import { parse, reference } from './json-helper.js';

function invalid(text: string, pattern: RegExp, refs = [] as ReturnType<typeof reference>[]): void {
  assert.throws(() => jsonProvider.parse(text, refs), (err: unknown) => {
    assert.ok(err instanceof RegistryError, String(err));
    assert.equal(err.errorName, 'INVALID_SCHEMA');
    assert.equal(err.errorCode, 42201);
    assert.match(err.message, pattern);
    return true;
  });
}

test('provider: type JSON', () => {
  assert.equal(jsonProvider.type, 'JSON');
  assert.equal(parse({ type: 'string' }).type, 'JSON');
});

test('provider: canonical is the document as written, whitespace removed', () => {
  const text = '{\n  "type": "object",\n  "properties": {\n    "b": { "type": "number", "maximum": 1.0 },\n    "10": { "type": "string" },\n    "a": { "enum": ["y", "x"] }\n  }\n}';
  const s = jsonProvider.parse(text, []);
  assert.equal(s.canonical, '{"type":"object","properties":{"b":{"type":"number","maximum":1.0},"10":{"type":"string"},"a":{"enum":["y","x"]}}}');
  assert.equal(s.normalized, '{"properties":{"10":{"type":"string"},"a":{"enum":["y","x"]},"b":{"maximum":1.0,"type":"number"}},"type":"object"}');
});

test('provider: the same schema however it is spaced; key order only matters before normalizing', () => {
  const a = jsonProvider.parse('{"type":"string","maxLength":3}', []);
  const b = jsonProvider.parse(' {\t"type" : "string" ,\n"maxLength":3 } ', []);
  const c = jsonProvider.parse('{"maxLength":3,"type":"string"}', []);
  assert.equal(a.canonical, b.canonical);
  assert.notEqual(a.canonical, c.canonical);
  assert.equal(a.normalized, c.normalized);
});

test('provider: boolean schemas', () => {
  assert.equal(jsonProvider.parse('true', []).canonical, 'true');
  assert.deepEqual(parse(false).validate(1), ['/: boolean schema is false']);
  assert.deepEqual(parse(true).validate({ any: 'thing' }), []);
});

test('provider: every supported dialect parses', () => {
  const dialects = [
    'http://json-schema.org/draft-04/schema#',
    'http://json-schema.org/draft-06/schema#',
    'http://json-schema.org/draft-07/schema#',
    'https://json-schema.org/draft/2019-09/schema',
    'https://json-schema.org/draft/2020-12/schema',
  ];
  for (const $schema of dialects) {
    const s = parse({ $schema, type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'] });
    assert.deepEqual(s.validate({ n: 1 }), [], $schema);
    assert.deepEqual(s.validate({ n: -1 }), ['/n: must be >= 0'], $schema);
  }
});

test('provider: draft-specific keywords are honoured', () => {
  const d4 = parse({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 3, exclusiveMaximum: true });
  assert.deepEqual([d4.validate(2.9), d4.validate(3)], [[], ['/: must be < 3']]);
  const d2020 = parse({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }], items: false });
  assert.deepEqual([d2020.validate(['a']).length, d2020.validate(['a', 'b']).length], [0, 1]);
  const d2019 = parse({ $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', dependentRequired: { a: ['b'] } });
  assert.deepEqual(d2019.validate({ a: 1 }), ["/: must have property b when property a is present"]);
});

test('provider: an unknown $schema is read as draft-07, as Confluent does', () => {
  assert.deepEqual(parse({ $schema: 'http://example.com/custom-meta', type: 'string' }).validate(1), ['/: must be string']);
});

test('provider: references are resolved and kept', () => {
  const refs = [reference('address.json', { type: 'object', properties: { zip: { type: 'string', maxLength: 5 } } })];
  const s = parse({ type: 'object', properties: { home: { $ref: 'address.json' } } }, refs);
  assert.deepEqual(s.references, refs);
  assert.deepEqual(s.validate({ home: { zip: '123456' } }), ['/home/zip: must NOT have more than 5 characters']);
  assert.deepEqual(parse({ type: 'string' }).references, []);
});

test('provider: syntax errors give line and column', () => {
  invalid('{\n  "type": "object",\n  "properties": {,}\n}', /the schema is not valid JSON: expected a double-quoted property name but found ',' at line 3 column 18/);
  invalid('', /not valid JSON: expected a JSON value but found end of input at line 1 column 1/);
});

test('provider: a schema must be an object or a boolean', () => {
  invalid('[]', /must be a JSON object or a boolean, not an array/);
  invalid('"string"', /not a string/);
  invalid('null', /not null/);
  invalid('12', /not a number/);
});

test('provider: invalid schemas and references are INVALID_SCHEMA', () => {
  invalid('{"type":"strin"}', /at '\/type': must be equal to one of the allowed values/);
  invalid('{"$ref":"customer.json"}', /add it to this schema's references with name 'customer\.json'/);
  invalid('{"$ref":"a.json"}', /reference 'a\.json' is not valid JSON: .* at line 1 column 2/, [{ name: 'a.json', subject: 'a', version: 1, schema: '{]' }]);
});

test('provider: compatibility reports through the provider', () => {
  const writer = parse({ type: 'object', properties: { a: { type: 'integer' } } });
  const reader = parse({ type: 'object', properties: { a: { type: 'string' } } });
  assert.deepEqual(jsonProvider.compatibility(reader, writer).map((f) => [f.path, f.rule]), [['/properties/a', 'TYPE_CHANGED']]);
  assert.deepEqual(jsonProvider.compatibility(writer, writer), []);
});

test('provider: unknown keywords and formats are annotations; known formats are checked', () => {
  const s = parse({ type: 'string', format: 'my-format', 'x-origin': 'crm' });
  assert.deepEqual(s.validate('anything'), []);
  assert.deepEqual(parse({ type: 'string', format: 'date' }).validate('2020-13-45'), ['/: must match format "date"']);
});
