/**
 * Base of the converters that need no service (byte array, the fixed-width numbers, JSON): one
 * synchronous `serialize` / `deserialize` pair serves record keys and values (Converter) and
 * headers (HeaderConverter) alike; the topic, headers and header key do not matter to them.
 */
import type { ConfigDef } from '../api/config/config-def.js';
import type { Schema, SchemaAndValue } from '../api/data/schema.js';
import type { Headers } from '../api/header/headers.js';
import type { Converter, HeaderConverter } from '../api/plugins/converter.js';

export abstract class SyncConverter implements Converter, HeaderConverter {
  abstract config(): ConfigDef;
  abstract configure(configs: Readonly<Record<string, string>>, isKey?: boolean): void;
  /** The bytes of `value` under `schema` (null schema: schemaless); null for a null value. */
  abstract serialize(schema: Schema | null, value: unknown): Buffer | null;
  /** The Connect schema and value of the bytes; SchemaAndValue.NULL for null bytes. */
  abstract deserialize(bytes: Uint8Array | null): SchemaAndValue;

  fromConnectData(_topic: string, _headers: Headers, schema: Schema | null, value: unknown): Buffer | null {
    return this.serialize(schema, value);
  }

  toConnectData(_topic: string, _headers: Headers, bytes: Buffer | null): SchemaAndValue {
    return this.deserialize(bytes);
  }

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.serialize(schema, value);
  }

  toConnectHeader(_topic: string, _headerKey: string, bytes: Buffer | null): SchemaAndValue {
    return this.deserialize(bytes);
  }
}
