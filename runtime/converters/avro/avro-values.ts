/**
 * Connect values <-> the values avsc encodes and decodes (see avsc-types.ts), walking a Connect
 * schema and an Avro schema side by side as Confluent's AvroData.fromConnectData/toConnectData do:
 *
 * | Connect value            | avsc value                                                    |
 * |--------------------------|---------------------------------------------------------------|
 * | INT8/16/32, FLOAT*, BOOLEAN, STRING | the same JS value (an enum's symbol is a string)   |
 * | INT64                    | bigint                                                        |
 * | BYTES (Uint8Array)       | Buffer (no copy when writing)                                 |
 * | Decimal / Date / Time / Timestamp | bytes / int days / int ms / bigint ms                |
 * | ARRAY                    | array                                                         |
 * | MAP (Map)                | object (Avro map), or array of {key, value} (MapEntry records) |
 * | STRUCT                   | object with one property per record field                     |
 * | value in a union         | `{"<branch name>": value}`, or null for the null branch       |
 * | Union struct             | the one field that is set, in its branch                      |
 *
 * A struct field whose value is null takes its schema's default (Struct.get). Failures are
 * DataException naming the field path.
 */
import { BigDecimal } from '../../api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../api/data/logical-types.js';
import type { Schema } from '../../api/data/schema.js';
import { Struct } from '../../api/data/struct.js';
import { LogicalNames } from '../../api/data/validate-value.js';
import { describeValue } from '../../api/data/values.js';
import { DataException } from '../../api/errors.js';
import { structFits } from '../struct-schema.js';
import { AVRO_TYPE_ENUM, AVRO_TYPE_UNION, KEY_FIELD, VALUE_FIELD } from './avro-data-config.js';
import { branchName, describeAvro, type AvroRecord, type AvroType, type AvroUnion } from './avro-schema.js';
import { avroName } from './from-connect-schema.js';
import { isDefaultStructName, toConnectLogical, unionMemberFieldName } from './to-connect-schema.js';

const at = (path: string): string => (path === '' ? '' : ` at "${path}"`);
const join = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);

/** The Avro kinds a Connect type may be written as. */
function accepts(schema: Schema, t: AvroType): boolean {
  if (t.kind === 'union') return false;
  const prim = t.kind === 'primitive' ? t.type : t.kind;
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      return prim === 'int';
    case 'INT64':
      return prim === 'long';
    case 'FLOAT32':
      return prim === 'float';
    case 'FLOAT64':
      return prim === 'double';
    case 'BOOLEAN':
      return prim === 'boolean';
    case 'STRING':
      return prim === 'string' || prim === 'enum';
    case 'BYTES':
      return prim === 'bytes' || prim === 'fixed';
    case 'ARRAY':
      return prim === 'array';
    case 'MAP':
      return prim === 'map' || prim === 'array';
    case 'STRUCT':
      return prim === 'record';
  }
}

/** The branch of `union` that holds values of `schema`: same name first, then same kind. */
function pickBranch(schema: Schema, union: AvroUnion, path: string): AvroType {
  const candidates = union.branches.filter((b) => accepts(schema, b));
  const wanted = schema.type === 'STRING' ? schema.parameters?.[AVRO_TYPE_ENUM] : schema.name;
  const named = candidates.find((b) => 'fullName' in b && (b.fullName === wanted || (wanted === undefined && isDefaultStructName(b.fullName))));
  const branch = named ?? candidates[0];
  if (branch === undefined) throw new DataException(`No branch of Avro ${describeAvro(union)} can hold a ${schema.type}${at(path)}`);
  return branch;
}

// ---------------------------------------------------------------------------------------------
// Connect -> Avro

