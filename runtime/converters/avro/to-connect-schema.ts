/**
 * Avro schema -> Connect schema, as Confluent's AvroData.toConnectSchema reads schemas written by
 * any producer (and, through the connect.* properties, rebuilds exactly what the Connect side
 * registered):
 *
 * | Avro                                   | Connect                                            |
 * |----------------------------------------|----------------------------------------------------|
 * | boolean, float, double, string         | BOOLEAN, FLOAT32, FLOAT64, STRING                  |
 * | int (connect.type int8 / int16)        | INT32 (INT8 / INT16)                               |
 * | int date / int time-millis             | Date / Time                                        |
 * | long / long timestamp-millis           | INT64 / Timestamp (other logical types: the base)  |
 * | bytes, fixed                           | BYTES; with logicalType decimal: Decimal(scale),   |
 * |                                        | precision kept as connect.decimal.precision if not |
 * |                                        | 64                                                 |
 * | enum                                   | STRING named as the enum, parameters               |
 * |                                        | io.confluent.connect.avro.Enum = full name and     |
 * |                                        | io.confluent.connect.avro.Enum.<symbol> = symbol   |
 * | array                                  | ARRAY; an array of MapEntry records is a MAP       |
 * | map                                    | MAP with STRING keys                               |
 * | record                                 | STRUCT named as the record (ConnectDefault: none)  |
 * | [null, T] / [T, null]                  | T, optional                                        |
 * | other unions                           | STRUCT io.confluent.connect.avro.Union, one        |
 * |                                        | optional field per branch (named int, string,      |
 * |                                        | the record's name...), optional if null is a branch|
 * | null alone                             | DataException                                      |
 *
 * connect.name, connect.version (else the registry version, for the top-level schema),
 * connect.doc, connect.parameters and connect.default are applied when connect.meta.data is on;
 * record and field docs become the parameters io.confluent.connect.avro.record.doc and
 * io.confluent.connect.avro.field.doc.<field>. A field's Avro default becomes its schema's
 * default. Recursive records have no Connect form (Connect schemas are finite trees):
 * DataException.
 */
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../api/data/logical-types.js';
import { Schema } from '../../api/data/schema.js';
import { SchemaBuilder } from '../../api/data/schema-builder.js';
import { Struct } from '../../api/data/struct.js';
import { LogicalNames } from '../../api/data/validate-value.js';
import { DataException } from '../../api/errors.js';
import * as C from './avro-data-config.js';
import { describeAvro, type AvroRecord, type AvroType, type Props } from './avro-schema.js';

export interface ToConnectOptions {
  readonly connectMetaData: boolean;
  readonly enhancedSchemaSupport: boolean;
}

/** The Connect schema of `avro`; `version` (the registry's) applies when connect.version is absent. */
export function toConnectSchema(avro: AvroType, options: ToConnectOptions, version?: number): Schema {
  return new ToConnect(options).convert(avro, false, undefined, version);
}

/** The Connect field name of a union branch (Confluent's unionMemberFieldName). */
export function unionMemberFieldName(t: AvroType, enhanced: boolean): string {
  if (t.kind === 'record' || t.kind === 'enum') return enhanced ? t.fullName : t.name;
  if (t.kind === 'primitive') return t.type;
  if (t.kind === 'union') throw new DataException('A union cannot be a branch of a union');
  return t.kind;
}

/** Whether an array of this element type carries a Connect MAP (records named MapEntry in
 * Connect's namespace, or marked with connect.internal.type). */
export function isMapEntry(t: AvroType): t is AvroRecord {
  if (t.kind !== 'record') return false;
  return (t.namespace === C.NAMESPACE && /^MapEntry\d*$/.test(t.name)) || t.props[C.CONNECT_INTERNAL_TYPE_NAME] === C.MAP_ENTRY_TYPE_NAME;
}

/** Whether a record name is one Connect generated for an unnamed struct. */
export function isDefaultStructName(fullName: string): boolean {
  return fullName.startsWith(`${C.DEFAULT_SCHEMA_FULL_NAME}`) && /^\d*$/.test(fullName.slice(C.DEFAULT_SCHEMA_FULL_NAME.length));
}

class ToConnect {
  readonly #inProgress = new Set<AvroRecord>();
  constructor(readonly options: ToConnectOptions) {}

