import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Reader } from '../../../broker/protocol/reader.js';
import { Writer } from '../../../broker/protocol/writer.js';
import { ProtocolDecodeError, ProtocolEncodeError } from '../../../broker/protocol/errors.js';
import { ZERO_UUID, recordsToBuffer } from '../../../broker/protocol/types.js';

const hex = (b: Buffer): string => b.toString('hex');
const bytes = (h: string): Buffer => Buffer.from(h.replace(/\s+/g, ''), 'hex');

function encode(fn: (w: Writer) => void, capacity?: number): Buffer {
  const w = new Writer(capacity);
  fn(w);
  return w.toBuffer();
}

function decodeError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ProtocolDecodeError && pattern.test(e.message));
}

describe('fixed-width integers', () => {
  const cases: [string, (w: Writer, v: number) => void, (r: Reader) => number, number, string][] = [
    ['int8 -128', (w, v) => w.writeInt8(v), (r) => r.readInt8(), -128, '80'],
    ['int8 127', (w, v) => w.writeInt8(v), (r) => r.readInt8(), 127, '7f'],
    ['int8 -1', (w, v) => w.writeInt8(v), (r) => r.readInt8(), -1, 'ff'],
    ['int16 -32768', (w, v) => w.writeInt16(v), (r) => r.readInt16(), -32768, '8000'],
    ['int16 32767', (w, v) => w.writeInt16(v), (r) => r.readInt16(), 32767, '7fff'],
    ['int16 -2', (w, v) => w.writeInt16(v), (r) => r.readInt16(), -2, 'fffe'],
    ['uint16 65535', (w, v) => w.writeUInt16(v), (r) => r.readUInt16(), 65535, 'ffff'],
    ['int32 min', (w, v) => w.writeInt32(v), (r) => r.readInt32(), -2147483648, '80000000'],
    ['int32 max', (w, v) => w.writeInt32(v), (r) => r.readInt32(), 2147483647, '7fffffff'],
    ['int32 -1', (w, v) => w.writeInt32(v), (r) => r.readInt32(), -1, 'ffffffff'],
    ['uint32 max', (w, v) => w.writeUInt32(v), (r) => r.readUInt32(), 4294967295, 'ffffffff'],
    ['int64 0', (w, v) => w.writeInt64(v), (r) => r.readInt64(), 0, '0000000000000000'],
    ['int64 -1', (w, v) => w.writeInt64(v), (r) => r.readInt64(), -1, 'ffffffffffffffff'],
    ['int64 2^32', (w, v) => w.writeInt64(v), (r) => r.readInt64(), 2 ** 32, '0000000100000000'],
    ['int64 -2^32-1', (w, v) => w.writeInt64(v), (r) => r.readInt64(), -(2 ** 32) - 1, 'fffffffeffffffff'],
    ['int64 2^53-1', (w, v) => w.writeInt64(v), (r) => r.readInt64(), Number.MAX_SAFE_INTEGER, '001fffffffffffff'],
    ['int64 -(2^53-1)', (w, v) => w.writeInt64(v), (r) => r.readInt64(), Number.MIN_SAFE_INTEGER, 'ffe0000000000001'],
    ['int64 -2^63', (w, v) => w.writeInt64(v), (r) => r.readInt64(), -(2 ** 63), '8000000000000000'],
  ];
  for (const [name, write, read, value, h] of cases) {
    it(name, () => {
      const b = encode((w) => write(w, value));
      assert.equal(hex(b), h);
      const r = new Reader(b);
      assert.equal(read(r), value);
      assert.equal(r.remaining(), 0);
    });
  }

  it('int64 clamps to the int64 range; Long.MAX_VALUE round-trips', () => {
    assert.equal(hex(encode((w) => w.writeInt64(9223372036854775807))), '7fffffffffffffff');
    assert.equal(hex(encode((w) => w.writeInt64(1e300))), '7fffffffffffffff');
    assert.equal(hex(encode((w) => w.writeInt64(-1e300))), '8000000000000000');
    const max = new Reader(bytes('7fffffffffffffff')).readInt64();
    assert.equal(max, 9223372036854775807);
    assert.equal(hex(encode((w) => w.writeInt64(max))), '7fffffffffffffff');
    assert.equal(new Reader(bytes('8000000000000000')).readInt64(), -9223372036854775808);
  });

  it('float64 and bool', () => {
    const b = encode((w) => { w.writeFloat64(-1.5); w.writeBool(true); w.writeBool(false); });
    assert.equal(hex(b), 'bff80000000000000100');
    const r = new Reader(Buffer.concat([b, bytes('02')]));
    assert.equal(r.readFloat64(), -1.5);
    assert.equal(r.readBool(), true);
    assert.equal(r.readBool(), false);
    assert.equal(r.readBool(), true, 'any non-zero byte is true');
  });
});

