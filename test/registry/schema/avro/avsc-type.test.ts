import { test } from 'node:test';
import assert from 'node:assert/strict';
import avsc from 'avsc';
import { AvscSchemaPrinter, buildAvscType } from '../../../../registry/schema/avro/avsc-type.js';
import { parseJson } from '../../../../registry/schema/avro/json.js';
import { SchemaParser, type NameTable } from '../../../../registry/schema/avro/parse.js';

/** Builds each text in order into one name table and one avsc registry; returns the last type. */
function build(...texts: string[]): avsc.Type {
  const names: NameTable = new Map();
  const printer = new AvscSchemaPrinter(new Set());
  const registry: Record<string, avsc.Type> = {};
  let type: avsc.Type | undefined;
  for (const text of texts) type = buildAvscType(new SchemaParser(names).parse(parseJson(text), undefined, ''), printer, registry);
  return type as avsc.Type;
}

test('round-trips a value through a schema with namespaces, recursion and every kind', () => {
  const t = build(JSON.stringify({
    type: 'record', name: 'a.Node', fields: [
      { name: 'id', type: 'long' },
      { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['LEAF', 'BRANCH'] } },
      { name: 'hash', type: { type: 'fixed', name: 'b.Hash', size: 2 } },
      { name: 'tags', type: { type: 'map', values: { type: 'array', items: 'string' } } },
      { name: 'next', type: ['null', 'Node'], default: null },
      { name: 'global', type: { type: 'record', name: 'G', namespace: '', fields: [{ name: 'k', type: 'a.Kind' }] } },
      { name: 'g2', type: 'G' },
    ],
  }));
  const value = { id: 1, kind: 'BRANCH', hash: Buffer.from([1, 2]), tags: { x: ['y'] }, next: { id: 2, kind: 'LEAF', hash: Buffer.from([3, 4]), tags: {}, next: null, global: { k: 'LEAF' }, g2: { k: 'LEAF' } }, global: { k: 'BRANCH' }, g2: { k: 'LEAF' } };
  assert.deepEqual(JSON.parse(JSON.stringify(t.fromBuffer(t.toBuffer(value)))), JSON.parse(JSON.stringify(value)));
  assert.equal(t.name, 'a.Node');
});

test("the main schema uses the references' named types, even across namespaces", () => {
  const t = build('{"type":"record","name":"Address","fields":[{"name":"zip","type":"string"}]}',
    '{"type":"record","name":"com.acme.Person","fields":[{"name":"home","type":"Address"}]}');
  const decoded = t.fromBuffer(t.toBuffer({ home: { zip: '1000' } })) as { home: { zip: string } };
  assert.equal(decoded.home.zip, '1000');
  assert.equal(build('{"type":"fixed","name":"x.F","size":3}', '"x.F"').name, 'x.F');
});

test('defaults avsc cannot hold are left out, others kept for schema resolution', () => {
  const writer = build('{"type":"record","name":"R","fields":[]}');
  const reader = build('{"type":"record","name":"R","fields":[{"name":"a","type":["null","string"],"default":null},{"name":"b","type":"int","default":7},{"name":"c","type":["null","string"],"default":"x"}]}');
  assert.throws(() => reader.createResolver(writer), /default-less R\.c/, 'c has no avsc default, so it cannot be filled');
  const reader2 = build('{"type":"record","name":"R","fields":[{"name":"a","type":["null","string"],"default":null},{"name":"b","type":"int","default":7}]}');
  const resolver = reader2.createResolver(writer);
  assert.deepEqual({ ...reader2.fromBuffer(writer.toBuffer({}), resolver) }, { a: null, b: 7 });
});

test('an empty union refuses every value', () => {
  const t = build('{"type":"record","name":"R","fields":[{"name":"never","type":[]}]}');
  assert.throws(() => t.toBuffer({ never: null }), /empty union holds no value/);
});

test('longs keep all 64 bits: numbers while safe, bigints beyond (tweet ids)', async () => {
  const { avroProvider, avscTypeOf } = await import('../../../../registry/schema/avro/provider.js');
  const type = avscTypeOf(avroProvider.parse('{"type":"record","name":"Tweet","fields":[{"name":"id","type":"long"},{"name":"n","type":"long"}]}', []));
  const tweetId = 1_862_345_678_901_234_567n;
  const bytes = type.toBuffer({ id: tweetId, n: 42 });
  assert.deepEqual({ ...type.fromBuffer(bytes) }, { id: tweetId, n: 42 });
  // The bytes are plain Avro zig-zag varints: the same as avsc's default long writes for 42.
  const plain = avsc.Type.forSchema({ type: 'record', name: 'P', fields: [{ name: 'n', type: 'long' }] });
  assert.deepEqual(avscTypeOf(avroProvider.parse('{"type":"record","name":"P","fields":[{"name":"n","type":"long"}]}', [])).toBuffer({ n: 42 }), plain.toBuffer({ n: 42 }));
  assert.equal(type.isValid({ id: 2n ** 63n, n: 0 }), false, 'past int64');
  assert.equal(type.isValid({ id: 1.5, n: 0 }), false);
});
