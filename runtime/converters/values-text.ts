/**
 * The text form of Connect values that SimpleHeaderConverter writes and reads (Kafka's
 * `Values.convertToString` / `Values.parseString`):
 *
 *   writing                                  reading (parseString)
 *   null            -> (no bytes)            "null"                      -> null, no schema
 *   true / false    -> true / false          "true" / "false"            -> BOOLEAN
 *   numbers         -> Java's toString       integers                    -> INT8, INT16, INT32 or INT64,
 *                      (1.0E10 for doubles)                                 the smallest that holds it
 *   string          -> itself (top level)    fractions                   -> FLOAT32 when Java's float
 *                      "quoted" inside []/{}                                prints the same digits, else
 *   bytes           -> base64                                               FLOAT64, else Decimal
 *   Date/Time/      -> 2024-01-31, 12:34:56.789Z, 2024-01-31T12:34:56.789Z -> the logical type
 *   Timestamp                                  (UTC, milliseconds)
 *   array           -> [1,2,"x"]             [..]                        -> ARRAY of the common
 *   map / Struct    -> {"k":1,"j":2}         {..}                        -> MAP    element schema
 *                                            anything else               -> STRING, the text as is
 *
 * Differences from Kafka, each to make a value read back as it was written: inside arrays and
 * maps `\"` and `\\` are unescaped on reading (Kafka escapes them on writing only); a fraction
 * becomes FLOAT32 only when no digit is lost; an array or map whose elements have no common
 * schema reads with a null (schemaless) schema; negative Dates keep their date or timestamp form.
 */
import { BigDecimal } from '../api/data/big-decimal.js';
import { Date as ConnectDate, Decimal, Time, Timestamp } from '../api/data/logical-types.js';
import { Schema, SchemaAndValue } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { LogicalNames } from '../api/data/validate-value.js';
import { describeValue } from '../api/data/values.js';
import { DataException } from '../api/errors.js';
import { javaBigDecimal, javaDouble, javaFloat, toBase64 } from './java-text.js';

const MS_PER_DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Writing

/** The text of `value` (null for null). `schema` picks number and date formats when given. */
export function valueToString(schema: Schema | null, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return append(schema, value, false);
}

function append(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number') {
    if (schema?.type === 'FLOAT32') return javaFloat(value);
    if (schema?.type === 'FLOAT64' || !Number.isSafeInteger(value)) return javaDouble(value);
    return String(value);
  }
  if (typeof value === 'string') return embedded ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : value;
  if (value instanceof Uint8Array) return embedded ? `"${toBase64(value)}"` : toBase64(value);
  if (value instanceof BigDecimal) return javaBigDecimal(value);
  if (value instanceof Date) return formatDate(schema, value);
  if (Array.isArray(value)) return `[${value.map((v) => append(schema?.valueSchema ?? null, v, true)).join(',')}]`;
  if (value instanceof Map) {
    const parts = [...value].map(([k, v]) => `${append(schema?.keySchema ?? null, k, true)}:${append(schema?.valueSchema ?? null, v, true)}`);
    return `{${parts.join(',')}}`;
  }
  if (value instanceof Struct) {
    return `{${value.schema.fields.map((f) => `${append(null, f.name, true)}:${append(f.schema, value.get(f), true)}`).join(',')}}`;
  }
  throw new DataException(`Failed to serialize unexpected value type ${describeValue(value)}`);
}

function formatDate(schema: Schema | null, d: Date): string {
  const iso = d.toISOString(); // 2024-01-31T12:34:56.789Z (UTC, always milliseconds)
  const t = d.getTime();
  const kind = schema?.name ?? (t >= 0 && t < MS_PER_DAY ? LogicalNames.TIME : t % MS_PER_DAY === 0 ? LogicalNames.DATE : LogicalNames.TIMESTAMP);
  if (kind === LogicalNames.TIME) return iso.slice(11);
  if (kind === LogicalNames.DATE) return iso.slice(0, 10);
  return iso;
}

// ---------------------------------------------------------------------------------------------
// Reading

