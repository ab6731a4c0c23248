import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalForm, normalizedForm } from '../../../../registry/schema/avro/canonical.js';
import { parseJson } from '../../../../registry/schema/avro/json.js';
import { SchemaParser, type NameTable } from '../../../../registry/schema/avro/parse.js';

const model = (text: string, names: NameTable = new Map()) => new SchemaParser(names).parse(parseJson(text), undefined, '');
const canonical = (text: string) => canonicalForm(model(text), []);
const normalized = (text: string) => normalizedForm(model(text), []);

test('variations of one schema give one canonical string', () => {
  const expected = '{"type":"record","name":"User","namespace":"com.acme","doc":"a user","fields":[{"name":"id","type":"long"},{"name":"email","type":["null","string"],"default":null}]}';
  const variations = [
    expected,
    `{
      "namespace": "com.acme", "doc": "a user",
      "fields": [ { "type": "long", "name": "id" }, { "default": null, "type": ["null", {"type": "string"}], "name": "email" } ],
      "name": "User", "type": "record"
    }`,
    '{"type":"record","name":"com.acme.User","doc":"a user","fields":[{"name":"id","type":{"type":"long"}},{"name":"email","type":["null","string"],"default":null,"order":"ascending"}]}',
    '\n\t{"fields":[{"name":"id","type":"long"},{"type":["null","string"],"name":"email","default":null}],"type":"record","doc":"a user","name":"User","namespace":"com.acme"}  ',
  ];
  for (const v of variations) assert.equal(canonical(v), expected, v);
});

test('primitives without attributes collapse; with attributes they keep them in document order', () => {
  const cases: Array<[string, string]> = [
    ['"int"', '"int"'],
    ['{"type":"int"}', '"int"'],
    ['{"type":"int","doc":"reserved, dropped","name":"also dropped"}', '"int"'],
    ['{"logicalType":"date","type":"int"}', '{"type":"int","logicalType":"date"}'],
    ['{"type":"string","z":1,"a":{"k":[true,null]}}', '{"type":"string","z":1,"a":{"k":[true,null]}}'],
    ['{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}', '{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}'],
  ];
  for (const [input, expected] of cases) assert.equal(canonical(input), expected, input);
});

test("attributes in Java's order for each kind", () => {
  const cases: Array<[string, string, string]> = [
    ['record', '{"aliases":["Old"],"x-prop":1,"fields":[],"doc":"d","name":"R","type":"record"}', '{"type":"record","name":"R","doc":"d","fields":[],"x-prop":1,"aliases":["Old"]}'],
    ['error', '{"type":"error","name":"Oops","fields":[]}', '{"type":"error","name":"Oops","fields":[]}'],
    ['field', '{"type":"record","name":"R","fields":[{"p":true,"aliases":["b"],"order":"descending","default":1,"doc":"d","type":"int","name":"a"}]}',
      '{"type":"record","name":"R","fields":[{"name":"a","type":"int","doc":"d","default":1,"order":"descending","aliases":["b"],"p":true}]}'],
    ['enum', '{"aliases":["F"],"p":"v","default":"A","symbols":["A","B"],"doc":"d","namespace":"n","name":"E","type":"enum"}',
      '{"type":"enum","name":"E","namespace":"n","doc":"d","symbols":["A","B"],"default":"A","p":"v","aliases":["F"]}'],
    ['fixed', '{"aliases":["G"],"p":2,"size":16,"doc":"d","name":"F","type":"fixed","logicalType":"uuid"}', '{"type":"fixed","name":"F","doc":"d","size":16,"p":2,"logicalType":"uuid","aliases":["G"]}'],
    ['array', '{"p":1,"items":"int","type":"array"}', '{"type":"array","items":"int","p":1}'],
    ['map', '{"p":1,"values":"int","type":"map"}', '{"type":"map","values":"int","p":1}'],
  ];
  for (const [what, input, expected] of cases) assert.equal(canonical(input), expected, what);
});

