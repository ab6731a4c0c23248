/**
 * SetSchemaMetadata (`org.apache.kafka.connect.transforms.SetSchemaMetadata$Key` / `$Value`):
 * sets the name and/or version of the key/value schema, keeping everything else. A Struct is
 * rebuilt on the renamed schema (a Struct belongs to exactly one schema); other values are kept.
 * The renamed schema is derived once per input schema. A record whose part has neither schema
 * nor value passes unchanged; schemaless data with a value is a DataException.
 */
import { ConfigDef } from '../api/config/config-def.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { Schema } from '../api/data/schema.js';
import { Struct } from '../api/data/struct.js';
import { ConfigException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { replaceNullWithDefaultKey } from './config-util.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { SchemaCache, withNameAndVersion } from './schema-util.js';
import { fieldValue, requireSchema } from './schemaless.js';

export const SET_SCHEMA_METADATA_CONFIG = new ConfigDef()
  .define({ name: 'schema.name', type: 'STRING', default: null, importance: 'HIGH', documentation: 'The schema name to set.' })
  .define({ name: 'schema.version', type: 'INT', default: null, importance: 'HIGH', documentation: 'The schema version to set.' })
  .define(replaceNullWithDefaultKey);

export class SetSchemaMetadata<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #name: string | null = null;
  #version: number | null = null;
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Schema>();

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    const c = SET_SCHEMA_METADATA_CONFIG.parse(props);
    this.#name = c['schema.name'];
    this.#version = c['schema.version'];
    this.#replaceNullWithDefault = c['replace.null.with.default'];
    if (this.#name === null && this.#version === null) throw new ConfigException('Neither schema name nor version configured');
    this.#cache.clear();
  }

  apply(record: R): R {
    const value = operatingValue(record, this.part);
    const schema = operatingSchema(record, this.part);
    if (value === null && schema === null) return record;
    const original = requireSchema(schema, 'updating schema metadata');
    const updated = this.#cache.getOrCompute(original, (s) => withNameAndVersion(s, this.#name ?? s.name, this.#version ?? s.version));
    return withPart(record, this.part, updated, value instanceof Struct ? this.#rebuild(value, updated) : value);
  }

  #rebuild(struct: Struct, updated: Schema): Struct {
    const out = new Struct(updated);
    for (const f of updated.fields) out.put(f, fieldValue(struct, f.name, this.#replaceNullWithDefault));
    return out;
  }

  config(): ConfigDef {
    return SET_SCHEMA_METADATA_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}
