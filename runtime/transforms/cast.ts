/**
 * Cast (`org.apache.kafka.connect.transforms.Cast$Key` / `$Value`): casts top-level fields, or
 * the whole key/value, to int8, int16, int32, int64, float32, float64, boolean or string.
 *
 *   spec=age:int16,score:float64     casts fields of a Struct or schemaless object
 *   spec=string                      casts the whole key/value (then it is the only entry)
 *
 * With a schema, a cast field keeps its optionality and its default (cast too); the new schema
 * is derived once per input schema. A whole-value cast keeps the schema's name, version, doc and
 * parameters unless the schema is a logical type. A null key/value passes unchanged; null fields
 * stay null. In schemaless data only fields present are cast. Value conversions: cast-values.ts.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { LambdaValidator } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { ConfigException, DataException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { CAST_OUTPUT_TYPES, castValue, type CastType } from './cast-values.js';
import { replaceNullWithDefaultKey } from './config-util.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { SchemaCache, copySchemaBasics, isLogical } from './schema-util.js';
import { fieldValue, requireMap, requireStruct, sameKind } from './schemaless.js';

const PURPOSE = 'cast types';
const KNOWN_TYPES = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT'];

/** A parsed spec: field casts, or one whole-value cast. */
export interface CastSpec {
  readonly fields: ReadonlyMap<string, CastType>;
  readonly whole: CastType | null;
}

function specError(message: string): ConfigException {
  return new ConfigException(message, { errors: { spec: [message] } });
}

function castType(text: string): CastType {
  const t = text.trim().toUpperCase();
  if (!KNOWN_TYPES.includes(t)) throw specError(`Invalid type found in casting spec: ${text.trim()}`);
  if (!(CAST_OUTPUT_TYPES as readonly string[]).includes(t)) {
    throw specError(`Cast transformation does not support casting to ${t}; supported types are [${CAST_OUTPUT_TYPES.join(', ')}]`);
  }
  return t as CastType;
}

/** Parses `field:type,...` or a single `type`; ConfigException (on `spec`) with Kafka's messages. */
export function parseCastSpec(mappings: readonly string[] | null): CastSpec {
  if (mappings === null || mappings.length === 0) throw specError('Must specify at least one field to cast.');
  const fields = new Map<string, CastType>();
  let whole: CastType | null = null;
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length > 2) throw ConfigException.invalid('spec', mappings, `Invalid cast mapping: ${mapping}`);
    if (parts.length === 1) whole = castType(parts[0]!);
    else fields.set(parts[0]!.trim(), castType(parts[1]!));
  }
  if (whole !== null && mappings.length > 1) {
    throw specError('Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec');
  }
  return { fields, whole };
}

export const CAST_CONFIG = new ConfigDef()
  .define({
    name: 'spec',
    type: 'LIST',
    validator: LambdaValidator.with(
      (_name, value) => {
        parseCastSpec(Array.isArray(value) ? (value as string[]) : null);
      },
      () => 'list of colon-delimited pairs, e.g. foo:bar,abc:xyz',
    ),
    importance: 'HIGH',
    documentation:
      'Casts as field:type pairs (field1:type,field2:type) for fields of Structs or maps, or a single type to cast the whole value. Types: int8, int16, int32, int64, float32, float64, boolean, string. Bytes cast only to string (base64).',
  })
  .define(replaceNullWithDefaultKey);

function builderFor(type: CastType): SchemaBuilder {
  return new SchemaBuilder(type);
}

export class Cast<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #spec: CastSpec = { fields: new Map(), whole: null };
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Schema>();

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    const c = CAST_CONFIG.parse(props);
    this.#spec = parseCastSpec(c.spec);
    this.#replaceNullWithDefault = c['replace.null.with.default'];
    this.#cache.clear();
  }

  apply(record: R): R {
    const value = operatingValue(record, this.part);
    if (value === null) return record;
    const schema = operatingSchema(record, this.part);
    const whole = this.#spec.whole;
    if (schema === null) {
      if (whole !== null) return withPart(record, this.part, null, castValue(null, value, whole, null));
      const map = requireMap(value, PURPOSE);
      const out = new Map(map);
      for (const [name, type] of this.#spec.fields) if (map.has(name)) out.set(name, castValue(null, map.get(name), type, name));
      return withPart(record, this.part, null, sameKind(value, out));
    }
    const updated = this.#cache.getOrCompute(schema, (s) => this.#updatedSchema(s));
    if (whole !== null) return withPart(record, this.part, updated, castValue(schema, value, whole, null));
    const struct = requireStruct(value, PURPOSE);
    return withPart(record, this.part, updated, this.#castStruct(struct, updated));
  }

  #castStruct(struct: Struct, updated: Schema): Struct {
    const out = new Struct(updated);
    for (const f of struct.schema.fields) {
      const v = fieldValue(struct, f.name, this.#replaceNullWithDefault);
      const type = this.#spec.fields.get(f.name);
      out.put(f.name, type === undefined ? v : castValue(f.schema, v, type, f.name));
    }
    return out;
  }

  #updatedSchema(schema: Schema): Schema {
    const whole = this.#spec.whole;
    let b: SchemaBuilder;
    if (whole !== null) {
      b = isLogical(schema) ? builderFor(whole) : copySchemaBasics(schema, builderFor(whole));
    } else {
      if (schema.type !== 'STRUCT') throw new DataException(`Only Struct objects supported for [${PURPOSE}], found a ${schema.type} schema`);
      b = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const f of schema.fields) {
        const type = this.#spec.fields.get(f.name);
        if (type === undefined) {
          b.field(f.name, f.schema);
          continue;
        }
        const fb = builderFor(type);
        if (f.schema.optional) fb.optional();
        if (f.schema.defaultValue !== undefined && f.schema.defaultValue !== null) fb.defaultValue(castValue(f.schema, f.schema.defaultValue, type, f.name));
        b.field(f.name, fb.build());
      }
    }
    if (schema.optional) b.optional();
    const def = schema.defaultValue;
    if (def !== undefined && def !== null) {
      const partial = b.build();
      b.defaultValue(whole !== null ? castValue(schema, def, whole, null) : def instanceof Struct ? this.#castStruct(def, partial) : def);
    }
    return b.build();
  }

  config(): ConfigDef {
    return CAST_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}
