/**
 * The value conversions of the Cast transform, with Java's semantics:
 *   - to an integer type: integers wrap to the narrower width (Java's `byteValue()` etc.),
 *     floating-point values truncate toward zero and saturate at the int/long range first (NaN
 *     is 0), booleans are 1/0, strings must be a decimal integer in range;
 *   - to float32/float64: numbers convert (float32 rounds to single precision), booleans 1/0,
 *     strings parse as Java's `Float.parseFloat`/`Double.parseDouble`;
 *   - to boolean: a number is true when its integer part is non-zero, a string when it is
 *     "true" in any case;
 *   - to string: Java's `toString()` (`1.0` for a double, `1.1` for a float), bytes as base64,
 *     Date/Time/Timestamp as ISO-8601 (`2024-01-31`, `13:45:00.000Z`, `2024-01-31T13:45:00.000Z`).
 * Decimal values (BigDecimal) cast like numbers; Date/Time/Timestamp cast to numbers through
 * their encoded form (days, milliseconds of the day, epoch milliseconds).
 */
import { BigDecimal } from '../api/data/big-decimal.js';
import type { Schema, SchemaType } from '../api/data/schema.js';
import { LogicalNames } from '../api/data/validate-value.js';
import { describeValue } from '../api/data/values.js';
import { javaDouble } from '../api/config/types.js';
import { DataException } from '../api/errors.js';
import { SimpleDateFormat } from './simple-date-format.js';

export const CAST_OUTPUT_TYPES = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING'] as const;
export type CastType = (typeof CAST_OUTPUT_TYPES)[number];
export const CAST_INPUT_TYPES: readonly SchemaType[] = [...CAST_OUTPUT_TYPES, 'BYTES'];

const MS_PER_DAY = 86_400_000;
const DATE_FORMAT = new SimpleDateFormat('yyyy-MM-dd');
const TIME_FORMAT = new SimpleDateFormat("HH:mm:ss.SSS'Z'");
const TIMESTAMP_FORMAT = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
const FLOAT_TEXT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?$/;
const INT_BITS = { INT8: 8, INT16: 16, INT32: 32 } as const;

/**
 * `value` cast to `target`. `schema` is the value's schema (null for schemaless data, where the
 * type is inferred from the JS value). Null stays null. DataException naming `field` otherwise.
 */
export function castValue(schema: Schema | null, value: unknown, target: CastType, field: string | null): unknown {
  if (value === null || value === undefined) return null;
  const where = field === null ? '' : ` (field "${field}")`;
  const inputType = schema?.type ?? inferType(value);
  if (inputType === undefined || !CAST_INPUT_TYPES.includes(inputType)) {
    const what = inputType ?? describeValue(value);
    throw new DataException(`Cast transformation does not support casting from ${what}${where}; supported types are [${CAST_INPUT_TYPES.join(', ')}]`);
  }
  if (target === 'STRING') return castToString(schema, value);
  const v = value instanceof Date ? encodeDate(schema, value) : value;
  const floating = inputType === 'FLOAT32' || inputType === 'FLOAT64';
  const fail = (): never => {
    throw new DataException(`Value (${String(value)}) was out of range for requested data type ${target}${where}`);
  };
  const unexpected = (): never => {
    throw new DataException(`Unexpected type in Cast transformation: ${describeValue(value)}${where}`);
  };
  switch (target) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      const bits = INT_BITS[target];
      if (typeof v === 'string') return Number(parseInteger(v, bits) ?? fail());
      const long = toLong(v, floating, 32);
      return long === undefined ? unexpected() : Number(BigInt.asIntN(bits, long));
    }
    case 'INT64': {
      if (typeof v === 'string') {
        const parsed = parseInteger(v, 64);
        return parsed ?? fail();
      }
      const long = toLong(v, floating, 64);
      return long ?? unexpected();
    }
    case 'FLOAT32':
    case 'FLOAT64': {
      let n: number | undefined;
      if (typeof v === 'string') n = FLOAT_TEXT.test(v.trim()) ? Number(v.trim().replace(/[fFdD]$/, '')) : fail();
      else n = toDouble(v);
      if (n === undefined) return unexpected();
      return target === 'FLOAT32' ? Math.fround(n) : n;
    }
    case 'BOOLEAN': {
      if (typeof v === 'string') return v.toLowerCase() === 'true';
      if (typeof v === 'boolean') return v;
      const long = toLong(v, floating, 64);
      return long === undefined ? unexpected() : long !== 0n;
    }
  }
}

function inferType(value: unknown): SchemaType | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
    case 'bigint':
      return 'INT64';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
  }
  if (value instanceof Uint8Array || value instanceof BigDecimal) return 'BYTES';
  if (value instanceof Date) return 'INT64';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Map) return 'MAP';
  return undefined;
}

/** A Date/Time/Timestamp as its encoded number (schemaless Dates are timestamps). */
function encodeDate(schema: Schema | null, d: Date): number | bigint {
  if (schema?.name === LogicalNames.DATE) return Math.floor(d.getTime() / MS_PER_DAY);
  if (schema?.name === LogicalNames.TIME) return d.getTime();
  return BigInt(d.getTime());
}

/** Java's `longValue()` (or `intValue()` when bits is 32) of a number-like value. */
function toLong(v: unknown, floating: boolean, bits: 32 | 64): bigint | undefined {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return BigInt.asIntN(bits, v);
  if (v instanceof BigDecimal) return BigInt.asIntN(bits, integerPart(v));
  if (typeof v !== 'number') return undefined;
  if (!floating && Number.isSafeInteger(v)) return BigInt.asIntN(bits, BigInt(v));
  if (Number.isNaN(v)) return 0n;
  const max = 2n ** BigInt(bits - 1);
  if (v >= Number(max)) return max - 1n;
  if (v <= -Number(max)) return -max;
  return BigInt(Math.trunc(v));
}

function toDouble(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof BigDecimal) return v.toNumber();
  return undefined;
}

function integerPart(d: BigDecimal): bigint {
  return d.scale >= 0 ? d.unscaled / 10n ** BigInt(d.scale) : d.unscaled * 10n ** BigInt(-d.scale);
}

/** Java's `Byte/Short/Integer/Long.parseX`: a decimal integer within the width, or undefined. */
function parseInteger(text: string, bits: number): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  return BigInt.asIntN(bits, n) === n ? n : undefined;
}

function castToString(schema: Schema | null, value: unknown): string {
  if (value instanceof Date) return formatDate(schema, value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value === 'number') {
    if (schema?.type === 'FLOAT32') return javaFloat(value);
    if (schema?.type === 'FLOAT64' || (schema === null && !Number.isInteger(value))) return javaDouble(value);
    return String(value);
  }
  return String(value);
}

/** ISO-8601 text of a Date/Time/Timestamp (by schema; schemaless Dates as Kafka guesses them). */
function formatDate(schema: Schema | null, d: Date): string {
  const name = schema?.name;
  const t = d.getTime();
  if (name === LogicalNames.TIME || (name === undefined && t >= 0 && t < MS_PER_DAY)) return TIME_FORMAT.format(d);
  if (name === LogicalNames.DATE || (name === undefined && t % MS_PER_DAY === 0)) return DATE_FORMAT.format(d);
  return TIMESTAMP_FORMAT.format(d);
}

/** Java's `Float.toString`: the shortest decimal that reads back as the same float32. */
export function javaFloat(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return javaDouble(f);
  for (let digits = 1; digits <= 9; digits++) {
    const shortest = Number(f.toPrecision(digits));
    if (Math.fround(shortest) === f) return javaDouble(shortest);
  }
  return javaDouble(f);
}
