/**
 * AvroData (Confluent's io.confluent.connect.avro.AvroData): the mapping between Connect data and
 * Avro data, both ways, with the schema caches `schemas.cache.config` sizes. The mapping tables
 * are in from-connect-schema.ts, to-connect-schema.ts and avro-values.ts; this class holds the
 * options and caches:
 *  - Connect schema -> Avro schema, per Schema instance (connectors reuse their schema objects);
 *  - Avro schema text (+ registry version) -> Connect schema.
 * Schemaless data (a null Connect schema) travels as Confluent's Anything record (anything.ts).
 * Not safe to share between converters with different options; one per converter.
 */
import { SchemaAndValue, type Schema } from '../../api/data/schema.js';
import { DataException } from '../../api/errors.js';
import { LruCache } from '../lru-cache.js';
import { DEFAULT_AVRO_DATA_OPTIONS, type AvroDataOptions } from './avro-data-config.js';
import { ANYTHING_SCHEMA, ANYTHING_SCHEMA_TEXT, anythingFromConnect, anythingToConnect, isAnything } from './anything.js';
import { parseAvroSchema, type AvroType } from './avro-schema.js';
import { avroToConnect, connectToAvro } from './avro-values.js';
import { fromConnectSchema } from './from-connect-schema.js';
import { toConnectSchema } from './to-connect-schema.js';

/** An Avro schema as the converter registers it: its text and its parsed form. */
export interface AvroSchemaInfo {
  readonly text: string;
  readonly model: AvroType;
}

export interface AvroDataSettings extends AvroDataOptions {
  /** `scrub.invalid.names`: replace characters Avro names cannot hold with `_`. Default false. */
  readonly scrubInvalidNames?: boolean;
}

const ANYTHING: AvroSchemaInfo = { text: ANYTHING_SCHEMA_TEXT, model: ANYTHING_SCHEMA };

export class AvroData {
  readonly options: Required<AvroDataSettings>;
  readonly #fromConnect: LruCache<Schema, AvroSchemaInfo>;
  readonly #toConnect: LruCache<string, Schema>;

  constructor(options: Partial<AvroDataSettings> = {}) {
    this.options = { ...DEFAULT_AVRO_DATA_OPTIONS, scrubInvalidNames: false, ...options };
    this.#fromConnect = new LruCache(this.options.schemasCacheSize);
    this.#toConnect = new LruCache(this.options.schemasCacheSize);
  }

  /** The Avro schema for a Connect schema; for schemaless data (a null schema) the Anything record. */
  fromConnectSchema(schema: Schema | null): AvroSchemaInfo {
    if (schema === null) return ANYTHING;
    let info = this.#fromConnect.get(schema);
    if (info === undefined) {
      const text = fromConnectSchema(schema, this.options);
      info = { text, model: parseAvroSchema(text) };
      this.#fromConnect.set(schema, info);
    }
    return info;
  }

  /** The avsc value of a Connect value, for the Avro type `avro` (the one from fromConnectSchema,
   * or a registered schema the value is written with, as with use.latest.version). */
  fromConnectData(schema: Schema | null, avro: AvroType, value: unknown): unknown {
    if (schema === null) {
      if (!isAnything(avro)) throw new DataException('Schemaless data can only be written with the io.confluent.connect.avro.Anything schema');
      return anythingFromConnect(value);
    }
    return connectToAvro(schema, avro, value);
  }

  /** The Connect schema of an Avro schema (`text` is the cache key; `model` its parsed form);
   * null for the Anything record (schemaless data). */
  toConnectSchema(text: string, model: AvroType, version?: number): Schema | null {
    if (isAnything(model)) return null;
    const key = version === undefined ? text : `${version}\0${text}`;
    let schema = this.#toConnect.get(key);
    if (schema === undefined) {
      schema = toConnectSchema(model, this.options, version);
      this.#toConnect.set(key, schema);
    }
    return schema;
  }

  /** The Connect schema and value of a decoded Avro value. */
  toConnectData(text: string, model: AvroType, value: unknown, version?: number): SchemaAndValue {
    if (value === null || value === undefined) return SchemaAndValue.NULL;
    return this.toConnectValue(this.toConnectSchema(text, model, version), model, value);
  }

  /** As toConnectData, with the Connect schema already at hand (the converter keeps it per id). */
  toConnectValue(schema: Schema | null, model: AvroType, value: unknown): SchemaAndValue {
    if (value === null || value === undefined) return SchemaAndValue.NULL;
    if (schema === null) return new SchemaAndValue(null, anythingToConnect(value as Record<string, unknown>));
    return new SchemaAndValue(schema, avroToConnect(schema, model, value));
  }
}

