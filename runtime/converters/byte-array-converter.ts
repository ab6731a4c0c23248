/**
 * ByteArrayConverter (Kafka's org.apache.kafka.connect.converters.ByteArrayConverter): the bytes
 * pass through unchanged. Writing accepts only a BYTES schema (or none) and a Uint8Array value;
 * reading yields Schema.OPTIONAL_BYTES_SCHEMA and a copy of the bytes (the caller may reuse the
 * record's buffer). Decimal is a BYTES schema too but its value is a BigDecimal, so it is refused
 * like any non-bytes value.
 */
import type { ConfigDef } from '../api/config/config-def.js';
import { Schema, SchemaAndValue } from '../api/data/schema.js';
import { describeValue } from '../api/data/values.js';
import { DataException } from '../api/errors.js';
import { converterConfigDef } from './converter-config.js';
import { SyncConverter } from './sync-converter.js';

export const BYTE_ARRAY_CONVERTER_CONFIG = converterConfigDef();

export class ByteArrayConverter extends SyncConverter {
  override config(): ConfigDef {
    return BYTE_ARRAY_CONVERTER_CONFIG;
  }

  override configure(): void {}

  override serialize(schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type !== 'BYTES') throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type} (it writes BYTES only)`);
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array)) throw new DataException(`ByteArrayConverter is not compatible with objects of type ${describeValue(value)}: expected a Uint8Array`);
    return Buffer.from(value);
  }

  override deserialize(bytes: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, bytes === null ? null : Buffer.from(bytes));
  }

  close(): void {}
}
