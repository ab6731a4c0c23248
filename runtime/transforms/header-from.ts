/**
 * HeaderFrom (`org.apache.kafka.connect.transforms.HeaderFrom$Key` / `$Value`): copies or moves
 * top-level fields of the key/value into headers. `fields` and `headers` pair up by position:
 * the i-th field becomes a header named by the i-th header name, with the field's schema
 * (schemaless: no schema). `operation=move` also removes the fields (the new schema is derived
 * once per input schema); `copy` leaves the key/value unchanged. Headers are appended after the
 * existing ones. With a schema, a listed field the schema lacks is a DataException. As in Kafka,
 * a null key/value is an error.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { ValidString } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { ConfigException, DataException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { nonEmptyList, replaceNullWithDefaultKey } from './config-util.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { SchemaCache, copySchemaBasics } from './schema-util.js';
import { fieldValue, requireMap, requireStruct, sameKind } from './schemaless.js';

export const HEADER_FROM_CONFIG = new ConfigDef()
  .define({ name: 'fields', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'Names of the fields whose values go into headers.' })
  .define({ name: 'headers', type: 'LIST', validator: nonEmptyList, importance: 'HIGH', documentation: 'Header names, one per field, in the order of fields.' })
  .define({
    name: 'operation',
    type: 'STRING',
    validator: ValidString.in('move', 'copy'),
    importance: 'HIGH',
    documentation: 'move to remove the fields from the key/value, copy to keep them.',
  })
  .define(replaceNullWithDefaultKey);

export class HeaderFrom<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #fields: readonly string[] = [];
  #headers: readonly string[] = [];
  #move = false;
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Schema>();

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    const c = HEADER_FROM_CONFIG.parse(props);
    if (c.fields.length !== c.headers.length) {
      const message = "'fields' config must have the same number of elements as 'headers' config.";
      throw new ConfigException(message, { errors: { headers: [message] } });
    }
    this.#fields = c.fields;
    this.#headers = c.headers;
    this.#move = c.operation === 'move';
    this.#replaceNullWithDefault = c['replace.null.with.default'];
    this.#cache.clear();
  }

  apply(record: R): R {
    const purpose = `header ${this.#move ? 'move' : 'copy'}`;
    const value = operatingValue(record, this.part);
    const headers = record.headers.duplicate();
    if (operatingSchema(record, this.part) === null) {
      const map = requireMap(value, purpose);
      const out = new Map(map);
      this.#fields.forEach((f, i) => {
        if (this.#move) out.delete(f);
        headers.add(this.#headers[i]!, map.get(f) ?? null, null);
      });
      return withPart(record, this.part, null, this.#move ? sameKind(value, out) : value, headers);
    }
    const struct = requireStruct(value, purpose);
    this.#fields.forEach((f, i) => {
      const field = struct.schema.field(f);
      if (field === undefined) throw new DataException(`Field "${f}" does not exist in the ${this.part} schema ${String(struct.schema)}; it cannot become header ${this.#headers[i]}`);
      headers.add(this.#headers[i]!, fieldValue(struct, f, this.#replaceNullWithDefault), field.schema);
    });
    if (!this.#move) return withPart(record, this.part, struct.schema, struct, headers);
    const schema = this.#cache.getOrCompute(struct.schema, (s) => this.#movedSchema(s));
    const out = new Struct(schema);
    for (const f of schema.fields) out.put(f, fieldValue(struct, f.name, this.#replaceNullWithDefault));
    return withPart(record, this.part, schema, out, headers);
  }

  #movedSchema(schema: Schema): Schema {
    const b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields) if (!this.#fields.includes(f.name)) b.field(f.name, f.schema);
    return b.build();
  }

  config(): ConfigDef {
    return HEADER_FROM_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}
