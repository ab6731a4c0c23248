/**
 * Declarative config definitions in the style of Kafka's ConfigDef: each setting is declared once
 * (name, type, default, importance, doc, validator) and everything else — parsing of
 * `server.properties` values, validation with per-key errors, DescribeConfigs answers and the
 * README table — is derived from the declaration.
 *
 * Values are held as strings on the wire and in files (as Kafka does) and parsed to typed values
 * with `parseValue`. A parse or validation failure throws `ConfigError`, whose message names the
 * key, the bad value and what would be accepted.
 */

export type ConfigType = 'boolean' | 'string' | 'int' | 'short' | 'long' | 'double' | 'list' | 'password';
export type Importance = 'high' | 'medium' | 'low';
export type ConfigValue = string | number | boolean | string[] | null;

export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  /** Default as Kafka documents it; `null` means "no default" (unset). */
  readonly default: ConfigValue;
  readonly importance: Importance;
  readonly doc: string;
  /** Throws ConfigError (via `fail`) when the parsed value is not acceptable. */
  readonly validate?: (value: ConfigValue, name: string) => void;
  /** Secrets are never returned in clear text by describe calls. */
  readonly secret?: boolean;
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG' as const;
  constructor(readonly key: string, message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
export const LONG_MAX = 9223372036854775807; // as a JS number this is 2^63: compare with >=

export function parseValue(key: ConfigKey, raw: string | null): ConfigValue {
  if (raw === null) return null;
  const s = raw.trim();
  switch (key.type) {
    case 'boolean':
      if (/^true$/i.test(s)) return true;
      if (/^false$/i.test(s)) return false;
      throw new ConfigError(key.name, `Invalid value ${raw} for configuration ${key.name}: Expected value to be either true or false`);
    case 'int':
    case 'short':
    case 'long': {
      if (!/^[-+]?\d+$/.test(s)) {
        throw new ConfigError(key.name, `Invalid value ${raw} for configuration ${key.name}: Not a number of type ${key.type.toUpperCase()}`);
      }
      const n = Number(s);
      const [lo, hi] = key.type === 'int' ? [INT_MIN, INT_MAX] : key.type === 'short' ? [-32768, 32767] : [-LONG_MAX, LONG_MAX];
      if (n < lo || n > hi) {
        throw new ConfigError(key.name, `Invalid value ${raw} for configuration ${key.name}: Not a number of type ${key.type.toUpperCase()}`);
      }
      return n;
    }
    case 'double': {
      const n = Number(s);
      if (s === '' || Number.isNaN(n)) {
        throw new ConfigError(key.name, `Invalid value ${raw} for configuration ${key.name}: Not a number of type DOUBLE`);
      }
      return n;
    }
    case 'list':
      return s === '' ? [] : s.split(',').map((x) => x.trim()).filter((x) => x !== '');
    case 'string':
    case 'password':
      return s;
  }
}

export function formatValue(v: ConfigValue): string | null {
  if (v === null) return null;
  if (Array.isArray(v)) return v.join(',');
  // Long.MAX_VALUE does not survive a trip through a JS number: print it as Kafka does.
  if (typeof v === 'number' && v >= LONG_MAX) return '9223372036854775807';
  return String(v);
}

// ---- validators (messages follow Kafka's wording, extended with what is accepted) ----

export function atLeast(min: number) {
  return (v: ConfigValue, name: string): void => {
    if (v !== null && (v as number) < min) {
      throw new ConfigError(name, `Invalid value ${String(v)} for configuration ${name}: Value must be at least ${min}`);
    }
  };
}

export function between(min: number, max: number) {
  return (v: ConfigValue, name: string): void => {
    if (v !== null && ((v as number) < min || (v as number) > max)) {
      throw new ConfigError(name, `Invalid value ${String(v)} for configuration ${name}: Value must be between ${min} and ${max}`);
    }
  };
}

export function oneOf(...allowed: string[]) {
  return (v: ConfigValue, name: string): void => {
    const values = Array.isArray(v) ? v : v === null ? [] : [String(v)];
    for (const x of values) {
      if (!allowed.includes(x)) {
        throw new ConfigError(name, `Invalid value ${x} for configuration ${name}: String must be one of: ${allowed.join(', ')}`);
      }
    }
  };
}

export function nonEmptyList(v: ConfigValue, name: string): void {
  if (Array.isArray(v) && v.length === 0) {
    throw new ConfigError(name, `Invalid value for configuration ${name}: Empty list is not allowed`);
  }
}

/** Parses and validates one raw value for `key`. */
export function parseAndValidate(key: ConfigKey, raw: string | null): ConfigValue {
  const v = parseValue(key, raw);
  key.validate?.(v, key.name);
  return v;
}

export function defineConfig(keys: readonly ConfigKey[]): ReadonlyMap<string, ConfigKey> {
  return new Map(keys.map((k) => [k.name, k]));
}

/**
 * Parses a Java properties file (the subset Kafka's server.properties uses): `key=value` or
 * `key: value` lines, `#`/`!` comments, backslash line continuations and the usual escapes.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    }
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line) ?? /^((?:\\.|[^=:\s\\])+)$/.exec(line);
    if (!m) continue;
    const unescape = (s: string): string =>
      s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) =>
        c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c);
    out.set(unescape(m[1]!), unescape(m[2] ?? ''));
  }
  return out;
}
