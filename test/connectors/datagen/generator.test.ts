import { test } from 'node:test';
import assert from 'node:assert/strict';
import avro from 'avsc';
import { Schema } from '../../../runtime/api/index.js';
import { Generator } from '../../../connectors/datagen/generator.js';
import { QUICKSTARTS } from '../../../connectors/datagen/quickstarts.js';
import { connectToAvro, toAvroValue } from './avro-mapping.js';

const orders = QUICKSTARTS.get('orders')!;

test('the same seed gives equal records; another seed gives others', () => {
  const a = new Generator(orders, { seed: 7, keyField: 'orderid', recordBytes: 0 });
  const b = new Generator(orders, { seed: 7, keyField: 'orderid', recordBytes: 0 });
  const c = new Generator(orders, { seed: 8, keyField: 'orderid', recordBytes: 0 });
  for (const i of [0, 1, 999, 123_456]) {
    assert.ok(a.generate(i).value.equals(b.generate(i).value));
    assert.ok(!a.generate(i).value.equals(c.generate(i).value));
  }
  assert.ok(!a.generate(0).value.equals(a.generate(1).value));
});

test('the key is the key field with its schema; no key field, no key; an unknown field is refused', () => {
  const users = QUICKSTARTS.get('users')!;
  const byUser = new Generator(users, { seed: 1, keyField: 'userid', recordBytes: 0 });
  const r = byUser.generate(3);
  assert.ok(byUser.keySchema!.equals(Schema.STRING_SCHEMA));
  assert.equal(r.key, r.value.get('userid'));
  const none = new Generator(users, { seed: 1, keyField: null, recordBytes: 0 });
  assert.equal(none.keySchema, null);
  assert.equal(none.generate(3).key, null);
  assert.throws(() => new Generator(users, { seed: 1, keyField: 'nope', recordBytes: 0 }), /"nope" is not a field of the users quickstart/);
});

test('record.bytes pads every value to that Avro size (or one short) with a payload field', () => {
  for (const q of QUICKSTARTS.values()) {
    const g = new Generator(q, { seed: 11, keyField: q.keyField, recordBytes: 200 });
    assert.deepEqual(g.valueSchema.fields.map((f) => f.name).at(-1), 'payload');
    const type = avro.Type.forSchema(connectToAvro(g.valueSchema) as avro.Schema);
    for (let i = 0; i < 100; i++) {
      const { value } = g.generate(i);
      const size = type.toBuffer(toAvroValue(g.valueSchema, value)).length;
      assert.ok(size === 200 || size === 199, `${q.name} record ${i}: ${size} bytes`);
    }
  }
  const unpadded = new Generator(orders, { seed: 11, keyField: null, recordBytes: 0 });
  assert.equal(unpadded.valueSchema.field('payload'), undefined);
  const tiny = new Generator(orders, { seed: 11, keyField: null, recordBytes: 5 });
  assert.equal(tiny.generate(0).value.get('payload'), '', 'a record larger than record.bytes gets an empty payload');
});
