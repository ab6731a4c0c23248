/**
 * TimestampConverter (`org.apache.kafka.connect.transforms.TimestampConverter$Key` / `$Value`):
 * converts a timestamp, the whole key/value (`field` empty) or one top-level field, between
 *
 * | type      | value                                 | schema                      |
 * |-----------|---------------------------------------|-----------------------------|
 * | string    | text in the SimpleDateFormat `format` | STRING                      |
 * | unix      | epoch count in `unix.precision` units | INT64                       |
 * | Date      | JS Date at UTC midnight               | Date logical type           |
 * | Time      | JS Date on 1970-01-01 (time of day)   | Time logical type           |
 * | Timestamp | JS Date                               | Timestamp logical type      |
 *
 * The input type comes from the schema (a logical name, else STRING = string, INT64 = unix) or,
 * schemaless, from the value (Date = Timestamp, integer number or bigint = unix, string =
 * string). All calendar arithmetic is UTC; sub-millisecond precision is lost, as in Kafka.
 * Unix output is INT64, a bigint, with or without a schema. Nulls pass through, and so does a
 * schemaless object without the field. `format` is required when converting to string; it also
 * parses string input.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { LambdaValidator, ValidString } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { Date as DateType, Time, Timestamp } from '../api/data/logical-types.js';
import { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { LogicalNames } from '../api/data/validate-value.js';
import { describeValue } from '../api/data/values.js';
import { ConfigException, DataException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { replaceNullWithDefaultKey } from './config-util.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { SchemaCache, copySchemaBasics } from './schema-util.js';
import { fieldValue, requireMap, requireStructOrNull, sameKind } from './schemaless.js';
import { SimpleDateFormat } from './simple-date-format.js';

const PURPOSE = 'converting timestamp formats';
const MS_PER_DAY = 86_400_000;
type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type Precision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';
/** Milliseconds per unit (as a fraction for sub-millisecond units). */
const UNIT: Record<Precision, { readonly mul: bigint; readonly div: bigint }> = {
  seconds: { mul: 1000n, div: 1n },
  milliseconds: { mul: 1n, div: 1n },
  microseconds: { mul: 1n, div: 1000n },
  nanoseconds: { mul: 1n, div: 1_000_000n },
};

function formatMessage(pattern: string): string {
  return `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern}`;
}

