/**
 * Model -> avsc Type, for the wire-format serde. The model is printed as a plain avsc schema in
 * which every name is absolute (a leading dot marks the null namespace), so avsc's own name
 * resolution cannot disagree with ours (Java's lookup falls back to the null namespace, avsc's
 * does not). References are built first into the same avsc registry, so the main schema can
 * use their named types by name.
 *
 * Defaults avsc cannot hold (a union default matching a branch other than the first, an enum
 * default that is not a symbol, a fixed default of the wrong length: Java accepts these) are left
 * out of the avsc Type; they only matter when the serde resolves a writer schema that lacks the
 * field. Logical types are kept as attributes; avsc applies them only if the caller rebuilds the
 * type with its `logicalTypes` option (the one logical type we install is for empty unions).
 */
import avsc from 'avsc';
import { avscAcceptsDefault } from './defaults.js';
import { toPlain, type Json } from './json.js';
import type { AvroName, AvroSchema, FieldSchema, Props } from './model.js';

/** Java accepts an empty union (it holds no value); avsc does not, so it gets a type that refuses
 * every value instead. */
const EMPTY_UNION = 'tributary-empty-union';
class EmptyUnionType extends avsc.types.LogicalType {
  protected override _fromValue(): never {
    throw new Error('an empty union holds no value');
  }
  protected override _toValue(): never {
    throw new Error('an empty union holds no value');
  }
}

function absolute(n: AvroName): string {
  return n.space === undefined ? `.${n.name}` : n.full;
}

function plainProps(props: Props): Record<string, unknown> {
  return Object.fromEntries([...props].map(([k, v]) => [k, toPlain(v)]));
}

/** Prints schemas for avsc; `defined` holds the names avsc already knows (shared across calls). */
export class AvscSchemaPrinter {
  constructor(private readonly defined: Set<string>) {}

  print(s: AvroSchema): unknown {
    switch (s.kind) {
      case 'primitive':
        return s.props.size === 0 ? s.type : { ...plainProps(s.props), type: s.type };
      case 'array':
        return { ...plainProps(s.props), type: 'array', items: this.print(s.items) };
      case 'map':
        return { ...plainProps(s.props), type: 'map', values: this.print(s.values) };
      case 'union':
        return s.branches.length === 0 ? { type: 'null', logicalType: EMPTY_UNION } : s.branches.map((b) => this.print(b));
      default:
        break;
    }
    if (this.defined.has(s.name.full)) return absolute(s.name);
    this.defined.add(s.name.full);
    const base = { ...plainProps(s.props), name: absolute(s.name), aliases: s.aliases.map(absolute), ...(s.doc === undefined ? {} : { doc: s.doc }) };
    switch (s.kind) {
      case 'record':
        return { ...base, type: s.error ? 'error' : 'record', fields: s.fields.map((f) => this.field(f)) };
      case 'enum':
        return { ...base, type: 'enum', symbols: s.symbols, ...(s.default === undefined ? {} : { default: s.default }) };
      case 'fixed':
        return { ...base, type: 'fixed', size: s.size };
    }
  }

  private field(f: FieldSchema): unknown {
    const type = this.print(f.type);
    const keepDefault = f.default !== undefined && avscAcceptsDefault(f.type, f.default);
    return {
      ...plainProps(f.props), name: f.name, type, order: f.order, aliases: f.aliases,
      ...(f.doc === undefined ? {} : { doc: f.doc }),
      ...(keepDefault ? { default: toPlain(f.default as Json) } : {}),
    };
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Avro longs over their whole 64-bit range. avsc's default long is a JS number and refuses
 * anything past 2^53 (a tweet id is about 2^60), so this one decodes a long to a number when it
 * is a safe integer and to a bigint otherwise, and encodes either.
 */
export const INT64_LONG_TYPE = avsc.types.LongType.__with({
  fromBuffer: (buf: Buffer): number | bigint => {
    const n = buf.readBigInt64LE();
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  },
  toBuffer: (n: number | bigint): Buffer => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (v: unknown): number | bigint => (typeof v === 'number' ? v : BigInt(v as string)),
  toJSON: (n: number | bigint): number => Number(n),
  isValid: (n: unknown): boolean => (typeof n === 'number' && Number.isSafeInteger(n))
    || (typeof n === 'bigint' && n >= INT64_MIN && n <= INT64_MAX),
  compare: (a: number | bigint, b: number | bigint): number => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  },
});

/** Builds the avsc Type of `schema` into `registry` (where the references' types already are). */
export function buildAvscType(schema: AvroSchema, printer: AvscSchemaPrinter, registry: Record<string, avsc.Type>): avsc.Type {
  registry.long ??= INT64_LONG_TYPE;
  return avsc.Type.forSchema(printer.print(schema) as avsc.Schema, { registry, logicalTypes: { [EMPTY_UNION]: EmptyUnionType } });
}
