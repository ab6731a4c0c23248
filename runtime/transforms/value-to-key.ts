/**
 * ValueToKey (`org.apache.kafka.connect.transforms.ValueToKey`): replaces the record key with a
 * new Struct (or schemaless object) made of the listed fields of the value, in the order listed.
 * The value is unchanged. With a schema, the key schema is an unnamed STRUCT of those fields'
 * schemas, derived once per value schema; a listed field the value schema lacks is a
 * DataException. As in Kafka, a null value is an error (nothing to copy from).
 */
import { ConfigDef } from '../api/config/config-def.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { DataException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { nonEmptyList, replaceNullWithDefaultKey } from './config-util.js';
import { SchemaCache } from './schema-util.js';
import { fieldValue, requireMap, requireStruct, sameKind } from './schemaless.js';

const PURPOSE = 'copying fields from value to key';

export const VALUE_TO_KEY_CONFIG = new ConfigDef()
  .define({ name: 'fields', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'Names of the value fields that make up the new key.' })
  .define(replaceNullWithDefaultKey);

export class ValueToKey<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #fields: readonly string[] = [];
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Schema>();

  configure(props: Readonly<Record<string, string>>): void {
    const c = VALUE_TO_KEY_CONFIG.parse(props);
    this.#fields = c.fields;
    this.#replaceNullWithDefault = c['replace.null.with.default'];
    this.#cache.clear();
  }

  apply(record: R): R {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      const key = new Map<string, unknown>();
      for (const f of this.#fields) key.set(f, value.get(f) ?? null);
      return record.newRecord({ keySchema: null, key: sameKind(record.value, key) });
    }
    const value = requireStruct(record.value, PURPOSE);
    const keySchema = this.#cache.getOrCompute(value.schema, (s) => this.#keySchema(s));
    const key = new Struct(keySchema);
    for (const f of this.#fields) key.put(f, fieldValue(value, f, this.#replaceNullWithDefault));
    return record.newRecord({ keySchema, key });
  }

  #keySchema(valueSchema: Schema): Schema {
    const b = SchemaBuilder.struct();
    for (const name of this.#fields) {
      const f = valueSchema.field(name);
      if (f === undefined) {
        throw new DataException(`Field does not exist: ${name} (the value's fields are: ${valueSchema.fields.map((x) => x.name).join(', ') || 'none'})`);
      }
      b.field(name, f.schema);
    }
    return b.build();
  }

  config(): ConfigDef {
    return VALUE_TO_KEY_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}
