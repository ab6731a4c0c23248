/**
 * HoistField (`org.apache.kafka.connect.transforms.HoistField$Key` / `$Value`): wraps the
 * key/value in a single-field Struct (schema: an unnamed STRUCT with one field of the original
 * schema, derived once per input schema) or, without a schema, in a one-entry Map. As in Kafka,
 * a null key/value is wrapped too (a Struct with a null field needs an optional schema).
 */
import { ConfigDef } from '../api/config/config-def.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { SchemaCache } from './schema-util.js';

export const HOIST_FIELD_CONFIG = new ConfigDef().define({
  name: 'field',
  type: 'STRING',
  importance: 'MEDIUM',
  documentation: 'Name of the single field of the resulting Struct or Map.',
});

export class HoistField<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #field = '';
  readonly #cache = new SchemaCache<Schema>();

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    this.#field = HOIST_FIELD_CONFIG.parse(props).field;
    this.#cache.clear();
  }

  apply(record: R): R {
    const schema = operatingSchema(record, this.part);
    const value = operatingValue(record, this.part);
    if (schema === null) return withPart(record, this.part, null, new Map([[this.#field, value]]));
    const updated = this.#cache.getOrCompute(schema, (s) => SchemaBuilder.struct().field(this.#field, s).build());
    return withPart(record, this.part, updated, new Struct(updated).put(this.#field, value));
  }

  config(): ConfigDef {
    return HOIST_FIELD_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}
