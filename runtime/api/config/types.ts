/**
 * Config value types and Kafka's parsing rules (ConfigDef.Type). Raw values are strings, as in
 * properties files and REST bodies; a value may also arrive already typed from code.
 *
 *   BOOLEAN  "true"/"false", any case, surrounding spaces ignored        → boolean
 *   STRING   trimmed                                                     → string
 *   INT      decimal integer in [-2^31, 2^31-1] (no "1.0", no "1e3")     → number
 *   SHORT    decimal integer in [-2^15, 2^15-1]                          → number
 *   LONG     decimal integer in [-2^63, 2^63-1]                          → number (beyond 2^53 rounded)
 *   DOUBLE   decimal or exponent notation, NaN, Infinity                 → number
 *   LIST     comma-separated, items trimmed, "" → []; empty items kept   → string[]
 *   CLASS    a class name or alias, trimmed (resolved by the runtime)    → string
 *   PASSWORD trimmed, wrapped so it never prints                        → Password
 */
import { ConfigException } from '../errors.js';

export const ConfigType = {
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  INT: 'INT',
  SHORT: 'SHORT',
  LONG: 'LONG',
  DOUBLE: 'DOUBLE',
  LIST: 'LIST',
  CLASS: 'CLASS',
  PASSWORD: 'PASSWORD',
} as const;
export type ConfigType = (typeof ConfigType)[keyof typeof ConfigType];

export const Importance = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const;
export type Importance = (typeof Importance)[keyof typeof Importance];

/** A UI hint for the width of an input box. */
export const Width = { NONE: 'NONE', SHORT: 'SHORT', MEDIUM: 'MEDIUM', LONG: 'LONG' } as const;
export type Width = (typeof Width)[keyof typeof Width];

/** A secret. `String(p)`, JSON and console output all show `[hidden]`; `value()` reveals it. */
export class Password {
  static readonly HIDDEN = '[hidden]';
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  value(): string {
    return this.#value;
  }
  equals(other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value;
  }
  toString(): string {
    return Password.HIDDEN;
  }
  toJSON(): string {
    return Password.HIDDEN;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Password(${Password.HIDDEN})`;
  }
}

/** The parsed value of each type. */
export interface ConfigValueTypes {
  BOOLEAN: boolean;
  STRING: string;
  INT: number;
  SHORT: number;
  LONG: number;
  DOUBLE: number;
  LIST: string[];
  CLASS: string;
  PASSWORD: Password;
}
export type ParsedValue = ConfigValueTypes[ConfigType];

const INTEGER = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/;
const RANGES: Record<'INT' | 'SHORT' | 'LONG', readonly [bigint, bigint]> = {
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  INT: [-(2n ** 31n), 2n ** 31n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
};
const LONG_MAX_AS_NUMBER = 2 ** 63;

/**
 * Parses one value to its type (Kafka's ConfigDef.parseType). Null stays null. Throws
 * ConfigException with Kafka's wording, e.g. "Invalid value abc for configuration tasks.max:
 * Not a number of type INT".
 */
export function parseType(name: string, value: unknown, type: ConfigType): ParsedValue | null {
  if (value === null || value === undefined) return null;
  const s = typeof value === 'string' ? value.trim() : undefined;
  switch (type) {
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (s !== undefined && s.toLowerCase() === 'true') return true;
      if (s !== undefined && s.toLowerCase() === 'false') return false;
      throw ConfigException.invalid(name, value, 'Expected value to be either true or false');
    case 'STRING':
    case 'CLASS':
      if (s === undefined) throw ConfigException.invalid(name, value, `Expected value to be a string, but it was a ${typeof value}`);
      return s;
    case 'PASSWORD':
      if (value instanceof Password) return value;
      if (s === undefined) throw ConfigException.invalid(name, value, `Expected value to be a string, but it was a ${typeof value}`);
      return new Password(s);
    case 'INT':
    case 'SHORT':
    case 'LONG': {
      const [lo, hi] = RANGES[type];
      let n: bigint | undefined;
      if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
      else if (typeof value === 'bigint') n = value;
      else if (s !== undefined && INTEGER.test(s)) n = BigInt(s);
      if (n === undefined || n < lo || n > hi) throw ConfigException.invalid(name, value, `Not a number of type ${type}`);
      return Number(n);
    }
    case 'DOUBLE':
      if (typeof value === 'number') return value;
      if (s !== undefined && DOUBLE.test(s)) return Number(s);
      throw ConfigException.invalid(name, value, 'Not a number of type DOUBLE');
    case 'LIST':
      if (Array.isArray(value)) return value.map((x) => String(x));
      if (s === undefined) throw ConfigException.invalid(name, value, 'Expected a comma separated list.');
      return s === '' ? [] : s.split(/\s*,\s*/);
  }
}

/**
 * A parsed value back to its string form (Kafka's ConfigDef.convertToString): lists joined with
 * commas, doubles as Java prints them (`1.0`, `1.0E7`), passwords as `[hidden]`.
 */
export function convertToString(value: unknown, type: ConfigType | null): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'LIST' && Array.isArray(value)) return value.map(String).join(',');
  if (type === 'DOUBLE' && typeof value === 'number') return javaDouble(value);
  if (type === 'LONG' && typeof value === 'number') {
    if (value >= LONG_MAX_AS_NUMBER) return '9223372036854775807';
    if (value <= -LONG_MAX_AS_NUMBER) return '-9223372036854775808';
  }
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

/** Java's Double.toString: always a fraction digit, exponent notation outside [1e-3, 1e7). */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exp)}`;
}
