// Round-trips every generated message at every version, driven by the definitions in schemas.ts:
// build a value with non-default data in every field (nested arrays and tagged fields included),
// write it, read it back and compare with what the version can carry (absent fields read back as
// their defaults). Defaults are computed here independently of the generator, from the raw JSON
// attributes. Each value is also re-encoded from the decoded form and must give the same bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Reader } from '../../../broker/protocol/reader.js';
import { Writer } from '../../../broker/protocol/writer.js';
import { ZERO_UUID } from '../../../broker/protocol/types.js';
import { apis, ApiKey, readRequestHeader, writeRequestHeader, readResponseHeader, writeResponseHeader } from '../../../broker/protocol/messages/index.js';
import { messageSchemas, type FieldSchema, type MessageSchema } from '../../../broker/protocol/messages/schemas.js';

type Value = unknown;
type Struct = Record<string, Value>;
type Mode = 'full' | 'nulls' | 'defaults';

function inRange(spec: string | undefined, v: number): boolean {
  if (spec === undefined || spec === 'none') return false;
  let m = /^(\d+)\+$/.exec(spec);
  if (m) return v >= Number(m[1]);
  m = /^(\d+)-(\d+)$/.exec(spec);
  if (m) return v >= Number(m[1]) && v <= Number(m[2]);
  m = /^(\d+)$/.exec(spec);
  if (m) return v === Number(m[1]);
  throw new Error(`bad range ${spec}`);
}

function versionsOf(spec: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) throw new Error(`bad validVersions ${spec}`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

const isArray = (f: FieldSchema): boolean => f.type.startsWith('[]');
const elemType = (f: FieldSchema): string => (isArray(f) ? f.type.slice(2) : f.type);
const INTS: Record<string, [number, number]> = {
  int8: [-128, 127], int16: [-32768, 32767], uint16: [0, 65535], int32: [-2147483648, 2147483647],
  int64: [-(2 ** 53) + 1, 2 ** 53 - 1],
};

/** The default of a field at version v: JSON default, else null if nullable at v, else zero. */
function defaultOf(f: FieldSchema, v: number): Value {
  const d = f.default;
  if (d !== undefined) {
    if (d === 'null') return null;
    if (f.type === 'bool') return d === true || d === 'true';
    if (f.type === 'string' || f.type === 'uuid') return String(d);
    const s = String(d);
    return s.startsWith('0x') ? parseInt(s, 16) : Number(s);
  }
  if (inRange(f.nullableVersions, v)) return null;
  if (isArray(f)) return [];
  switch (f.type) {
    case 'struct': return defaultStruct(f.fields ?? [], v);
    case 'bool': return false;
    case 'string': return '';
    case 'uuid': return ZERO_UUID;
    case 'bytes': case 'records': return Buffer.alloc(0);
    default: return 0;
  }
}

function defaultStruct(fields: readonly FieldSchema[], v: number): Struct {
  const out: Struct = {};
  for (const f of fields) out[f.name] = defaultOf(f, v);
  return out;
}

/** Deterministic pseudo-random source (the failing case can be rerun exactly). */
class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0 || 1; }
  next(): number {
    this.s ^= this.s << 13; this.s >>>= 0;
    this.s ^= this.s >>> 17;
    this.s ^= this.s << 5; this.s >>>= 0;
    return this.s / 4294967296;
  }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
}

const WORDS = ['topic', 'ünï', '日本', 'x', '🚀', 'group-1', 'consumer', 'é', 'a.b_c'];

function randomScalar(type: string, rng: Rng, dflt: Value): Value {
  switch (type) {
    case 'bool': return dflt !== true;
    case 'string': {
      const n = rng.int(1, 4);
      let s = '';
      for (let i = 0; i < n; i++) s += WORDS[rng.int(0, WORDS.length - 1)];
      return s;
    }
    case 'uuid': {
      const b = Buffer.alloc(16);
      for (let i = 0; i < 16; i++) b[i] = rng.int(0, 255);
      b[0] |= 1;
      return b.toString('base64url');
    }
    case 'bytes': {
      const b = Buffer.alloc(rng.next() < 0.2 ? 1500 : rng.int(1, 20));
      for (let i = 0; i < b.length; i++) b[i] = rng.int(0, 255);
      return b;
    }
    case 'float64': return rng.next() * 1e6 - 5e5;
    default: {
      const [lo, hi] = INTS[type] ?? (() => { throw new Error(`no generator for ${type}`); })();
      // Mix boundary values with random ones; never the default.
      const pick = rng.next();
      let n = pick < 0.15 ? lo : pick < 0.3 ? hi : pick < 0.4 ? -1 : rng.int(Math.max(lo, -100000), Math.min(hi, 100000));
      if (type === 'int64' && pick > 0.85) n = (rng.next() < 0.5 ? -1 : 1) * rng.int(2 ** 32, 2 ** 52);
      return n === dflt ? (n === hi ? n - 1 : n + 1) : n;
    }
  }
}

/** Records as a writer accepts them: one buffer or several (some large, sent by reference). */
function randomRecords(rng: Rng): Buffer | Buffer[] {
  const part = (n: number): Buffer => Buffer.alloc(n, rng.int(0, 255));
  return rng.next() < 0.5 ? part(rng.int(1, 100)) : [part(2048), part(17), part(1024)];
}

/** A value for every field of every version; `mode` decides between data, nulls and defaults. */
function makeStruct(fields: readonly FieldSchema[], v: number, mode: Mode, rng: Rng): Struct {
  const out: Struct = {};
  for (const f of fields) out[f.name] = makeValue(f, v, mode, rng);
  return out;
}

