import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from '../../../../registry/errors.js';
import type { ParsedSchema, ResolvedReference } from '../../../../registry/schema/provider.js';
import { avroProvider, avscTypeOf, isAvroParsedSchema } from '../../../../registry/schema/avro/provider.js';

const ref = (name: string, schema: unknown, version = 1): ResolvedReference => ({ name, subject: `${name}-value`, version, schema: JSON.stringify(schema) });
const address = { type: 'record', name: 'com.acme.Address', fields: [{ name: 'zip', type: 'string' }] };

/** The RegistryError `parse` throws. */
function parseError(text: string, refs: ResolvedReference[] = []): RegistryError {
  try {
    avroProvider.parse(text, refs);
  } catch (err) {
    assert.ok(err instanceof RegistryError, String(err));
    return err;
  }
  return assert.fail(`parsed: ${text}`);
}

test('parse gives the canonical and normalized forms, the references and an avsc type', () => {
  const refs = [ref('com.acme.Address', address)];
  const s = avroProvider.parse('{"type": "record", "name": "Person", "namespace": "com.acme", "fields": [{"name": "home", "type": "Address"}]}', refs);
  assert.equal(s.type, 'AVRO');
  assert.equal(s.canonical, '{"type":"record","name":"Person","namespace":"com.acme","fields":[{"name":"home","type":"Address"}]}');
  assert.equal(s.normalized, s.canonical);
  assert.deepEqual(s.references, refs);
  assert.ok(isAvroParsedSchema(s));
  const t = avscTypeOf(s);
  assert.equal((t.fromBuffer(t.toBuffer({ home: { zip: '1' } })) as { home: { zip: string } }).home.zip, '1');
});

test('a bare primitive and a bare reference name are schemas', () => {
  assert.equal(avroProvider.parse(' "string" ', []).canonical, '"string"');
  assert.equal(avroProvider.parse('"com.acme.Address"', [ref('com.acme.Address', address)]).canonical, '"com.acme.Address"');
});

test('references are parsed in the order given, and one reached twice is parsed once', () => {
  const kind = { type: 'enum', name: 'Kind', symbols: ['HOME', 'WORK'] };
  const tagged = { type: 'record', name: 'Tagged', fields: [{ name: 'kind', type: 'Kind' }] };
  const other = { type: 'record', name: 'Other', fields: [{ name: 'kind', type: 'Kind' }] };
  const refs = [ref('Kind', kind), ref('Tagged', tagged), ref('Kind', kind), ref('Other', other)];
  const s = avroProvider.parse('{"type":"record","name":"Main","fields":[{"name":"a","type":"Tagged"},{"name":"b","type":"Other"}]}', refs);
  assert.equal(s.canonical, '{"type":"record","name":"Main","fields":[{"name":"a","type":"Tagged"},{"name":"b","type":"Other"}]}');
  assert.match(parseError('"Tagged"', [ref('Tagged', tagged)]).message, /reference 'Tagged', subject 'Tagged-value' version 1\): \/fields\/0\/type: unknown type 'Kind'/);
});

test('whitespace and attribute order do not change the schema', () => {
  const a = avroProvider.parse('{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":0}]}', []);
  const b = avroProvider.parse('{\n  "fields": [ {"default": 0, "type": {"type": "int"}, "name": "a"} ],\n  "name": "R", "type": "record"\n}', []);
  assert.equal(a.canonical, b.canonical);
});

test('invalid schemas are INVALID_SCHEMA (42201) with the reason and the location', () => {
  const cases: Array<[string, RegExp]> = [
    ['{"type":"record","name":"R",\n"fields":[}', /^Invalid Avro schema: not valid JSON: unexpected '}', expected a JSON value at line 2, column 11$/],
    ['{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"},{"name":"c","type":"strng"}]}', /^Invalid Avro schema: \/fields\/2\/type: unknown type 'strng'; did you mean 'string'\?$/],
    ['{"type":"record","name":"R","fields":[{"name":"age","type":"int","default":"ten"}]}', /^Invalid Avro schema: \/fields\/0\/default: invalid default for field 'age'/],
    ['"Address"', /^Invalid Avro schema: \/: unknown type 'Address'/],
  ];
  for (const [text, expected] of cases) {
    const err = parseError(text);
    assert.equal(err.errorCode, 42201);
    assert.equal(err.status, 422);
    assert.match(err.message, expected);
  }
});

test('compatibility compares two parsed schemas', () => {
  const v1 = avroProvider.parse('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}', []);
  const v2 = avroProvider.parse('{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}', []);
  assert.deepEqual(avroProvider.compatibility(v2, v1).map((i) => `${i.rule} ${i.path}`), ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/b']);
  assert.deepEqual(avroProvider.compatibility(v1, v2).map((i) => `${i.rule} ${i.path}`), ['TYPE_MISMATCH /fields/a/type']);
});

test('schemas not parsed by this provider are refused', () => {
  const foreign: ParsedSchema = { type: 'JSON', canonical: '{}', normalized: '{}', references: [] };
  assert.equal(isAvroParsedSchema(foreign), false);
  assert.throws(() => avscTypeOf(foreign), TypeError);
  assert.throws(() => avroProvider.compatibility(foreign, foreign), TypeError);
});

test('the canonical and normalized forms parse back to themselves', () => {
  const schemas = [
    '"bytes"',
    '{"type":"map","values":{"type":"array","items":["null",{"type":"fixed","name":"F","size":4,"aliases":["G"]}]},"p":1.0}',
    '{"type":"record","name":"a.R","doc":"","fields":[{"name":"d","type":"double","default":1,"q":2,"p":1},{"name":"f","type":"float","default":"0.1"},'
      + '{"name":"e","type":{"type":"enum","name":"b.E","symbols":["X","Y"],"default":"Y","aliases":["Old","c.Older"]},"order":"IGNORE"},'
      + '{"name":"n","type":{"type":"record","name":"N","namespace":"","fields":[{"name":"back","type":["null","a.R"],"default":null}]}},'
      + '{"name":"m","type":{"type":"bytes","scale":2,"precision":5,"logicalType":"decimal","z":"last"}}]}',
  ];
  for (const text of schemas) {
    const s = avroProvider.parse(text, []);
    assert.equal(avroProvider.parse(s.canonical, []).canonical, s.canonical, text);
    assert.equal(avroProvider.parse(s.normalized, []).canonical, s.normalized, text);
    assert.equal(avroProvider.parse(s.normalized, []).normalized, s.normalized, text);
  }
});
