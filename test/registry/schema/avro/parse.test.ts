import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonNumber, parseJson } from '../../../../registry/schema/avro/json.js';
import type { AvroSchema, EnumSchema, RecordSchema } from '../../../../registry/schema/avro/model.js';
import { AvroSchemaError, SchemaParser, type NameTable } from '../../../../registry/schema/avro/parse.js';

const parse = (schema: unknown, names: NameTable = new Map()): AvroSchema =>
  new SchemaParser(names).parse(parseJson(typeof schema === 'string' ? schema : JSON.stringify(schema)), undefined, '');

/** The error's `path: reason[; fix]` text. */
function failure(schema: unknown, names?: NameTable): string {
  try {
    parse(schema, names);
  } catch (err) {
    assert.ok(err instanceof AvroSchemaError, String(err));
    return err.message;
  }
  return assert.fail(`parsed: ${JSON.stringify(schema)}`);
}

const rec = (fields: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'record', name: 'R', fields, ...extra });

test('primitives, bare or as objects, with custom attributes kept in order', () => {
  assert.deepEqual(parse('"string"'), { kind: 'primitive', type: 'string', props: new Map() });
  const p = parse('{"logicalType":"timestamp-millis","type":"long","name":"ignored","x":1}');
  assert.equal(p.kind === 'primitive' && p.type, 'long');
  assert.deepEqual([...(p.kind === 'primitive' ? p.props.keys() : [])], ['logicalType', 'x']);
});

test('unknown logical types are just attributes', () => {
  const p = parse({ type: 'string', logicalType: 'no-such-thing' });
  assert.equal(p.kind, 'primitive');
});

test('names: a dotted name carries its namespace, nested types inherit the enclosing one', () => {
  const r = parse(rec([
    { name: 'a', type: { type: 'enum', name: 'E', symbols: ['X'] } },
    { name: 'b', type: { type: 'fixed', name: 'other.F', size: 2 } },
    { name: 'c', type: { type: 'record', name: 'N', namespace: '', fields: [] } },
  ], { name: 'com.acme.R', namespace: 'ignored' })) as RecordSchema;
  assert.equal(r.name.full, 'com.acme.R');
  assert.deepEqual(r.fields.map((f) => (f.type as RecordSchema).name.full), ['com.acme.E', 'other.F', 'N']);
});

test('a type is referred to by short name in its namespace, by full name, or by a null-namespace name', () => {
  const names: NameTable = new Map();
  parse({ type: 'record', name: 'Address', fields: [] }, names);
  const r = parse(rec([
    { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] } },
    { name: 'e2', type: 'E' },
    { name: 'e3', type: 'com.acme.E' },
    { name: 'home', type: 'Address' },
  ], { namespace: 'com.acme' }), names) as RecordSchema;
  assert.equal(r.fields[1].type, r.fields[0].type, 'one shared definition');
  assert.equal(r.fields[2].type, r.fields[0].type);
  assert.equal(r.fields[3].type, names.get('Address'));
});

test('{"type": name} refers to a defined type, as Avro 1.11 allowed', () => {
  const r = parse(rec([{ name: 'a', type: { type: 'enum', name: 'E', symbols: ['A'] } }, { name: 'b', type: { type: 'E' } }])) as RecordSchema;
  assert.equal(r.fields[1].type, r.fields[0].type);
});

test('recursive records point at themselves', () => {
  const r = parse(rec([{ name: 'next', type: ['null', 'R'] }])) as RecordSchema;
  const next = r.fields[0].type;
  assert.equal(next.kind === 'union' && next.branches[1], r);
});

test('aliases are resolved against the namespace; duplicates dropped', () => {
  const r = parse(rec([{ name: 'f', type: 'int', aliases: ['g', 'g'] }], { namespace: 'n', aliases: ['Old', 'x.Older', 'Old'] })) as RecordSchema;
  assert.deepEqual(r.aliases.map((a) => a.full), ['n.Old', 'x.Older']);
  assert.deepEqual(r.fields[0].aliases, ['g']);
});

