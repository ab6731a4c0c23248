import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Date as DateType, Time, Timestamp } from '../../../runtime/api/data/logical-types.js';
import { Schema, type Schema as SchemaT } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { T, assertConfigError, assertDataError, sink, transform } from './fixtures.js';

const MS = Date.UTC(2024, 0, 31, 13, 45, 30, 123);
const DAY = Date.UTC(2024, 0, 31);
const TOD = MS - DAY;
const FMT = "yyyy-MM-dd'T'HH:mm:ss.SSS";

// [name, props, input schema, input, output schema, output]
const cases: Array<[string, Record<string, string>, SchemaT | null, unknown, SchemaT | null, unknown]> = [
  ['Timestamp to string', { 'target.type': 'string', format: FMT }, Timestamp.SCHEMA, new Date(MS), Schema.STRING_SCHEMA, '2024-01-31T13:45:30.123'],
  ['Timestamp to unix', { 'target.type': 'unix' }, Timestamp.SCHEMA, new Date(MS), Schema.INT64_SCHEMA, BigInt(MS)],
  ['Timestamp to unix seconds', { 'target.type': 'unix', 'unix.precision': 'seconds' }, Timestamp.SCHEMA, new Date(MS), Schema.INT64_SCHEMA, BigInt(Math.floor(MS / 1000))],
  ['Timestamp to unix nanoseconds', { 'target.type': 'unix', 'unix.precision': 'nanoseconds' }, Timestamp.SCHEMA, new Date(MS), Schema.INT64_SCHEMA, BigInt(MS) * 1_000_000n],
  ['Timestamp to Date', { 'target.type': 'Date' }, Timestamp.SCHEMA, new Date(MS), DateType.SCHEMA, new Date(DAY)],
  ['Timestamp to Time', { 'target.type': 'Time' }, Timestamp.SCHEMA, new Date(MS), Time.SCHEMA, new Date(TOD)],
  ['unix to Timestamp', { 'target.type': 'Timestamp' }, Schema.INT64_SCHEMA, BigInt(MS), Timestamp.SCHEMA, new Date(MS)],
  ['unix micros to Timestamp', { 'target.type': 'Timestamp', 'unix.precision': 'microseconds' }, Schema.INT64_SCHEMA, BigInt(MS) * 1000n + 999n, Timestamp.SCHEMA, new Date(MS)],
  ['string to Timestamp', { 'target.type': 'Timestamp', format: FMT }, Schema.STRING_SCHEMA, '2024-01-31T13:45:30.123', Timestamp.SCHEMA, new Date(MS)],
  ['Date to string', { 'target.type': 'string', format: 'yyyyMMdd' }, DateType.SCHEMA, new Date(DAY), Schema.STRING_SCHEMA, '20240131'],
  ['optional stays optional', { 'target.type': 'unix' }, Timestamp.builder().optional().build(), null, Schema.OPTIONAL_INT64_SCHEMA, null],
  ['schemaless Date to unix', { 'target.type': 'unix' }, null, new Date(MS), null, BigInt(MS)],
  ['schemaless number to string', { 'target.type': 'string', format: 'yyyy' }, null, MS, null, '2024'],
  ['schemaless bigint to Date', { 'target.type': 'Date' }, null, BigInt(MS), null, new Date(DAY)],
  ['schemaless string to unix seconds', { 'target.type': 'unix', format: 'yyyy-MM-dd', 'unix.precision': 'seconds' }, null, '2024-01-31', null, BigInt(DAY / 1000)],
  ['schemaless nanoseconds', { 'target.type': 'unix', 'unix.precision': 'nanoseconds' }, null, new Date(MS), null, BigInt(MS) * 1_000_000n],
  ['schemaless tombstone', { 'target.type': 'unix' }, null, null, null, null],
];