test('named types are written in full once, then by name relative to the current namespace', () => {
  const input = JSON.stringify({
    type: 'record', name: 'a.Outer', fields: [
      { name: 'x', type: { type: 'enum', name: 'E', symbols: ['A'] } },
      { name: 'y', type: 'E' },
      { name: 'z', type: { type: 'record', name: 'b.Inner', fields: [{ name: 'e', type: 'a.E' }, { name: 'f', type: { type: 'fixed', name: 'F', size: 1 } }] } },
      { name: 'w', type: 'b.F' },
      { name: 'n', type: { type: 'record', name: 'NoSpace', namespace: '', fields: [] } },
      { name: 'm', type: { type: 'map', values: 'NoSpace' } },
      { name: 'self', type: ['null', 'Outer'] },
    ],
  });
  assert.equal(canonical(input), '{"type":"record","name":"Outer","namespace":"a","fields":['
    + '{"name":"x","type":{"type":"enum","name":"E","symbols":["A"]}},'
    + '{"name":"y","type":"E"},'
    + '{"name":"z","type":{"type":"record","name":"Inner","namespace":"b","fields":[{"name":"e","type":"a.E"},{"name":"f","type":{"type":"fixed","name":"F","size":1}}]}},'
    + '{"name":"w","type":"b.F"},'
    + '{"name":"n","type":{"type":"record","name":"NoSpace","namespace":"","fields":[]}},'
    + '{"name":"m","type":{"type":"map","values":"NoSpace"}},'
    + '{"name":"self","type":["null","Outer"]}]}');
});

test('a short name that is a type keyword is written in full', () => {
  assert.equal(canonical('{"type":"record","name":"n.R","fields":[{"name":"a","type":{"type":"fixed","name":"record","size":1}},{"name":"b","type":"record"}]}'),
    '{"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":{"type":"fixed","name":"record","size":1}},{"name":"b","type":"n.record"}]}');
});

test('aliases are written relative to the type namespace', () => {
  assert.equal(canonical('{"type":"enum","name":"a.E","symbols":["X"],"aliases":["Old","a.Older","b.Other"]}'),
    '{"type":"enum","name":"E","namespace":"a","symbols":["X"],"aliases":["Old","Older","b.Other"]}');
});

test('defaults and attribute values print as Java prints them', () => {
  const cases: Array<[string, string]> = [
    ['{"name":"d","type":"double","default":1}', '{"name":"d","type":"double","default":1}'],
    ['{"name":"d","type":"double","default":1.50}', '{"name":"d","type":"double","default":1.5}'],
    ['{"name":"d","type":"double","default":1e2}', '{"name":"d","type":"double","default":100.0}'],
    ['{"name":"d","type":"double","default":1e-5}', '{"name":"d","type":"double","default":1.0E-5}'],
    ['{"name":"d","type":"double","default":"2.5"}', '{"name":"d","type":"double","default":2.5}'],
    ['{"name":"d","type":"float","default":"NaN"}', '{"name":"d","type":"float","default":"NaN"}'],
    ['{"name":"l","type":"long","default":9007199254740993}', '{"name":"l","type":"long","default":9007199254740993}'],
    ['{"name":"s","type":"string","default":"tab\\there\\u0001"}', '{"name":"s","type":"string","default":"tab\\there\\u0001"}'],
    ['{"name":"m","type":{"type":"map","values":"int"},"default":{"2":1,"1":2}}', '{"name":"m","type":{"type":"map","values":"int"},"default":{"2":1,"1":2}}'],
  ];
  for (const [f, expected] of cases) {
    assert.equal(canonical(`{"type":"record","name":"R","fields":[${f}]}`), `{"type":"record","name":"R","fields":[${expected}]}`, f);
  }
});