describe('varints', () => {
  const unsigned: [number, string][] = [
    [0, '00'], [1, '01'], [127, '7f'], [128, '8001'], [300, 'ac02'], [16383, 'ff7f'], [16384, '808001'],
    [2 ** 21 - 1, 'ffff7f'], [2 ** 21, '80808001'], [2 ** 28 - 1, 'ffffff7f'], [2 ** 28, '8080808001'],
    [2 ** 31, '8080808008'], [2 ** 32 - 1, 'ffffffff0f'],
  ];
  for (const [v, h] of unsigned) {
    it(`unsigned varint ${v}`, () => {
      const b = encode((w) => w.writeUnsignedVarInt(v));
      assert.equal(hex(b), h);
      const r = new Reader(b);
      assert.equal(r.readUnsignedVarInt(), v);
      assert.equal(r.remaining(), 0);
    });
  }

  const signed: [number, string][] = [
    [0, '00'], [-1, '01'], [1, '02'], [-64, '7f'], [63, '7e'], [64, '8001'], [-65, '8101'],
    [2147483647, 'feffffff0f'], [-2147483648, 'ffffffff0f'],
  ];
  for (const [v, h] of signed) {
    it(`varint ${v}`, () => {
      const b = encode((w) => w.writeVarInt(v));
      assert.equal(hex(b), h);
      assert.equal(new Reader(b).readVarInt(), v);
    });
  }

  const longs: [number, string][] = [
    [0, '00'], [-1, '01'], [1, '02'], [2 ** 30 - 1, 'feffffff07'], [-(2 ** 30), 'ffffffff07'],
    [2 ** 30, '8080808008'], [-(2 ** 30) - 1, '8180808008'], [2147483647, 'feffffff0f'], [-2147483648, 'ffffffff0f'],
    [2 ** 32, '8080808020'], [-(2 ** 32) - 1, '8180808020'],
    [Number.MAX_SAFE_INTEGER, 'feffffffffffff1f'], [Number.MIN_SAFE_INTEGER, 'fdffffffffffff1f'],
    [-(2 ** 53), 'ffffffffffffff1f'], [2 ** 53, '8080808080808020'], [-1234567890123, '9593d89fee47'],
  ];
  for (const [v, h] of longs) {
    it(`varlong ${v}`, () => {
      const b = encode((w) => w.writeVarLong(v));
      assert.equal(hex(b), h);
      const r = new Reader(b);
      assert.equal(r.readVarLong(), v);
      assert.equal(r.remaining(), 0);
    });
  }

  it('varlong clamps to the int64 range', () => {
    assert.equal(hex(encode((w) => w.writeVarLong(2 ** 63))), 'feffffffffffffffff01');
    assert.equal(hex(encode((w) => w.writeVarLong(-(2 ** 64)))), 'ffffffffffffffffff01');
    assert.equal(new Reader(bytes('feffffffffffffffff01')).readVarLong(), 2 ** 63);
    assert.equal(new Reader(bytes('ffffffffffffffffff01')).readVarLong(), -(2 ** 63));
  });

  it('rejects over-long and truncated varints', () => {
    decodeError(() => new Reader(bytes('ffffffffff01')).readUnsignedVarInt(), /longer than 5 bytes at offset 0/);
    decodeError(() => new Reader(bytes('ffffffffffffffffffff01')).readVarLong(), /longer than 10 bytes/);
    decodeError(() => new Reader(bytes('0080')).skip(3), /offset 0/);
    decodeError(() => new Reader(bytes('8080')).readVarInt(), /truncated input reading unsigned varint at offset 0/);
    const r = new Reader(bytes('018080'));
    r.readUnsignedVarInt();
    decodeError(() => r.readUnsignedVarInt(), /truncated input reading unsigned varint at offset 1/);
    decodeError(() => new Reader(bytes('80')).readVarLong(), /varlong at offset 0/);
  });
});

