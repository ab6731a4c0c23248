/**
 * Schemaless data in Avro, as Confluent's AvroData writes it: every value is a record
 * io.confluent.connect.avro.Anything with one optional field per kind of value, of which at most
 * one is set (none: null). Arrays hold Anything records; maps are arrays of MapEntry records whose
 * key and value are Anything records.
 *
 * | JS value (schemaless Connect)          | field set  |  read back as          |
 * |----------------------------------------|------------|------------------------|
 * | boolean                                | boolean    | boolean                |
 * | Uint8Array                             | bytes      | Buffer                 |
 * | number, not a 32-bit integer           | double     | number                 |
 * | number, 32-bit integer                 | int        | number                 |
 * | bigint                                 | long       | bigint                 |
 * | string                                 | string     | string                 |
 * | array                                  | array      | array                  |
 * | Map                                    | map        | Map                    |
 * | null                                   | (none)     | null                   |
 * (a float field written by another producer reads as a number too)
 */
import { describeValue } from '../../api/data/values.js';
import { DataException } from '../../api/errors.js';
import { KEY_FIELD, MAP_ENTRY_TYPE_NAME, NAMESPACE, VALUE_FIELD } from './avro-data-config.js';
import { parseAvroSchema, type AvroType } from './avro-schema.js';

export const ANYTHING_FULL_NAME = `${NAMESPACE}.Anything`;

const optional = (name: string, type: unknown): object => ({ name, type: ['null', type], default: null });

/** The Anything schema's text, in the layout Confluent's converter registers. */
export const ANYTHING_SCHEMA_TEXT = JSON.stringify({
  type: 'record', name: 'Anything', namespace: NAMESPACE,
  fields: [
    optional('boolean', 'boolean'), optional('bytes', 'bytes'), optional('double', 'double'), optional('float', 'float'),
    optional('int', 'int'), optional('long', 'long'), optional('string', 'string'),
    optional('array', { type: 'array', items: 'Anything' }),
    optional('map', {
      type: 'array',
      items: { type: 'record', name: MAP_ENTRY_TYPE_NAME, fields: [{ name: KEY_FIELD, type: 'Anything' }, { name: VALUE_FIELD, type: 'Anything' }] },
    }),
  ],
});

export const ANYTHING_SCHEMA: AvroType = parseAvroSchema(ANYTHING_SCHEMA_TEXT);

/** Whether a writer's schema is the Anything record (the data is schemaless). */
export function isAnything(t: AvroType): boolean {
  return t.kind === 'record' && t.fullName === ANYTHING_FULL_NAME;
}

const one = (field: string, branch: string, v: unknown): Record<string, unknown> => ({ [field]: { [branch]: v } });

/** The avsc value (an Anything record) of a schemaless Connect value. */
export function anythingFromConnect(value: unknown, path = ''): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'boolean') return one('boolean', 'boolean', value);
  if (value instanceof Uint8Array) return one('bytes', 'bytes', Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  if (typeof value === 'number') return Number.isInteger(value) && value === (value | 0) ? one('int', 'int', value) : one('double', 'double', value);
  if (typeof value === 'bigint') return one('long', 'long', value);
  if (typeof value === 'string') return one('string', 'string', value);
  if (Array.isArray(value)) return one('array', 'array', value.map((v, i) => anythingFromConnect(v, `${path}[${i}]`)));
  if (value instanceof Map) {
    const entries = [...value].map(([k, v], i) => ({ [KEY_FIELD]: anythingFromConnect(k, `${path}[${i}](key)`), [VALUE_FIELD]: anythingFromConnect(v, `${path}[${i}]`) }));
    return one('map', 'array', entries);
  }
  throw new DataException(`Unknown type for schemaless data${path === '' ? '' : ` at "${path}"`}: ${describeValue(value)} (give logical types and Structs a schema)`);
}

/** The schemaless Connect value of a decoded Anything record. */
export function anythingToConnect(record: Record<string, unknown>): unknown {
  for (const field of ['boolean', 'bytes', 'double', 'float', 'int', 'long', 'string', 'array', 'map']) {
    const wrapped = record[field] as Record<string, unknown> | null | undefined;
    if (wrapped === null || wrapped === undefined) continue;
    const v = Object.values(wrapped)[0];
    if (field === 'array') return (v as Record<string, unknown>[]).map(anythingToConnect);
    if (field === 'map') {
      return new Map((v as Record<string, Record<string, unknown>>[]).map((e) => [anythingToConnect(e[KEY_FIELD]!), anythingToConnect(e[VALUE_FIELD]!)]));
    }
    return v;
  }
  return null;
}
