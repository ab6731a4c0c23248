/**
 * MaskField (`org.apache.kafka.connect.transforms.MaskField$Key` / `$Value`): replaces the values
 * of the listed fields with the "empty" value of their type (0, 0n, false, "", an empty array or
 * map, the epoch for Date/Time/Timestamp, zero for Decimal), or with `replacement` converted to
 * the field's type (numbers, Decimal and strings only).
 *
 * The schema is unchanged. A null field stays null. As in Kafka, a null key/value is an error
 * (there is nothing to mask): guard the transform with RecordIsTombstone if tombstones occur.
 * In schemaless data only fields present are masked (Kafka would add the missing ones as null).
 */
import { ConfigDef } from '../api/config/config-def.js';
import { NonEmptyString } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { BigDecimal } from '../api/data/big-decimal.js';
import { Decimal } from '../api/data/logical-types.js';
import type { Schema } from '../api/data/schema.js';
import { Struct } from '../api/data/struct.js';
import { LogicalNames } from '../api/data/validate-value.js';
import { describeValue } from '../api/data/values.js';
import { DataException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { nonEmptyList, replaceNullWithDefaultKey } from './config-util.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { fieldValue, isPlainObject, requireMap, requireStruct, sameKind } from './schemaless.js';

const PURPOSE = 'mask fields';

export const MASK_FIELD_CONFIG = new ConfigDef()
  .define({ name: 'fields', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'Names of the fields to mask.' })
  .define({
    name: 'replacement',
    type: 'STRING',
    default: null,
    validator: new NonEmptyString(),
    importance: 'LOW',
    documentation: 'A value to put in every masked field instead of the empty value (numeric and string fields only).',
  })
  .define(replaceNullWithDefaultKey);

export class MaskField<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #fields = new Set<string>();
  #replacement: string | null = null;
  #replaceNullWithDefault = true;

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    const c = MASK_FIELD_CONFIG.parse(props);
    this.#fields = new Set(c.fields);
    this.#replacement = c.replacement;
    this.#replaceNullWithDefault = c['replace.null.with.default'];
  }

  apply(record: R): R {
    const value = operatingValue(record, this.part);
    if (operatingSchema(record, this.part) === null) {
      const map = requireMap(value, PURPOSE);
      const out = new Map(map);
      for (const name of this.#fields) if (map.has(name)) out.set(name, this.#mask(map.get(name), null, name));
      return withPart(record, this.part, null, sameKind(value, out));
    }
    const struct = requireStruct(value, PURPOSE);
    const out = new Struct(struct.schema);
    for (const f of struct.schema.fields) {
      const v = fieldValue(struct, f.name, this.#replaceNullWithDefault);
      out.put(f.name, this.#fields.has(f.name) ? this.#mask(v, f.schema, f.name) : v);
    }
    return withPart(record, this.part, struct.schema, out);
  }

  #mask(value: unknown, schema: Schema | null, field: string): unknown {
    if (value === null || value === undefined) return null;
    return this.#replacement === null ? emptyValue(value, schema, field) : replaced(value, schema, this.#replacement, field);
  }

  config(): ConfigDef {
    return MASK_FIELD_CONFIG;
  }
}

/** The "null value" of a value's type. */
function emptyValue(value: unknown, schema: Schema | null, field: string): unknown {
  if (schema?.name === LogicalNames.DECIMAL) return new BigDecimal(0n, Decimal.scale(schema));
  if (value instanceof Date) return new Date(0);
  if (value instanceof BigDecimal) return new BigDecimal(0n, 0);
  if (Array.isArray(value)) return [];
  if (value instanceof Map) return new Map();
  if (isPlainObject(value)) return {};
  switch (typeof value) {
    case 'number':
      return 0;
    case 'bigint':
      return 0n;
    case 'boolean':
      return false;
    case 'string':
      return '';
    default:
      throw new DataException(`Cannot mask field "${field}": a value of type ${describeValue(value)} has no empty value`);
  }
}

/** `replacement` converted to the value's type; DataException when the type has no conversion. */
function replaced(value: unknown, schema: Schema | null, replacement: string, field: string): unknown {
  const notANumber = (): never => {
    throw new DataException(`Cannot mask field "${field}": unable to convert ${replacement} to a number`);
  };
  if (value instanceof BigDecimal) {
    let d: BigDecimal;
    try {
      d = BigDecimal.from(replacement);
    } catch {
      return notANumber();
    }
    return schema?.name === LogicalNames.DECIMAL ? rescale(d, Decimal.scale(schema), field) : d;
  }
  if (typeof value === 'string') return replacement;
  if (typeof value === 'bigint') {
    const text = replacement.trim();
    const n = Number(text);
    let v: bigint;
    if (/^[+-]?\d+$/.test(text)) v = BigInt(text);
    else if (text !== '' && Number.isFinite(n)) v = BigInt(Math.trunc(n));
    else return notANumber();
    if (v !== BigInt.asIntN(64, v)) throw new DataException(`Cannot mask field "${field}": ${replacement} is out of range for INT64`);
    return v;
  }
  if (typeof value === 'number') {
    const n = Number(replacement.trim());
    if (Number.isNaN(n) || replacement.trim() === '') return notANumber();
    const type = schema?.type;
    if (type === 'INT8' || type === 'INT16' || type === 'INT32') return intInRange(Math.trunc(n), type, replacement, field);
    return n;
  }
  throw new DataException(`Cannot mask field "${field}": a value of type ${describeValue(value)} cannot take a custom replacement`);
}

const INT_RANGE = { INT8: [-128, 127], INT16: [-32768, 32767], INT32: [-2147483648, 2147483647] } as const;

function intInRange(n: number, type: keyof typeof INT_RANGE, replacement: string, field: string): number {
  const [lo, hi] = INT_RANGE[type];
  if (n < lo || n > hi) throw new DataException(`Cannot mask field "${field}": ${replacement} is out of range for ${type}`);
  return n;
}

function rescale(d: BigDecimal, scale: number, field: string): BigDecimal {
  try {
    return d.setScale(scale);
  } catch {
    throw new DataException(`Cannot mask field "${field}": replacement ${d.toString()} does not fit the Decimal scale ${scale}`);
  }
}
