/**
 * Converters turn Connect data (a schema and a value) into the bytes of a Kafka record's key,
 * value or header and back (Kafka's Converter and HeaderConverter). The worker creates one
 * converter per role (key, value) per task, configures it once, then calls it for every record;
 * the same instance never runs two calls at once for one task, but must not keep per-record
 * state between calls.
 *
 * A conversion may answer a promise because some converters talk to a service (the Avro converter
 * looks up and registers schemas in the schema registry); a steady stream should be served from
 * caches and answer synchronously: the worker awaits only a promise, and a synchronous answer
 * saves a turn of the event loop per record and converter. Errors may be thrown or rejected.
 * A conversion that fails because of the data throws DataException (the worker's error policy
 * decides what happens to the record); one that fails because a service is unavailable throws
 * RetriableException.
 */
import type { ConfigDef } from '../config/config-def.js';
import type { Awaitable } from '../connector/connector.js';
import type { Schema, SchemaAndValue } from '../data/schema.js';
import type { Headers } from '../header/headers.js';

export interface Converter {
  /**
   * Called once before any conversion with the converter's settings (the worker's
   * `key.converter.*` / `value.converter.*` keys, prefix removed, overridden per connector) and
   * whether it converts keys or values.
   */
  configure(configs: Readonly<Record<string, string>>, isKey: boolean): void | Promise<void>;
  /** The bytes for `value` under `schema` (null schema: schemaless data); null for a null value. */
  fromConnectData(topic: string, headers: Headers, schema: Schema | null, value: unknown): Awaitable<Buffer | null>;
  /** The Connect schema and value of record bytes (null bytes: a null value, e.g. a tombstone). */
  toConnectData(topic: string, headers: Headers, bytes: Buffer | null): Awaitable<SchemaAndValue>;
  /** The settings this converter accepts (for validation and docs). */
  config(): ConfigDef;
  close?(): void | Promise<void>;
}

/** The same for header values (Kafka's HeaderConverter); synchronous: headers never need a service. */
export interface HeaderConverter {
  configure(configs: Readonly<Record<string, string>>): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectHeader(topic: string, headerKey: string, bytes: Buffer | null): SchemaAndValue;
  config(): ConfigDef;
  close?(): void;
}
