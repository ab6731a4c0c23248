import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Field } from '../../../../runtime/api/data/field.js';
import { ConnectSchema, Schema } from '../../../../runtime/api/data/schema.js';

test('fields compare by name, index and schema', () => {
  const f = new Field('id', 0, Schema.INT64_SCHEMA);
  assert.equal(f.equals(new Field('id', 0, new ConnectSchema({ type: 'INT64' }))), true);
  assert.equal(f.equals(new Field('id', 1, Schema.INT64_SCHEMA)), false);
  assert.equal(f.equals(new Field('id', 0, Schema.OPTIONAL_INT64_SCHEMA)), false);
  assert.equal(String(f), 'Field{name=id, index=0, schema=Schema{INT64}}');
});
