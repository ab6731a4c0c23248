/**
 * A config literal read as a typed Connect value, the part of Kafka's `Values.parseString` that
 * InsertHeader's `value.literal` needs:
 *
 * | literal                                   | schema             | value                |
 * |-------------------------------------------|--------------------|----------------------|
 * | `null`                                    | none               | null                 |
 * | `true`, `false` (any case)                | BOOLEAN            | boolean              |
 * | integer                                   | smallest of INT8, INT16, INT32, INT64 that holds it (number; bigint for INT64) |
 * | integer beyond INT64                      | Decimal (scale 0)  | BigDecimal           |
 * | decimal number (`1.5`, `1e3`)             | FLOAT32 if within float range, else FLOAT64 | number |
 * | `yyyy-MM-dd`                              | Date               | Date                 |
 * | `HH:mm:ss.SSSZ` (with a literal `Z`)      | Time               | Date                 |
 * | `yyyy-MM-ddTHH:mm:ss.SSSZ`                | Timestamp          | Date                 |
 * | anything else (also arrays and maps)      | STRING             | the text as given    |
 *
 * Kafka also parses `[..]` arrays and `{..}` maps; here they stay strings. FLOAT32 values are
 * kept as the decimal's nearest double (the float32 rounding happens when encoded).
 */
import { BigDecimal } from '../api/data/big-decimal.js';
import { Date as DateType, Decimal, Time, Timestamp } from '../api/data/logical-types.js';
import { Schema, SchemaAndValue } from '../api/data/schema.js';

const FLOAT32_MAX = 3.4028234663852886e38;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseLiteral(text: string): SchemaAndValue {
  const token = text.trim();
  if (token === '') return new SchemaAndValue(Schema.STRING_SCHEMA, text);
  if (token.toLowerCase() === 'null') return SchemaAndValue.NULL;
  if (token.toLowerCase() === 'true') return new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true);
  if (token.toLowerCase() === 'false') return new SchemaAndValue(Schema.BOOLEAN_SCHEMA, false);
  return temporal(token) ?? number(token) ?? new SchemaAndValue(Schema.STRING_SCHEMA, text);
}

function temporal(token: string): SchemaAndValue | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token);
  if (m) return new SchemaAndValue(DateType.SCHEMA, new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)));
  m = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/.exec(token);
  if (m) return new SchemaAndValue(Time.SCHEMA, new Date(Date.UTC(1970, 0, 1, +m[1]!, +m[2]!, +m[3]!, +m[4]!)));
  m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/.exec(token);
  if (m) return new SchemaAndValue(Timestamp.SCHEMA, new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!)));
  return null;
}

function number(token: string): SchemaAndValue | null {
  if (!NUMBER.test(token)) return null;
  const d = BigDecimal.from(token);
  const integral = d.scale <= 0 || d.unscaled % 10n ** BigInt(d.scale) === 0n;
  if (integral) {
    const n = d.scale <= 0 ? d.unscaled * 10n ** BigInt(-d.scale) : d.unscaled / 10n ** BigInt(d.scale);
    if (BigInt.asIntN(8, n) === n) return new SchemaAndValue(Schema.INT8_SCHEMA, Number(n));
    if (BigInt.asIntN(16, n) === n) return new SchemaAndValue(Schema.INT16_SCHEMA, Number(n));
    if (BigInt.asIntN(32, n) === n) return new SchemaAndValue(Schema.INT32_SCHEMA, Number(n));
    if (BigInt.asIntN(64, n) === n) return new SchemaAndValue(Schema.INT64_SCHEMA, n);
    if (d.scale === 0) return new SchemaAndValue(Decimal.schema(0), d);
  }
  const x = Number(token);
  if (Math.abs(x) <= FLOAT32_MAX) return new SchemaAndValue(Schema.FLOAT32_SCHEMA, x);
  if (Number.isFinite(x)) return new SchemaAndValue(Schema.FLOAT64_SCHEMA, x);
  return new SchemaAndValue(Decimal.schema(d.scale), d);
}