  /**
   * `fieldDefault`: the Avro field's default when converting a field's type (JSON, undefined
   * for none); `version`: the registry version, top level only.
   */
  convert(avro: AvroType, forceOptional: boolean, fieldDefault: unknown, version?: number): Schema {
    const props: Props = avro.kind === 'union' ? {} : avro.props;
    const logical = props[C.AVRO_LOGICAL_TYPE_PROP];
    let builder: SchemaBuilder;
    switch (avro.kind) {
      case 'primitive':
        builder = this.#primitive(avro.type, props, logical);
        break;
      case 'fixed':
        builder = this.#bytes(props, logical);
        break;
      case 'enum':
        builder = SchemaBuilder.string();
        if (this.options.connectMetaData) {
          if (avro.doc !== undefined) builder.parameter(`${C.AVRO_ENUM_DOC_PREFIX_PROP}${avro.name}`, avro.doc);
          if (avro.default !== undefined) builder.parameter(`${C.AVRO_ENUM_DEFAULT_PREFIX_PROP}${avro.name}`, avro.default);
        }
        builder.parameter(C.AVRO_TYPE_ENUM, avro.fullName);
        for (const s of avro.symbols) builder.parameter(`${C.AVRO_TYPE_ENUM}.${s}`, s);
        break;
      case 'array':
        builder = isMapEntry(avro.items)
          ? SchemaBuilder.map(this.#entryField(avro.items, C.KEY_FIELD), this.#entryField(avro.items, C.VALUE_FIELD))
          : SchemaBuilder.array(this.convert(avro.items, false, undefined));
        break;
      case 'map':
        builder = SchemaBuilder.map(Schema.STRING_SCHEMA, this.convert(avro.values, false, undefined));
        break;
      case 'record':
        builder = this.#record(avro);
        break;
      case 'union': {
        const nonNull = avro.branches.filter((b) => !(b.kind === 'primitive' && b.type === 'null'));
        // [null, T]: an optional T. As in Confluent's converter the field's default does not pass
        // into T (it is null, or T's own connect.default says it).
        if (avro.branches.length === 2 && nonNull.length === 1) return this.convert(nonNull[0]!, true, undefined);
        builder = SchemaBuilder.struct().name(C.AVRO_TYPE_UNION);
        const names = new Set<string>();
        for (const b of avro.branches) {
          if (b.kind === 'primitive' && b.type === 'null') {
            builder.optional();
            continue;
          }
          const name = unionMemberFieldName(b, this.options.enhancedSchemaSupport);
          if (names.has(name)) throw new DataException(`Multiple union schemas map to the Connect union field name "${name}" in ${describeAvro(avro)}`);
          names.add(name);
          builder.field(name, this.convert(b, true, undefined));
        }
        break;
      }
    }
    this.#metadata(avro, builder, props, fieldDefault, version);
    if (forceOptional) builder.optional();
    return builder.build();
  }

  #primitive(type: string, props: Props, logical: unknown): SchemaBuilder {
    switch (type) {
      case 'boolean':
        return SchemaBuilder.bool();
      case 'bytes':
        return this.#bytes(props, logical);
      case 'double':
        return SchemaBuilder.float64();
      case 'float':
        return SchemaBuilder.float32();
      case 'int': {
        if (logical === C.AVRO_LOGICAL_DATE) return ConnectDate.builder();
        if (logical === C.AVRO_LOGICAL_TIME_MILLIS) return Time.builder();
        const connectType = props[C.CONNECT_TYPE_PROP];
        if (connectType === undefined || logical !== undefined) return SchemaBuilder.int32();
        if (connectType === 'int8') return SchemaBuilder.int8();
        if (connectType === 'int16') return SchemaBuilder.int16();
        throw new DataException(`Connect type annotation for Avro int field is ${JSON.stringify(connectType)}; expected "int8" or "int16"`);
      }
      case 'long':
        return logical === C.AVRO_LOGICAL_TIMESTAMP_MILLIS ? Timestamp.builder() : SchemaBuilder.int64();
      case 'string':
        return SchemaBuilder.string();
      default:
        throw new DataException('Standalone null schemas are not supported by this converter (null belongs in a union)');
    }
  }