test('types defined by references are written by name only', () => {
  const names: NameTable = new Map();
  model('{"type":"record","name":"com.acme.Address","fields":[{"name":"zip","type":{"type":"enum","name":"Kind","symbols":["A"]}}]}', names);
  const known = [...names.keys()];
  assert.equal(canonicalForm(model('"com.acme.Address"', names), known), '"com.acme.Address"');
  const main = model('{"type":"record","name":"com.acme.Person","fields":[{"name":"home","type":"Address"},{"name":"k","type":"Kind"}]}', names);
  assert.equal(canonicalForm(main, known), '{"type":"record","name":"Person","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"k","type":"Kind"}]}');
});

test('normalized: custom attributes and aliases sorted, logical type attributes first', () => {
  const cases: Array<[string, string]> = [
    ['{"type":"bytes","zeta":1,"scale":2,"alpha":true,"precision":6,"logicalType":"decimal"}', '{"type":"bytes","logicalType":"decimal","precision":6,"scale":2,"alpha":true,"zeta":1}'],
    ['{"type":"bytes","scale":0,"precision":6,"logicalType":"decimal","b":1}', '{"type":"bytes","logicalType":"decimal","precision":6,"b":1,"scale":0}'],
    ['{"type":"string","z":1,"logicalType":"not-known","a":2}', '{"type":"string","a":2,"logicalType":"not-known","z":1}'],
    ['{"type":"int","logicalType":"timestamp-millis","a":1}', '{"type":"int","a":1,"logicalType":"timestamp-millis"}'],
    ['{"type":"long","b":1,"logicalType":"timestamp-micros","a":1}', '{"type":"long","logicalType":"timestamp-micros","a":1,"b":1}'],
    ['{"type":"enum","name":"n.E","symbols":["A"],"aliases":["Z","b.Y","X"],"p2":1,"p1":1,"doc":""}', '{"type":"enum","name":"E","namespace":"n","symbols":["A"],"p1":1,"p2":1,"aliases":["b.Y","X","Z"]}'],
    ['{"type":"array","items":"int","b":1,"a":2}', '{"type":"array","items":"int","a":2,"b":1}'],
  ];
  for (const [input, expected] of cases) assert.equal(normalized(input), expected, input);
});

test('normalized: defaults take the field type shape, field attributes sorted', () => {
  const input = '{"type":"record","name":"R","doc":"","fields":['
    + '{"name":"d","type":"double","default":1,"z":1,"a":1,"aliases":["y","x"]},'
    + '{"name":"f","type":"float","default":0.1},'
    + '{"name":"u","type":["null","double"],"default":null},'
    + '{"name":"v","type":["int","double"],"default":3},'
    + '{"name":"w","type":["string","double"],"default":3},'
    + '{"name":"r","type":{"type":"record","name":"In","fields":[{"name":"x","type":"double"}]},"default":{"x":2}},'
    + '{"name":"b","type":"bytes","default":"\u00ff\u0100"},'
    + '{"name":"e","type":"string","doc":""}]}';
  assert.equal(normalized(input), '{"type":"record","name":"R","fields":['
    + '{"name":"d","type":"double","default":1.0,"aliases":["x","y"],"a":1,"z":1},'
    + '{"name":"f","type":"float","default":0.1},'
    + '{"name":"u","type":["null","double"],"default":null},'
    + '{"name":"v","type":["int","double"],"default":3},'
    + '{"name":"w","type":["string","double"],"default":3.0},'
    + '{"name":"r","type":{"type":"record","name":"In","fields":[{"name":"x","type":"double"}]},"default":{"x":2.0}},'
    + '{"name":"b","type":"bytes","default":"\u00ff?"},'
    + '{"name":"e","type":"string","doc":""}]}');
});

test('normalized equals canonical for a schema already in normal form', () => {
  const text = '{"type":"record","name":"Envelope","namespace":"x.y","fields":[{"name":"before","type":["null",{"type":"record","name":"Row","fields":[{"name":"ts","type":{"type":"long","a.name":"T","a.version":1}}],"a.name":"x.y.Row"}],"default":null},{"name":"after","type":["null","Row"],"default":null}],"a.name":"x.y.Envelope"}';
  assert.equal(canonical(text), text);
  assert.equal(normalized(text), text);
});
