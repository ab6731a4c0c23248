/**
 * How Connect values are represented in TypeScript, and the helpers around that choice.
 *
 * | schema type          | value                                                        |
 * |----------------------|--------------------------------------------------------------|
 * | INT8, INT16, INT32   | `number`, an integer in the type's range                     |
 * | INT64                | `bigint` in [-2^63, 2^63-1] (a JS number cannot hold a long)  |
 * | FLOAT32, FLOAT64     | `number` (FLOAT32 loses precision when encoded)              |
 * | BOOLEAN              | `boolean`                                                    |
 * | STRING               | `string`                                                     |
 * | BYTES                | `Uint8Array` (a `Buffer` is one)                             |
 * | ARRAY                | a JS array of the element type's values                      |
 * | MAP                  | a `Map` (keys may be any schema type, as in Java)            |
 * | STRUCT               | a `Struct` built for exactly that schema                     |
 * | Decimal (BYTES)      | `BigDecimal` whose scale equals the schema's `scale`         |
 * | Date (INT32)         | JS `Date` at midnight UTC                                    |
 * | Time (INT32)         | JS `Date` on 1970-01-01 UTC (only the time of day counts)    |
 * | Timestamp (INT64)    | JS `Date`                                                    |
 *
 * `null` is "no value" (Java's null): only optional schemas accept it, or schemas with a default.
 * `undefined` is read as `null` where values are accepted, and never stored.
 */
import { DataException } from '../errors.js';
import { BigDecimal } from './big-decimal.js';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/**
 * An INT64 value from a safe-integer number, a bigint or a decimal string (e.g. a PostgreSQL
 * `bigint` column that the driver returns as text). Throws DataException outside the long range.
 */
export function toInt64(value: number | bigint | string): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new DataException(`${value} is not a safe integer; pass a bigint or a string for INT64`);
    v = BigInt(value);
  } else {
    if (!/^[+-]?\d+$/.test(value.trim())) throw new DataException(`"${value}" is not an integer`);
    v = BigInt(value.trim());
  }
  if (v < INT64_MIN || v > INT64_MAX) throw new DataException(`${v} is outside the INT64 range`);
  return v;
}

/** An INT64 value as a number; throws DataException when it is not a safe integer. */
export function int64ToNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new DataException(`INT64 value ${value} does not fit a JS number exactly`);
  return n;
}

/**
 * Deep equality of Connect values: bytes by content, arrays and maps element-wise, Structs by
 * schema and values, BigDecimals as Java `equals`, Dates by time, NaN equal to NaN.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof BigDecimal) return a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (b.has(k)) {
        if (!valuesEqual(v, b.get(k))) return false;
        continue;
      }
      // Keys that are objects (bytes, structs) compare by content, not identity.
      let found = false;
      for (const [k2, v2] of b) {
        if (valuesEqual(k, k2) && valuesEqual(v, v2)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  const eq = (a as { equals?: (o: unknown) => boolean }).equals;
  return typeof eq === 'function' ? eq.call(a, b) : false;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A short description of what a value is, for error messages: `number 12`, `string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'bigint') return `bigint ${value}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (value instanceof Map) return `Map of ${value.size}`;
  if (value instanceof Date) return `Date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
  if (value instanceof BigDecimal) return `BigDecimal ${value.toString()}`;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor && ctor !== 'Object' ? ctor : typeof value === 'object' ? 'plain object' : typeof value;
}