/** The avsc value of Connect `value` (of `schema`) for the Avro type `avro`. */
export function connectToAvro(schema: Schema, avro: AvroType, value: unknown, path = ''): unknown {
  if (value === null || value === undefined) {
    if (!schema.optional) throw new DataException(`Found null value for non-optional schema${at(path)} (${schema.type} without a default)`);
    return null;
  }
  if (avro.kind === 'union') {
    if (schema.type === 'STRUCT' && schema.name === AVRO_TYPE_UNION) return unionStructToAvro(schema, avro, value, path);
    const branch = pickBranch(schema, avro, path);
    return { [branchName(branch)]: connectToAvro(schema, branch, value, path) };
  }
  if (!accepts(schema, avro)) throw new DataException(`A ${schema.type}${at(path)} cannot be written as Avro ${describeAvro(avro)}`);
  switch (schema.name) {
    case LogicalNames.DECIMAL:
      if (!(value instanceof BigDecimal)) throw wrongType(schema, value, path, 'a BigDecimal for Decimal');
      return bytes(Decimal.fromLogical(schema, value));
    case LogicalNames.DATE:
      return ConnectDate.fromLogical(schema, value as Date);
    case LogicalNames.TIME:
      return Time.fromLogical(schema, value as Date);
    case LogicalNames.TIMESTAMP:
      return Timestamp.fromLogical(schema, value as Date);
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(schema, value, path, 'an integer number');
      return value;
    case 'INT64':
      if (typeof value !== 'bigint') throw wrongType(schema, value, path, 'a bigint');
      return value;
    case 'FLOAT32':
    case 'FLOAT64':
      if (typeof value !== 'number') throw wrongType(schema, value, path, 'a number');
      return value;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw wrongType(schema, value, path, 'a boolean');
      return value;
    case 'STRING':
      if (typeof value !== 'string') throw wrongType(schema, value, path, 'a string');
      if (avro.kind === 'enum' && !avro.symbols.includes(value)) throw new DataException(`"${value}"${at(path)} is not a symbol of Avro enum ${avro.fullName}: ${avro.symbols.join(', ')}`);
      return value;
    case 'BYTES':
      if (!(value instanceof Uint8Array)) throw wrongType(schema, value, path, 'a Uint8Array');
      if (avro.kind === 'fixed' && value.length !== avro.size) throw new DataException(`${value.length} bytes${at(path)} do not fit Avro fixed ${avro.fullName} of size ${avro.size}`);
      return bytes(value);
    case 'ARRAY':
      if (!Array.isArray(value)) throw wrongType(schema, value, path, 'an array');
      if (avro.kind !== 'array') throw wrongType(schema, value, path, 'an array');
      return value.map((v, i) => connectToAvro(schema.valueSchema!, avro.items, v, `${path}[${i}]`));
    case 'MAP':
      if (!(value instanceof Map)) throw wrongType(schema, value, path, 'a Map');
      return mapToAvro(schema, avro, value, path);
    case 'STRUCT': {
      if (!(value instanceof Struct)) throw wrongType(schema, value, path, 'a Struct');
      if (!structFits(value.schema, schema)) throw new DataException(`Mismatching struct schema${at(path)}: the Struct was built for ${String(value.schema)}, not ${String(schema)}`);
      // By Avro field name; a Connect field whose name was scrubbed matches its scrubbed form.
      const record = avro as AvroRecord;
      const out: Record<string, unknown> = {};
      for (const af of record.fields) {
        const f = schema.field(af.name) ?? schema.fields.find((x) => avroName(x.name, true, 'Field') === af.name);
        if (f !== undefined) setOwn(out, af.name, connectToAvro(f.schema, af.type, value.get(f), join(path, f.name)));
        else if (af.default === undefined) {
          throw new DataException(`Avro record ${record.fullName} has a field "${af.name}" without a default that the Connect schema${at(path)} lacks`);
        }
        // else: left out, so the encoder writes the Avro default (a newer schema's added field).
      }
      return out;
    }
  }
}

function wrongType(schema: Schema, value: unknown, path: string, expected: string): DataException {
  return new DataException(`Invalid type for ${schema.type}${at(path)}: expected ${expected}, got ${describeValue(value)}`);
}

