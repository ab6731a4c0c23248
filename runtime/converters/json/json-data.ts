/**
 * Connect values <-> the JSON tree, as Kafka's JsonConverter maps them (the payload half; the
 * schema half is json-schema.ts):
 *
 * | Connect                  | JSON                                                            |
 * |--------------------------|-----------------------------------------------------------------|
 * | INT8/16/32, INT64        | integer number (INT64 exact: a bigint prints every digit)       |
 * | FLOAT32 / FLOAT64        | number as Java prints float / double (`1.0`, `1.0E10`); NaN and  |
 * |                          | infinities as the strings "NaN", "Infinity", "-Infinity"        |
 * | BOOLEAN, STRING          | true/false, string                                              |
 * | BYTES                    | base64 string                                                   |
 * | ARRAY                    | array                                                           |
 * | MAP, STRING keys         | object                                                          |
 * | MAP, other keys          | array of [key, value] pairs                                     |
 * | STRUCT                   | object with the fields in schema order                          |
 * | Decimal                  | base64 of the unscaled two's complement (decimal.format=BASE64) |
 * |                          | or a number (NUMERIC, Java's BigDecimal.toString)               |
 * | Date / Time / Timestamp  | days since epoch / ms of the day / ms since epoch               |
 *
 * Without a schema (schemas.enable=false, or a null schema) JSON reads as: integers -> INT64,
 * other numbers -> FLOAT64, objects -> MAP with string keys, arrays -> ARRAY, as in Kafka.
 * Null handling follows `replace.null.with.default`: a null value of a schema with a default is
 * written (and read) as the default when it is true (the default), as null when false.
 * Failures are DataException naming the field path (`user.emails[2]`) and what was found.
 */
import { BigDecimal } from '../../api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../../api/data/logical-types.js';
import type { Schema } from '../../api/data/schema.js';
import { Struct } from '../../api/data/struct.js';
import { INT_RANGES, LogicalNames } from '../../api/data/validate-value.js';
import { INT64_MAX, INT64_MIN, describeValue } from '../../api/data/values.js';
import { DataException } from '../../api/errors.js';
import { structFits } from '../struct-schema.js';
import { fromBase64, javaBigDecimal, javaDouble, javaFloat, toBase64 } from '../java-text.js';
import { JsonNumber, isJsonObject, nodeType, type JsonObject, type JsonValue } from './json-text.js';

export type DecimalFormat = 'BASE64' | 'NUMERIC';

export interface JsonDataOptions {
  readonly decimalFormat: DecimalFormat;
  readonly replaceNullWithDefault: boolean;
}

export const DEFAULT_JSON_DATA_OPTIONS: JsonDataOptions = { decimalFormat: 'BASE64', replaceNullWithDefault: true };

const at = (path: string): string => (path === '' ? '' : ` at "${path}"`);
const fieldPath = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);

function invalidType(schema: Schema | null, value: unknown, expected: string, path: string): DataException {
  return new DataException(`Invalid type for ${schema?.type ?? 'unknown schema'}${at(path)}: expected ${expected}, got ${describeValue(value)}`);
}

function floatText(x: number, float32: boolean): JsonValue {
  // Jackson quotes the non-numbers (QUOTE_NON_NUMERIC_NUMBERS): JSON has no literal for them.
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return new JsonNumber(float32 ? javaFloat(x) : javaDouble(x));
}

// ---------------------------------------------------------------------------------------------
// Connect -> JSON

