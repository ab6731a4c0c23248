import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundException } from '../../../runtime/api/errors.js';
import {
  AvroConverter, JsonConverter, SimpleHeaderConverter, StringConverter, converterPlugin, converters, headerConverterPlugin, headerConverters,
} from '../../../runtime/converters/index.js';

test("Kafka's and Confluent's class names and aliases", () => {
  assert.ok(converterPlugin('io.confluent.connect.avro.AvroConverter').create() instanceof AvroConverter);
  assert.ok(converterPlugin('AvroConverter').create() instanceof AvroConverter);
  assert.ok(converterPlugin('Avro').create() instanceof AvroConverter);
  assert.ok(converterPlugin('org.apache.kafka.connect.json.JsonConverter').create() instanceof JsonConverter);
  assert.ok(converterPlugin(' Json ').create() instanceof JsonConverter);
  assert.ok(converterPlugin('String').create() instanceof StringConverter);
  assert.deepEqual(converterPlugin('ByteArray').aliases, ['ByteArrayConverter', 'ByteArray']);
  assert.ok(headerConverterPlugin('org.apache.kafka.connect.storage.SimpleHeaderConverter').create() instanceof SimpleHeaderConverter);
  assert.deepEqual(headerConverterPlugin('Simple').aliases, ['SimpleHeaderConverter', 'Simple']);
  assert.ok(headerConverterPlugin('JsonConverter').create() instanceof JsonConverter);
  assert.throws(() => headerConverterPlugin('Avro'), NotFoundException);
  assert.throws(() => converterPlugin('ProtobufConverter'), (e: unknown) => e instanceof NotFoundException && /available: io\.confluent/.test(e.message));
});

test('every plugin creates a fresh instance with a config spec and a doc', () => {
  for (const p of [...converters, ...headerConverters]) {
    const a = p.create();
    assert.notEqual(a, p.create());
    assert.ok(a.config().names().length >= 0);
    assert.ok(p.doc.length > 0);
    assert.equal(new Set([...converters.map((x) => x.className)]).size, converters.length);
  }
});
