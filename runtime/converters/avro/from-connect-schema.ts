/**
 * Connect schema -> Avro schema text, as Confluent's AvroData.fromConnectSchema writes it:
 *
 * | Connect                   | Avro                                                              |
 * |---------------------------|-------------------------------------------------------------------|
 * | INT8 / INT16              | {"type":"int","connect.type":"int8"/"int16"} (type kept only with  |
 * |                           | connect.meta.data)                                                |
 * | INT32, INT64              | int, long                                                         |
 * | FLOAT32, FLOAT64, BOOLEAN | float, double, boolean                                            |
 * | STRING                    | string (an enum again when enhanced.avro.schema.support is on and |
 * |                           | the schema carries io.confluent.connect.avro.Enum parameters)    |
 * | BYTES                     | bytes                                                             |
 * | Decimal                   | bytes + "scale", "precision" (connect.decimal.precision or 64),   |
 * |                           | "logicalType":"decimal"                                           |
 * | Date / Time / Timestamp   | int "date" / int "time-millis" / long "timestamp-millis"          |
 * | ARRAY                     | array                                                             |
 * | MAP, required STRING keys | map                                                               |
 * | MAP, other keys           | array of records {key, value} named MapEntry (namespace           |
 * |                           | io.confluent.connect.avro), or named as the map schema with       |
 * |                           | "connect.internal.type":"MapEntry"                                |
 * | STRUCT                    | record named as the schema, or ConnectDefault (ConnectDefault2,   |
 * |                           | 3... for other unnamed structs in the same schema) in namespace   |
 * |                           | io.confluent.connect.avro                                         |
 * | STRUCT io.confl...Union   | union of its fields' types                                        |
 * | optional                  | ["null", T], or [T, "null"] when the schema has a default         |
 *
 * Record fields get the field schema's default as Avro default (null for optional fields
 * without one). With connect.meta.data, each non-union type also carries connect.doc,
 * connect.version, connect.parameters, connect.default, connect.name and connect.type, in that
 * order (then logicalType), so the Connect schema can be rebuilt exactly. Attributes are written
 * in Avro's own order, so the text equals what Confluent's converter registers.
 */
import { ConnectSchema, type Schema } from '../../api/data/schema.js';
import type { Struct } from '../../api/data/struct.js';
import { LogicalNames } from '../../api/data/validate-value.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../api/data/logical-types.js';
import type { BigDecimal } from '../../api/data/big-decimal.js';
import { DataException } from '../../api/errors.js';
import { javaDouble, javaFloat } from '../java-text.js';
import { JsonNumber, stringifyJson, type JsonObject, type JsonValue } from '../json/json-text.js';
import * as C from './avro-data-config.js';

export interface FromConnectOptions {
  readonly connectMetaData: boolean;
  readonly enhancedSchemaSupport: boolean;
  /** Replace characters Avro names cannot hold with `_` (`scrub.invalid.names`). */
  readonly scrubInvalidNames: boolean;
}

const PRIMITIVES: ReadonlySet<string> = new Set(['int', 'long', 'float', 'double', 'boolean', 'string', 'bytes']);
const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The Avro name for a Connect field or name part: scrubbed, or refused when not valid. */
export function avroName(name: string, scrub: boolean, what: string): string {
  if (AVRO_NAME.test(name)) return name;
  if (scrub) {
    const s = name.replace(/[^A-Za-z0-9_]/g, '_');
    return /^[A-Za-z_]/.test(s) ? s : `x${s}`;
  }
  throw new DataException(
    `${what} "${name}" is not a valid Avro name (letters, digits and _, not starting with a digit); rename it or set scrub.invalid.names=true`,
  );
}

/** A copy of `schema` that is required (what an optional schema wraps in a union). */
export function nonOptional(schema: Schema): Schema {
  if (!schema.optional) return schema;
  return new ConnectSchema({
    type: schema.type, optional: false, defaultValue: schema.defaultValue, name: schema.name, version: schema.version, doc: schema.doc,
    parameters: schema.parameters, fields: schema.fields,
    ...(schema.keySchema === undefined ? {} : { keySchema: schema.keySchema }),
    ...(schema.valueSchema === undefined ? {} : { valueSchema: schema.valueSchema }),
  });
}

