/**
 * Connect's data model: a `Schema` describes a value (a primitive, an ARRAY, a MAP or a STRUCT),
 * whether it may be null, its default, and an optional name/version/doc/parameters. A named
 * schema with a known name is a logical type (Decimal, Date, Time, Timestamp: see
 * logical-types.ts). Values are plain JS values; values.ts has the table of representations.
 *
 * Schemas are immutable and compared structurally with `equals` (never with `===`). Build them
 * with `SchemaBuilder`, or use the predefined `Schema.STRING_SCHEMA`, `Schema.OPTIONAL_INT64_SCHEMA`…
 */
import { DataException } from '../errors.js';
import type { Field } from './field.js';
import { valuesEqual } from './values.js';
import { validateValue } from './validate-value.js';

export const SchemaType = {
  INT8: 'INT8',
  INT16: 'INT16',
  INT32: 'INT32',
  INT64: 'INT64',
  FLOAT32: 'FLOAT32',
  FLOAT64: 'FLOAT64',
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  BYTES: 'BYTES',
  ARRAY: 'ARRAY',
  MAP: 'MAP',
  STRUCT: 'STRUCT',
} as const;
export type SchemaType = (typeof SchemaType)[keyof typeof SchemaType];

/** Every type except ARRAY, MAP and STRUCT. */
export function isPrimitiveType(type: SchemaType): boolean {
  return type !== 'ARRAY' && type !== 'MAP' && type !== 'STRUCT';
}

/** The lower-case name converters write (`int64`, `struct`), as Java's `Type.getName()`. */
export function schemaTypeName(type: SchemaType): string {
  return type.toLowerCase();
}

export interface Schema {
  readonly type: SchemaType;
  /** Whether `null` is a valid value. */
  readonly optional: boolean;
  /** The value used when none is given; `undefined` when the schema has no default. */
  readonly defaultValue: unknown;
  /** Fully qualified name (for STRUCTs and logical types), e.g. `org.apache.kafka.connect.data.Date`. */
  readonly name: string | undefined;
  readonly version: number | undefined;
  readonly doc: string | undefined;
  /** Free-form string parameters (the Decimal `scale` lives here). */
  readonly parameters: Readonly<Record<string, string>> | undefined;
  /** MAP only: the keys' schema. */
  readonly keySchema: Schema | undefined;
  /** ARRAY and MAP only: the elements' (values') schema. */
  readonly valueSchema: Schema | undefined;
  /** STRUCT: the fields in order; empty for every other type. */
  readonly fields: readonly Field[];
  /** STRUCT only: the field of that name, or undefined. Throws DataException on other types. */
  field(name: string): Field | undefined;
  /** Structural equality (type, optional, name, version, doc, default, parameters, children). */
  equals(other: unknown): boolean;
}

export interface SchemaProperties {
  readonly type: SchemaType;
  readonly optional?: boolean;
  readonly defaultValue?: unknown;
  readonly name?: string | undefined;
  readonly version?: number | undefined;
  readonly doc?: string | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  readonly fields?: readonly Field[];
  readonly keySchema?: Schema;
  readonly valueSchema?: Schema;
}