  #bytes(props: Props, logical: unknown): SchemaBuilder {
    if (logical !== C.AVRO_LOGICAL_DECIMAL) return SchemaBuilder.bytes();
    const scale = props[C.AVRO_LOGICAL_DECIMAL_SCALE_PROP] ?? 0;
    if (typeof scale !== 'number' || !Number.isInteger(scale)) throw new DataException('Decimal scale must be specified and must be a number');
    const builder = Decimal.builder(scale);
    const precision = props[C.AVRO_LOGICAL_DECIMAL_PRECISION_PROP];
    if (precision !== undefined) {
      if (typeof precision !== 'number' || !Number.isInteger(precision)) throw new DataException('Decimal precision property must be a JSON integer');
      if (precision !== C.CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT) builder.parameter(C.CONNECT_AVRO_DECIMAL_PRECISION_PROP, String(precision));
    }
    return builder;
  }

  #entryField(entry: AvroRecord, name: string): Schema {
    const f = entry.fields.find((x) => x.name === name);
    if (f === undefined || entry.fields.length !== 2) {
      throw new DataException(`Found map encoded as array of key-value pairs (${entry.fullName}), but its records do not have exactly the fields key and value`);
    }
    return this.convert(f.type, false, undefined);
  }

  #record(avro: AvroRecord): SchemaBuilder {
    if (this.#inProgress.has(avro)) throw new DataException(`Avro record ${avro.fullName} is recursive; Connect schemas cannot refer to themselves`);
    this.#inProgress.add(avro);
    const builder = SchemaBuilder.struct();
    if (this.options.connectMetaData && avro.doc !== undefined) builder.parameter(C.AVRO_RECORD_DOC_PROP, avro.doc);
    for (const f of avro.fields) {
      if (this.options.connectMetaData && f.doc !== undefined) builder.parameter(`${C.AVRO_FIELD_DOC_PREFIX_PROP}${f.name}`, f.doc);
      builder.field(f.name, this.convert(f.type, false, f.default));
    }
    this.#inProgress.delete(avro);
    return builder;
  }

  #metadata(avro: AvroType, builder: SchemaBuilder, props: Props, fieldDefault: unknown, version: number | undefined): void {
    const meta = this.options.connectMetaData;
    const doc = props[C.CONNECT_DOC_PROP];
    if (meta && typeof doc === 'string') builder.doc(doc);
    const v = props[C.CONNECT_VERSION_PROP];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v))) throw new DataException(`Invalid Connect version found: ${JSON.stringify(v)}`);
    const chosen = (v as number | undefined) ?? version;
    // Logical builders come with version 1; a registry version does not override them.
    if (chosen !== undefined && (builder.build().version === undefined || v !== undefined)) builder.version(chosen);
    const params = props[C.CONNECT_PARAMETERS_PROP];
    if (meta && params !== undefined) {
      if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new DataException(`Expected JSON object for schema parameters but found: ${JSON.stringify(params)}`);
      for (const [k, val] of Object.entries(params)) {
        if (typeof val !== 'string') throw new DataException(`Expected schema parameter values to be strings but found: ${JSON.stringify(val)}`);
        builder.parameter(k, val);
      }
    }
    for (const [k, val] of Object.entries(props)) if (k.startsWith(C.AVRO_PROP)) builder.parameter(k, typeof val === 'string' ? val : JSON.stringify(val));
    const connectDefault = props[C.CONNECT_DEFAULT_VALUE_PROP];
    let dflt = fieldDefault;
    if (dflt === undefined || dflt === null) dflt = connectDefault;
    // Remember that the default came from the Avro field, so writing does not add connect.default.
    else if (connectDefault === undefined) builder.parameter(C.AVRO_FIELD_DEFAULT_FLAG_PROP, 'true');
    if (dflt !== undefined && dflt !== null) builder.defaultValue(defaultFromAvro(builder.build(), avro, dflt));
    const connectName = props[C.CONNECT_NAME_PROP];
    if (connectName !== undefined && typeof connectName !== 'string') throw new DataException(`Invalid schema name: ${JSON.stringify(connectName)}`);
    const name = connectName ?? (avro.kind === 'record' || avro.kind === 'enum' ? avro.fullName : undefined);
    if (name !== undefined && !isDefaultStructName(name)) {
      const current = builder.build().name;
      if (current !== undefined && current !== name) {
        throw new DataException(`Mismatched names: name already added to SchemaBuilder (${current}) differs from name in source schema (${name})`);
      }
      builder.name(name);
    }
  }
}

