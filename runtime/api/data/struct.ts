/**
 * A value of a STRUCT schema: one slot per field, checked against the field's schema on every
 * `put`. A Struct is mutable while it is being filled; once handed to the runtime inside a record
 * it belongs to the runtime and must not be changed. `validate()` checks that every required
 * field is set (the runtime calls it before converting).
 */
import { DataException } from '../errors.js';
import type { BigDecimal } from './big-decimal.js';
import type { Field } from './field.js';
import type { Schema, SchemaType } from './schema.js';
import { isLogicalName, validateStructFields, validateValue } from './validate-value.js';
import { valuesEqual } from './values.js';

export class Struct {
  readonly schema: Schema;
  readonly #values: unknown[];

  constructor(schema: Schema) {
    if (schema.type !== 'STRUCT') throw new DataException(`A Struct needs a STRUCT schema, not ${String(schema)}`);
    this.schema = schema;
    this.#values = schema.fields.map(() => null);
  }

  /** The field's value, or the field schema's default when the value is null. */
  get(field: string | Field): unknown {
    const f = this.#lookup(field);
    const v = this.#values[f.index];
    return v === null && f.schema.defaultValue !== undefined ? f.schema.defaultValue : v;
  }

  /** The field's value as set: null when unset, even if the schema has a default. */
  getWithoutDefault(field: string | Field): unknown {
    return this.#values[this.#lookup(field).index];
  }

  getInt8(field: string): number | null {
    return this.#typed(field, 'INT8') as number | null;
  }
  getInt16(field: string): number | null {
    return this.#typed(field, 'INT16') as number | null;
  }
  getInt32(field: string): number | null {
    return this.#typed(field, 'INT32') as number | null;
  }
  getInt64(field: string): bigint | null {
    return this.#typed(field, 'INT64') as bigint | null;
  }
  getFloat32(field: string): number | null {
    return this.#typed(field, 'FLOAT32') as number | null;
  }
  getFloat64(field: string): number | null {
    return this.#typed(field, 'FLOAT64') as number | null;
  }
  getBoolean(field: string): boolean | null {
    return this.#typed(field, 'BOOLEAN') as boolean | null;
  }
  getString(field: string): string | null {
    return this.#typed(field, 'STRING') as string | null;
  }
  getBytes(field: string): Uint8Array | null {
    return this.#typed(field, 'BYTES') as Uint8Array | null;
  }
  getArray<T = unknown>(field: string): T[] | null {
    return this.#typed(field, 'ARRAY') as T[] | null;
  }
  getMap<K = unknown, V = unknown>(field: string): Map<K, V> | null {
    return this.#typed(field, 'MAP') as Map<K, V> | null;
  }
  getStruct(field: string): Struct | null {
    return this.#typed(field, 'STRUCT') as Struct | null;
  }
  /** A Decimal, Date, Time or Timestamp field (typed getters above refuse logical types). */
  getLogical<T extends Date | BigDecimal>(field: string): T | null {
    return this.get(field) as T | null;
  }

  /**
   * Sets a field after checking the value against the field's schema (deeply, for nested structs,
   * arrays and maps). Throws DataException naming the field. Returns this, for chaining.
   */
  put(field: string | Field, value: unknown): this {
    const f = this.#lookup(field);
    validateValue(f.schema, value, f.name);
    this.#values[f.index] = value ?? null;
    return this;
  }

  /** Throws DataException if a required field without a default is unset (or any value is invalid). */
  validate(): void {
    validateStructFields(this, '');
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Struct) || !other.schema.equals(this.schema)) return false;
    return this.schema.fields.every((f) => valuesEqual(this.#values[f.index], other.getWithoutDefault(f)));
  }

  toString(): string {
    // A plain loop: sinks that write records as text (FileStreamSink) call this per record.
    const fields = this.schema.fields;
    let out = 'Struct{';
    let first = true;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const v = this.#values[f.index];
      if (v === null) continue;
      out += first ? `${f.name}=${show(v)}` : `,${f.name}=${show(v)}`;
      first = false;
    }
    return out + '}';
  }

  #lookup(field: string | Field): Field {
    const name = typeof field === 'string' ? field : field.name;
    const f = this.schema.field(name);
    if (f === undefined || (typeof field !== 'string' && f.index !== field.index)) {
      const known = this.schema.fields.map((x) => x.name).join(', ');
      throw new DataException(`"${name}" is not a field of ${String(this.schema)}; its fields are: ${known || '(none)'}`);
    }
    return f;
  }

  #typed(field: string, type: SchemaType): unknown {
    const f = this.#lookup(field);
    if (f.schema.type !== type) throw new DataException(`Field "${field}" is of type ${f.schema.type}, not ${type}`);
    if (isLogicalName(f.schema.name)) {
      throw new DataException(`Field "${field}" is a logical type (${f.schema.name}): read it with get() or getLogical()`);
    }
    return this.get(f);
  }
}

/**
 * A field value as Java's Struct.toString() prints it: text and numbers as they are, lists as
 * `[a, b]`, maps as `{k=v, k2=v2}`, nested structs as `Struct{...}`. Where Java prints an object
 * identity or its local time zone, this prints something useful: `<n bytes>` for bytes, ISO 8601
 * (UTC) for dates and times.
 */
function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${v}`;
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${show(k)}=${show(x)}`).join(', ')}}`;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
