/**
 * JSON text <-> a small tree that keeps what JSON.parse loses: the exact text of every number
 * (an INT64 such as 9007199254740993 or a decimal such as 0.10 must survive), and the order of
 * object members (a Map, so a member named `__proto__` is just a member).
 *
 *   JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject (Map)
 *
 * The writer prints as Jackson does with Kafka's settings: no whitespace, members in insertion
 * order, strings escaped as Jackson escapes them (`"`, `\`, control characters; `\u001F` with
 * upper-case hex; nothing else), numbers as their text. The parser accepts strict RFC 8259 JSON
 * (one value, optional surrounding whitespace) and names the offset of the first error.
 */
import { DataException } from '../../api/errors.js';

/** A JSON number, kept as written (or as the writer must print it). */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** No fraction and no exponent: Jackson's "integral number". */
  get integral(): boolean {
    return !/[.eE]/.test(this.text);
  }
  toNumber(): number {
    return Number(this.text);
  }
}

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

/** Jackson's JsonNodeType names, for messages ("but found ARRAY"). */
export function nodeType(v: JsonValue | undefined): string {
  if (v === undefined) return 'MISSING';
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (typeof v === 'string') return 'STRING';
  if (v instanceof JsonNumber) return 'NUMBER';
  if (Array.isArray(v)) return 'ARRAY';
  return 'OBJECT';
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v instanceof Map;
}

// ---------------------------------------------------------------------------------------------
// Writing

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function quote(s: string): string {
  return `"${s.replace(/["\\\u0000-\u001f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}

export function stringifyJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quote(v);
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(stringifyJson).join(',')}]`;
  const parts: string[] = [];
  for (const [k, x] of v) parts.push(`${quote(k)}:${stringifyJson(x)}`);
  return `{${parts.join(',')}}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 1000;

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new DataException(`Invalid JSON at offset ${this.pos}: ${why}`);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.ws();
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case undefined:
        return this.fail('unexpected end of input');
      default: {
        NUMBER.lastIndex = this.pos;
        const m = NUMBER.exec(this.text);
        if (m === null) this.fail(`unexpected character ${JSON.stringify(c)}`);
        this.pos += m[0].length;
        return new JsonNumber(m[0]);
      }
    }
  }

  literal<T>(word: string, v: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`unexpected token (expected ${word})`);
    this.pos += word.length;
    return v;
  }

  object(depth: number): JsonObject {
    this.pos++;
    const out: JsonObject = new Map();
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('expected a member name in double quotes');
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("expected ':' after a member name");
      this.pos++;
      out.set(key, this.value(depth + 1));
      this.ws();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') {
        this.pos--;
        this.fail("expected ',' or '}' in an object");
      }
    }
  }

  array(depth: number): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') {
        this.pos--;
        this.fail("expected ',' or ']' in an array");
      }
    }
  }

  string(): string {
    const t = this.text;
    const start = ++this.pos;
    // Fast path: no escapes.
    let i = start;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return t.slice(start, i);
      }
      if (c === 0x5c || c < 0x20) break;
      i++;
    }
    let out = t.slice(start, i);
    this.pos = i;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('control character in a string (escape it)');
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.pos -= 2;
          this.fail(`bad escape \\${e ?? ''}`);
      }
    }
  }
}

/** Parses one JSON document; DataException naming the offset when the text is not JSON. */
export function parseJson(text: string): JsonValue {
  const p = new Parser(text);
  p.ws();
  if (p.pos === text.length) p.fail('no JSON value (empty input)');
  const v = p.value(0);
  p.ws();
  if (p.pos !== text.length) p.fail('unexpected content after the JSON value');
  return v;
}

/** Plain JS (string, boolean, null, number, bigint, arrays, objects) to the tree: for tests and defaults. */
export function toJsonValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return new JsonNumber(String(v));
  if (v instanceof JsonNumber || v instanceof Map) return v as JsonValue;
  if (Array.isArray(v)) return v.map(toJsonValue);
  return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toJsonValue(x)]));
}
