import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../runtime/api/data/big-decimal.js';
import { Decimal } from '../../../runtime/api/data/logical-types.js';
import { Schema } from '../../../runtime/api/data/schema.js';
import { DataException } from '../../../runtime/api/errors.js';
import { Headers } from '../../../runtime/api/header/headers.js';
import { ByteArrayConverter } from '../../../runtime/converters/byte-array-converter.js';

test('bytes pass through; reading gives an optional BYTES copy', async () => {
  const c = new ByteArrayConverter();
  c.configure();
  const input = new Uint8Array([1, 2, 3]);
  const out = await c.fromConnectData('t', new Headers(), Schema.BYTES_SCHEMA, input);
  assert.deepEqual([...out!], [1, 2, 3]);
  const record = Buffer.from([9, 8]);
  const back = await c.toConnectData('t', new Headers(), record);
  assert.equal(back.schema, Schema.OPTIONAL_BYTES_SCHEMA);
  record[0] = 0;
  assert.deepEqual([...(back.value as Uint8Array)], [9, 8]);
  assert.equal(c.serialize(null, null), null);
  assert.equal(c.deserialize(null).value, null);
  assert.deepEqual([...c.fromConnectHeader('t', 'h', null, new Uint8Array([7]))!], [7]);
});

test('other schemas and values are refused', () => {
  const c = new ByteArrayConverter();
  assert.throws(() => c.serialize(Schema.STRING_SCHEMA, 'x'), (e: unknown) => e instanceof DataException && /Invalid schema type for ByteArrayConverter: STRING/.test(e.message));
  assert.throws(() => c.serialize(null, 'x'), (e: unknown) => e instanceof DataException && /not compatible with objects of type string/.test(e.message));
  assert.throws(() => c.serialize(Decimal.schema(2), BigDecimal.from('1.00')), DataException);
});