/** The immutable Schema implementation every builder produces. */
export class ConnectSchema implements Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | undefined;
  readonly version: number | undefined;
  readonly doc: string | undefined;
  readonly parameters: Readonly<Record<string, string>> | undefined;
  readonly keySchema: Schema | undefined;
  readonly valueSchema: Schema | undefined;
  readonly fields: readonly Field[];
  readonly #byName: ReadonlyMap<string, Field>;

  constructor(p: SchemaProperties) {
    this.type = p.type;
    this.optional = p.optional ?? false;
    this.defaultValue = p.defaultValue;
    this.name = p.name;
    this.version = p.version;
    this.doc = p.doc;
    this.parameters = p.parameters === undefined ? undefined : Object.freeze({ ...p.parameters });
    if (p.type === 'STRUCT') {
      this.fields = Object.freeze([...(p.fields ?? [])]);
    } else if (p.fields !== undefined && p.fields.length > 0) {
      throw new DataException(`Only STRUCT schemas have fields, not ${p.type}`);
    } else {
      this.fields = Object.freeze([]);
    }
    if ((p.type === 'ARRAY' || p.type === 'MAP') && p.valueSchema === undefined) throw new DataException(`A ${p.type} schema needs a value schema`);
    if (p.type === 'MAP' && p.keySchema === undefined) throw new DataException('A MAP schema needs a key schema');
    this.keySchema = p.type === 'MAP' ? p.keySchema : undefined;
    this.valueSchema = p.type === 'ARRAY' || p.type === 'MAP' ? p.valueSchema : undefined;
    this.#byName = new Map(this.fields.map((f) => [f.name, f]));
    Object.freeze(this);
  }

  field(name: string): Field | undefined {
    if (this.type !== 'STRUCT') throw new DataException(`Cannot look up field "${name}" on a ${this.type} schema: only STRUCTs have fields`);
    return this.#byName.get(name);
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof ConnectSchema)) return false;
    return (
      other.type === this.type &&
      other.optional === this.optional &&
      other.name === this.name &&
      other.version === this.version &&
      other.doc === this.doc &&
      valuesEqual(other.defaultValue, this.defaultValue) &&
      paramsEqual(other.parameters, this.parameters) &&
      schemasEqual(other.keySchema, this.keySchema) &&
      schemasEqual(other.valueSchema, this.valueSchema) &&
      other.fields.length === this.fields.length &&
      other.fields.every((f, i) => f.equals(this.fields[i]))
    );
  }

  toString(): string {
    return this.name === undefined ? `Schema{${this.type}}` : `Schema{${this.name}:${this.type}}`;
  }

  /**
   * Checks that `value` is valid for `schema`, deeply (struct fields, array elements, map entries),
   * and throws DataException naming the field path (`user.emails[2]`) and what was expected.
   * `path` prefixes every path in messages. A null schema (schemaless data) accepts anything.
   */
  static validateValue(schema: Schema | null, value: unknown, path = ''): void {
    validateValue(schema, value, path);
  }
}

function paramsEqual(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function schemasEqual(a: Schema | undefined, b: Schema | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}

const primitive = (type: SchemaType, optional: boolean): Schema => new ConnectSchema({ type, optional });

/** The predefined schemas, as Java's `Schema.STRING_SCHEMA` and friends. */
export const Schema = Object.freeze({
  INT8_SCHEMA: primitive('INT8', false),
  INT16_SCHEMA: primitive('INT16', false),
  INT32_SCHEMA: primitive('INT32', false),
  INT64_SCHEMA: primitive('INT64', false),
  FLOAT32_SCHEMA: primitive('FLOAT32', false),
  FLOAT64_SCHEMA: primitive('FLOAT64', false),
  BOOLEAN_SCHEMA: primitive('BOOLEAN', false),
  STRING_SCHEMA: primitive('STRING', false),
  BYTES_SCHEMA: primitive('BYTES', false),
  OPTIONAL_INT8_SCHEMA: primitive('INT8', true),
  OPTIONAL_INT16_SCHEMA: primitive('INT16', true),
  OPTIONAL_INT32_SCHEMA: primitive('INT32', true),
  OPTIONAL_INT64_SCHEMA: primitive('INT64', true),
  OPTIONAL_FLOAT32_SCHEMA: primitive('FLOAT32', true),
  OPTIONAL_FLOAT64_SCHEMA: primitive('FLOAT64', true),
  OPTIONAL_BOOLEAN_SCHEMA: primitive('BOOLEAN', true),
  OPTIONAL_STRING_SCHEMA: primitive('STRING', true),
  OPTIONAL_BYTES_SCHEMA: primitive('BYTES', true),
});

/** A schema and a value travelling together (what a converter returns). */
export class SchemaAndValue {
  static readonly NULL = new SchemaAndValue(null, null);
  constructor(
    readonly schema: Schema | null,
    readonly value: unknown,
  ) {}

  equals(other: unknown): boolean {
    if (!(other instanceof SchemaAndValue)) return false;
    const sameSchema = this.schema === null || other.schema === null ? this.schema === other.schema : this.schema.equals(other.schema);
    return sameSchema && valuesEqual(this.value, other.value);
  }
}