/** The Avro schema text for `schema`. Throws DataException for what Avro cannot express. */
export function fromConnectSchema(schema: Schema, options: FromConnectOptions): string {
  return stringifyJson(new FromConnect(options).convert(schema, false));
}

class FromConnect {
  /** Named types already written, by full name, with the (required) schema that wrote them. */
  readonly #named = new Map<string, Schema>();
  #unnamedStructs = 0;
  #unnamedEntries = 0;
  /** The enclosing namespace as Avro's writer tracks it (names inside are relative to it). */
  #space: string | undefined = undefined;

  constructor(readonly options: FromConnectOptions) {}

  convert(schema: Schema, ignoreOptional: boolean): JsonValue {
    if (schema.type === 'STRUCT' && schema.name === C.AVRO_TYPE_UNION) {
      const branches: JsonValue[] = schema.optional ? ['null'] : [];
      for (const f of schema.fields) branches.push(this.convert(nonOptional(f.schema), true));
      return branches;
    }
    const base = this.#base(nonOptional(schema));
    if (!schema.optional || ignoreOptional) return base;
    return schema.defaultValue !== undefined && schema.defaultValue !== null ? [base, 'null'] : ['null', base];
  }

  /** The type of a required schema, with its properties. */
  #base(schema: Schema): JsonValue {
    const out: JsonObject = new Map();
    let connectType: string | undefined;
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
        connectType = schema.type.toLowerCase();
        out.set('type', 'int');
        break;
      case 'INT32':
        out.set('type', 'int');
        break;
      case 'INT64':
        out.set('type', 'long');
        break;
      case 'FLOAT32':
        out.set('type', 'float');
        break;
      case 'FLOAT64':
        out.set('type', 'double');
        break;
      case 'BOOLEAN':
        out.set('type', 'boolean');
        break;
      case 'STRING':
        if (this.options.enhancedSchemaSupport && schema.parameters?.[C.AVRO_TYPE_ENUM] !== undefined) {
          const ref = this.#enum(schema, out);
          if (ref !== undefined) return ref;
        } else {
          out.set('type', 'string');
        }
        break;
      case 'BYTES':
        out.set('type', 'bytes');
        if (schema.name === LogicalNames.DECIMAL) {
          out.set(C.AVRO_LOGICAL_DECIMAL_SCALE_PROP, new JsonNumber(String(Decimal.scale(schema))));
          out.set(C.AVRO_LOGICAL_DECIMAL_PRECISION_PROP, new JsonNumber(String(decimalPrecision(schema))));
        }
        break;
      case 'ARRAY':
        out.set('type', 'array').set('items', this.convert(schema.valueSchema!, false));
        break;
      case 'MAP':
        if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.optional) {
          out.set('type', 'map').set('values', this.convert(schema.valueSchema!, false));
        } else {
          out.set('type', 'array').set('items', this.#mapEntry(schema));
        }
        break;
      case 'STRUCT': {
        const ref = this.#record(schema, out);
        if (ref !== undefined) return ref;
        break;
      }
    }
    this.#props(schema, out, connectType);
    // A primitive without properties is written as its bare name, as Avro writes it.
    const type = out.get('type') as string;
    return out.size === 1 && PRIMITIVES.has(type) ? type : out;
  }

  #props(schema: Schema, out: JsonObject, connectType: string | undefined): void {
    const params = schema.parameters;
    if (this.options.connectMetaData) {
      if (schema.doc !== undefined) out.set(C.CONNECT_DOC_PROP, schema.doc);
      if (schema.version !== undefined) out.set(C.CONNECT_VERSION_PROP, new JsonNumber(String(schema.version)));
      if (params !== undefined) {
        const kept = Object.entries(params).filter(([k]) => k !== C.AVRO_FIELD_DEFAULT_FLAG_PROP);
        if (kept.length > 0) out.set(C.CONNECT_PARAMETERS_PROP, new Map(kept));
      }
      if (schema.defaultValue !== undefined && schema.defaultValue !== null && params?.[C.AVRO_FIELD_DEFAULT_FLAG_PROP] === undefined) {
        out.set(C.CONNECT_DEFAULT_VALUE_PROP, defaultToAvro(schema, schema.defaultValue));
      }
      if (schema.name !== undefined) out.set(C.CONNECT_NAME_PROP, schema.name);
      if (connectType !== undefined) out.set(C.CONNECT_TYPE_PROP, connectType);
    }
    switch (schema.name) {
      case LogicalNames.DECIMAL:
        out.set(C.AVRO_LOGICAL_TYPE_PROP, C.AVRO_LOGICAL_DECIMAL);
        break;
      case LogicalNames.DATE:
        out.set(C.AVRO_LOGICAL_TYPE_PROP, C.AVRO_LOGICAL_DATE);
        break;
      case LogicalNames.TIME:
        out.set(C.AVRO_LOGICAL_TYPE_PROP, C.AVRO_LOGICAL_TIME_MILLIS);
        break;
      case LogicalNames.TIMESTAMP:
        out.set(C.AVRO_LOGICAL_TYPE_PROP, C.AVRO_LOGICAL_TIMESTAMP_MILLIS);
        break;
    }
    for (const [k, v] of Object.entries(params ?? {})) if (k.startsWith(C.AVRO_PROP)) out.set(k, v);
  }

  /**
   * Writes a named type's head (type, name, namespace) into `out`, or returns the reference to
   * write instead when an equal schema already defined the name. Two different schemas under
   * one name cannot be expressed in Avro: DataException.
   */
  #define(schema: Schema, fullName: string, kind: string, out: JsonObject): JsonValue | undefined {
    const [space, name] = C.splitName(fullName);
    const seen = this.#named.get(fullName);
    if (seen !== undefined) {
      if (seen.equals(schema)) return space === undefined || space === this.#space ? name : fullName;
      throw new DataException(`Two different Connect schemas are both named ${fullName}; Avro needs one definition per name (rename one of them)`);
    }
    this.#named.set(fullName, schema);
    out.set('type', kind).set('name', name);
    if (space !== undefined ? space !== this.#space : this.#space !== undefined) out.set('namespace', space ?? '');
    return undefined;
  }

  /** A full name for an unnamed struct or map entry: the base name, then base2, base3... unless an
   * equal schema already has one. */
  #generatedName(schema: Schema, base: string, counter: 'structs' | 'entries'): string {
    for (const [n, s] of this.#named) if (s.equals(schema) && n.startsWith(`${C.NAMESPACE}.${base}`)) return n;
    const index = counter === 'structs' ? this.#unnamedStructs++ : this.#unnamedEntries++;
    return `${C.NAMESPACE}.${base}${index === 0 ? '' : index + 1}`;
  }

  #qualified(name: string): string {
    const [space, simple] = C.splitName(name);
    const scrubbed = avroName(simple, this.options.scrubInvalidNames, 'Schema name');
    if (space === undefined) return scrubbed;
    return `${space.split('.').map((p) => avroName(p, this.options.scrubInvalidNames, 'Schema namespace part')).join('.')}.${scrubbed}`;
  }

  #record(schema: Schema, out: JsonObject): JsonValue | undefined {
    const fullName = schema.name === undefined ? this.#generatedName(schema, C.DEFAULT_SCHEMA_NAME, 'structs') : this.#qualified(schema.name);
    const ref = this.#define(schema, fullName, 'record', out);
    if (ref !== undefined) return ref;
    const doc = schema.parameters?.[C.AVRO_RECORD_DOC_PROP];
    if (doc !== undefined) out.set('doc', doc);
    const outer = this.#space;
    this.#space = C.splitName(fullName)[0];
    out.set('fields', schema.fields.map((f) => this.#field(avroName(f.name, this.options.scrubInvalidNames, 'Field name'), f.schema, schema.parameters?.[`${C.AVRO_FIELD_DOC_PREFIX_PROP}${f.name}`])));
    this.#space = outer;
    return undefined;
  }

  #mapEntry(schema: Schema): JsonValue {
    const entry: JsonObject = new Map();
    const fullName = schema.name === undefined ? this.#generatedName(schema, C.MAP_ENTRY_TYPE_NAME, 'entries') : this.#qualified(schema.name);
    const ref = this.#define(schema, fullName, 'record', entry);
    if (ref !== undefined) return ref;
    const outer = this.#space;
    this.#space = C.splitName(fullName)[0];
    entry.set('fields', [this.#field(C.KEY_FIELD, schema.keySchema!, undefined), this.#field(C.VALUE_FIELD, schema.valueSchema!, undefined)]);
    this.#space = outer;
    if (schema.name !== undefined) entry.set(C.CONNECT_INTERNAL_TYPE_NAME, C.MAP_ENTRY_TYPE_NAME);
    return entry;
  }

  #enum(schema: Schema, out: JsonObject): JsonValue | undefined {
    const params = schema.parameters!;
    const fullName = params[C.AVRO_TYPE_ENUM]!;
    const ref = this.#define(schema, fullName, 'enum', out);
    if (ref !== undefined) return ref;
    const simple = C.splitName(schema.name ?? fullName)[1];
    const doc = params[`${C.AVRO_ENUM_DOC_PREFIX_PROP}${simple}`];
    if (doc !== undefined) out.set('doc', doc);
    out.set('symbols', Object.entries(params).filter(([k]) => k.startsWith(`${C.AVRO_TYPE_ENUM}.`)).map(([, v]) => v));
    const dflt = params[`${C.AVRO_ENUM_DEFAULT_PREFIX_PROP}${simple}`];
    if (dflt !== undefined) out.set('default', dflt);
    return undefined;
  }

  #field(name: string, schema: Schema, doc: string | undefined): JsonObject {
    const field: JsonObject = new Map<string, JsonValue>([['name', name], ['type', this.convert(schema, false)]]);
    if (doc !== undefined) field.set('doc', doc);
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) field.set('default', defaultToAvro(schema, schema.defaultValue));
    else if (schema.optional) field.set('default', null);
    return field;
  }
}

