/**
 * Connect's logical types: a primitive schema with a well-known name whose values have a richer
 * in-memory form. Names and encodings are Java's, so data written by either side reads the same.
 *
 * | type      | schema                                | in memory   | encoded (fromLogical)            |
 * |-----------|---------------------------------------|-------------|----------------------------------|
 * | Decimal   | BYTES, parameter `scale`, version 1   | BigDecimal  | unscaled, big-endian two's comp. |
 * | Date      | INT32, version 1                      | Date (UTC midnight) | days since 1970-01-01    |
 * | Time      | INT32, version 1                      | Date on 1970-01-01  | milliseconds since midnight |
 * | Timestamp | INT64, version 1                      | Date        | milliseconds since epoch (bigint)|
 *
 * Import them under other names if the global Date gets in the way:
 * `import { Date as ConnectDate } from '…/runtime/api/index.js'`.
 * Converters use fromLogical/toLogical; connectors put the in-memory form into Structs.
 */
import { DataException } from '../errors.js';
import { BigDecimal } from './big-decimal.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';
import { LogicalNames } from './validate-value.js';

const MS_PER_DAY = 86_400_000;
const JsDate = globalThis.Date;

function checkSchema(schema: Schema, name: string, what: string): void {
  if (schema.name !== name) throw new DataException(`Requested a ${what} conversion, but the schema is ${String(schema)}, not ${name}`);
}

function checkDate(value: unknown, what: string): number {
  if (!(value instanceof JsDate) || Number.isNaN(value.getTime())) throw new DataException(`A ${what} value must be a valid Date`);
  return value.getTime();
}

export const Decimal = Object.freeze({
  LOGICAL_NAME: LogicalNames.DECIMAL,
  SCALE_FIELD: 'scale',

  /** A BYTES builder named as Decimal with the given scale; add `.optional()` etc. as needed. */
  builder(scale: number): SchemaBuilder {
    if (!Number.isInteger(scale)) throw new DataException(`Decimal scale must be an integer, got ${scale}`);
    return SchemaBuilder.bytes().name(LogicalNames.DECIMAL).parameter('scale', String(scale)).version(1);
  },
  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },
  /** The schema's scale; DataException when the parameter is missing or not an integer. */
  scale(schema: Schema): number {
    const s = schema.parameters?.['scale'];
    if (s === undefined || !/^-?\d+$/.test(s)) throw new DataException(`Invalid Decimal schema ${String(schema)}: no integer "scale" parameter`);
    return Number(s);
  },
  /** The unscaled value as big-endian two's complement bytes (Java's BigInteger.toByteArray). */
  fromLogical(schema: Schema, value: BigDecimal): Uint8Array {
    checkSchema(schema, LogicalNames.DECIMAL, 'Decimal');
    if (!(value instanceof BigDecimal)) throw new DataException('A Decimal value must be a BigDecimal');
    const scale = Decimal.scale(schema);
    if (value.scale !== scale) throw new DataException(`BigDecimal ${value.toString()} has scale ${value.scale}, the Decimal schema's scale is ${scale}`);
    return toTwosComplement(value.unscaled);
  },
  toLogical(schema: Schema, bytes: Uint8Array): BigDecimal {
    checkSchema(schema, LogicalNames.DECIMAL, 'Decimal');
    if (bytes.length === 0) throw new DataException('A Decimal value cannot be encoded in zero bytes');
    return new BigDecimal(fromTwosComplement(bytes), Decimal.scale(schema));
  },
});

export const Date = Object.freeze({
  LOGICAL_NAME: LogicalNames.DATE,
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(LogicalNames.DATE).version(1);
  },
  SCHEMA: SchemaBuilder.int32().name(LogicalNames.DATE).version(1).build(),
  /** Days since the epoch; the Date must be midnight UTC. */
  fromLogical(schema: Schema, value: globalThis.Date): number {
    checkSchema(schema, LogicalNames.DATE, 'Date');
    const t = checkDate(value, 'Date');
    if (t % MS_PER_DAY !== 0) throw new DataException(`A Date value must be midnight UTC (no time of day), got ${value.toISOString()}`);
    return t / MS_PER_DAY;
  },
  toLogical(schema: Schema, days: number): globalThis.Date {
    checkSchema(schema, LogicalNames.DATE, 'Date');
    if (!Number.isInteger(days)) throw new DataException(`A Date is encoded as whole days, got ${days}`);
    return new JsDate(days * MS_PER_DAY);
  },
});

export const Time = Object.freeze({
  LOGICAL_NAME: LogicalNames.TIME,
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(LogicalNames.TIME).version(1);
  },
  SCHEMA: SchemaBuilder.int32().name(LogicalNames.TIME).version(1).build(),
  /** Milliseconds since midnight; the Date must fall on 1970-01-01 UTC. */
  fromLogical(schema: Schema, value: globalThis.Date): number {
    checkSchema(schema, LogicalNames.TIME, 'Time');
    const t = checkDate(value, 'Time');
    if (t < 0 || t >= MS_PER_DAY) throw new DataException(`A Time value must be on 1970-01-01 UTC (time of day only), got ${value.toISOString()}`);
    return t;
  },
  toLogical(schema: Schema, millis: number): globalThis.Date {
    checkSchema(schema, LogicalNames.TIME, 'Time');
    if (!Number.isInteger(millis) || millis < 0 || millis >= MS_PER_DAY) throw new DataException(`A Time is encoded as milliseconds within one day, got ${millis}`);
    return new JsDate(millis);
  },
});

export const Timestamp = Object.freeze({
  LOGICAL_NAME: LogicalNames.TIMESTAMP,
  builder(): SchemaBuilder {
    return SchemaBuilder.int64().name(LogicalNames.TIMESTAMP).version(1);
  },
  SCHEMA: SchemaBuilder.int64().name(LogicalNames.TIMESTAMP).version(1).build(),
  /** Milliseconds since the epoch, as INT64 (bigint). */
  fromLogical(schema: Schema, value: globalThis.Date): bigint {
    checkSchema(schema, LogicalNames.TIMESTAMP, 'Timestamp');
    return BigInt(checkDate(value, 'Timestamp'));
  },
  toLogical(schema: Schema, millis: bigint | number): globalThis.Date {
    checkSchema(schema, LogicalNames.TIMESTAMP, 'Timestamp');
    const d = new JsDate(Number(millis));
    if (Number.isNaN(d.getTime())) throw new DataException(`Timestamp ${millis} is outside the range of a JS Date`);
    return d;
  },
});

/** Minimal big-endian two's complement, as Java's BigInteger.toByteArray. */
function toTwosComplement(v: bigint): Uint8Array {
  let len = 1;
  while (v < -(1n << BigInt(8 * len - 1)) || v >= 1n << BigInt(8 * len - 1)) len++;
  const out = new Uint8Array(len);
  let x = v < 0n ? (1n << BigInt(8 * len)) + v : v;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function fromTwosComplement(bytes: Uint8Array): bigint {
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  return bytes[0]! & 0x80 ? x - (1n << BigInt(8 * bytes.length)) : x;
}