export const TIMESTAMP_CONVERTER_CONFIG = new ConfigDef()
  .define({ name: 'field', type: 'STRING', default: '', importance: 'HIGH', documentation: 'The field holding the timestamp; empty when the whole key/value is the timestamp.' })
  .define({
    name: 'target.type',
    type: 'STRING',
    validator: ValidString.in('string', 'unix', 'Date', 'Time', 'Timestamp'),
    importance: 'HIGH',
    documentation: 'What to convert to: string, unix, Date, Time or Timestamp.',
  })
  .define({
    name: 'format',
    type: 'STRING',
    default: '',
    validator: LambdaValidator.with(
      (_name, value) => {
        if (typeof value !== 'string' || value.trim() === '') return;
        try {
          new SimpleDateFormat(value);
        } catch {
          throw new ConfigException(formatMessage(value), { errors: { format: [formatMessage(value)] } });
        }
      },
      () => 'java.text.SimpleDateFormat pattern',
    ),
    importance: 'MEDIUM',
    documentation: 'A java.text.SimpleDateFormat pattern: the output format for target.type=string, and how string input is parsed.',
  })
  .define({
    name: 'unix.precision',
    type: 'STRING',
    default: 'milliseconds',
    validator: ValidString.in('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
    importance: 'LOW',
    documentation: 'Unit of unix timestamps, read and written: seconds, milliseconds, microseconds or nanoseconds. Sub-millisecond digits are dropped.',
  })
  .define(replaceNullWithDefaultKey);

const SCHEMAS: Record<TimestampType, readonly [required: Schema, optional: Schema]> = {
  string: [Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA],
  unix: [Schema.INT64_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA],
  Date: [DateType.SCHEMA, DateType.builder().optional().build()],
  Time: [Time.SCHEMA, Time.builder().optional().build()],
  Timestamp: [Timestamp.SCHEMA, Timestamp.builder().optional().build()],
};

export class TimestampConverter<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #field = '';
  #target: TimestampType = 'Timestamp';
  #format: SimpleDateFormat | null = null;
  #precision: Precision = 'milliseconds';
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Schema>();

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    const c = TIMESTAMP_CONVERTER_CONFIG.parse(props);
    this.#field = c.field;
    this.#target = c['target.type'] as TimestampType;
    this.#precision = c['unix.precision'] as Precision;
    this.#replaceNullWithDefault = c['replace.null.with.default'];
    const pattern = c.format;
    if (this.#target === 'string' && pattern.trim() === '') {
      const message = 'TimestampConverter requires format option to be specified when using string timestamps';
      throw new ConfigException(message, { errors: { format: [message] } });
    }
    this.#format = pattern.trim() === '' ? null : new SimpleDateFormat(pattern);
    this.#cache.clear();
  }

  apply(record: R): R {
    const schema = operatingSchema(record, this.part);
    const value = operatingValue(record, this.part);
    if (schema === null) {
      if (value === null || this.#field === '') return withPart(record, this.part, null, this.#convert(value, null));
      const map = requireMap(value, PURPOSE);
      const out = new Map(map);
      if (map.has(this.#field)) out.set(this.#field, this.#convert(map.get(this.#field), null));
      return withPart(record, this.part, null, sameKind(value, out));
    }
    if (this.#field === '') {
      return withPart(record, this.part, this.#schemaFor(schema.optional), this.#convert(value, typeFromSchema(schema)));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updated = this.#cache.getOrCompute(schema, (s) => this.#updatedSchema(s));
    return withPart(record, this.part, updated, struct === null ? null : this.#convertStruct(struct, updated));
  }

  #schemaFor(optional: boolean): Schema {
    return SCHEMAS[this.#target][optional ? 1 : 0];
  }

  #updatedSchema(schema: Schema): Schema {
    if (schema.type !== 'STRUCT') throw new DataException(`Only Struct objects supported for [${PURPOSE}], found a ${schema.type} schema`);
    const b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields) b.field(f.name, f.name === this.#field ? this.#schemaFor(f.schema.optional) : f.schema);
    if (schema.optional) b.optional();
    if (schema.defaultValue instanceof Struct) b.defaultValue(this.#convertStruct(schema.defaultValue, b.build()));
    return b.build();
  }

  #convertStruct(struct: Struct, updated: Schema): Struct {
    const out = new Struct(updated);
    for (const f of struct.schema.fields) {
      const v = fieldValue(struct, f.name, this.#replaceNullWithDefault);
      out.put(f.name, f.name === this.#field ? this.#convert(v, typeFromSchema(f.schema)) : v);
    }
    return out;
  }

  /** `value` (of `from`, or inferred when null) as the target type. */
  #convert(value: unknown, from: TimestampType | null): unknown {
    if (value === null || value === undefined) return null;
    const raw = this.#toRaw(value, from ?? inferType(value));
    switch (this.#target) {
      case 'string':
        return this.#format!.format(raw);
      case 'unix': {
        const ms = BigInt(raw.getTime());
        const u = UNIT[this.#precision];
        return (ms * u.div) / u.mul;
      }
      case 'Date':
        return new Date(Math.floor(raw.getTime() / MS_PER_DAY) * MS_PER_DAY);
      case 'Time':
        return new Date(((raw.getTime() % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
      case 'Timestamp':
        return raw;
    }
  }

  #toRaw(value: unknown, from: TimestampType): Date {
    if (from === 'string') {
      if (typeof value !== 'string') throw new DataException(`Expected string timestamp to be a String, but found ${describeValue(value)}`);
      if (this.#format === null) throw new DataException(`Cannot parse string timestamp "${value}": set format to its SimpleDateFormat pattern`);
      try {
        return this.#format.parse(value);
      } catch {
        throw new DataException(`Could not parse timestamp: value (${value}) does not match pattern (${this.#format.pattern})`);
      }
    }
    if (from === 'unix') {
      if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isInteger(value))) {
        throw new DataException(`Expected Unix timestamp to be a Long, but found ${describeValue(value)}`);
      }
      const u = UNIT[this.#precision];
      const d = new Date(Number((BigInt(value) * u.mul) / u.div));
      if (Number.isNaN(d.getTime())) throw new DataException(`Unix timestamp ${value} (${this.#precision}) is outside the range of a date`);
      return d;
    }
    if (!(value instanceof Date)) throw new DataException(`Expected ${from} to be a Date, but found ${describeValue(value)}`);
    return value;
  }

  config(): ConfigDef {
    return TIMESTAMP_CONVERTER_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}

function typeFromSchema(schema: Schema): TimestampType {
  if (schema.name === LogicalNames.TIMESTAMP) return 'Timestamp';
  if (schema.name === LogicalNames.DATE) return 'Date';
  if (schema.name === LogicalNames.TIME) return 'Time';
  if (schema.type === 'STRING') return 'string';
  if (schema.type === 'INT64') return 'unix';
  throw new DataException(`Schema ${String(schema)} does not correspond to a known timestamp type format`);
}

function inferType(value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(`TimestampConverter does not support ${describeValue(value)} objects as timestamps`);
}