describe('uuid', () => {
  it('uses the URL-safe base64 text form', () => {
    const b = encode((w) => { w.writeUuid(ZERO_UUID); w.writeUuid('AAECAwQFBgcICQoLDA0ODw'); w.writeUuid('_-_-_-_-_-_-_-_-_-_-_w'); });
    assert.equal(hex(b), '00'.repeat(16) + '000102030405060708090a0b0c0d0e0f' + 'ffeffe'.repeat(5) + 'ff');
    const r = new Reader(b);
    assert.equal(r.readUuid(), 'AAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(r.readUuid(), 'AAECAwQFBgcICQoLDA0ODw');
    assert.equal(r.readUuid(), '_-_-_-_-_-_-_-_-_-_-_w');
  });

  it('rejects malformed text', () => {
    for (const bad of ['', 'AAAA', 'AAAAAAAAAAAAAAAAAAAAAAAA', '!!!!!!!!!!!!!!!!!!!!!!']) {
      assert.throws(() => new Writer().writeUuid(bad), ProtocolEncodeError);
    }
  });
});

describe('strings', () => {
  const samples = ['', 'a', 'kafkajs', 'ünïcödé', '日本語のトピック', 'emoji 🚀 here', 'x'.repeat(42), 'é'.repeat(42), 'y'.repeat(43), 'é'.repeat(43), 'z'.repeat(300), '€'.repeat(5000)];
  for (const s of samples) {
    it(`round-trips ${JSON.stringify(s.length > 20 ? `${s.slice(0, 8)}...(${s.length})` : s)} in all four forms`, () => {
      const n = Buffer.byteLength(s);
      const b = encode((w) => { w.writeString(s); w.writeNullableString(s); w.writeCompactString(s); w.writeCompactNullableString(s); }, 16);
      const r = new Reader(b);
      assert.equal(r.readInt16(), n);
      r.offset = 0;
      assert.equal(r.readString(), s);
      assert.equal(r.readNullableString(), s);
      assert.equal(r.readUnsignedVarInt(), n + 1);
      r.offset -= n + 1 < 128 ? 1 : n + 1 < 16384 ? 2 : 3;
      assert.equal(r.readCompactString(), s);
      assert.equal(r.readCompactNullableString(), s);
      assert.equal(r.remaining(), 0);
    });
  }

  it('encodes null and empty distinctly', () => {
    const b = encode((w) => { w.writeNullableString(null); w.writeString(''); w.writeCompactNullableString(null); w.writeCompactString(''); });
    assert.equal(hex(b), 'ffff' + '0000' + '00' + '01');
    const r = new Reader(b);
    assert.equal(r.readNullableString(), null);
    assert.equal(r.readNullableString(), '');
    assert.equal(r.readCompactNullableString(), null);
    assert.equal(r.readCompactNullableString(), '');
  });

  it('rejects null in non-nullable reads and invalid lengths', () => {
    decodeError(() => new Reader(bytes('ffff')).readString(), /invalid string length .*-1 at offset 0/);
    decodeError(() => new Reader(bytes('fffe')).readNullableString(), /invalid string length -2 at offset 0/);
    decodeError(() => new Reader(bytes('00')).readCompactString(), /non-nullable/);
    decodeError(() => new Reader(bytes('0005616263')).readString(), /truncated input reading string at offset 2: need 5 bytes, 3 left/);
    decodeError(() => new Reader(bytes('00')).readString(), /int16 at offset 0/);
    decodeError(() => new Reader(bytes('05616263')).readCompactNullableString(), /compact string at offset 1/);
  });

  it('rejects strings too long for an int16 length', () => {
    assert.throws(() => new Writer().writeString('a'.repeat(40000)), ProtocolEncodeError);
  });
});

describe('bytes and records', () => {
  it('round-trips bytes in all four forms, as views', () => {
    const data = bytes('deadbeef');
    const b = encode((w) => { w.writeBytes(data); w.writeNullableBytes(null); w.writeCompactBytes(data); w.writeCompactNullableBytes(null); w.writeNullableBytes(Buffer.alloc(0)); });
    assert.equal(hex(b), '00000004deadbeef' + 'ffffffff' + '05deadbeef' + '00' + '00000000');
    const r = new Reader(b);
    const v = r.readBytes();
    assert.equal(hex(v), 'deadbeef');
    assert.equal(v.buffer, b.buffer, 'a view into the input, not a copy');
    assert.equal(r.readNullableBytes(), null);
    assert.equal(hex(r.readCompactBytes()), 'deadbeef');
    assert.equal(r.readCompactNullableBytes(), null);
    assert.equal(r.readNullableBytes()?.length, 0);
    decodeError(() => new Reader(bytes('ffffffff')).readBytes(), /non-nullable bytes/);
    decodeError(() => new Reader(bytes('fffffffe')).readNullableBytes(), /invalid bytes length -2/);
    decodeError(() => new Reader(bytes('0000000a00')).readBytes(), /truncated input reading bytes at offset 4: need 10 bytes, 1 left/);
  });

  it('appends large payloads by reference and copies small ones', () => {
    const big = Buffer.alloc(4096, 7);
    const small = Buffer.alloc(10, 1);
    const w = new Writer(64);
    w.writeInt16(1);
    w.writeRecords([big, small, big], false);
    w.writeInt8(9);
    w.writeRecords(big, true);
    w.writeRecords(null, false);
    w.writeRecords(null, true);
    const chunks = w.toChunks();
    assert.equal(chunks.filter((c) => c === big).length, 3, 'big buffers are sent as they are');
    assert.ok(!chunks.includes(small));
    assert.equal(w.length, chunks.reduce((n, c) => n + c.length, 0));
    const r = new Reader(w.toBuffer());
    assert.equal(r.readInt16(), 1);
    assert.deepEqual(r.readNullableBytes(), Buffer.concat([big, small, big]));
    assert.equal(r.readInt8(), 9);
    assert.deepEqual(r.readCompactNullableBytes(), big);
    assert.equal(r.readNullableBytes(), null);
    assert.equal(r.readCompactNullableBytes(), null);
    assert.equal(r.remaining(), 0);
    assert.deepEqual(recordsToBuffer([small, small]), Buffer.concat([small, small]));
    assert.equal(recordsToBuffer(small), small);
    assert.equal(recordsToBuffer(null), null);
  });
});

describe('writer buffer management', () => {
  it('grows from a tiny scratch buffer and keeps earlier chunks intact', () => {
    const w = new Writer(16);
    const expected: number[] = [];
    for (let i = 0; i < 5000; i++) {
      w.writeInt32(i);
      expected.push(i);
      if (i % 1000 === 0) w.writeRaw(Buffer.alloc(2000, i & 0xff));
    }
    const r = new Reader(w.toBuffer());
    for (const i of expected) {
      assert.equal(r.readInt32(), i);
      if (i % 1000 === 0) assert.deepEqual(r.readRaw(2000), Buffer.alloc(2000, i & 0xff));
    }
    assert.equal(r.remaining(), 0);
  });

  it('size-prefixed sections (tagged field values), nested, short and long', () => {
    for (const n of [0, 5, 126, 127, 128, 300, 20000]) {
      const w = new Writer(8);
      w.writeInt8(0x55);
      const outer = w.beginSizePrefixed();
      w.writeInt8(1);
      const inner = w.beginSizePrefixed();
      w.writeRaw(Buffer.alloc(n, 0xab)); // large, but copied: sections must stay contiguous
      w.endSizePrefixed(inner);
      w.endSizePrefixed(outer);
      w.writeInt8(0x66);
      assert.equal(w.toChunks().length, 1);
      const r = new Reader(w.toBuffer());
      assert.equal(r.readInt8(), 0x55);
      const innerPrefix = n < 128 ? 1 : n < 16384 ? 2 : 3;
      assert.equal(r.readUnsignedVarInt(), 1 + innerPrefix + n);
      assert.equal(r.readInt8(), 1);
      assert.equal(r.readUnsignedVarInt(), n);
      assert.deepEqual(r.readRaw(n), Buffer.alloc(n, 0xab));
      assert.equal(r.readInt8(), 0x66);
      assert.equal(r.remaining(), 0);
    }
  });

  it('patchInt32 fills in a placeholder before and after large appends', () => {
    const w = new Writer(32);
    w.writeInt32(0);
    w.writeRaw(Buffer.alloc(3000, 1));
    const second = w.length;
    w.writeInt32(0);
    w.patchInt32(0, w.length - 4);
    w.patchInt32(second, 0x01020304);
    const b = w.toBuffer();
    assert.equal(b.readInt32BE(0), 3004);
    assert.equal(b.readInt32BE(second), 0x01020304);
    assert.throws(() => w.patchInt32(2, 1), RangeError);
  });

  it('an empty writer produces an empty buffer', () => {
    const w = new Writer();
    assert.equal(w.length, 0);
    assert.equal(w.toBuffer().length, 0);
  });
});

describe('reader', () => {
  it('starts at an offset and reports what was truncated, where', () => {
    const r = new Reader(bytes('ff000102'), 1);
    assert.equal(r.remaining(), 3);
    decodeError(() => r.readInt32(), /truncated input reading int32 at offset 1: need 4 bytes, 3 left/);
    decodeError(() => r.readInt64(), /int64 at offset 1/);
    decodeError(() => r.readUuid(), /uuid at offset 1/);
    decodeError(() => r.readFloat64(), /float64 at offset 1/);
    decodeError(() => r.skip(4), /offset 1/);
    assert.equal(r.readInt16(), 1);
    decodeError(() => r.readInt16(), /int16 at offset 3/);
    assert.equal(r.readInt8(), 2);
    decodeError(() => r.readInt8(), /int8 at offset 4: need 1 bytes, 0 left/);
    decodeError(() => r.readBool(), /bool/);
  });

  it('array lengths: null only when nullable, never more than the bytes left', () => {
    assert.equal(new Reader(bytes('ffffffff')).readArrayLength(true), -1);
    decodeError(() => new Reader(bytes('ffffffff')).readArrayLength(), /non-nullable array/);
    decodeError(() => new Reader(bytes('fffffffe')).readArrayLength(true), /invalid array length -2/);
    decodeError(() => new Reader(bytes('7fffffff00')).readArrayLength(), /array length 2147483647 at offset 0 exceeds the 1 bytes left/);
    assert.equal(new Reader(bytes('00')).readCompactArrayLength(true), -1);
    decodeError(() => new Reader(bytes('00')).readCompactArrayLength(), /non-nullable/);
    assert.equal(new Reader(bytes('03aabb')).readCompactArrayLength(), 2);
    decodeError(() => new Reader(bytes('04aabb')).readCompactArrayLength(), /exceeds/);
    const w = new Writer();
    w.writeArrayLength(-1);
    w.writeCompactArrayLength(-1);
    w.writeCompactArrayLength(2);
    assert.equal(hex(w.toBuffer()), 'ffffffff0003');
  });

  it('skips tagged-field sections and checks known field sizes', () => {
    const r = new Reader(bytes('02 00 02 aabb 05 01 cc 07'));
    r.skipTaggedFields();
    assert.equal(r.readInt8(), 7);
    const t = new Reader(bytes('0102'));
    t.readInt8();
    assert.throws(() => t.endTaggedField(3, 2), ProtocolDecodeError);
    t.endTaggedField(3, 1);
    decodeError(() => new Reader(bytes('01 00 05 aa')).skipTaggedFields(), /truncated/);
  });
});
