import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigException } from '../../../runtime/api/errors.js';
import { converterConfigDef, converterTypeOf, withConverterType } from '../../../runtime/converters/converter-config.js';

test('converter.type is required and one of key, value, header', () => {
  const def = converterConfigDef();
  assert.equal(def.parse({ 'converter.type': 'header' })['converter.type'], 'header');
  assert.throws(() => def.parse({}), (e: unknown) => e instanceof ConfigException && /Missing required configuration "converter.type"/.test(e.message));
  assert.throws(() => def.parse({ 'converter.type': 'body' }), ConfigException);
});

test('configure(configs, isKey) means key or value; configure(configs) means header unless told', () => {
  assert.equal(converterTypeOf({}, true), 'key');
  assert.equal(converterTypeOf({ 'converter.type': 'key' }, false), 'value');
  assert.equal(converterTypeOf({}, undefined), 'header');
  assert.equal(converterTypeOf({ 'converter.type': 'value' }, undefined), 'value');
  assert.deepEqual(withConverterType({ a: 'b' }, 'key'), { a: 'b', 'converter.type': 'key' });
});