function makeValue(f: FieldSchema, v: number, mode: Mode, rng: Rng): Value {
  if (mode === 'defaults') return defaultOf(f, v);
  if (mode === 'nulls' && inRange(f.versions, v) && inRange(f.nullableVersions, v)) return null;
  const t = elemType(f);
  if (isArray(f)) {
    const n = rng.int(1, 3);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(t === 'struct' ? makeStruct(f.fields ?? [], v, mode, rng) : randomScalar(t, rng, undefined));
    return out;
  }
  if (t === 'struct') return makeStruct(f.fields ?? [], v, mode, rng);
  if (t === 'records') return randomRecords(rng);
  return randomScalar(t, rng, defaultOf(f, v));
}

/** What reading back at version v must give: absent fields become defaults, record lists one buffer. */
function expected(fields: readonly FieldSchema[], value: Struct, v: number): Struct {
  const out: Struct = {};
  for (const f of fields) {
    const x = value[f.name];
    if (!inRange(f.versions, v)) out[f.name] = defaultOf(f, v);
    else if (x === null) out[f.name] = null;
    else if (f.type === 'struct') out[f.name] = expected(f.fields ?? [], x as Struct, v);
    else if (f.type === '[]struct') out[f.name] = (x as Struct[]).map((e) => expected(f.fields ?? [], e, v));
    else if (f.type === 'records' && Array.isArray(x)) out[f.name] = Buffer.concat(x as Buffer[]);
    else out[f.name] = x;
  }
  return out;
}

type ReadFn = (r: Reader, v: number) => unknown;
type WriteFn = (w: Writer, v: number, m: never) => void;

function roundTrip(schema: MessageSchema, read: ReadFn, write: WriteFn, v: number, seed: number): void {
  for (const mode of ['full', 'nulls', 'defaults'] as const) {
    const rng = new Rng(seed * 31 + v * 7 + mode.length);
    const value = makeStruct(schema.fields, v, mode, rng);
    const w = new Writer(64);
    write(w, v, value as never);
    const bytes = w.toBuffer();
    const r = new Reader(bytes);
    const decoded = read(r, v);
    assert.equal(r.remaining(), 0, `${schema.name} v${v} ${mode}: ${r.remaining()} bytes left over`);
    assert.deepStrictEqual(decoded, expected(schema.fields, value, v), `${schema.name} v${v} ${mode}`);
    const again = new Writer(16);
    write(again, v, decoded as never);
    assert.deepStrictEqual(again.toBuffer(), bytes, `${schema.name} v${v} ${mode}: re-encoding differs`);
  }
}

/** Flexible versions only carry a tagged field when it differs from its default. */
function assertTaggedFieldsOmittedWhenDefault(schema: MessageSchema, write: WriteFn, v: number): void {
  const w = new Writer();
  write(w, v, defaultStruct(schema.fields, v) as never);
  const last = w.toBuffer().at(-1);
  if (inRange(schema.flexibleVersions, v)) assert.equal(last, 0, `${schema.name} v${v}: empty tagged-field section expected at the end`);
}

describe('every API has its schema and table entry', () => {
  it('apis table matches the definitions', () => {
    const keys = Object.values(ApiKey);
    assert.equal(keys.length, 28);
    for (const [name, key] of Object.entries(ApiKey)) {
      const codec = apis[key];
      assert.ok(codec, name);
      assert.equal(codec.name, name);
      assert.equal(codec.apiKey, key);
      const req = messageSchemas[`${name}Request`];
      const res = messageSchemas[`${name}Response`];
      assert.ok(req && res, name);
      assert.deepEqual(versionsOf(req.validVersions), [codec.minVersion, codec.maxVersion]);
      assert.equal(req.apiKey, key);
      const flex = /^(\d+)\+$/.exec(req.flexibleVersions);
      assert.equal(codec.firstFlexibleVersion, flex ? Number(flex[1]) : Infinity);
    }
    assert.equal(apis[9999], undefined);
  });
});

for (const [name, key] of Object.entries(ApiKey)) {
  describe(`${name} (api key ${key})`, () => {
    const codec = apis[key];
    assert.ok(codec);
    for (let v = codec.minVersion; v <= codec.maxVersion; v++) {
      for (const dir of ['Request', 'Response'] as const) {
        it(`v${v} ${dir.toLowerCase()}`, () => {
          const schema = messageSchemas[`${name}${dir}`];
          const read: ReadFn = dir === 'Request' ? codec.readRequest : codec.readResponse;
          const write: WriteFn = dir === 'Request' ? codec.writeRequest : codec.writeResponse;
          for (let seed = 1; seed <= 4; seed++) roundTrip(schema, read, write, v, key * 1000 + seed);
          assertTaggedFieldsOmittedWhenDefault(schema, write, v);
        });
      }
    }
  });
}

describe('headers', () => {
  for (const v of [0, 1, 2]) {
    it(`RequestHeader v${v}`, () => {
      for (let seed = 1; seed <= 4; seed++) roundTrip(messageSchemas.RequestHeader, readRequestHeader, writeRequestHeader, v, seed);
    });
  }
  for (const v of [0, 1]) {
    it(`ResponseHeader v${v}`, () => {
      for (let seed = 1; seed <= 4; seed++) roundTrip(messageSchemas.ResponseHeader, readResponseHeader, writeResponseHeader, v, seed);
    });
  }
});
