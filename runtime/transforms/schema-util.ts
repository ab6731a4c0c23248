/**
 * Schema helpers shared by the transforms: copying a schema's metadata onto a new builder, and a
 * cache of derived schemas per input schema.
 *
 * Caching matters: a transform that reshapes a Struct derives its output schema from the input
 * schema, and a converter hands over the same schema object record after record. Deriving it
 * once per input schema (not once per record) keeps a chain cheap, and keeps the output schema
 * the same object, which in turn lets the next transform's cache hit by identity.
 */
import { ConnectSchema, type Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { isLogicalName } from '../api/data/validate-value.js';

/** Copies name, version, doc and parameters (not optionality or default) from `source` onto `builder`. */
export function copySchemaBasics(source: Schema, builder: SchemaBuilder): SchemaBuilder {
  if (source.name !== undefined) builder.name(source.name);
  if (source.version !== undefined) builder.version(source.version);
  if (source.doc !== undefined) builder.doc(source.doc);
  if (source.parameters !== undefined) builder.parameters(source.parameters);
  return builder;
}

/** A builder of the same type (and element schemas) as `source`, with its basics copied. */
export function copySchemaBuilder(source: Schema): SchemaBuilder {
  let builder: SchemaBuilder;
  if (source.type === 'ARRAY') builder = SchemaBuilder.array(source.valueSchema!);
  else if (source.type === 'MAP') builder = SchemaBuilder.map(source.keySchema!, source.valueSchema!);
  else builder = new SchemaBuilder(source.type);
  return copySchemaBasics(source, builder);
}

/** Whether the schema is one of Connect's logical types (Decimal, Date, Time, Timestamp). */
export function isLogical(schema: Schema): boolean {
  return isLogicalName(schema.name);
}

/** `schema` with another name and/or version; everything else (fields, default, children) kept. */
export function withNameAndVersion(schema: Schema, name: string | undefined, version: number | undefined): Schema {
  return new ConnectSchema({
    type: schema.type,
    optional: schema.optional,
    defaultValue: schema.defaultValue,
    name,
    version,
    doc: schema.doc,
    parameters: schema.parameters,
    fields: schema.fields,
    ...(schema.keySchema !== undefined ? { keySchema: schema.keySchema } : {}),
    ...(schema.valueSchema !== undefined ? { valueSchema: schema.valueSchema } : {}),
  });
}

/**
 * Derived values per input schema, as Kafka's LRU(16) schema caches: a hit by object identity
 * first (the common case), then by structural equality among the 16 most recent schemas.
 */
export class SchemaCache<V> {
  static readonly SIZE = 16;
  #byIdentity = new WeakMap<Schema, V>();
  #recent: Array<[Schema, V]> = [];

  get(schema: Schema): V | undefined {
    const hit = this.#byIdentity.get(schema);
    if (hit !== undefined) return hit;
    const i = this.#recent.findIndex(([s]) => s.equals(schema));
    if (i < 0) return undefined;
    const entry = this.#recent[i]!;
    this.#recent.splice(i, 1);
    this.#recent.push(entry);
    this.#byIdentity.set(schema, entry[1]);
    return entry[1];
  }

  set(schema: Schema, value: V): void {
    this.#byIdentity.set(schema, value);
    this.#recent.push([schema, value]);
    if (this.#recent.length > SchemaCache.SIZE) this.#recent.shift();
  }

  /** The cached value for `schema`, computing and caching it on a miss. */
  getOrCompute(schema: Schema, compute: (schema: Schema) => V): V {
    const hit = this.get(schema);
    if (hit !== undefined) return hit;
    const v = compute(schema);
    this.set(schema, v);
    return v;
  }

  clear(): void {
    this.#byIdentity = new WeakMap();
    this.#recent = [];
  }
}
