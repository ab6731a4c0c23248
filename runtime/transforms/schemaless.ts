/**
 * What transforms accept and produce, and the checks behind Kafka's "Only Struct objects
 * supported for [...]" family of errors.
 *
 * Schemaful data (a non-null schema) uses the representations of runtime/api/data/values.ts:
 * a STRUCT is a Struct, INT64 a bigint, BYTES a Uint8Array, MAP a JS Map.
 *
 * Schemaless data (a null schema) is what the JSON converter reads with `schemas.enable=false`
 * (runtime/converters/json), and what source connectors emit without schemas. JS types stand for
 * the Java classes Kafka's transforms see:
 *
 * | JSON / Java                 | JS value                                                     |
 * |-----------------------------|--------------------------------------------------------------|
 * | object / java.util.Map      | `Map<string, unknown>`: the canonical form (MAP is a Map)     |
 * | array / java.util.List      | array                                                        |
 * | integer / Long              | `bigint` (Integer, Short, Byte: `number`)                    |
 * | fraction / Double, Float    | `number`                                                     |
 * | string, boolean, null       | `string`, `boolean`, `null`                                  |
 *
 * Where Kafka requires a `java.util.Map`, transforms here accept a Map or a plain object
 * (`{...}` whose prototype is Object.prototype or null) and give back the same kind they were
 * given: a Map stays a Map, a plain object stays a plain object (the JSON converter writes only
 * Maps). They never mutate their input. They accept a `number` or a `bigint` for any integer;
 * a long they produce (an offset, a timestamp, a unix time, a cast to int64) is a `bigint`, an
 * int (a partition, a cast to int8/16/32) a `number`, as Kafka produces Long and Integer.
 */
import { DataException } from '../api/errors.js';
import { SinkRecord } from '../api/connector/sink-record.js';
import type { Schema } from '../api/data/schema.js';
import { Struct } from '../api/data/struct.js';
import { describeValue } from '../api/data/values.js';

/** A schemaless object: a Map with string keys (canonical) or a plain object. */
export type SchemalessObject = Map<string, unknown> | Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isSchemalessObject(value: unknown): value is SchemalessObject {
  return value instanceof Map || isPlainObject(value);
}

/**
 * The entries of a schemaless object as a Map, for reading only: the Map itself when given one
 * (do not mutate it), a new Map for a plain object. DataException for anything else, as Kafka's
 * `requireMap`.
 */
export function requireMap(value: unknown, purpose: string): ReadonlyMap<string, unknown> {
  if (value instanceof Map) return value as ReadonlyMap<string, unknown>;
  if (isPlainObject(value)) return new Map(Object.entries(value));
  throw new DataException(`Only Map objects supported in absence of schema for [${purpose}], found: ${describeValue(value)}`);
}

export function requireMapOrNull(value: unknown, purpose: string): ReadonlyMap<string, unknown> | null {
  return value === null || value === undefined ? null : requireMap(value, purpose);
}

/** `entries` in the same kind of object as `like` (a Map for a Map, a plain object otherwise). */
export function sameKind(like: unknown, entries: Map<string, unknown>): SchemalessObject {
  return like instanceof Map ? entries : Object.fromEntries(entries);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (value instanceof Struct) return value;
  throw new DataException(`Only Struct objects supported for [${purpose}], found: ${describeValue(value)}`);
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose);
}

export function requireSchema(schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw new DataException(`Schema required for [${purpose}]`);
  return schema;
}

export function requireSinkRecord(record: object, purpose: string): SinkRecord {
  if (record instanceof SinkRecord) return record;
  throw new DataException(`Only SinkRecord supported for [${purpose}], found: ${record.constructor.name}`);
}

/** A struct field's value, with or without the field schema's default (replace.null.with.default). */
export function fieldValue(struct: Struct, name: string, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(name) : struct.getWithoutDefault(name);
}
