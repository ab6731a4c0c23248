import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from '../../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { DataException } from '../../../../runtime/api/errors.js';
import { DEFAULT_JSON_DATA_OPTIONS } from '../../../../runtime/converters/json/json-data.js';
import { connectSchemaToJson, jsonToConnectSchema } from '../../../../runtime/converters/json/json-schema.js';
import { parseJson, stringifyJson } from '../../../../runtime/converters/json/json-text.js';

const opts = DEFAULT_JSON_DATA_OPTIONS;
const write = (s: Schema): string => stringifyJson(connectSchemaToJson(s, opts));
const read = (text: string): Schema | null => jsonToConnectSchema(parseJson(text), opts);
const dataError = (pattern: RegExp) => (e: unknown) => e instanceof DataException && pattern.test(e.message);

test('every type name of the format, both ways', () => {
  const names: [Schema, string][] = [
    [Schema.BOOLEAN_SCHEMA, 'boolean'], [Schema.INT8_SCHEMA, 'int8'], [Schema.INT16_SCHEMA, 'int16'], [Schema.INT32_SCHEMA, 'int32'],
    [Schema.INT64_SCHEMA, 'int64'], [Schema.FLOAT32_SCHEMA, 'float'], [Schema.FLOAT64_SCHEMA, 'double'], [Schema.BYTES_SCHEMA, 'bytes'],
    [Schema.STRING_SCHEMA, 'string'],
  ];
  for (const [schema, name] of names) {
    assert.equal(write(schema), `{"type":"${name}","optional":false}`);
    assert.ok(read(`{"type":"${name}","optional":false}`)!.equals(schema));
  }
});

test('nested schemas with every attribute round-trip', () => {
  const inner = SchemaBuilder.struct().name('com.acme.Inner').field('x', SchemaBuilder.int32().defaultValue(5)).optional().build();
  const schema = SchemaBuilder.struct().name('com.acme.Outer').version(2).doc('outer').parameter('p', 'q')
    .field('list', SchemaBuilder.array(inner))
    .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Decimal.schema(3)).optional())
    .field('struct_default', SchemaBuilder.struct().field('y', Schema.STRING_SCHEMA).defaultValue(
      new Struct(SchemaBuilder.struct().field('y', Schema.STRING_SCHEMA).build()).put('y', 'z')))
    .build();
  const text = write(schema);
  assert.ok(read(text)!.equals(schema));
  assert.match(text, /"fields":\[\{"type":"array","items":\{"type":"struct","fields":\[\{"type":"int32","optional":false,"default":5,"field":"x"\}\],"optional":true,"name":"com\.acme\.Inner"\},"optional":false,"field":"list"\}/);
  assert.match(text, /"default":\{"y":"z"\},"field":"struct_default"/);
});

test('reading is lenient like Kafka: missing optional means required, odd members are ignored', () => {
  assert.ok(read('{"type":"string"}')!.equals(Schema.STRING_SCHEMA));
  assert.ok(read('{"type":"string","optional":"yes","name":7,"version":"1","doc":false,"extra":1}')!.equals(Schema.STRING_SCHEMA));
  assert.equal(read('null'), null);
});

test("errors in Kafka's words, with where", () => {
  assert.throws(() => read('{"optional":true}'), dataError(/Schema must contain 'type' field/));
  assert.throws(() => read('"int32"'), dataError(/Schema must contain 'type' field/));
  assert.throws(() => read('{"type":"long"}'), dataError(/Unknown schema type: long/));
  assert.throws(() => read('{"type":"array"}'), dataError(/Array schema did not specify the element type/));
  assert.throws(() => read('{"type":"map","keys":{"type":"string"}}'), dataError(/Map schema did not specify the value type/));
  assert.throws(() => read('{"type":"map","values":{"type":"string"}}'), dataError(/Map schema did not specify the key type/));
  assert.throws(() => read('{"type":"struct","fields":{}}'), dataError(/"fields" argument is not an array/));
  assert.throws(() => read('{"type":"struct","fields":[{"type":"int32"}]}'), dataError(/field name not specified properly/));
  assert.throws(() => read('{"type":"struct","fields":[{"type":"nope","field":"a"}]}'), dataError(/Unknown schema type: nope \(at \.fields\[0\]\)/));
  assert.throws(() => read('{"type":"string","parameters":{"a":1}}'), dataError(/Schema parameters must have string values/));
  assert.throws(() => read('{"type":"int32","default":"x"}'), dataError(/Invalid default value/));
});