/** An Avro JSON default as the Connect value of `schema` (Confluent's defaultValueFromAvro). */
export function defaultFromAvro(schema: Schema, avro: AvroType, json: unknown): unknown {
  if (json === null || json === undefined) return null;
  const fail = (): never => {
    throw new DataException(`Invalid default value ${JSON.stringify(json)} for Avro ${describeAvro(avro)}`);
  };
  let value: unknown;
  switch (avro.kind) {
    case 'primitive':
      switch (avro.type) {
        case 'int':
        case 'float':
        case 'double':
          if (typeof json !== 'number') fail();
          value = avro.type === 'float' ? Math.fround(json as number) : json;
          break;
        case 'long':
          if (typeof json !== 'number' || !Number.isInteger(json)) fail();
          value = BigInt(json as number);
          break;
        case 'boolean':
          if (typeof json !== 'boolean') fail();
          value = json;
          break;
        case 'string':
          value = String(json);
          break;
        case 'bytes':
          if (typeof json !== 'string') fail();
          value = Buffer.from(json as string, 'latin1');
          break;
        default:
          return null;
      }
      break;
    case 'enum':
      value = String(json);
      break;
    case 'fixed':
      if (typeof json !== 'string') fail();
      value = Buffer.from(json as string, 'latin1');
      break;
    case 'array':
      if (!Array.isArray(json)) fail();
      if (schema.type === 'MAP') return arrayDefaultToMap(schema, avro, json as unknown[]);
      return (json as unknown[]).map((e) => defaultFromAvro(schema.valueSchema!, avro.items, e));
    case 'map':
      if (typeof json !== 'object' || Array.isArray(json)) fail();
      return new Map(Object.entries(json as object).map(([k, v]) => [k, defaultFromAvro(schema.valueSchema!, avro.values, v)]));
    case 'record': {
      if (typeof json !== 'object' || Array.isArray(json)) fail();
      const struct = new Struct(schema);
      for (const f of avro.fields) {
        const field = schema.field(f.name);
        if (field === undefined) continue;
        const given = (json as Record<string, unknown>)[f.name];
        struct.put(field, defaultFromAvro(field.schema, f.type, given === undefined ? f.default : given));
      }
      return struct;
    }
    case 'union': {
      // An Avro union's default is a value of its first branch.
      const first = avro.branches[0];
      if (first === undefined || (first.kind === 'primitive' && first.type === 'null')) return null;
      if (schema.name !== C.AVRO_TYPE_UNION) return defaultFromAvro(schema, first, json);
      const field = schema.field(unionMemberFieldName(first, false)) ?? schema.fields[0];
      return new Struct(schema).put(field!, defaultFromAvro(field!.schema, first, json));
    }
  }
  return toConnectLogical(schema, value);
}

function arrayDefaultToMap(schema: Schema, avro: Extract<AvroType, { kind: 'array' }>, json: unknown[]): Map<unknown, unknown> {
  const entry = avro.items as AvroRecord;
  const keyType = entry.fields.find((f) => f.name === C.KEY_FIELD)!.type;
  const valueType = entry.fields.find((f) => f.name === C.VALUE_FIELD)!.type;
  return new Map(json.map((e) => {
    const o = (Array.isArray(e) ? { key: e[0], value: e[1] } : e) as Record<string, unknown>;
    return [defaultFromAvro(schema.keySchema!, keyType, o['key']), defaultFromAvro(schema.valueSchema!, valueType, o['value'])];
  }));
}

/** The logical (in-memory) form of an underlying value, for logical schemas. */
export function toConnectLogical(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (schema.name) {
    case LogicalNames.DECIMAL:
      if (!(value instanceof Uint8Array)) throw new DataException(`Invalid type for Decimal, underlying representation should be bytes but was ${typeof value}`);
      return Decimal.toLogical(schema, value);
    case LogicalNames.DATE:
      return ConnectDate.toLogical(schema, value as number);
    case LogicalNames.TIME:
      return Time.toLogical(schema, value as number);
    case LogicalNames.TIMESTAMP:
      return Timestamp.toLogical(schema, value as bigint);
    default:
      return value;
  }
}

