import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEADER_SIZE, MAGIC_BYTE, decodeFrame, encodeFrame, writeHeader } from '../../../registry/client/wire-format.js';
import { RegistryClientError } from '../../../registry/client/client-error.js';

test('encodeFrame: magic byte 0, big-endian id, then the payload', () => {
  const frame = encodeFrame(0x01020304, Buffer.from([0xaa, 0xbb]));
  assert.deepEqual([...frame], [0x00, 0x01, 0x02, 0x03, 0x04, 0xaa, 0xbb]);
  assert.equal(MAGIC_BYTE, 0);
  assert.equal(HEADER_SIZE, 5);
});

test('encodeFrame: id 1 and an Avro string payload "hi" (fixture)', () => {
  // Avro string: zig-zag varint length 2 -> 0x04, then the UTF-8 bytes.
  assert.equal(encodeFrame(1, Buffer.from([0x04, 0x68, 0x69])).toString('hex'), '00000000010468' + '69');
});

test('encodeFrame copies the payload: the caller keeps its buffer', () => {
  const payload = Buffer.from([1, 2, 3]);
  const frame = encodeFrame(7, payload);
  payload[0] = 9;
  assert.equal(frame[5], 1);
});

test('encodeFrame accepts an empty payload and ids up to 2^31-1', () => {
  assert.deepEqual([...encodeFrame(0x7fffffff, new Uint8Array(0))], [0, 0x7f, 0xff, 0xff, 0xff]);
});

test('encodeFrame refuses ids that do not fit a signed int32 or are not integers', () => {
  for (const id of [-1, 0x80000000, 1.5, NaN]) assert.throws(() => encodeFrame(id, Buffer.alloc(0)), RangeError);
});

test('writeHeader writes the 5 header bytes in place', () => {
  const out = Buffer.alloc(7, 0xee);
  writeHeader(out, 258);
  assert.deepEqual([...out], [0, 0, 0, 1, 2, 0xee, 0xee]);
});

test('decodeFrame returns the id and a view of the payload (no copy)', () => {
  const bytes = Buffer.from([0, 0, 0, 0, 42, 0x10, 0x20]);
  const { schemaId, payload } = decodeFrame(bytes);
  assert.equal(schemaId, 42);
  assert.deepEqual([...payload], [0x10, 0x20]);
  bytes[5] = 0x11;
  assert.equal(payload[0], 0x11);
});

test('decodeFrame accepts a plain Uint8Array at an offset', () => {
  const backing = new Uint8Array([9, 9, 0, 0, 0, 1, 0, 7]);
  const frame = decodeFrame(backing.subarray(2));
  assert.equal(frame.schemaId, 256);
  assert.deepEqual([...frame.payload], [7]);
});

test('decodeFrame of exactly the header gives an empty payload', () => {
  assert.equal(decodeFrame(Buffer.from([0, 0, 0, 0, 3])).payload.length, 0);
});

test('decodeFrame: a wrong magic byte names the byte found and the one expected', () => {
  const err = catchError(() => decodeFrame(Buffer.from('{"a":1}')));
  assert.equal(err.code, 'WIRE_FORMAT');
  assert.equal(err.retriable, false);
  assert.match(err.message, /first byte is 0x7b \('\{'\)/);
  assert.match(err.message, /expected the magic byte 0x00/);
});

test('decodeFrame: magic byte 1 (schema-GUID framing) is named as such', () => {
  const err = catchError(() => decodeFrame(Buffer.from([1, 0, 0, 0, 0, 0])));
  assert.match(err.message, /first byte is 0x01, expected the magic byte 0x00; magic byte 0x01 is the schema-GUID framing/);
});

test('decodeFrame: fewer than 5 bytes names the length, the bytes and the minimum', () => {
  const err = catchError(() => decodeFrame(Buffer.from([0, 0, 1])));
  assert.equal(err.code, 'WIRE_FORMAT');
  assert.match(err.message, /3 byte\(s\) \[0x00 0x00 0x01\], expected at least 5/);
  assert.match(catchError(() => decodeFrame(Buffer.alloc(0))).message, /0 byte\(s\) \(empty\)/);
});

function catchError(fn: () => unknown): RegistryClientError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof RegistryClientError);
    return err;
  }
  assert.fail('expected an error');
}