for (const [name, props, inSchema, input, outSchema, output] of cases) {
  test(`TimestampConverter$Value whole value: ${name}`, () => {
    const out = transform(`${T}TimestampConverter$Value`, props).apply(sink({ valueSchema: inSchema, value: input }))!;
    assert.ok(outSchema === null ? out.valueSchema === null : outSchema.equals(out.valueSchema), `schema ${String(out.valueSchema)}`);
    assert.deepEqual(out.value, output);
  });
}

const schema = SchemaBuilder.struct().name('E').field('id', Schema.INT32_SCHEMA).field('at', Schema.OPTIONAL_INT64_SCHEMA).build();

test('TimestampConverter converts one Struct field; the schema is cached', () => {
  const t = transform(`${T}TimestampConverter$Value`, { field: 'at', 'target.type': 'Timestamp' });
  const out = t.apply(sink({ valueSchema: schema, value: new Struct(schema).put('id', 1).put('at', BigInt(MS)) }))!;
  assert.equal(out.valueSchema!.name, 'E');
  assert.ok(out.valueSchema!.field('at')!.schema.equals(Timestamp.builder().optional().build()));
  assert.deepEqual((out.value as Struct).get('at'), new Date(MS));
  const again = t.apply(sink({ valueSchema: schema, value: new Struct(schema).put('id', 2) }))!;
  assert.equal(again.valueSchema, out.valueSchema);
  assert.equal((again.value as Struct).get('at'), null);
  const tomb = t.apply(sink({ valueSchema: schema, value: null }))!;
  assert.equal(tomb.value, null);
});

test('TimestampConverter$Key on a schemaless field', () => {
  const out = transform(`${T}TimestampConverter$Key`, { field: 'at', 'target.type': 'string', format: 'yyyy-MM-dd' }).apply(sink({ key: { at: MS, x: 1 }, value: 'v' }))!;
  assert.deepEqual(out.key, { at: '2024-01-31', x: 1 });
  assert.equal(out.value, 'v');
  const absent = transform(`${T}TimestampConverter$Value`, { field: 'at', 'target.type': 'unix' }).apply(sink({ value: new Map([['x', 1]]) }))!;
  assert.deepEqual([...(absent.value as Map<string, unknown>)], [['x', 1]]);
});

test('TimestampConverter data errors', () => {
  const t = transform(`${T}TimestampConverter$Value`, { 'target.type': 'Timestamp', format: 'yyyy-MM-dd' });
  assertDataError(() => t.apply(sink({ value: 'not a date' })), /Could not parse timestamp: value \(not a date\) does not match pattern \(yyyy-MM-dd\)/);
  assertDataError(() => t.apply(sink({ value: 1.5 })), /TimestampConverter does not support number 1\.5 objects as timestamps/);
  assertDataError(() => t.apply(sink({ valueSchema: Schema.BOOLEAN_SCHEMA, value: true })), /does not correspond to a known timestamp type format/);
  assertDataError(() => transform(`${T}TimestampConverter$Value`, { 'target.type': 'unix' }).apply(sink({ value: 'x' })), /set format/);
});

test('TimestampConverter config errors', () => {
  assertConfigError(`${T}TimestampConverter$Value`, {}, /Missing required configuration "target.type"/, 'target.type');
  assertConfigError(`${T}TimestampConverter$Value`, { 'target.type': 'date' }, /target\.type: String must be one of: string, unix, Date, Time, Timestamp/, 'target.type');
  assertConfigError(`${T}TimestampConverter$Value`, { 'target.type': 'string' }, /^TimestampConverter requires format option to be specified when using string timestamps$/, 'format');
  assertConfigError(`${T}TimestampConverter$Value`, { 'target.type': 'string', format: 'yyyy-qq' }, /requires a SimpleDateFormat-compatible pattern for string timestamps: yyyy-qq/, 'format');
  assertConfigError(`${T}TimestampConverter$Value`, { 'target.type': 'unix', 'unix.precision': 'minutes' }, /unix\.precision/, 'unix.precision');
});
