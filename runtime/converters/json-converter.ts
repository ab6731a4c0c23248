/**
 * JsonConverter (Kafka's org.apache.kafka.connect.json.JsonConverter): Connect data as UTF-8
 * JSON, for keys, values and headers.
 *
 * With `schemas.enable=true` (the default) every message is an envelope carrying its own schema:
 *
 *   {"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],
 *              "optional":false,"name":"com.acme.User"},"payload":{"id":42}}
 *
 * and reading requires exactly those two members. With `schemas.enable=false` the message is the
 * payload alone and reads back schemaless (see json/json-data.ts for the value mapping and
 * json/json-schema.ts for the schema format). A null value with a null schema is a null message
 * (a tombstone), and a null message reads as SchemaAndValue.NULL.
 *
 * Settings: schemas.enable, schemas.cache.size (schemas converted each way, LRU),
 * decimal.format (BASE64 | NUMERIC, any case), replace.null.with.default, converter.type.
 */
import { type ConfigDef } from '../api/config/config-def.js';
import { CaseInsensitiveValidString } from '../api/config/validators.js';
import { SchemaAndValue, type Schema } from '../api/data/schema.js';
import { DataException } from '../api/errors.js';
import { converterConfigDef, converterTypeOf, withConverterType } from './converter-config.js';
import { DEFAULT_JSON_DATA_OPTIONS, connectToJson, jsonToConnect, type DecimalFormat, type JsonDataOptions } from './json/json-data.js';
import { connectSchemaToJson, jsonToConnectSchema } from './json/json-schema.js';
import { isJsonObject, parseJson, stringifyJson, type JsonObject, type JsonValue } from './json/json-text.js';
import { LruCache } from './lru-cache.js';
import { SyncConverter } from './sync-converter.js';

export const JSON_CONVERTER_CONFIG = converterConfigDef()
  .define({
    name: 'schemas.enable', type: 'BOOLEAN', default: true, importance: 'HIGH', group: 'Schemas', orderInGroup: 0, width: 'MEDIUM',
    displayName: 'Enable Schemas', documentation: 'Include schemas within each of the serialized values and keys.',
  })
  .define({
    name: 'schemas.cache.size', type: 'INT', default: 1000, importance: 'HIGH', group: 'Schemas', orderInGroup: 1, width: 'MEDIUM',
    displayName: 'Schema Cache Size', documentation: 'The maximum number of schemas that can be cached in this converter instance.',
  })
  .define({
    name: 'decimal.format', type: 'STRING', default: 'BASE64', validator: CaseInsensitiveValidString.in('BASE64', 'NUMERIC'),
    importance: 'LOW', group: 'Serialization', orderInGroup: 0, width: 'MEDIUM', displayName: 'Decimal Format',
    documentation: "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', default: true, importance: 'LOW', group: 'Serialization', orderInGroup: 1,
    width: 'MEDIUM', displayName: 'Replace null with default',
    documentation: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
  });

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class JsonConverter extends SyncConverter {
  #schemasEnabled = true;
  #options: JsonDataOptions = DEFAULT_JSON_DATA_OPTIONS;
  #fromConnectCache = new LruCache<Schema, JsonObject>(1000);
  #toConnectCache = new LruCache<string, Schema>(1000);

  override config(): ConfigDef {
    return JSON_CONVERTER_CONFIG;
  }

  /** As a key/value converter (`isKey` given) or as a header converter (`configure(configs)`). */
  override configure(configs: Readonly<Record<string, string>>, isKey?: boolean): void {
    const cfg = JSON_CONVERTER_CONFIG.parse(withConverterType(configs, converterTypeOf(configs, isKey)));
    this.#schemasEnabled = cfg['schemas.enable'];
    this.#options = {
      decimalFormat: cfg['decimal.format'].toUpperCase() as DecimalFormat,
      replaceNullWithDefault: cfg['replace.null.with.default'],
    };
    this.#fromConnectCache = new LruCache(cfg['schemas.cache.size']);
    this.#toConnectCache = new LruCache(cfg['schemas.cache.size']);
  }

  /** The message bytes (synchronous: JSON needs no service). */
  override serialize(schema: Schema | null, value: unknown): Buffer | null {
    if (schema === null && (value === null || value === undefined)) return null;
    const payload = connectToJson(schema, value, this.#options);
    const doc: JsonValue = this.#schemasEnabled ? new Map([['schema', this.asJsonSchema(schema)], ['payload', payload]]) : payload;
    return Buffer.from(stringifyJson(doc), 'utf8');
  }

  override deserialize(bytes: Uint8Array | null): SchemaAndValue {
    if (bytes === null) return SchemaAndValue.NULL;
    let doc: JsonValue;
    try {
      doc = parseJson(utf8.decode(bytes));
    } catch (e) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error: ${(e as Error).message}`, { cause: e });
    }
    if (!this.#schemasEnabled) return new SchemaAndValue(null, jsonToConnect(null, doc, this.#options));
    if (!isJsonObject(doc) || doc.size !== 2 || !doc.has('schema') || !doc.has('payload')) throw new DataException(ENVELOPE_ERROR);
    const schema = this.asConnectSchema(doc.get('schema')!);
    return new SchemaAndValue(schema, jsonToConnect(schema, doc.get('payload'), this.#options));
  }

  /** The envelope's schema member (null for a null schema). Cached per Schema instance. */
  asJsonSchema(schema: Schema | null): JsonObject | null {
    if (schema === null) return null;
    let json = this.#fromConnectCache.get(schema);
    if (json === undefined) {
      json = connectSchemaToJson(schema, this.#options);
      this.#fromConnectCache.set(schema, json);
    }
    return json;
  }

  /** The Connect schema of an envelope's schema member. Cached by the member's JSON text. */
  asConnectSchema(node: JsonValue): Schema | null {
    if (node === null) return null;
    const key = stringifyJson(node);
    let schema = this.#toConnectCache.get(key);
    if (schema === undefined) {
      schema = jsonToConnectSchema(node, this.#options)!;
      this.#toConnectCache.set(key, schema);
    }
    return schema;
  }

  close(): void {}
}
