import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timestamp } from '../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, assertDataError, sink, source, transform } from './fixtures.js';

const ALL = {
  'topic.field': 'topic!',
  'partition.field': 'partition',
  'offset.field': 'offset?',
  'timestamp.field': 'ts',
  'static.field': 'instance!',
  'static.value': 'east',
};
const schema = SchemaBuilder.struct().name('com.example.User').version(2).field('id', Schema.INT64_SCHEMA).build();
const TS = Date.UTC(2024, 0, 31, 13, 45);

test('InsertField$Value adds topic, partition, offset, timestamp and static fields to a Struct', () => {
  const out = transform(`${T}InsertField$Value`, ALL).apply(sink({ valueSchema: schema, value: new Struct(schema).put('id', 7n) }))!;
  const s = out.valueSchema!;
  assert.equal(s.name, 'com.example.User');
  assert.equal(s.version, 2);
  assert.deepEqual(
    s.fields.map((f) => [f.name, f.schema.type, f.schema.optional, f.schema.name]),
    [
      ['id', 'INT64', false, undefined],
      ['topic', 'STRING', false, undefined],
      ['partition', 'INT32', true, undefined],
      ['offset', 'INT64', true, undefined],
      ['ts', 'INT64', true, Timestamp.LOGICAL_NAME],
      ['instance', 'STRING', false, undefined],
    ],
  );
  const v = out.value as Struct;
  assert.equal(v.get('id'), 7n);
  assert.equal(v.get('topic'), 't');
  assert.equal(v.get('partition'), 3);
  assert.equal(v.get('offset'), 42n);
  assert.deepEqual(v.get('ts'), new Date(TS));
  assert.equal(v.get('instance'), 'east');
  v.validate();
});

test('InsertField$Key works on the key and leaves the value alone', () => {
  const out = transform(`${T}InsertField$Key`, { 'topic.field': 'topic' }).apply(sink({ keySchema: schema, key: new Struct(schema).put('id', 1n), value: 'v' }))!;
  assert.equal((out.key as Struct).get('topic'), 't');
  assert.equal(out.value, 'v');
  assert.equal(out.valueSchema, null);
});

const schemaless = [
  { name: 'a Map stays a Map', input: new Map<string, unknown>([['id', 7]]), check: (v: unknown) => assert.ok(v instanceof Map) },
  { name: 'a plain object stays a plain object', input: { id: 7 }, check: (v: unknown) => assert.ok(!(v instanceof Map)) },
];
for (const c of schemaless) {
  test(`InsertField schemaless: ${c.name}`, () => {
    const out = transform(`${T}InsertField$Value`, ALL).apply(sink({ value: c.input }))!;
    c.check(out.value);
    const entries = out.value instanceof Map ? Object.fromEntries(out.value) : out.value;
    assert.deepEqual(entries, { id: 7, topic: 't', partition: 3, offset: 42n, ts: BigInt(TS), instance: 'east' });
    assert.equal(out.valueSchema, null);
    assert.deepEqual(c.input instanceof Map ? [...c.input.keys()] : Object.keys(c.input), ['id'], 'input not mutated');
  });
}

test('InsertField passes tombstones and leaves absent partition/timestamp unset', () => {
  const t = transform(`${T}InsertField$Value`, { 'partition.field': 'p', 'timestamp.field': 'ts' });
  const tomb = sink({ value: null });
  assert.equal(t.apply(tomb), tomb);
  const out = t.apply(source({ value: new Map(), timestamp: null, kafkaPartition: null }))!;
  assert.deepEqual([...(out.value as Map<string, unknown>).keys()], []);
});

test('InsertField: offset only on sink records; struct required with a schema', () => {
  assertDataError(() => transform(`${T}InsertField$Value`, { 'offset.field': 'o' }).apply(source({ value: new Map() })), /Only SinkRecord supported for \[field insertion\], found: SourceRecord/);
  assertDataError(() => transform(`${T}InsertField$Value`, { 'topic.field': 'o' }).apply(sink({ valueSchema: Schema.STRING_SCHEMA, value: 'x' })), /Only Struct objects supported for \[field insertion\], found: string "x"/);
  assertDataError(() => transform(`${T}InsertField$Value`, { 'topic.field': 'o' }).apply(sink({ value: 'x' })), /Only Map objects supported in absence of schema for \[field insertion\]/);
});

test('InsertField derives the schema once per input schema', () => {
  const t = transform(`${T}InsertField$Value`, { 'topic.field': 'topic' });
  const a = t.apply(sink({ valueSchema: schema, value: new Struct(schema).put('id', 1n) }))!;
  const equalCopy = SchemaBuilder.struct().name('com.example.User').version(2).field('id', Schema.INT64_SCHEMA).build();
  const b = t.apply(sink({ valueSchema: equalCopy, value: new Struct(equalCopy).put('id', 2n) }))!;
  assert.equal(a.valueSchema, b.valueSchema);
});

test('InsertField replace.null.with.default', () => {
  const s = SchemaBuilder.struct().field('n', SchemaBuilder.int32().optional().defaultValue(5)).build();
  const rec = sink({ valueSchema: s, value: new Struct(s) });
  assert.equal((transform(`${T}InsertField$Value`, { 'topic.field': 't' }).apply(rec)!.value as Struct).getWithoutDefault('n'), 5);
  const keepNull = transform(`${T}InsertField$Value`, { 'topic.field': 't', 'replace.null.with.default': 'false' });
  assert.equal((keepNull.apply(rec)!.value as Struct).getWithoutDefault('n'), null);
});

test('InsertField config errors', () => {
  assertConfigError(`${T}InsertField$Value`, {}, /^No field insertion configured$/);
  assertConfigError(`${T}InsertField$Value`, { 'static.field': 'x' }, /static\.value: No value specified for static field: x/, 'static.value');
  assertConfigError(`${T}InsertField$Value`, { 'topic.field': 't', 'replace.null.with.default': 'maybe' }, /replace\.null\.with\.default/, 'replace.null.with.default');
});
