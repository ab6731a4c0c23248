import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonFormat } from '../../../registry/client/json-format.js';
import { RegistryClientError } from '../../../registry/client/client-error.js';

const parse = (schema: unknown) => jsonFormat.provider.parse(JSON.stringify(schema), []);
const ITEM = parse({ title: 'Item', type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'] });

test('recordName: the title, or undefined', () => {
  assert.equal(jsonFormat.recordName(ITEM), 'Item');
  assert.equal(jsonFormat.recordName(parse({ type: 'string' })), undefined);
  assert.equal(jsonFormat.recordName(parse(true)), undefined);
});

test('encode: UTF-8 JSON text of a valid value', () => {
  assert.equal(jsonFormat.encode(ITEM, { n: 3 }, 0).toString('utf8'), '{"n":3}');
  assert.equal(jsonFormat.encode(parse({ type: 'string' }), 'é', 0).toString('hex'), '22c3a922');
});

test('encode: an invalid value is SERIALIZATION naming the schema and the problem', () => {
  assert.throws(() => jsonFormat.encode(ITEM, { n: -1 }, 0), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'SERIALIZATION' && /'Item'/.test(err.message) && /\/n/.test(err.message));
  assert.throws(() => jsonFormat.encode(parse(true), undefined, 0), /Cannot serialize a undefined/);
});

test('reader: parses, and validates only when asked (against the reader schema if given)', () => {
  const bad = Buffer.from('{"n":-1}');
  assert.deepEqual(jsonFormat.reader(ITEM, undefined, { validate: false })(bad), { n: -1 });
  assert.throws(() => jsonFormat.reader(ITEM, undefined, { validate: true })(bad), (err: unknown) => err instanceof RegistryClientError && err.code === 'SERIALIZATION');
  const loose = parse({ type: 'object' });
  assert.deepEqual(jsonFormat.reader(ITEM, loose, { validate: true })(bad), { n: -1 });
});
