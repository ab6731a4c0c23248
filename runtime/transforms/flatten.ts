/**
 * Flatten (`org.apache.kafka.connect.transforms.Flatten$Key` / `$Value`): lifts the fields of
 * nested Structs (or nested schemaless objects) to the top level, naming each by its path joined
 * with `delimiter` (default "."): `{a: {b: 1}}` becomes `{"a.b": 1}`. Arrays and their contents
 * are kept as they are.
 *
 * With a schema: a flattened field is optional when it or any struct above it is optional, and
 * takes its default from its own schema or else from the default of the struct above it. MAP
 * fields are not supported (DataException), as in Kafka. The flat schema is derived once per
 * input schema. A null nested struct leaves its fields null; a null key/value passes unchanged.
 * Without a schema: nested Maps and plain objects are flattened into one object of the outer
 * kind; a Struct inside schemaless data is a DataException.
 */
import { ConfigDef } from '../api/config/config-def.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { DataException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { SchemaCache, copySchemaBasics, copySchemaBuilder } from './schema-util.js';
import { isSchemalessObject, requireMap, requireStruct, sameKind } from './schemaless.js';

const PURPOSE = 'flattening';

export const FLATTEN_CONFIG = new ConfigDef().define({
  name: 'delimiter',
  type: 'STRING',
  default: '.',
  importance: 'MEDIUM',
  documentation: 'Separator placed between the names of the enclosing fields and the field when naming a flattened field.',
});

export class Flatten<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #delimiter = '.';
  readonly #cache = new SchemaCache<Schema>();

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    this.#delimiter = FLATTEN_CONFIG.parse(props).delimiter;
    this.#cache.clear();
  }

  apply(record: R): R {
    const value = operatingValue(record, this.part);
    if (value === null) return record;
    const schema = operatingSchema(record, this.part);
    if (schema === null) {
      const out = new Map<string, unknown>();
      this.#flattenSchemaless(requireMap(value, PURPOSE), '', out);
      return withPart(record, this.part, null, sameKind(value, out));
    }
    const struct = requireStruct(value, PURPOSE);
    const flat = this.#cache.getOrCompute(schema, (s) => this.#flatSchema(s));
    const out = new Struct(flat);
    this.#flattenStruct(struct, '', out);
    return withPart(record, this.part, flat, out);
  }

  #name(prefix: string, name: string): string {
    return prefix === '' ? name : `${prefix}${this.#delimiter}${name}`;
  }

  #flattenSchemaless(map: ReadonlyMap<string, unknown>, prefix: string, out: Map<string, unknown>): void {
    for (const [k, v] of map) {
      const name = this.#name(prefix, k);
      if (isSchemalessObject(v)) this.#flattenSchemaless(requireMap(v, PURPOSE), name, out);
      else if (v instanceof Struct) throw new DataException(`Flatten transformation does not support Struct values for records without schemas (for field ${name}).`);
      else out.set(name, v ?? null);
    }
  }

  #flatSchema(schema: Schema): Schema {
    if (schema.type !== 'STRUCT') throw new DataException(`Only Struct objects supported for [${PURPOSE}], found a ${schema.type} schema`);
    const b = copySchemaBasics(schema, SchemaBuilder.struct());
    this.#addFields(schema, '', b, schema.optional, schema.defaultValue instanceof Struct ? schema.defaultValue : null);
    return b.build();
  }

  /** Appends the flattened fields of `schema`; `optional` and `parentDefault` come from the structs above. */
  #addFields(schema: Schema, prefix: string, b: SchemaBuilder, optional: boolean, parentDefault: Struct | null): void {
    for (const f of schema.fields) {
      const name = this.#name(prefix, f.name);
      const fieldOptional = optional || f.schema.optional;
      const def = f.schema.defaultValue ?? (parentDefault === null ? null : parentDefault.get(f.name));
      if (f.schema.type === 'STRUCT') {
        this.#addFields(f.schema, name, b, fieldOptional, def instanceof Struct ? def : null);
      } else if (f.schema.type === 'MAP') {
        throw new DataException(`Flatten transformation does not support MAP for record with schemas (for field ${name}).`);
      } else {
        const fb = copySchemaBuilder(f.schema);
        if (fieldOptional) fb.optional();
        if (def !== null && def !== undefined) fb.defaultValue(def);
        b.field(name, fb.build());
      }
    }
  }

  #flattenStruct(struct: Struct, prefix: string, out: Struct): void {
    for (const f of struct.schema.fields) {
      const name = this.#name(prefix, f.name);
      if (f.schema.type === 'STRUCT') {
        const nested = struct.get(f.name);
        if (nested instanceof Struct) this.#flattenStruct(nested, name, out);
      } else {
        out.put(name, struct.get(f.name));
      }
    }
  }

  config(): ConfigDef {
    return FLATTEN_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}
