import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_AVRO_DATA_OPTIONS, DEFAULT_SCHEMA_FULL_NAME, splitName } from '../../../../runtime/converters/avro/avro-data-config.js';

test("Confluent's defaults and names", () => {
  assert.deepEqual(DEFAULT_AVRO_DATA_OPTIONS, { connectMetaData: true, enhancedSchemaSupport: false, schemasCacheSize: 1000 });
  assert.equal(DEFAULT_SCHEMA_FULL_NAME, 'io.confluent.connect.avro.ConnectDefault');
});

test('splitName splits at the last dot', () => {
  assert.deepEqual(splitName('com.acme.User'), ['com.acme', 'User']);
  assert.deepEqual(splitName('User'), [undefined, 'User']);
});
