/**
 * Field defaults, three ways:
 *  - isValidDefault: may this default be registered? Java Avro 1.12's rule, which Confluent applies
 *    to new schemas (a union default may match any branch; a record default may omit fields that
 *    have defaults; enum and fixed defaults only need to be strings).
 *  - avscAcceptsDefault: can avsc hold it? avsc is stricter (a union default must match the first
 *    branch, an enum default must be a symbol, a fixed default must have the right length). A
 *    default Java accepts but avsc does not is left out of the avsc Type (see avsc-type.ts).
 *  - normalizedDefault: the default as Confluent's normalize writes it (Java's JacksonUtils.toObject
 *    then back to JSON): numbers take the field type's shape (`1` for a double becomes `1.0`, a
 *    float is rounded to 32 bits), bytes/fixed strings keep only Latin-1.
 */
import { isJsonObject, javaDouble, javaFloat, JsonNumber, type Json, type JsonObject } from './json.js';
import type { AvroSchema, RecordSchema } from './model.js';

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Jackson's node kind for a number literal: int, long, big integer or double. */
function numberKind(n: JsonNumber): 'int' | 'long' | 'bigint' | 'double' {
  if (!n.integral) return 'double';
  const v = BigInt(n.text);
  if (v >= INT_MIN && v <= INT_MAX) return 'int';
  return v >= LONG_MIN && v <= LONG_MAX ? 'long' : 'bigint';
}

function recordDefaultFields(record: RecordSchema, value: JsonObject): Array<[AvroSchema, Json | undefined]> {
  return record.fields.map((f) => [f.type, value.has(f.name) ? value.get(f.name) : f.default]);
}

/** Java's Schema.isValidDefault. */
export function isValidDefault(schema: AvroSchema, value: Json | undefined): boolean {
  if (value === undefined) return false;
  switch (schema.kind) {
    case 'primitive':
      switch (schema.type) {
        case 'string':
        case 'bytes':
          return typeof value === 'string';
        case 'int':
          return value instanceof JsonNumber && numberKind(value) === 'int';
        case 'long':
          return value instanceof JsonNumber && (numberKind(value) === 'int' || numberKind(value) === 'long');
        case 'float':
        case 'double':
          return value instanceof JsonNumber;
        case 'boolean':
          return typeof value === 'boolean';
        case 'null':
          return value === null;
      }
      return false;
    case 'enum':
    case 'fixed':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value) && value.every((v: Json) => isValidDefault(schema.items, v));
    case 'map':
      return isJsonObject(value) && [...value.values()].every((v) => isValidDefault(schema.values, v));
    case 'union':
      return schema.branches.some((b) => isValidDefault(b, value));
    case 'record':
      return isJsonObject(value) && recordDefaultFields(schema, value).every(([t, v]) => isValidDefault(t, v));
  }
}

/** Whether avsc's Field would accept this default (see the file comment). */
export function avscAcceptsDefault(schema: AvroSchema, value: Json | undefined): boolean {
  if (value === undefined) return false;
  switch (schema.kind) {
    case 'union':
      return schema.branches.length > 0 && avscAcceptsDefault(schema.branches[0], value);
    case 'enum':
      return typeof value === 'string' && schema.symbols.includes(value);
    case 'fixed':
      return typeof value === 'string' && value.length === schema.size;
    case 'primitive':
      if (schema.type === 'long') return value instanceof JsonNumber && value.integral && Number.isSafeInteger(value.value);
      return isValidDefault(schema, value);
    case 'array':
      return Array.isArray(value) && value.every((v: Json) => avscAcceptsDefault(schema.items, v));
    case 'map':
      return isJsonObject(value) && [...value.values()].every((v) => avscAcceptsDefault(schema.values, v));
    case 'record':
      return isJsonObject(value) && recordDefaultFields(schema, value).every(([t, v]) => avscAcceptsDefault(t, v));
  }
}

function normalizedNumber(n: JsonNumber, schema: AvroSchema | undefined): Json | undefined {
  const type = schema === undefined ? undefined : schema.kind === 'primitive' ? schema.type : schema.kind;
  const kind = numberKind(n);
  if (kind === 'bigint') return undefined;
  if (kind === 'double') {
    if (type === undefined || type === 'double') return new JsonNumber(javaDouble(n.value));
    return type === 'float' ? new JsonNumber(javaFloat(n.value)) : undefined;
  }
  if (type === undefined || type === 'int' || type === 'long') return n;
  if (type === 'float') return new JsonNumber(javaFloat(n.value));
  return type === 'double' ? new JsonNumber(javaDouble(n.value)) : undefined;
}

/** The default as Confluent's normalized form writes it; undefined when Java would drop it. */
export function normalizedDefault(value: Json, schema: AvroSchema | undefined): Json | undefined {
  if (value === null) return null;
  if (schema?.kind === 'union') {
    for (const branch of schema.branches) {
      if (branch.kind === 'primitive' && branch.type === 'null') continue;
      const converted = normalizedDefault(value, branch);
      if (converted !== undefined) return converted;
    }
    return undefined;
  }
  if (typeof value === 'boolean') return value;
  if (value instanceof JsonNumber) return normalizedNumber(value, schema);
  if (typeof value === 'string') {
    if (schema === undefined || schema.kind === 'enum' || (schema.kind === 'primitive' && schema.type === 'string')) return value;
    if (schema.kind === 'fixed' || (schema.kind === 'primitive' && schema.type === 'bytes')) {
      return value.replace(/[^\u0000-\u00ff]/g, '?');
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = schema?.kind === 'array' ? schema.items : undefined;
    return value.map((v: Json) => normalizedDefault(v, items) ?? null);
  }
  const obj = value as JsonObject;
  const out = new Map<string, Json>();
  for (const [key, v] of obj) {
    const s = schema?.kind === 'map' ? schema.values : schema?.kind === 'record' ? schema.fields.find((f) => f.name === key)?.type : undefined;
    out.set(key, normalizedDefault(v, s) ?? null);
  }
  return out;
}
