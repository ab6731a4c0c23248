import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../../runtime/api/data/struct.js';
import { SinkRecord } from '../../../../runtime/api/connector/sink-record.js';
import { DataException } from '../../../../runtime/api/errors.js';

test('validate() checks key and value against their schemas with paths', () => {
  const schema = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).build();
  const ok = new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, keySchema: Schema.STRING_SCHEMA, key: 'k', valueSchema: schema, value: new Struct(schema).put('id', 1n) });
  ok.validate();
  const bad = ok.newRecord({ value: new Struct(schema) });
  assert.throws(() => bad.validate(), (e: unknown) => e instanceof DataException && /field "value\.id"/.test(e.message));
  assert.throws(() => ok.newRecord({ key: 3 }).validate(), (e: unknown) => e instanceof DataException && /field "key": expected STRING/.test(e.message));
});
