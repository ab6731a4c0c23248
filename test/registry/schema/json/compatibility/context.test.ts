import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { child, show, where } from '../../../../../registry/schema/json/compatibility/context.js';

test('context: child paths escape JSON-pointer tokens', () => {
  assert.equal(child('/', 'properties', 'a'), '/properties/a');
  assert.equal(child('/properties/a', 'items', 0), '/properties/a/items/0');
  assert.equal(child('/', 'patternProperties', '^a/b~c'), '/patternProperties/^a~1b~0c');
});

test('context: where names properties by their dotted path', () => {
  assert.equal(where('/'), 'the root schema');
  assert.equal(where('/properties/address/properties/zip'), "property 'address.zip'");
  assert.equal(where('/properties/a~1b'), "property 'a/b'");
  assert.equal(where('/items/0'), "'/items/0'");
  assert.equal(where('/properties/a/maxLength'), "'/properties/a/maxLength'");
});

test('context: show keeps values short', () => {
  assert.equal(show(['a', 1]), '["a",1]');
  assert.equal(show('x'.repeat(200)).length, 80);
});