/** The JSON tree of `value` under `schema` (null: schemaless). */
export function connectToJson(schema: Schema | null, value: unknown, options: JsonDataOptions, path = ''): JsonValue {
  if (value === null || value === undefined) {
    if (schema === null) return null;
    if (schema.defaultValue !== undefined && schema.defaultValue !== null && options.replaceNullWithDefault) {
      return connectToJson(schema, schema.defaultValue, options, path);
    }
    if (schema.optional) return null;
    throw new DataException(`Conversion error: null value${at(path)} for a field that is required and has no default value`);
  }
  if (schema !== null && schema.name !== undefined) {
    const logical = logicalToJson(schema, value, options, path);
    if (logical !== undefined) return logical;
  }
  const type = schema?.type ?? schemalessType(value, path);
  switch (type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidType(schema, value, 'an integer number', path);
      return new JsonNumber(String(value));
    case 'INT64':
      if (typeof value === 'bigint') return new JsonNumber(value.toString());
      // Schemaless JS numbers land here too: print integers as integers, the rest as Java doubles.
      if (schema === null && typeof value === 'number') return Number.isSafeInteger(value) ? new JsonNumber(String(value)) : floatText(value, false);
      throw invalidType(schema, value, 'a bigint', path);
    case 'FLOAT32':
    case 'FLOAT64':
      if (typeof value !== 'number') throw invalidType(schema, value, 'a number', path);
      return floatText(value, type === 'FLOAT32');
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw invalidType(schema, value, 'a boolean', path);
      return value;
    case 'STRING':
      if (typeof value !== 'string') throw invalidType(schema, value, 'a string', path);
      return value;
    case 'BYTES':
      if (!(value instanceof Uint8Array)) throw invalidType(schema, value, 'a Uint8Array', path);
      return toBase64(value);
    case 'ARRAY': {
      if (!Array.isArray(value)) throw invalidType(schema, value, 'an array', path);
      const elem = schema?.valueSchema ?? null;
      return value.map((v, i) => connectToJson(elem, v, options, `${path}[${i}]`));
    }
    case 'MAP':
      if (!(value instanceof Map)) throw invalidType(schema, value, 'a Map', path);
      return mapToJson(schema, value, options, path);
    case 'STRUCT': {
      if (!(value instanceof Struct)) throw invalidType(schema, value, 'a Struct', path);
      if (schema === null || !structFits(value.schema, schema)) {
        throw new DataException(`Mismatching schema${at(path)}: the Struct's schema ${String(value.schema)} is not the record's schema ${String(schema)}; give the record the Struct's own schema`);
      }
      const obj: JsonObject = new Map();
      for (const f of schema.fields) {
        const v = options.replaceNullWithDefault ? value.get(f) : value.getWithoutDefault(f);
        obj.set(f.name, connectToJson(f.schema, v, options, fieldPath(path, f.name)));
      }
      return obj;
    }
  }
}

function mapToJson(schema: Schema | null, map: Map<unknown, unknown>, options: JsonDataOptions, path: string): JsonValue {
  const keySchema = schema?.keySchema ?? null;
  const valueSchema = schema?.valueSchema ?? null;
  const objectMode = schema === null ? [...map.keys()].every((k) => typeof k === 'string') : keySchema!.type === 'STRING';
  if (objectMode) {
    const obj: JsonObject = new Map();
    for (const [k, v] of map) {
      const key = connectToJson(keySchema, k, options, `${path}(key)`);
      if (typeof key !== 'string') throw new DataException(`Map key${at(path)} must be a string, got ${describeValue(k)}`);
      obj.set(key, connectToJson(valueSchema, v, options, `${path}[${JSON.stringify(k)}]`));
    }
    return obj;
  }
  const pairs: JsonValue[] = [];
  for (const [k, v] of map) {
    pairs.push([connectToJson(keySchema, k, options, `${path}(key)`), connectToJson(valueSchema, v, options, `${path}[${String(k)}]`)]);
  }
  return pairs;
}

/** Kafka infers a schemaless value's type from its Java class; ours from its JS form. */
function schemalessType(value: unknown, path: string): Schema['type'] {
  if (typeof value === 'bigint' || typeof value === 'number') return typeof value === 'number' && !Number.isInteger(value) ? 'FLOAT64' : 'INT64';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'string') return 'STRING';
  if (value instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Map) return 'MAP';
  if (value instanceof Struct) return 'STRUCT';
  throw new DataException(`${describeValue(value)}${at(path)} has no corresponding schema type; schemaless data may hold numbers, bigints, booleans, strings, bytes, arrays and Maps (give logical types and Structs a schema)`);
}

