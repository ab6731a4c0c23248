import { test } from 'node:test';
import assert from 'node:assert/strict';
import avsc from 'avsc';
import { parseAvroSchema } from '../../../../runtime/converters/avro/avro-schema.js';
import { avscTypeOf } from '../../../../runtime/converters/avro/avsc-types.js';

test('longs are bigints over the full 64-bit range, encoded as standard Avro zig-zag varints', () => {
  const t = avscTypeOf(parseAvroSchema('"long"'));
  assert.equal(t.toBuffer(9223372036854775807n).toString('hex'), 'feffffffffffffffff01');
  assert.equal(t.toBuffer(-1n).toString('hex'), '01');
  assert.equal(t.fromBuffer(Buffer.from('feffffffffffffffff01', 'hex')), 9223372036854775807n);
  assert.throws(() => t.toBuffer(1));
});

test('the bytes equal what plain avsc writes for the same schema and (number) values', () => {
  const schema = {
    type: 'record', name: 'R', namespace: 'a',
    fields: [
      { name: 'i', type: 'int' }, { name: 'l', type: 'long' }, { name: 's', type: ['null', 'string'] }, { name: 'b', type: 'bytes' },
      { name: 'm', type: { type: 'map', values: 'double' } }, { name: 'e', type: { type: 'enum', name: 'E', symbols: ['X', 'Y'] } },
    ],
  };
  const ours = avscTypeOf(parseAvroSchema(JSON.stringify(schema)));
  const plain = avsc.Type.forSchema(schema as avsc.Schema);
  const a = ours.toBuffer({ i: -3, l: 1234567890123n, s: { string: 'hé' }, b: Buffer.from([1, 2]), m: { k: 1.5 }, e: 'Y' });
  const b = plain.toBuffer({ i: -3, l: 1234567890123, s: 'hé', b: Buffer.from([1, 2]), m: { k: 1.5 }, e: 'Y' });
  assert.deepEqual(a, b);
  const back = ours.fromBuffer(a) as Record<string, unknown>;
  assert.deepEqual({ ...(back.s as object) }, { string: 'hé' });
  assert.equal(back.l, 1234567890123n);
});

test('unions are always wrapped, named and recursive types resolve as the model says', () => {
  const t = avscTypeOf(parseAvroSchema('{"type":"record","name":"Node","fields":[{"name":"v","type":["int","string"]},{"name":"next","type":["null","Node"]}]}'));
  const v = { v: { int: 1 }, next: { Node: { v: { string: 'x' }, next: null } } };
  const back = t.fromBuffer(t.toBuffer(v)) as { next: { Node: { v: object } } };
  assert.deepEqual({ ...back.next.Node.v }, { string: 'x' });
});

test('a field with a default may be left out; a default avsc refuses only drops the defaults', () => {
  const t = avscTypeOf(parseAvroSchema('{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"long","default":7}]}'));
  assert.equal(t.toBuffer({ a: 1 }).toString('hex'), '020e');
  const odd = avscTypeOf(parseAvroSchema('{"type":"record","name":"R","fields":[{"name":"a","type":["null","int"],"default":5}]}'));
  assert.equal(odd.toBuffer({ a: null }).toString('hex'), '00');
});
