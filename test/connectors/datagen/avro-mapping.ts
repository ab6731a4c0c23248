// Test helper: Connect schema/value → Avro schema/value as the Avro converter maps them (optional
// → ["null", T], Decimal → bytes, Timestamp → long), to measure generated records with avsc.
import { Decimal, type Schema, type Struct } from '../../../runtime/api/index.js';

let names = 0;

export function connectToAvro(schema: Schema): unknown {
  const t = required(schema);
  return schema.optional ? ['null', t] : t;
}

function required(schema: Schema): unknown {
  if (schema.name === Decimal.LOGICAL_NAME) return 'bytes';
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      return 'int';
    case 'INT64':
      return 'long';
    case 'FLOAT32':
      return 'float';
    case 'FLOAT64':
      return 'double';
    case 'BOOLEAN':
      return 'boolean';
    case 'STRING':
      return 'string';
    case 'BYTES':
      return 'bytes';
    case 'ARRAY':
      return { type: 'array', items: connectToAvro(schema.valueSchema!) };
    case 'MAP':
      return { type: 'map', values: connectToAvro(schema.valueSchema!) };
    case 'STRUCT':
      return {
        type: 'record',
        name: `${(schema.name ?? 'Anon').replace(/\./g, '_')}_${names++}`,
        fields: schema.fields.map((f) => ({ name: f.name, type: connectToAvro(f.schema) })),
      };
  }
}

export function toAvroValue(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (schema.name === Decimal.LOGICAL_NAME) return Buffer.from(Decimal.fromLogical(schema, value as never));
  if (value instanceof Date) return value.getTime();
  switch (schema.type) {
    case 'INT64':
      return Number(value);
    case 'BYTES':
      return Buffer.from(value as Uint8Array);
    case 'ARRAY':
      return (value as unknown[]).map((x) => toAvroValue(schema.valueSchema!, x));
    case 'MAP':
      return Object.fromEntries([...(value as Map<string, unknown>)].map(([k, v]) => [k, toAvroValue(schema.valueSchema!, v)]));
    case 'STRUCT':
      return Object.fromEntries(schema.fields.map((f) => [f.name, toAvroValue(f.schema, (value as Struct).get(f))]));
    default:
      return value;
  }
}
