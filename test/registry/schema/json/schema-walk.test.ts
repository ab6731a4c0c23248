import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { forEachSubschema, pointerToken, walkSchema } from '../../../../registry/schema/json/schema-walk.js';

test('schema-walk: visits subschema positions only', () => {
  const schema = {
    properties: { id: { type: 'string' }, 'a/b': true },
    items: [{ type: 'integer' }],
    additionalItems: false,
    allOf: [{}],
    dependencies: { x: ['y'], z: { required: ['x'] } },
    enum: [{ type: 'string' }],
    const: { properties: {} },
    default: { not: {} },
    $defs: { d: {} },
  };
  const seen: string[] = [];
  walkSchema(schema, (_node, pointer) => seen.push(pointer));
  assert.deepEqual(seen.sort(), [
    '', '/$defs/d', '/additionalItems', '/allOf/0', '/dependencies/z', '/items/0', '/properties/a~1b', '/properties/id',
  ].sort());
});

test('schema-walk: single items schema and 2020-12 keywords', () => {
  const tokens: string[] = [];
  forEachSubschema({ items: {}, prefixItems: [{}], contains: {}, unevaluatedProperties: false, dependentSchemas: { a: {} } }, (_s, t) => tokens.push(t.join('/')));
  assert.deepEqual(tokens.sort(), ['contains', 'dependentSchemas/a', 'items', 'prefixItems/0', 'unevaluatedProperties']);
});

test('schema-walk: pointer tokens are escaped', () => {
  assert.equal(pointerToken('a~/b'), 'a~0~1b');
});