const TIME = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)\.(\d{3})Z$/;
const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A time or timestamp inside an array or map: its colons are not entry separators. */
const TEMPORAL_PREFIX = /^(?:\d{4}-\d{2}-\d{2}T)?\d{2}:\d{2}:\d{2}\.\d{3}Z/;
/** A bare element: up to the next delimiter; a backslash escapes the character after it. */
const BARE = /^(?:\\.|[^,:\]}[{"\\])*/;

/** The schema and value a string reads as (never throws: unparsable text is a STRING). */
export function parseString(text: string): SchemaAndValue {
  if (text === '') return new SchemaAndValue(Schema.STRING_SCHEMA, text);
  const t = text.trim();
  if (t === 'null') return SchemaAndValue.NULL;
  if (t === 'true' || t === 'false') return new SchemaAndValue(Schema.BOOLEAN_SCHEMA, t === 'true');
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      const p = new Parser(t);
      const sv = p.element();
      p.ws();
      if (p.pos === t.length && sv !== null) return sv;
    } catch (e) {
      if (!(e instanceof DataException)) throw e;
    }
    return new SchemaAndValue(Schema.STRING_SCHEMA, text);
  }
  return parseScalar(t) ?? new SchemaAndValue(Schema.STRING_SCHEMA, text);
}

function parseTemporal(t: string): SchemaAndValue | undefined {
  if (TIME.test(t)) return new SchemaAndValue(Time.SCHEMA, new Date(`1970-01-01T${t}`));
  const d = DATE.exec(t);
  if (d !== null) return validDate(`${t}T00:00:00.000Z`, t.slice(0, 10), ConnectDate.SCHEMA);
  if (t.length === 24 && t[10] === 'T' && DATE.test(t.slice(0, 10)) && TIME.test(t.slice(11))) return validDate(t, t.slice(0, 10), Timestamp.SCHEMA);
  return undefined;
}

/** A date only if the calendar has it (no 2023-02-30): the round trip must give the same day. */
function validDate(iso: string, day: string, schema: Schema): SchemaAndValue | undefined {
  const d = new Date(iso);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? new SchemaAndValue(schema, d) : undefined;
}

function parseNumber(t: string): SchemaAndValue | undefined {
  if (!NUMBER.test(t)) return undefined;
  const d = BigDecimal.from(t);
  let whole: bigint | undefined;
  try {
    whole = d.setScale(0).unscaled;
  } catch {
    whole = undefined; // a fraction
  }
  if (whole !== undefined) {
    if (whole >= -128n && whole <= 127n) return new SchemaAndValue(Schema.INT8_SCHEMA, Number(whole));
    if (whole >= -32768n && whole <= 32767n) return new SchemaAndValue(Schema.INT16_SCHEMA, Number(whole));
    if (whole >= -2147483648n && whole <= 2147483647n) return new SchemaAndValue(Schema.INT32_SCHEMA, Number(whole));
    if (BigInt.asIntN(64, whole) === whole) return new SchemaAndValue(Schema.INT64_SCHEMA, whole);
    return new SchemaAndValue(Decimal.schema(d.scale), d);
  }
  const n = Number(t);
  if (Number.isFinite(n)) {
    if (BigDecimal.from(javaFloat(n).replace('E', 'e')).compareTo(d) === 0) return new SchemaAndValue(Schema.FLOAT32_SCHEMA, Math.fround(n));
    if (BigDecimal.from(javaDouble(n).replace('E', 'e')).compareTo(d) === 0) return new SchemaAndValue(Schema.FLOAT64_SCHEMA, n);
  }
  return new SchemaAndValue(Decimal.schema(d.scale), d);
}

function parseScalar(t: string): SchemaAndValue | undefined {
  if (/^\d/.test(t)) {
    const temporal = parseTemporal(t);
    if (temporal !== undefined) return temporal;
  }
  return /^[\d+\-.]/.test(t) ? parseNumber(t) : undefined;
}

/** The recursive part: arrays and maps, whose elements are quoted strings, nested arrays and
 * maps, or bare scalars ending at `,` `:` `]` `}` (a bare time's colons are part of it). */
