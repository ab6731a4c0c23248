import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../../runtime/api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../../../runtime/api/data/logical-types.js';
import { ConnectSchema, Schema } from '../../../../runtime/api/data/schema.js';
import { DataException } from '../../../../runtime/api/errors.js';

const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

test("logical schemas carry Java's names, versions and base types", () => {
  const dec = Decimal.schema(2);
  assert.equal(dec.type, 'BYTES');
  assert.equal(dec.name, 'org.apache.kafka.connect.data.Decimal');
  assert.equal(dec.version, 1);
  assert.deepEqual(dec.parameters, { scale: '2' });
  assert.equal(Decimal.scale(dec), 2);
  assert.equal(Decimal.builder(0).optional().build().optional, true);
  assert.deepEqual([ConnectDate.SCHEMA.type, ConnectDate.SCHEMA.name, ConnectDate.SCHEMA.version], ['INT32', 'org.apache.kafka.connect.data.Date', 1]);
  assert.deepEqual([Time.SCHEMA.type, Time.SCHEMA.name], ['INT32', 'org.apache.kafka.connect.data.Time']);
  assert.deepEqual([Timestamp.SCHEMA.type, Timestamp.SCHEMA.name], ['INT64', 'org.apache.kafka.connect.data.Timestamp']);
  assert.equal(ConnectDate.builder().optional().build().optional, true);
});

test('Decimal encodes the unscaled value as minimal big-endian two\'s complement', () => {
  const s = Decimal.schema(2);
  const cases: Array<[string, number[]]> = [
    ['0.00', [0x00]],
    ['1.27', [0x7f]],
    ['1.28', [0x00, 0x80]],
    ['-1.28', [0x80]],
    ['-1.29', [0xff, 0x7f]],
    ['-0.01', [0xff]],
    ['655.36', [0x01, 0x00, 0x00]],
  ];
  for (const [text, bytes] of cases) {
    const v = BigDecimal.from(text);
    assert.deepEqual([...Decimal.fromLogical(s, v)], bytes, text);
    assert.equal(Decimal.toLogical(s, new Uint8Array(bytes)).toString(), text);
  }
  const big = BigDecimal.from('-123456789012345678901234567890.12');
  assert.equal(Decimal.toLogical(s, Decimal.fromLogical(s, big)).equals(big), true);
});

test('Decimal refuses mismatched scales, wrong schemas and empty bytes', () => {
  assert.throws(() => Decimal.fromLogical(Decimal.schema(2), BigDecimal.from('1.5')), dataError(/scale 1, the Decimal schema's scale is 2/));
  assert.throws(() => Decimal.fromLogical(Schema.BYTES_SCHEMA, BigDecimal.from('1.5')), dataError(/not org\.apache\.kafka\.connect\.data\.Decimal/));
  assert.throws(() => Decimal.toLogical(Decimal.schema(1), new Uint8Array(0)), dataError(/zero bytes/));
  assert.throws(() => Decimal.scale(new ConnectSchema({ type: 'BYTES', name: Decimal.LOGICAL_NAME })), dataError(/no integer "scale" parameter/));
  ConnectSchema.validateValue(Decimal.schema(2), BigDecimal.from('1.50'));
  assert.throws(() => ConnectSchema.validateValue(Decimal.schema(2), 1.5), dataError(/expected a BigDecimal/));
});

test('Date is days since the epoch, at midnight UTC', () => {
  const d = new Date(Date.UTC(2024, 1, 29));
  const days = ConnectDate.fromLogical(ConnectDate.SCHEMA, d);
  assert.equal(days, 19782);
  assert.deepEqual(ConnectDate.toLogical(ConnectDate.SCHEMA, days), d);
  assert.deepEqual(ConnectDate.toLogical(ConnectDate.SCHEMA, -1), new Date(Date.UTC(1969, 11, 31)));
  assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(Date.UTC(2024, 1, 29, 0, 0, 1))), dataError(/midnight UTC/));
  assert.throws(() => ConnectDate.fromLogical(Schema.INT32_SCHEMA, d), dataError(/Date conversion/));
  assert.throws(() => ConnectDate.toLogical(ConnectDate.SCHEMA, 1.5), dataError(/whole days/));
});

test('Time is milliseconds since midnight, on 1970-01-01', () => {
  const t = new Date(Date.UTC(1970, 0, 1, 13, 45, 30, 250));
  assert.equal(Time.fromLogical(Time.SCHEMA, t), 49530250);
  assert.deepEqual(Time.toLogical(Time.SCHEMA, 49530250), t);
  assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(Date.UTC(1970, 0, 2))), dataError(/1970-01-01/));
  assert.throws(() => Time.toLogical(Time.SCHEMA, 86_400_000), dataError(/within one day/));
  assert.throws(() => ConnectSchema.validateValue(Time.SCHEMA, new Date(-1)), dataError(/Time value must fall on 1970-01-01/));
});

test('Timestamp is INT64 milliseconds since the epoch', () => {
  const t = new Date('2023-11-14T22:13:20.123Z');
  const v = Timestamp.fromLogical(Timestamp.SCHEMA, t);
  assert.equal(v, 1700000000123n);
  assert.deepEqual(Timestamp.toLogical(Timestamp.SCHEMA, v), t);
  assert.deepEqual(Timestamp.toLogical(Timestamp.SCHEMA, -5), new Date(-5));
  assert.throws(() => Timestamp.fromLogical(Timestamp.SCHEMA, new Date(Number.NaN)), dataError(/valid Date/));
  assert.throws(() => Timestamp.toLogical(Timestamp.SCHEMA, 2n ** 62n), dataError(/outside the range/));
  ConnectSchema.validateValue(Timestamp.SCHEMA, t);
  assert.throws(() => ConnectSchema.validateValue(Timestamp.SCHEMA, 1700000000123n), dataError(/expected a valid Date/));
});
