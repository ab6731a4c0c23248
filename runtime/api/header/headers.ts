/**
 * Record headers (Java's Header/Headers/ConnectHeaders): an ordered list of key/schema/value
 * triples in which a key may repeat. Order is insertion order and is kept end to end; the header
 * converter in the runtime turns each value into bytes. A header's schema may be null
 * (schemaless); when it is given, the value is checked against it on `add`.
 *
 * A Headers object belongs to one record. `ConnectRecord.newRecord()` duplicates it, so a
 * transform that changes the new record's headers never changes the original's.
 */
import { BigDecimal } from '../data/big-decimal.js';
import { Date as LogicalDate, Decimal, Time, Timestamp } from '../data/logical-types.js';
import { Schema, SchemaAndValue } from '../data/schema.js';
import type { Struct } from '../data/struct.js';
import { validateValue } from '../data/validate-value.js';

export class Header {
  constructor(
    readonly key: string,
    readonly schema: Schema | null,
    readonly value: unknown,
  ) {}

  /** A header with the same key and another schema and value. */
  with(schema: Schema | null, value: unknown): Header {
    return new Header(this.key, schema, value);
  }

  /** A header with the same schema and value under another key. */
  rename(key: string): Header {
    return new Header(key, this.schema, this.value);
  }

  equals(other: unknown): boolean {
    return other instanceof Header && other.key === this.key && new SchemaAndValue(this.schema, this.value).equals(new SchemaAndValue(other.schema, other.value));
  }

  toString(): string {
    return `Header{key=${this.key}, value=${String(this.value)}, schema=${String(this.schema)}}`;
  }
}

/** Changes one header: return it (or another) to keep, null to remove it. */
export type HeaderTransform = (header: Header) => Header | null;

export class Headers implements Iterable<Header> {
  #list: Header[];

  constructor(headers?: Iterable<Header>) {
    this.#list = headers === undefined ? [] : [...headers];
  }

  get size(): number {
    return this.#list.length;
  }

  isEmpty(): boolean {
    return this.#list.length === 0;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.#list[Symbol.iterator]();
  }

  toArray(): Header[] {
    return [...this.#list];
  }

  /** Every header with this key, oldest first. */
  allWithName(key: string): Header[] {
    return this.#list.filter((h) => h.key === key);
  }

  /** The most recently added header with this key. */
  lastWithName(key: string): Header | undefined {
    for (let i = this.#list.length - 1; i >= 0; i--) if (this.#list[i]!.key === key) return this.#list[i];
    return undefined;
  }

  /**
   * Appends a header: either a Header, or key + value + schema. The value is checked against a
   * non-null schema (DataException naming the header on mismatch).
   */
  add(header: Header): this;
  add(key: string, value: unknown, schema: Schema | null): this;
  add(keyOrHeader: string | Header, value?: unknown, schema?: Schema | null): this {
    const h = typeof keyOrHeader === 'string' ? new Header(keyOrHeader, schema ?? null, value ?? null) : keyOrHeader;
    validateValue(h.schema, h.value, `header ${h.key}`);
    this.#list.push(h);
    return this;
  }

  addSchemaAndValue(key: string, sv: SchemaAndValue): this {
    return this.add(key, sv.value, sv.schema);
  }
  addString(key: string, value: string | null): this {
    return this.add(key, value, Schema.OPTIONAL_STRING_SCHEMA);
  }
  addBoolean(key: string, value: boolean): this {
    return this.add(key, value, Schema.BOOLEAN_SCHEMA);
  }
  addInt8(key: string, value: number): this {
    return this.add(key, value, Schema.INT8_SCHEMA);
  }
  addInt16(key: string, value: number): this {
    return this.add(key, value, Schema.INT16_SCHEMA);
  }
  addInt32(key: string, value: number): this {
    return this.add(key, value, Schema.INT32_SCHEMA);
  }
  addInt64(key: string, value: bigint): this {
    return this.add(key, value, Schema.INT64_SCHEMA);
  }
  addFloat32(key: string, value: number): this {
    return this.add(key, value, Schema.FLOAT32_SCHEMA);
  }
  addFloat64(key: string, value: number): this {
    return this.add(key, value, Schema.FLOAT64_SCHEMA);
  }
  addBytes(key: string, value: Uint8Array): this {
    return this.add(key, value, Schema.BYTES_SCHEMA);
  }
  addStruct(key: string, value: Struct): this {
    return this.add(key, value, value.schema);
  }
  /** A Decimal header whose schema's scale is the value's scale. */
  addDecimal(key: string, value: BigDecimal): this {
    return this.add(key, value, Decimal.schema(BigDecimal.from(value).scale));
  }
  addDate(key: string, value: globalThis.Date): this {
    return this.add(key, value, LogicalDate.SCHEMA);
  }
  addTime(key: string, value: globalThis.Date): this {
    return this.add(key, value, Time.SCHEMA);
  }
  addTimestamp(key: string, value: globalThis.Date): this {
    return this.add(key, value, Timestamp.SCHEMA);
  }

  /** Removes every header with this key. */
  remove(key: string): this {
    this.#list = this.#list.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header with this key, or (no key) the last of every key. */
  retainLatest(key?: string): this {
    const seen = new Set<string>();
    const kept: Header[] = [];
    for (let i = this.#list.length - 1; i >= 0; i--) {
      const h = this.#list[i]!;
      if ((key !== undefined && h.key !== key) || !seen.has(h.key)) kept.push(h);
      seen.add(h.key);
    }
    this.#list = kept.reverse();
    return this;
  }

  clear(): this {
    this.#list = [];
    return this;
  }

  /** Applies a transform to every header (or to those with `key`), in order, in place. */
  apply(transform: HeaderTransform): this;
  apply(key: string, transform: HeaderTransform): this;
  apply(a: string | HeaderTransform, b?: HeaderTransform): this {
    const key = typeof a === 'string' ? a : undefined;
    const fn = typeof a === 'string' ? b! : a;
    const out: Header[] = [];
    for (const h of this.#list) {
      if (key !== undefined && h.key !== key) {
        out.push(h);
        continue;
      }
      const r = fn(h);
      if (r !== null) out.push(r);
    }
    this.#list = out;
    return this;
  }

  /** An independent copy (headers themselves are immutable and shared). */
  duplicate(): Headers {
    return new Headers(this.#list);
  }

  equals(other: unknown): boolean {
    return other instanceof Headers && other.size === this.size && other.#list.every((h, i) => h.equals(this.#list[i]));
  }

  toString(): string {
    return `Headers(${this.#list.map(String).join(', ')})`;
  }
}
