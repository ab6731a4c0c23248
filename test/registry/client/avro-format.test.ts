import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avroFormat } from '../../../registry/client/avro-format.js';
import { RegistryClientError } from '../../../registry/client/client-error.js';

const parse = (schema: unknown) => avroFormat.provider.parse(JSON.stringify(schema), []);
const POINT = parse({ type: 'record', name: 'Point', namespace: 'geo', fields: [{ name: 'x', type: 'int' }, { name: 'y', type: 'int' }] });

test('recordName: the full name of named types, undefined for primitives and unions', () => {
  assert.equal(avroFormat.recordName(POINT), 'geo.Point');
  assert.equal(avroFormat.recordName(parse({ type: 'enum', name: 'Suit', symbols: ['A'] })), 'Suit');
  assert.equal(avroFormat.recordName(parse('string')), undefined);
  assert.equal(avroFormat.recordName(parse(['null', 'string'])), undefined);
});

test('encode: Avro binary, zig-zag ints (fixture)', () => {
  assert.deepEqual([...avroFormat.encode(POINT, { x: 1, y: -2 }, 0)], [0x02, 0x03]);
});

test('encode: a bad value names the path, the expected type and the value', () => {
  assert.throws(() => avroFormat.encode(POINT, { x: 1, y: 'two' }, 0), (err: unknown) =>
    err instanceof RegistryClientError && err.code === 'SERIALIZATION' && /geo\.Point/.test(err.message) && /at \/y: expected int, got "two"/.test(err.message));
});

test('reader: same schema reads directly; an evolved reader fills defaults; an incompatible one is SCHEMA', () => {
  const bytes = avroFormat.encode(POINT, { x: 5, y: 6 }, 0);
  assert.deepEqual({ ...avroFormat.reader(POINT, undefined, { validate: false })(bytes) as object }, { x: 5, y: 6 });
  const withZ = parse({ type: 'record', name: 'Point', namespace: 'geo', fields: [{ name: 'x', type: 'int' }, { name: 'z', type: 'long', default: 0 }] });
  assert.deepEqual({ ...avroFormat.reader(POINT, withZ, { validate: false })(bytes) as object }, { x: 5, z: 0 });
  const noDefault = parse({ type: 'record', name: 'Point', namespace: 'geo', fields: [{ name: 'w', type: 'int' }] });
  assert.throws(() => avroFormat.reader(POINT, noDefault, { validate: false }), (err: unknown) => err instanceof RegistryClientError && err.code === 'SCHEMA');
});

test('reader: bytes values are copies: changing the payload afterwards leaves them alone', () => {
  const schema = parse('bytes');
  const payload = avroFormat.encode(schema, Buffer.from([7, 8]), 0);
  const value = avroFormat.reader(schema, undefined, { validate: false })(payload) as Buffer;
  payload[1] = 9;
  assert.deepEqual([...value], [7, 8]);
});

test('encode: reserves header room, and values larger than the scratch buffer come out whole', () => {
  const schema = parse('string');
  const big = 'x'.repeat(100_000);
  const framed = avroFormat.encode(schema, big, 5);
  assert.equal(framed.length, 5 + 3 + 100_000); // zig-zag varint of 100000 takes 3 bytes
  assert.equal(avroFormat.reader(schema, undefined, { validate: false })(framed.subarray(5)), big);
  const small = avroFormat.encode(schema, 'hi', 5);
  assert.deepEqual([...small.subarray(5)], [0x04, 0x68, 0x69]);
  assert.equal(small.length, 8);
});
