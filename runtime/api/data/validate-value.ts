/**
 * Deep validation of a value against a schema (the implementation behind
 * `ConnectSchema.validateValue` and `Struct.put/validate`). Every failure is a DataException whose
 * message names the field path and what was expected, e.g.
 *   Invalid value for field "user.id": expected INT64 (bigint), got number 12
 */
import { DataException } from '../errors.js';
import { BigDecimal } from './big-decimal.js';
import type { Schema, SchemaType } from './schema.js';
import { Struct } from './struct.js';
import { INT64_MAX, INT64_MIN, describeValue } from './values.js';

/** The logical types' schema names, as in Java. */
export const LogicalNames = Object.freeze({
  DECIMAL: 'org.apache.kafka.connect.data.Decimal',
  DATE: 'org.apache.kafka.connect.data.Date',
  TIME: 'org.apache.kafka.connect.data.Time',
  TIMESTAMP: 'org.apache.kafka.connect.data.Timestamp',
});

/** Whether a schema name is one of the four logical types above. */
export function isLogicalName(name: string | undefined): boolean {
  return name === LogicalNames.DECIMAL || name === LogicalNames.DATE || name === LogicalNames.TIME || name === LogicalNames.TIMESTAMP;
}

const MS_PER_DAY = 86_400_000;

/** The values INT8, INT16 and INT32 hold, lowest and highest. */
export const INT_RANGES = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
} as const satisfies Partial<Record<SchemaType, readonly [number, number]>>;

const EXPECTED: Record<SchemaType, string> = {
  INT8: 'number (integer)',
  INT16: 'number (integer)',
  INT32: 'number (integer)',
  INT64: 'bigint',
  FLOAT32: 'number',
  FLOAT64: 'number',
  BOOLEAN: 'boolean',
  STRING: 'string',
  BYTES: 'Uint8Array',
  ARRAY: 'array',
  MAP: 'Map',
  STRUCT: 'Struct',
};

export function fieldLabel(path: string): string {
  return path === '' ? '' : ` for field "${path}"`;
}

export function validateValue(schema: Schema | null, value: unknown, path: string): void {
  if (schema === null) return;
  if (value === null || value === undefined) {
    if (schema.optional || (schema.defaultValue !== undefined && schema.defaultValue !== null)) return;
    throw new DataException(`Invalid value${fieldLabel(path)}: null, but the ${schema.type} schema is required and has no default`);
  }
  if (schema.name !== undefined && validateLogical(schema, value, path)) return;
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(schema, value, path);
      const [lo, hi] = INT_RANGES[schema.type];
      if (value < lo || value > hi) throw new DataException(`Invalid value${fieldLabel(path)}: ${value} is out of range for ${schema.type} (${lo}..${hi})`);
      return;
    }
    case 'INT64':
      if (typeof value !== 'bigint') throw mismatch(schema, value, path);
      if (value < INT64_MIN || value > INT64_MAX) throw new DataException(`Invalid value${fieldLabel(path)}: ${value} is out of range for INT64`);
      return;
    case 'FLOAT32':
    case 'FLOAT64':
      if (typeof value !== 'number') throw mismatch(schema, value, path);
      return;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw mismatch(schema, value, path);
      return;
    case 'STRING':
      if (typeof value !== 'string') throw mismatch(schema, value, path);
      return;
    case 'BYTES':
      if (!(value instanceof Uint8Array)) throw mismatch(schema, value, path);
      return;
    case 'ARRAY':
      if (!Array.isArray(value)) throw mismatch(schema, value, path);
      value.forEach((v, i) => validateValue(schema.valueSchema!, v, `${path}[${i}]`));
      return;
    case 'MAP':
      if (!(value instanceof Map)) throw mismatch(schema, value, path);
      for (const [k, v] of value) {
        const at = `${path}[${typeof k === 'string' ? JSON.stringify(k) : describeKey(k)}]`;
        validateValue(schema.keySchema!, k, `${at} (key)`);
        validateValue(schema.valueSchema!, v, at);
      }
      return;
    case 'STRUCT':
      if (!(value instanceof Struct)) throw mismatch(schema, value, path);
      if (!value.schema.equals(schema)) {
        throw new DataException(
          `Invalid value${fieldLabel(path)}: a Struct of ${String(value.schema)}, not of the expected ${String(schema)} (${schemaDifference(value.schema, schema)}); build the Struct with the field's own schema`,
        );
      }
      validateStructFields(value, path);
      return;
  }
}

function mismatch(schema: Schema, value: unknown, path: string): DataException {
  return new DataException(`Invalid value${fieldLabel(path)}: expected ${schema.type} (${EXPECTED[schema.type]}), got ${describeValue(value)}`);
}

/** Every field of a struct, each against its own schema. */
export function validateStructFields(struct: Struct, path: string): void {
  for (const f of struct.schema.fields) {
    validateValue(f.schema, struct.getWithoutDefault(f), path === '' ? f.name : `${path}.${f.name}`);
  }
}

/** Checks a known logical type's value; false when the name is not one of them. */
function validateLogical(schema: Schema, value: unknown, path: string): boolean {
  const fail = (why: string): never => {
    throw new DataException(`Invalid value${fieldLabel(path)}: ${why}`);
  };
  switch (schema.name) {
    case LogicalNames.DECIMAL: {
      if (!(value instanceof BigDecimal)) fail(`expected a BigDecimal for ${schema.name}, got ${describeValue(value)}`);
      const scale = schema.parameters?.['scale'];
      if (scale !== undefined && (value as BigDecimal).scale !== Number(scale)) {
        fail(`BigDecimal ${String(value)} has scale ${(value as BigDecimal).scale}, the schema's scale is ${scale} (use setScale)`);
      }
      return true;
    }
    case LogicalNames.DATE:
    case LogicalNames.TIME:
    case LogicalNames.TIMESTAMP: {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail(`expected a valid Date for ${schema.name}, got ${describeValue(value)}`);
      const t = (value as Date).getTime();
      if (schema.name === LogicalNames.DATE && t % MS_PER_DAY !== 0) fail(`a Date value must be midnight UTC, got ${(value as Date).toISOString()}`);
      if (schema.name === LogicalNames.TIME && (t < 0 || t >= MS_PER_DAY)) fail(`a Time value must fall on 1970-01-01 UTC, got ${(value as Date).toISOString()}`);
      return true;
    }
    default:
      return false;
  }
}

/** The first property in which two schemas differ, for messages (`optional: false vs true`). */
export function schemaDifference(actual: Schema, expected: Schema): string {
  const props = ['type', 'name', 'optional', 'version', 'doc'] as const;
  for (const p of props) if (actual[p] !== expected[p]) return `${p}: ${String(actual[p])} vs ${String(expected[p])}`;
  if (actual.fields.length !== expected.fields.length) return `${actual.fields.length} fields vs ${expected.fields.length}`;
  for (let i = 0; i < actual.fields.length; i++) {
    const a = actual.fields[i]!;
    const b = expected.fields[i]!;
    if (a.name !== b.name) return `field ${i} is "${a.name}" vs "${b.name}"`;
    if (!a.schema.equals(b.schema)) return `field "${a.name}": ${schemaDifference(a.schema, b.schema)}`;
  }
  return 'default value, parameters or child schemas differ';
}

function describeKey(k: unknown): string {
  return typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean' ? String(k) : describeValue(k);
}