/** `obj[key] = value` as an own property, also for the key `__proto__` (a valid Avro name). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function bytes(u8: Uint8Array): Buffer {
  return Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

function mapToAvro(schema: Schema, avro: AvroType, map: Map<unknown, unknown>, path: string): unknown {
  if (avro.kind === 'map') {
    return Object.fromEntries([...map].map(([k, v]) => {
      if (typeof k !== 'string') throw new DataException(`Map key ${describeValue(k)}${at(path)} is not a string`);
      return [k, connectToAvro(schema.valueSchema!, avro.values, v, `${path}[${JSON.stringify(k)}]`)];
    }));
  }
  const entry = (avro as Extract<AvroType, { kind: 'array' }>).items;
  if (entry.kind !== 'record') throw new DataException(`A MAP${at(path)} cannot be written as Avro array of ${describeAvro(entry)}`);
  const keyType = entry.fields.find((f) => f.name === KEY_FIELD)?.type;
  const valueType = entry.fields.find((f) => f.name === VALUE_FIELD)?.type;
  if (keyType === undefined || valueType === undefined) throw new DataException(`Avro record ${entry.fullName}${at(path)} is not a map entry (key and value fields)`);
  return [...map].map(([k, v], i) => ({
    [KEY_FIELD]: connectToAvro(schema.keySchema!, keyType, k, `${path}[${i}](key)`),
    [VALUE_FIELD]: connectToAvro(schema.valueSchema!, valueType, v, `${path}[${i}]`),
  }));
}

function unionStructToAvro(schema: Schema, union: AvroUnion, value: unknown, path: string): unknown {
  if (!(value instanceof Struct)) throw new DataException(`Invalid type for ${schema.name}${at(path)}: expected a Struct, got ${describeValue(value)}`);
  for (const f of schema.fields) {
    const v = value.get(f);
    if (v === null) continue;
    const branch = union.branches.find((b) => unionMemberFieldName(b, false) === f.name || unionMemberFieldName(b, true) === f.name)
      ?? pickBranch(f.schema, union, join(path, f.name));
    return { [branchName(branch)]: connectToAvro(f.schema, branch, v, join(path, f.name)) };
  }
  if (!schema.optional) throw new DataException(`Union struct${at(path)} has no field set and the union has no null branch`);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Avro -> Connect

/** The Connect value of the avsc value `value` of Avro type `avro`, under `schema`. */
export function avroToConnect(schema: Schema, avro: AvroType, value: unknown, path = ''): unknown {
  if (value === null || value === undefined) return null;
  if (avro.kind === 'union') {
    const key = Object.keys(value as object)[0];
    const branch = avro.branches.find((b) => branchName(b) === key);
    if (branch === undefined) throw new DataException(`Avro value${at(path)} names branch ${String(key)}, which ${describeAvro(avro)} does not have`);
    const inner = (value as Record<string, unknown>)[key!];
    if (schema.type === 'STRUCT' && schema.name === AVRO_TYPE_UNION) {
      const field = schema.field(unionMemberFieldName(branch, false)) ?? schema.field(unionMemberFieldName(branch, true));
      if (field === undefined) throw new DataException(`Did not find matching union field for ${describeAvro(branch)}${at(path)}`);
      return new Struct(schema).put(field, avroToConnect(field.schema, branch, inner, join(path, field.name)));
    }
    return avroToConnect(schema, branch, inner, path);
  }
  let converted: unknown;
  switch (schema.type) {
    case 'ARRAY':
      converted = (value as unknown[]).map((v, i) => avroToConnect(schema.valueSchema!, (avro as Extract<AvroType, { kind: 'array' }>).items, v, `${path}[${i}]`));
      break;
    case 'MAP':
      converted = avro.kind === 'map'
        ? new Map(Object.entries(value as object).map(([k, v]) => [k, avroToConnect(schema.valueSchema!, avro.values, v, `${path}[${JSON.stringify(k)}]`)]))
        : entriesToMap(schema, avro, value as Record<string, unknown>[], path);
      break;
    case 'STRUCT': {
      const record = avro as AvroRecord;
      const struct = new Struct(schema);
      const rec = value as Record<string, unknown>;
      for (const af of record.fields) {
        const f = schema.field(af.name);
        if (f !== undefined) struct.put(f, avroToConnect(f.schema, af.type, rec[af.name], join(path, f.name)));
      }
      converted = struct;
      break;
    }
    case 'BYTES':
      converted = value instanceof Uint8Array ? value : Buffer.from(value as string, 'latin1');
      break;
    default:
      converted = value;
  }
  try {
    return toConnectLogical(schema, converted);
  } catch (e) {
    throw new DataException(`${(e as Error).message}${at(path)}`, { cause: e });
  }
}

function entriesToMap(schema: Schema, avro: AvroType, entries: Record<string, unknown>[], path: string): Map<unknown, unknown> {
  const entry = (avro as Extract<AvroType, { kind: 'array' }>).items as AvroRecord;
  const keyType = entry.fields.find((f) => f.name === KEY_FIELD)!.type;
  const valueType = entry.fields.find((f) => f.name === VALUE_FIELD)!.type;
  return new Map(entries.map((e, i) => [
    avroToConnect(schema.keySchema!, keyType, e[KEY_FIELD], `${path}[${i}](key)`),
    avroToConnect(schema.valueSchema!, valueType, e[VALUE_FIELD], `${path}[${i}]`),
  ]));
}