function logicalToJson(schema: Schema, value: unknown, options: JsonDataOptions, path: string): JsonValue | undefined {
  try {
    switch (schema.name) {
      case LogicalNames.DECIMAL:
        if (!(value instanceof BigDecimal)) throw invalidType(schema, value, 'a BigDecimal for Decimal', path);
        return options.decimalFormat === 'NUMERIC' ? new JsonNumber(javaBigDecimal(value)) : toBase64(Decimal.fromLogical(schema, value));
      case LogicalNames.DATE:
        return new JsonNumber(String(ConnectDate.fromLogical(schema, value as globalThis.Date)));
      case LogicalNames.TIME:
        return new JsonNumber(String(Time.fromLogical(schema, value as globalThis.Date)));
      case LogicalNames.TIMESTAMP:
        return new JsonNumber(String(Timestamp.fromLogical(schema, value as globalThis.Date)));
      default:
        return undefined;
    }
  } catch (e) {
    if (e instanceof DataException && path !== '' && !e.message.includes(`"${path}"`)) throw new DataException(`${e.message}${at(path)}`, { cause: e });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON -> Connect

/** The Connect value of `node` under `schema` (null: schemaless, types inferred). `node`
 * undefined is a missing struct member, read as null. */
export function jsonToConnect(schema: Schema | null, node: JsonValue | undefined, options: JsonDataOptions, path = ''): unknown {
  if (schema === null) return schemalessToConnect(node, path);
  if (node === null || node === undefined) {
    if (schema.defaultValue !== undefined && schema.defaultValue !== null && options.replaceNullWithDefault) return schema.defaultValue;
    if (schema.optional) return null;
    throw new DataException(`Invalid null value for required ${schema.type} field${at(path)}`);
  }
  if (schema.name !== undefined) {
    const logical = logicalToConnect(schema, node, path);
    if (logical !== undefined) return logical;
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      if (!(node instanceof JsonNumber)) throw mismatch(schema, node, path, 'an integer number');
      const n = node.toNumber();
      const [lo, hi] = INT_RANGES[schema.type];
      if (!Number.isInteger(n) || n < lo || n > hi) throw new DataException(`Invalid value for ${schema.type}${at(path)}: ${node.text} is not an integer in ${lo}..${hi}`);
      return n;
    }
    case 'INT64':
      if (!(node instanceof JsonNumber)) throw mismatch(schema, node, path, 'an integer number');
      return int64Of(node, path);
    case 'FLOAT32':
    case 'FLOAT64': {
      const n = floatOf(node);
      if (n === undefined) throw mismatch(schema, node, path, 'a number');
      return schema.type === 'FLOAT32' ? Math.fround(n) : n;
    }
    case 'BOOLEAN':
      if (typeof node !== 'boolean') throw mismatch(schema, node, path, 'true or false');
      return node;
    case 'STRING':
      if (typeof node !== 'string') throw mismatch(schema, node, path, 'a string');
      return node;
    case 'BYTES':
      if (typeof node !== 'string') throw mismatch(schema, node, path, 'a base64 string');
      return fromBase64(node, `Invalid bytes field${at(path)}`);
    case 'ARRAY':
      if (!Array.isArray(node)) throw mismatch(schema, node, path, 'an array');
      return node.map((n, i) => jsonToConnect(schema.valueSchema!, n, options, `${path}[${i}]`));
    case 'MAP':
      return mapToConnect(schema, node, options, path);
    case 'STRUCT': {
      if (!isJsonObject(node)) throw new DataException(`Structs should be encoded as JSON objects, but found ${nodeType(node)}${at(path)}`);
      const struct = new Struct(schema);
      for (const f of schema.fields) struct.put(f, jsonToConnect(f.schema, node.get(f.name), options, fieldPath(path, f.name)));
      return struct;
    }
  }
}

function mismatch(schema: Schema, node: JsonValue, path: string, expected: string): DataException {
  return new DataException(`Invalid value for ${schema.type}${at(path)}: expected ${expected}, but found ${nodeType(node)}`);
}

function mapToConnect(schema: Schema, node: JsonValue, options: JsonDataOptions, path: string): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  if (schema.keySchema!.type === 'STRING') {
    if (!isJsonObject(node)) throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)}${at(path)}`);
    for (const [k, v] of node) out.set(k, jsonToConnect(schema.valueSchema!, v, options, `${path}[${JSON.stringify(k)}]`));
    return out;
  }
  if (!Array.isArray(node)) throw new DataException(`Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(node)}${at(path)}`);
  node.forEach((entry, i) => {
    if (!Array.isArray(entry)) throw new DataException(`Found invalid map entry instead of array tuple: ${nodeType(entry)}${at(`${path}[${i}]`)}`);
    if (entry.length !== 2) throw new DataException(`Found invalid map entry, expected length 2 but found: ${entry.length}${at(`${path}[${i}]`)}`);
    out.set(jsonToConnect(schema.keySchema!, entry[0], options, `${path}[${i}](key)`), jsonToConnect(schema.valueSchema!, entry[1], options, `${path}[${i}]`));
  });
  return out;
}

function schemalessToConnect(node: JsonValue | undefined, path: string): unknown {
  if (node === null || node === undefined) return null;
  if (typeof node === 'boolean' || typeof node === 'string') return node;
  if (node instanceof JsonNumber) return node.integral ? int64Of(node, path) : node.toNumber();
  if (Array.isArray(node)) return node.map((n, i) => schemalessToConnect(n, `${path}[${i}]`));
  const out = new Map<string, unknown>();
  for (const [k, v] of node) out.set(k, schemalessToConnect(v, `${path}[${JSON.stringify(k)}]`));
  return out;
}

function int64Of(node: JsonNumber, path: string): bigint {
  if (!node.integral) {
    // 1.0 or 1e3 still name an integer; anything with a fraction does not.
    const d = BigDecimal.from(node.text);
    try {
      return int64Of(new JsonNumber(d.setScale(0).unscaled.toString()), path);
    } catch {
      throw new DataException(`Invalid value for INT64${at(path)}: ${node.text} is not an integer`);
    }
  }
  const v = BigInt(node.text);
  if (v < INT64_MIN || v > INT64_MAX) throw new DataException(`Invalid value for INT64${at(path)}: ${node.text} is outside the 64-bit range`);
  return v;
}

function floatOf(node: JsonValue): number | undefined {
  if (node instanceof JsonNumber) return node.toNumber();
  if (node === 'NaN') return NaN;
  if (node === 'Infinity') return Infinity;
  if (node === '-Infinity') return -Infinity;
  return undefined;
}

function logicalToConnect(schema: Schema, node: JsonValue, path: string): unknown {
  switch (schema.name) {
    case LogicalNames.DECIMAL: {
      const scale = Decimal.scale(schema);
      if (node instanceof JsonNumber) {
        try {
          return BigDecimal.from(node.text).setScale(scale);
        } catch (e) {
          throw new DataException(`Invalid Decimal${at(path)}: ${node.text} does not fit scale ${scale} without rounding`, { cause: e });
        }
      }
      if (typeof node === 'string') return Decimal.toLogical(schema, fromBase64(node, `Invalid bytes for Decimal field${at(path)}`));
      throw new DataException(`Invalid type for Decimal${at(path)}, underlying representation should be numeric or bytes but was ${nodeType(node)}`);
    }
    case LogicalNames.DATE:
    case LogicalNames.TIME: {
      const what = schema.name === LogicalNames.DATE ? 'Date' : 'Time';
      const n = node instanceof JsonNumber && node.integral ? node.toNumber() : NaN;
      if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) {
        throw new DataException(`Invalid type for ${what}${at(path)}, underlying representation should be integer but was ${nodeType(node)}${node instanceof JsonNumber ? ` ${node.text}` : ''}`);
      }
      return what === 'Date' ? ConnectDate.toLogical(schema, n) : Time.toLogical(schema, n);
    }
    case LogicalNames.TIMESTAMP:
      if (!(node instanceof JsonNumber) || !node.integral) {
        throw new DataException(`Invalid type for Timestamp${at(path)}, underlying representation should be integral but was ${nodeType(node)}`);
      }
      return Timestamp.toLogical(schema, int64Of(node, path));
    default:
      return undefined;
  }
}
