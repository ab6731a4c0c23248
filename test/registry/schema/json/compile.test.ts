import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RegistryError } from '../../../../registry/errors.js';
import { compileSchema, referenceKey } from '../../../../registry/schema/json/compile.js';
import { reference } from './json-helper.js';

const refDoc = (name: string, schema: unknown): { reference: ReturnType<typeof reference>; document: unknown } => ({ reference: reference(name, schema), document: schema });

function rejects(document: unknown, pattern: RegExp, refs: ReturnType<typeof refDoc>[] = []): void {
  assert.throws(() => compileSchema(document, refs), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.errorCode, 42201);
    assert.match(err.message, pattern);
    return true;
  });
}

test('compile: meta-schema violations name the schema path', () => {
  rejects({ properties: { age: { type: 'int' } } }, /at '\/properties\/age\/type': must be equal to one of the allowed values \("array", "boolean"/);
  rejects({ type: 'string', minLength: -1 }, /at '\/minLength': must be >= 0/);
  rejects({ required: 'a' }, /at '\/required': must be array/);
  rejects({ $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: {} }, /at '\/prefixItems': must be array/);
});

test('compile: each location is reported once, several locations together', () => {
  rejects({ properties: { a: { type: 'x' }, b: { minimum: 'y' } } }, /'\/properties\/a\/type'.*; at '\/properties\/b\/minimum'/);
});

test('compile: an unresolvable local $ref names where it is', () => {
  rejects({ properties: { a: { $ref: '#/definitions/nope' } } }, /\$ref '#\/definitions\/nope' at '\/properties\/a\/\$ref' points at nothing in this schema/);
});

test('compile: a $ref to an unknown schema says to add a reference', () => {
  rejects({ properties: { c: { $ref: 'customer.json' } } }, /add it to this schema's references with name 'customer\.json'/);
  rejects({ $id: 'https://example.com/s/order.json', properties: { c: { $ref: 'customer.json#/x' } } },
    /no schema 'https:\/\/example\.com\/s\/customer\.json'.*with name 'customer\.json'/);
});

test('compile: an invalid pattern names where it is', () => {
  rejects({ properties: { a: { type: 'string', pattern: '([a-z]' } } }, /invalid regular expression.*at '\/properties\/a\/pattern': Invalid regular expression/);
  rejects({ patternProperties: { '(': {} } }, /at '\/patternProperties\/\(': Invalid regular expression/);
});

test('compile: an invalid reference is named with its subject and version', () => {
  rejects({ $ref: 'bad.json' }, /reference 'bad\.json' \(subject 'bad-json' version 1\) is not a valid JSON Schema: at '\/type'/, [refDoc('bad.json', { type: 'nope' })]);
});

test('compile: references are added under their names (resolved against the main $id)', () => {
  const customer = refDoc('customer.json', { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });
  const plain = compileSchema({ properties: { c: { $ref: 'customer.json' } } }, [customer]);
  assert.deepEqual(plain({ c: { id: 1 } }), []);
  assert.deepEqual(plain({ c: {} }), ["/c: must have required property 'id'"]);
  const withId = compileSchema({ $id: 'https://example.com/s/order.json', properties: { c: { $ref: 'customer.json' } } }, [customer]);
  assert.deepEqual(withId({ c: { id: 'x' } }), ['/c/id: must be integer']);
});

test('compile: a reference may use another (dependencies come first)', () => {
  const zip = refDoc('zip.json', { type: 'string', pattern: '^[0-9]{5}$' });
  const address = refDoc('address.json', { type: 'object', properties: { zip: { $ref: 'zip.json' } } });
  const validate = compileSchema({ properties: { home: { $ref: 'address.json' } } }, [zip, address]);
  assert.deepEqual(validate({ home: { zip: '1234' } }), ['/home/zip: must match pattern "^[0-9]{5}$"']);
});

test('compile: references of another dialect', () => {
  const d7 = refDoc('d7.json', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', definitions: { s: { type: 'string' } }, properties: { a: { $ref: '#/definitions/s' } } });
  const validate = compileSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: 'd7.json' }, [d7]);
  assert.deepEqual(validate({ a: 'x' }), []);
  assert.deepEqual(validate({ a: 1 }), ['/a: must be string']);
  const d4 = refDoc('d4.json', { $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 5, exclusiveMaximum: true });
  const viaD4 = compileSchema({ properties: { n: { $ref: 'd4.json' } } }, [d4]);
  assert.deepEqual(viaD4({ n: 4 }), []);
  assert.deepEqual(viaD4({ n: 5 }), ['/n: must be < 5']);
});

test('compile: validator messages name the instance path', () => {
  const validate = compileSchema({
    type: 'object',
    additionalProperties: false,
    properties: { email: { type: 'string', format: 'email' }, kind: { enum: ['a', 'b'] } },
  }, []);
  assert.deepEqual(validate({ email: 'nope', kind: 'c', extra: 1 }).sort(), [
    "/: must NOT have additional properties ('extra')",
    '/email: must match format "email"',
    '/kind: must be equal to one of the allowed values ("a", "b")',
  ]);
  assert.deepEqual(compileSchema(false, [])(1), ['/: boolean schema is false']);
});

test('compile: referenceKey', () => {
  assert.equal(referenceKey('customer.json', undefined), 'customer.json');
  assert.equal(referenceKey('customer.json', 'https://example.com/s/order.json'), 'https://example.com/s/customer.json');
  assert.equal(referenceKey('https://other.org/c.json', 'https://example.com/s/order.json'), 'https://other.org/c.json');
  assert.equal(referenceKey('customer.json', 'relative-id'), 'customer.json');
});
