/**
 * avsc Types for the Avro converter's payloads, built from our schema model (avro-schema.ts)
 * rather than from the schema text, so that:
 *  - `long` is read and written as a JS bigint over the full 64-bit range (Connect's INT64);
 *    avsc's own long refuses anything beyond 2^53;
 *  - every union is "wrapped": a value is null or `{"<branch name>": value}` (branch names as
 *    avro-schema.ts's branchName), so picking a branch never depends on guessing from the value;
 *  - names are printed absolute (a leading dot for the null namespace), so avsc resolves them
 *    exactly as the model did; no logical type reaches avsc (AvroData does those conversions).
 * Field defaults are kept, so a record value may leave out a field that has one (writing with a
 * newer registered schema, use.latest.version); when avsc refuses a default that Java's Avro
 * accepts, the type is built without defaults. The converter always reads with the writer's own
 * schema (no resolution), so defaults never matter for reading.
 * The bytes are the standard Avro binary encoding, identical to what any other Avro library
 * writes for the same schema and value.
 */
import avsc from 'avsc';
import type { AvroType } from './avro-schema.js';

const LONG = avsc.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(0),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (x: unknown) => BigInt(x as number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' && BigInt.asIntN(64, n) === n,
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

function absolute(fullName: string, namespace: string | undefined): string {
  return namespace === undefined ? `.${fullName}` : fullName;
}

function print(t: AvroType, defined: Set<string>, defaults: boolean): unknown {
  switch (t.kind) {
    case 'primitive':
      return t.type;
    case 'array':
      return { type: 'array', items: print(t.items, defined, defaults) };
    case 'map':
      return { type: 'map', values: print(t.values, defined, defaults) };
    case 'union':
      return t.branches.map((b) => print(b, defined, defaults));
    default:
      break;
  }
  const name = absolute(t.fullName, t.namespace);
  if (defined.has(t.fullName)) return name;
  defined.add(t.fullName);
  switch (t.kind) {
    case 'record':
      return {
        type: 'record', name,
        fields: t.fields.map((f) => ({ name: f.name, type: print(f.type, defined, defaults), ...(defaults && f.default !== undefined ? { default: f.default } : {}) })),
      };
    case 'enum':
      return { type: 'enum', name, symbols: t.symbols };
    case 'fixed':
      return { type: 'fixed', name, size: t.size };
  }
}

/** The avsc Type that encodes and decodes payloads of `schema`. */
export function avscTypeOf(schema: AvroType): avsc.Type {
  const build = (defaults: boolean): avsc.Type =>
    avsc.Type.forSchema(print(schema, new Set(), defaults) as avsc.Schema, { registry: { long: LONG }, wrapUnions: true });
  try {
    return build(true);
  } catch {
    return build(false);
  }
}
