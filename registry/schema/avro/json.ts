/**
 * The JSON layer under the Avro provider: a strict JSON parser and a writer that prints values the
 * way Java Avro (through Jackson) prints them, because the registry's canonical form is Java's.
 *
 * Why not JSON.parse: it loses what Java keeps and the canonical form shows. `1.0` and `1` are
 * different in Java (a double node vs an int node: `1.0` is not a valid `int` default and prints as
 * `1.0`), integers past 2^53 keep their digits, and an object's keys keep document order even when
 * they look like array indices. It also reports errors as a character offset; we report line:column.
 *
 * Values: null, boolean, string, JsonNumber (the literal's text), Json[] and JsonObject (a Map in
 * document order; a repeated key keeps its first position and takes the last value, like Jackson).
 */

export class JsonNumber {
  constructor(readonly text: string) {}
  get value(): number {
    return Number(this.text);
  }
  /** Written without fraction or exponent, as Jackson's int/long/big-integer nodes are. */
  get integral(): boolean {
    return /^-?\d+$/.test(this.text);
  }
}

export type JsonObject = ReadonlyMap<string, Json>;
export type Json = null | boolean | string | JsonNumber | readonly Json[] | JsonObject;

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return value instanceof Map;
}

export class JsonSyntaxError extends Error {
  constructor(readonly reason: string, readonly line: number, readonly column: number) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parse one JSON document (nothing but whitespace may follow it). Throws JsonSyntaxError. */
export function parseJson(text: string): Json {
  let pos = 0;

  const fail = (reason: string, at = pos): never => {
    const before = text.slice(0, at).split('\n');
    throw new JsonSyntaxError(reason, before.length, before[before.length - 1].length + 1);
  };
  const describe = (): string => (pos >= text.length ? 'end of input' : `'${text[pos]}'`);
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const expect = (ch: string, what: string): void => {
    skipSpace();
    if (text[pos] !== ch) fail(`expected ${what} but found ${describe()}`);
    pos++;
  };

  const parseString = (): string => {
    let out = '';
    pos++; // opening quote
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const ch = text[pos];
      if (ch === '"') {
        pos++;
        return out;
      }
      if (ch < ' ') fail('control character in string (escape it, e.g. \\n)');
      if (ch !== '\\') {
        out += ch;
        pos++;
        continue;
      }
      const esc = text[pos + 1];
      if (esc === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape (needs 4 hex digits)');
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else if (esc !== undefined && esc in ESCAPES) {
        out += ESCAPES[esc];
        pos += 2;
      } else {
        fail(`invalid escape '\\${esc ?? ''}'`);
      }
    }
  };

  const parseValue = (): Json => {
    skipSpace();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const obj = new Map<string, Json>();
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a property name in double quotes but found ${describe()}`);
        const key = parseString();
        expect(':', `':' after property name "${key}"`);
        obj.set(key, parseValue());
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        fail(`expected ',' or '}' after the value of "${key}" but found ${describe()}`);
      }
    }
    if (ch === '[') {
      pos++;
      const arr: Json[] = [];
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue());
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        fail(`expected ',' or ']' in array but found ${describe()}`);
      }
    }
    if (ch === '"') return parseString();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m && m[0] !== '-') {
      pos += m[0].length;
      return new JsonNumber(m[0]);
    }
    return fail(`unexpected ${describe()}, expected a JSON value`);
  };

  const value = parseValue();
  skipSpace();
  if (pos < text.length) fail(`unexpected ${describe()} after the end of the JSON document`);
  return value;
}

/** Java's Double.toString: plain decimal in [1e-3, 1e7), else d.dddE±n; always a fraction digit. */
export function javaDouble(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  return javaDecimal(x, x.toExponential());
}

/** Java's Float.toString for a double rounded to float: the shortest digits that round-trip. */
export function javaFloat(x: number): string {
  const f = Math.fround(x);
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  if (!Number.isFinite(f)) return javaDouble(f);
  for (let digits = 1; digits <= 9; digits++) {
    const exp = f.toExponential(digits - 1);
    if (Math.fround(Number(exp)) === f) return javaDecimal(Number(exp), Number(exp).toExponential());
  }
  return javaDouble(f);
}

function javaDecimal(x: number, exponential: string): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(x);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa, exp] = exponential.split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exp.replace('+', '')}`;
}

/** A number as Jackson writes the node it parsed: integers digit for digit, others as doubles
 * (non-finite ones quoted, as Jackson's default WRITE_NAN_AS_STRINGS does). */
function writeNumber(n: JsonNumber): string {
  if (n.integral) return BigInt(n.text).toString();
  const text = javaDouble(n.value);
  return Number.isFinite(n.value) ? text : quote(text);
}

/** A string as Jackson quotes it: like JSON.stringify, but \u escapes in upper-case hex. */
export function quote(s: string): string {
  return JSON.stringify(s).replace(/\\(?:\\|u([0-9a-f]{4}))/g, (m, hex: string | undefined) => (hex === undefined ? m : `\\u${hex.toUpperCase()}`));
}

/** Compact JSON as Jackson writes it (no whitespace, keys in map order). */
export function writeJson(value: Json): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return quote(value);
  if (value instanceof JsonNumber) return writeNumber(value);
  if (isJsonObject(value)) return `{${[...value].map(([k, v]) => `${quote(k)}:${writeJson(v)}`).join(',')}}`;
  return `[${(value as readonly Json[]).map(writeJson).join(',')}]`;
}

/** The plain JavaScript value (numbers as doubles), for avsc. */
export function toPlain(value: Json): unknown {
  if (value instanceof JsonNumber) return value.value;
  if (isJsonObject(value)) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}
