import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataException } from '../../../../runtime/api/errors.js';
import { branchName, describeAvro, parseAvroSchema, type AvroRecord, type AvroUnion } from '../../../../runtime/converters/avro/avro-schema.js';

const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

test('names: namespaces are inherited, dotted names are full, lookups fall back to the null namespace', () => {
  const r = parseAvroSchema(JSON.stringify({
    type: 'record', name: 'Outer', namespace: 'com.acme',
    fields: [
      { name: 'a', type: { type: 'record', name: 'Inner', fields: [] } },
      { name: 'b', type: 'Inner' },
      { name: 'c', type: { type: 'enum', name: 'x.Color', symbols: ['RED'] } },
      { name: 'd', type: 'x.Color' },
      { name: 'e', type: { type: 'fixed', name: 'Id', namespace: '', size: 4 } },
      { name: 'f', type: 'Id' },
    ],
  })) as AvroRecord;
  assert.equal(r.fullName, 'com.acme.Outer');
  const [a, b, c, d, e, f] = r.fields.map((x) => x.type);
  assert.equal((a as AvroRecord).fullName, 'com.acme.Inner');
  assert.equal(a, b);
  assert.equal(describeAvro(c!), 'enum x.Color');
  assert.equal(c, d);
  assert.equal(describeAvro(e!), 'fixed Id');
  assert.equal(e, f);
});

test('attributes the spec does not define are kept as props; field defaults kept as JSON', () => {
  const r = parseAvroSchema('{"type":"record","name":"R","fields":[{"name":"p","type":{"type":"bytes","logicalType":"decimal","scale":2},"default":"\\u0000","doc":"d"}],"connect.name":"a.R"}') as AvroRecord;
  assert.deepEqual(r.props, { 'connect.name': 'a.R' });
  const p = r.fields[0]!;
  assert.deepEqual(p.type, { kind: 'primitive', type: 'bytes', props: { logicalType: 'decimal', scale: 2 } });
  assert.equal(p.default, '\u0000');
  assert.equal(p.doc, 'd');
  const proto = parseAvroSchema('{"type":"string","__proto__":{"x":1}}');
  assert.deepEqual(Object.keys((proto as { props: object }).props), ['__proto__']);
});

test('references are parsed first, into the same name table', () => {
  const addr = '{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"city","type":"string"}]}';
  const user = '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"Address"}]}';
  const r = parseAvroSchema(user, [addr]) as AvroRecord;
  assert.equal(describeAvro(r.fields[0]!.type), 'record com.acme.Address');
  assert.equal(describeAvro(parseAvroSchema('"com.acme.Address"', [addr])), 'record com.acme.Address');
});

test('recursive records are cycles', () => {
  const r = parseAvroSchema('{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}') as AvroRecord;
  const u = r.fields[0]!.type as AvroUnion;
  assert.equal(u.branches[1], r);
});

test('branch names are what avsc wraps union values with', () => {
  const u = parseAvroSchema('["null","int",{"type":"array","items":"int"},{"type":"map","values":"int"},{"type":"record","name":"a.R","fields":[]},{"type":"bytes","logicalType":"decimal"}]') as AvroUnion;
  assert.deepEqual(u.branches.map(branchName), ['null', 'int', 'array', 'map', 'a.R', 'bytes']);
});

test('invalid schemas are DataExceptions naming where', () => {
  assert.throws(() => parseAvroSchema('{'), dataError(/not JSON/));
  assert.throws(() => parseAvroSchema('"Nope"'), dataError(/unknown type "Nope"/));
  assert.throws(() => parseAvroSchema('{"type":"record","name":"R","fields":[{"name":"a","type":"Nope"}]}'), dataError(/at \/fields\/a: unknown type/));
  assert.throws(() => parseAvroSchema('{"type":"record","fields":[]}'), dataError(/needs a "name"/));
  assert.throws(() => parseAvroSchema('{"type":"enum","name":"E"}'), dataError(/needs "symbols"/));
  assert.throws(() => parseAvroSchema('{"type":"fixed","name":"F"}'), dataError(/integer "size"/));
  assert.throws(() => parseAvroSchema('[{"type":"enum","name":"E","symbols":[]},{"type":"enum","name":"E","symbols":[]}]'), dataError(/can't redefine E/));
  assert.throws(() => parseAvroSchema('7'), dataError(/expected a type name/));
});
