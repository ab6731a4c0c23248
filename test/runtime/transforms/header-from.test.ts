import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { Headers } from '../../../runtime/api/header/headers.js';
import { T, assertConfigError, assertDataError, sink, transform } from './fixtures.js';

const schema = SchemaBuilder.struct().name('S').field('id', Schema.INT64_SCHEMA).field('trace', Schema.OPTIONAL_STRING_SCHEMA).field('n', Schema.INT32_SCHEMA).build();
const value = new Struct(schema).put('id', 1n).put('trace', 'abc').put('n', 5);

for (const operation of ['move', 'copy'] as const) {
  test(`HeaderFrom$Value ${operation} with a schema`, () => {
    const t = transform(`${T}HeaderFrom$Value`, { fields: 'trace,n', headers: 'x-trace,x-n', operation });
    const rec = sink({ valueSchema: schema, value, headers: new Headers().addString('keep', 'k') });
    const out = t.apply(rec)!;
    assert.deepEqual(out.headers.toArray().map((h) => [h.key, h.value, h.schema?.type]), [['keep', 'k', 'STRING'], ['x-trace', 'abc', 'STRING'], ['x-n', 5, 'INT32']]);
    assert.equal(rec.headers.size, 1);
    if (operation === 'copy') {
      assert.equal(out.value, value);
    } else {
      assert.deepEqual(out.valueSchema!.fields.map((f) => f.name), ['id']);
      assert.equal(out.valueSchema!.name, 'S');
      assert.equal((out.value as Struct).get('id'), 1n);
      assert.equal(t.apply(rec)!.valueSchema, out.valueSchema, 'cached');
    }
  });

  test(`HeaderFrom$Key ${operation} schemaless`, () => {
    const t = transform(`${T}HeaderFrom$Key`, { fields: 'a,missing', headers: 'ha,hm', operation });
    const out = t.apply(sink({ key: { a: 1, b: 2 }, value: 'v' }))!;
    assert.deepEqual(out.headers.toArray().map((h) => [h.key, h.value, h.schema]), [['ha', 1, null], ['hm', null, null]]);
    assert.deepEqual(out.key, operation === 'move' ? { b: 2 } : { a: 1, b: 2 });
    assert.equal(out.value, 'v');
  });
}

test('HeaderFrom errors', () => {
  const t = transform(`${T}HeaderFrom$Value`, { fields: 'zz', headers: 'h', operation: 'copy' });
  assertDataError(() => t.apply(sink({ valueSchema: schema, value })), /Field "zz" does not exist in the value schema/);
  assertDataError(() => t.apply(sink({ value: null })), /\[header copy\], found: null/);
  assertConfigError(`${T}HeaderFrom$Value`, { fields: 'a,b', headers: 'h', operation: 'move' }, /^'fields' config must have the same number of elements as 'headers' config\.$/, 'headers');
  assertConfigError(`${T}HeaderFrom$Value`, { fields: 'a', headers: 'h', operation: 'cut' }, /operation: String must be one of: move, copy/, 'operation');
});