test('a float or double default given as a string becomes a number, as in Java', () => {
  const r = parse(rec([{ name: 'd', type: 'double', default: '1.5' }, { name: 'n', type: 'float', default: 'NaN' }])) as RecordSchema;
  assert.ok(r.fields[0].default instanceof JsonNumber);
  assert.equal((r.fields[0].default as JsonNumber).value, 1.5);
  assert.ok(Number.isNaN((r.fields[1].default as JsonNumber).value));
});

test('enum defaults and field orders', () => {
  const r = parse(rec([{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'], default: 'B' }, order: 'DESCENDING' }])) as RecordSchema;
  assert.equal((r.fields[0].type as EnumSchema).default, 'B');
  assert.equal(r.fields[0].order, 'descending');
});

test('errors name the path, the reason and, where obvious, the fix', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['typo in a field type', rec([{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }, { name: 'c', type: 'strng' }]), /^\/fields\/2\/type: unknown type 'strng'; did you mean 'string'\?$/],
    ['typo in a kind', { type: 'recrod', name: 'R', fields: [] }, /^\/type: unknown type 'recrod'; did you mean 'record'\?$/],
    ['undefined name', rec([{ name: 'a', type: 'com.acme.Address' }]), /^\/fields\/0\/type: unknown type 'com\.acme\.Address'; define the named type before its first use, or add the schema that defines it as a reference$/],
    ['short name from another namespace', rec([{ name: 'a', type: { type: 'enum', name: 'x.Color', symbols: ['A'] } }, { name: 'b', type: 'Color' }]), /\/fields\/1\/type: unknown type 'Color'; did you mean 'x\.Color'\?/],
    ['no far-fetched guess', rec([{ name: 'a', type: 'Kind' }]), /unknown type 'Kind'; define the named type before its first use/],
    ['forward reference', rec([{ name: 'a', type: 'Later' }, { name: 'b', type: { type: 'fixed', name: 'Later', size: 1 } }]), /\/fields\/0\/type: unknown type 'Later'/],
    ['nested union', ['null', ['int', 'string']], /^\/1: a union may not directly contain another union/],
    ['duplicate union branch', ['null', 'int', 'null'], /^\/2: the union already has a 'null' branch \(at \/0\)/],
    ['two arrays in a union', [{ type: 'array', items: 'int' }, { type: 'array', items: 'string' }], /^\/1: the union already has a 'array' branch/],
    ['bad default', rec([{ name: 'age', type: 'int', default: 'ten' }]), /^\/fields\/0\/default: invalid default for field 'age': "ten" is not a valid int; give a whole number in the int range/],
    ['1.0 is not an int (as in Java)', '{"type":"record","name":"R","fields":[{"name":"age","type":"int","default":1.0}]}', /invalid default for field 'age': 1\.0 is not a valid int/],
    ['int out of range', rec([{ name: 'n', type: 'int', default: 2147483648 }]), /invalid default for field 'n'/],
    ['null default for a string', rec([{ name: 's', type: 'string', default: null }]), /invalid default for field 's': null is not a valid string/],
    ['union default matching no branch', rec([{ name: 'u', type: ['null', 'int'], default: 'x' }]), /invalid default for field 'u'.*one of the union's branches/],
    ['record default missing a field', rec([{ name: 'r', type: { type: 'record', name: 'In', fields: [{ name: 'x', type: 'int' }] }, default: {} }]), /invalid default for field 'r'/],
    ['bad float string', rec([{ name: 'd', type: 'double', default: 'abc' }]), /invalid default for field 'd': "abc" is not a double/],
    ['enum default not a symbol', { type: 'enum', name: 'E', symbols: ['A'], default: 'B' }, /^\/default: enum default "B" is not one of the symbols of 'E'/],
    ['bad name', { type: 'record', name: 'my-record', fields: [] }, /^\/name: invalid name 'my-record'; a name starts with a letter/],
    ['bad namespace part', { type: 'record', name: 'R', namespace: 'a.1b', fields: [] }, /^\/name: invalid name 'a\.1b\.R'/],
    ['named after a primitive', { type: 'fixed', name: 'int', size: 1 }, /^\/name: a named type may not be called 'int'/],
    ['redefinition', rec([{ name: 'a', type: rec([]) }]), /^\/fields\/0\/type\/name: type 'R' is already defined; refer to it by name/],
    ['bad field name', rec([{ name: '1st', type: 'int' }]), /^\/fields\/0\/name: invalid field name '1st'/],
    ['duplicate field', rec([{ name: 'a', type: 'int' }, { name: 'a', type: 'long' }]), /^\/fields\/1: duplicate field 'a' in record 'R'/],
    ['field without type', rec([{ name: 'a' }]), /^\/fields\/0: field 'a' needs a 'type'/],
    ['record without fields', { type: 'record', name: 'R' }, /^\/fields: a record needs a 'fields' array/],
    ['record without name', { type: 'record', fields: [] }, /^\/: a record needs a 'name' string/],
    ['bad enum symbol', { type: 'enum', name: 'E', symbols: ['ok', 'not ok'] }, /^\/symbols\/1: invalid enum symbol "not ok"/],
    ['duplicate enum symbol', { type: 'enum', name: 'E', symbols: ['A', 'A'] }, /^\/symbols\/1: duplicate enum symbol 'A'/],
    ['fixed without size', { type: 'fixed', name: 'F' }, /^\/size: fixed 'F' needs a 'size'/],
    ['fractional size', { type: 'fixed', name: 'F', size: 1.5 }, /^\/size:/],
    ['array without items', { type: 'array' }, /^\/: an array needs 'items'/],
    ['map without values', { type: 'map' }, /^\/: a map needs 'values'/],
    ['nested schema in type', { type: { type: 'array', items: 'int' } }, /^\/type: 'type' must be a string naming the kind of schema; write the nested schema directly/],
    ['number as schema', 42, /^\/: a schema must be a type name, an object or an array \(union\), not 42$/],
    ['object without type', rec([{ name: 'a', type: { items: 'int' } }]), /^\/fields\/0\/type: a schema object needs a 'type'$/],
    ['bad order', rec([{ name: 'a', type: 'int', order: 'up' }]), /^\/fields\/0\/order: invalid order "up" for field 'a'; use 'ascending', 'descending' or 'ignore'/],
    ['bad alias', { type: 'fixed', name: 'F', size: 1, aliases: ['ok', 'not-ok'] }, /^\/aliases\/1: invalid alias 'not-ok'/],
    ['aliases not an array', rec([], { aliases: 'Old' }), /^\/aliases: 'aliases' must be an array of strings/],
    ['path through map values', { type: 'map', values: { type: 'record', name: 'R', fields: [{ name: 'a', type: 'nope' }] } }, /^\/values\/fields\/0\/type: unknown type 'nope'/],
  ];
  for (const [what, schema, expected] of cases) assert.match(failure(schema), expected, what);
});

test('Java-accepted defaults: union defaults on any branch, record defaults filled from field defaults', () => {
  const r = parse(rec([
    { name: 'u', type: ['null', 'string'], default: 'x' },
    { name: 'v', type: { type: 'record', name: 'In', fields: [{ name: 'x', type: 'int', default: 1 }, { name: 'y', type: 'int' }] }, default: { y: 2 } },
    { name: 'l', type: 'long', default: 9007199254740993 },
    { name: 'f', type: { type: 'fixed', name: 'F', size: 2 }, default: '\u00ff\u0000' },
  ])) as RecordSchema;
  assert.equal(r.fields.length, 4);
});
