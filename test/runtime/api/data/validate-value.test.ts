import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectSchema, Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { isLogicalName, schemaDifference } from '../../../../runtime/api/data/validate-value.js';
import { DataException } from '../../../../runtime/api/errors.js';

const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && e.code === 'DATA_ERROR' && pattern.test(e.message);

test('validateValue accepts each type in its representation', () => {
  const ok: Array<[Schema, unknown]> = [
    [Schema.INT8_SCHEMA, -128],
    [Schema.INT16_SCHEMA, 32767],
    [Schema.INT32_SCHEMA, -2147483648],
    [Schema.INT64_SCHEMA, 2n ** 63n - 1n],
    [Schema.FLOAT32_SCHEMA, 1.5],
    [Schema.FLOAT64_SCHEMA, Number.NaN],
    [Schema.BOOLEAN_SCHEMA, false],
    [Schema.STRING_SCHEMA, ''],
    [Schema.BYTES_SCHEMA, Buffer.from('x')],
    [Schema.BYTES_SCHEMA, new Uint8Array(0)],
    [SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['a']],
    [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([['a', 1]])],
    [Schema.OPTIONAL_STRING_SCHEMA, null],
    [SchemaBuilder.string().defaultValue('d').build(), null],
    [Schema.OPTIONAL_STRING_SCHEMA, undefined],
  ];
  for (const [s, v] of ok) ConnectSchema.validateValue(s, v);
  ConnectSchema.validateValue(null, { anything: true });
});

test('validateValue refuses wrong representations with what was expected', () => {
  assert.throws(() => ConnectSchema.validateValue(Schema.INT64_SCHEMA, 12), dataError(/^Invalid value: expected INT64 \(bigint\), got number 12$/));
  assert.throws(() => ConnectSchema.validateValue(Schema.INT32_SCHEMA, 12n), dataError(/expected INT32 \(number \(integer\)\), got bigint 12/));
  assert.throws(() => ConnectSchema.validateValue(Schema.INT32_SCHEMA, 1.5), dataError(/got number 1.5/));
  assert.throws(() => ConnectSchema.validateValue(Schema.INT8_SCHEMA, 128), dataError(/128 is out of range for INT8 \(-128\.\.127\)/));
  assert.throws(() => ConnectSchema.validateValue(Schema.INT64_SCHEMA, 2n ** 63n), dataError(/out of range for INT64/));
  assert.throws(() => ConnectSchema.validateValue(Schema.STRING_SCHEMA, 5), dataError(/expected STRING \(string\), got number 5/));
  assert.throws(() => ConnectSchema.validateValue(Schema.BYTES_SCHEMA, 'abc'), dataError(/expected BYTES \(Uint8Array\)/));
  assert.throws(() => ConnectSchema.validateValue(Schema.BOOLEAN_SCHEMA, 'true'), dataError(/expected BOOLEAN/));
  assert.throws(() => ConnectSchema.validateValue(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build(), { a: 'b' }), dataError(/expected MAP \(Map\), got plain object/));
  assert.throws(() => ConnectSchema.validateValue(Schema.STRING_SCHEMA, null), dataError(/null, but the STRING schema is required and has no default/));
});

test('validateValue names the path of the failing value', () => {
  const address = SchemaBuilder.struct().name('Address').field('city', Schema.STRING_SCHEMA).build();
  const user = SchemaBuilder.struct()
    .name('User')
    .field('id', Schema.INT64_SCHEMA)
    .field('emails', SchemaBuilder.array(Schema.STRING_SCHEMA))
    .field('attrs', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional())
    .field('home', SchemaBuilder.struct().name('Address').field('city', Schema.STRING_SCHEMA).optional())
    .build();
  const s = new Struct(user).put('id', 1n).put('emails', ['a@b']);
  ConnectSchema.validateValue(user, s);
  assert.throws(() => ConnectSchema.validateValue(user, new Struct(user), 'value'), dataError(/^Invalid value for field "value.id": null, but the INT64 schema is required/));
  assert.throws(() => s.put('emails', ['ok', 7]), dataError(/field "emails\[1\]": expected STRING/));
  assert.throws(() => s.put('attrs', new Map([['k', 'x']])), dataError(/field "attrs\["k"\]": expected INT32/));
  assert.throws(() => s.put('attrs', new Map([[3, 1]])), dataError(/field "attrs\[3\] \(key\)": expected STRING/));
  const homeSchema = user.field('home')!.schema;
  assert.throws(() => s.put('home', new Struct(homeSchema)), dataError(/field "home.city": null, but the STRING schema is required/));
  s.put('home', new Struct(homeSchema).put('city', 'Oslo'));
  // Schema equality includes `optional`: a Struct of the required Address does not fit the optional field.
  const required = new Struct(address).put('city', 'x');
  assert.throws(() => s.put('home', required), dataError(/field "home": a Struct of Schema\{Address:STRUCT\}, not of the expected Schema\{Address:STRUCT\} \(optional: false vs true\)/));
  const other = new Struct(SchemaBuilder.struct().name('Other').field('city', Schema.STRING_SCHEMA).build()).put('city', 'x');
  assert.throws(() => s.put('home', other), dataError(/\(name: Other vs Address\)/));
  const renamed = new Struct(SchemaBuilder.struct().name('Address').field('town', Schema.STRING_SCHEMA).optional().build()).put('town', 'x');
  assert.throws(() => s.put('home', renamed), dataError(/\(field 0 is "town" vs "city"\)/));
  const nested = new Struct(user).put('id', 2n).put('emails', []);
  assert.throws(() => ConnectSchema.validateValue(SchemaBuilder.array(user).build(), [s, nested, 'x'], 'value'), dataError(/field "value\[2\]": expected STRUCT/));
});


test('logical names and schema differences', () => {
  assert.equal(isLogicalName('org.apache.kafka.connect.data.Decimal'), true);
  assert.equal(isLogicalName('io.debezium.time.ZonedTimestamp'), false);
  assert.equal(isLogicalName(undefined), false);
  assert.equal(schemaDifference(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA), 'type: STRING vs INT8');
  assert.equal(schemaDifference(SchemaBuilder.string().defaultValue('a').build(), Schema.STRING_SCHEMA), 'default value, parameters or child schemas differ');
});