function decimalPrecision(schema: Schema): number {
  const p = schema.parameters?.[C.CONNECT_AVRO_DECIMAL_PRECISION_PROP];
  if (p === undefined) return C.CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT;
  if (!/^\d+$/.test(p)) throw new DataException(`Decimal parameter ${C.CONNECT_AVRO_DECIMAL_PRECISION_PROP}=${p} is not an integer`);
  return Number(p);
}

/** Bytes as Avro writes them in JSON (defaults): one character per byte, ISO-8859-1. */
export function bytesToAvroJson(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * A Connect value as an Avro JSON default (and connect.default property) of the Avro type
 * `schema` maps to. Maps with non-string keys become arrays of {"key", "value"} records, which is
 * what their Avro type holds.
 */
export function defaultToAvro(schema: Schema, value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case LogicalNames.DECIMAL:
      return bytesToAvroJson(Decimal.fromLogical(schema, value as BigDecimal));
    case LogicalNames.DATE:
      return new JsonNumber(String(ConnectDate.fromLogical(schema, value as globalThis.Date)));
    case LogicalNames.TIME:
      return new JsonNumber(String(Time.fromLogical(schema, value as globalThis.Date)));
    case LogicalNames.TIMESTAMP:
      return new JsonNumber(String(Timestamp.fromLogical(schema, value as globalThis.Date)));
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
      return new JsonNumber(String(value));
    case 'FLOAT32':
    case 'FLOAT64': {
      const n = value as number;
      if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
      return new JsonNumber(schema.type === 'FLOAT32' ? javaFloat(n) : javaDouble(n));
    }
    case 'BOOLEAN':
    case 'STRING':
      return value as boolean | string;
    case 'BYTES':
      return bytesToAvroJson(value as Uint8Array);
    case 'ARRAY':
      return (value as unknown[]).map((v) => defaultToAvro(schema.valueSchema!, v));
    case 'MAP': {
      const map = value as Map<unknown, unknown>;
      if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.optional) {
        return new Map([...map].map(([k, v]) => [k as string, defaultToAvro(schema.valueSchema!, v)]));
      }
      return [...map].map(([k, v]) => new Map([[C.KEY_FIELD, defaultToAvro(schema.keySchema!, k)], [C.VALUE_FIELD, defaultToAvro(schema.valueSchema!, v)]]));
    }
    case 'STRUCT': {
      const struct = value as Struct;
      if (schema.name === C.AVRO_TYPE_UNION) {
        const set = schema.fields.find((f) => struct.get(f) !== null);
        return set === undefined ? null : defaultToAvro(set.schema, struct.get(set));
      }
      return new Map(schema.fields.map((f) => [f.name, defaultToAvro(f.schema, struct.get(f))]));
    }
  }
}