class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  fail(why: string): never {
    throw new DataException(`${why} at offset ${this.pos} of ${JSON.stringify(this.text)}`);
  }

  /** One element; null for the literal null. */
  element(): SchemaAndValue | null {
    this.ws();
    const c = this.text[this.pos];
    if (c === '[') return this.array();
    if (c === '{') return this.map();
    if (c === '"') return this.quoted();
    return this.bare();
  }

  quoted(): SchemaAndValue {
    let out = '';
    for (this.pos++; ; this.pos++) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('Unterminated string');
      if (c === '"') break;
      if (c === '\\' && (this.text[this.pos + 1] === '"' || this.text[this.pos + 1] === '\\')) this.pos++;
      out += this.text[this.pos];
    }
    this.pos++;
    // Quoted dates and times keep their logical type; any other quoted text is a string.
    return parseTemporal(out) ?? new SchemaAndValue(Schema.STRING_SCHEMA, out);
  }

  bare(): SchemaAndValue | null {
    const rest = this.text.slice(this.pos);
    const temporal = TEMPORAL_PREFIX.exec(rest);
    const raw = temporal !== null && /^\s*([,:\]}]|$)/.test(rest.slice(temporal[0].length)) ? temporal[0] : BARE.exec(rest)![0];
    this.pos += raw.length;
    const t = raw.replace(/\\(.)/g, '$1').trim();
    if (t === 'null') return null;
    if (t === 'true' || t === 'false') return new SchemaAndValue(Schema.BOOLEAN_SCHEMA, t === 'true');
    return parseScalar(t) ?? this.fail(`Failed to parse embedded value ${JSON.stringify(t)}`);
  }

  array(): SchemaAndValue {
    this.pos++;
    const items: (SchemaAndValue | null)[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return new SchemaAndValue(null, []);
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] === ',' || this.text[this.pos] === ']') this.fail('Unable to parse an empty array element');
      items.push(this.element());
      this.ws();
      const c = this.text[this.pos++];
      if (c === ']') break;
      if (c !== ',') this.fail("Array elements missing ',' delimiter");
    }
    const elem = commonSchema(items);
    if (elem === null) return new SchemaAndValue(null, items.map((i) => i?.value ?? null));
    return new SchemaAndValue(SchemaBuilder.array(elem).build(), items.map((i) => align(elem, i)));
  }

  map(): SchemaAndValue {
    this.pos++;
    const keys: SchemaAndValue[] = [];
    const values: (SchemaAndValue | null)[] = [];
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return new SchemaAndValue(null, new Map());
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] === ',' || this.text[this.pos] === '}') this.fail('Unable to parse a map entry with no key or value');
      const key = this.element();
      if (key === null) this.fail('Map entry may not have a null key');
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("Map entry is missing ':'");
      this.pos++;
      keys.push(key);
      values.push(this.element());
      this.ws();
      const c = this.text[this.pos++];
      if (c === '}') break;
      if (c !== ',') this.fail("Map entries missing ',' delimiter");
    }
    const k = commonSchema(keys);
    const v = commonSchema(values);
    if (k === null || v === null) return new SchemaAndValue(null, new Map(keys.map((key, i) => [key.value, values[i]?.value ?? null])));
    return new SchemaAndValue(SchemaBuilder.map(k, v).build(), new Map(keys.map((key, i) => [align(k, key), align(v, values[i]!)])));
  }
}

const NUMERIC_RANK: Partial<Record<Schema['type'], number>> = { INT8: 0, INT16: 1, INT32: 2, INT64: 3, FLOAT32: 4, FLOAT64: 5 };

/** The schema every element fits (numbers widen as in Kafka: INT8 < ... < INT64 < FLOAT32 <
 * FLOAT64), made optional when an element is null; null when there is none. */
function commonSchema(items: readonly (SchemaAndValue | null)[]): Schema | null {
  let common: Schema | null = null;
  let hasNull = false;
  for (const item of items) {
    if (item === null || item.schema === null) {
      if (item !== null) return null; // a schemaless nested array or map
      hasNull = true;
      continue;
    }
    if (common === null || common.equals(item.schema)) {
      common = item.schema;
      continue;
    }
    const a = NUMERIC_RANK[common.type];
    const b = NUMERIC_RANK[item.schema.type];
    if (a === undefined || b === undefined || common.name !== undefined || item.schema.name !== undefined) return null;
    if (b > a) common = item.schema;
  }
  if (common === null) return null;
  return hasNull && !common.optional ? optionalOf(common) : common;
}

function optionalOf(s: Schema): Schema {
  switch (s.type) {
    case 'ARRAY':
      return SchemaBuilder.array(s.valueSchema!).optional().build();
    case 'MAP':
      return SchemaBuilder.map(s.keySchema!, s.valueSchema!).optional().build();
    default: {
      const b = SchemaBuilder.type(s.type).optional();
      if (s.name !== undefined) b.name(s.name);
      if (s.version !== undefined) b.version(s.version);
      if (s.parameters !== undefined) b.parameters(s.parameters);
      return b.build();
    }
  }
}

/** An element's value in the common (possibly wider) schema's representation. */
function align(schema: Schema, item: SchemaAndValue | null): unknown {
  const v = item?.value ?? null;
  if (v === null || item!.schema!.type === schema.type) return v;
  if (schema.type === 'INT64') return BigInt(v as number);
  if (schema.type === 'FLOAT32') return Math.fround(Number(v));
  if (schema.type === 'FLOAT64') return Number(v);
  return v;
}
