/**
 * InsertField (`org.apache.kafka.connect.transforms.InsertField$Key` / `$Value`): adds fields
 * holding the record's topic, partition, offset (sink records only) and timestamp, and/or a
 * static string, to a Struct or a schemaless object.
 *
 * Each field setting is a name, optionally suffixed `!` (the field is required in the new
 * schema) or `?` (optional, the default). With a schema, the new fields are appended after the
 * existing ones with types STRING (topic, static), INT32 (partition), INT64 (offset) and
 * Timestamp (timestamp); the schema is derived once per input schema. A partition or timestamp
 * the record does not have is left unset. A null key/value (a tombstone) passes unchanged.
 */
import { ConfigDef } from '../api/config/config-def.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { Timestamp } from '../api/data/logical-types.js';
import { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { ConfigException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { replaceNullWithDefaultKey } from './config-util.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { SchemaCache, copySchemaBasics } from './schema-util.js';
import { fieldValue, requireMap, requireSinkRecord, requireStruct, sameKind } from './schemaless.js';

const PURPOSE = 'field insertion';
const OPTIONALITY = 'Suffix the name with ! to make the field required, or ? to keep it optional (the default).';
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build();

export const INSERT_FIELD_CONFIG = new ConfigDef()
  .define({ name: 'topic.field', type: 'STRING', default: null, importance: 'MEDIUM', documentation: `Name of the field that receives the Kafka topic. ${OPTIONALITY}` })
  .define({ name: 'partition.field', type: 'STRING', default: null, importance: 'MEDIUM', documentation: `Name of the field that receives the Kafka partition. ${OPTIONALITY}` })
  .define({
    name: 'offset.field',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    documentation: `Name of the field that receives the Kafka offset (sink connectors only). ${OPTIONALITY}`,
  })
  .define({ name: 'timestamp.field', type: 'STRING', default: null, importance: 'MEDIUM', documentation: `Name of the field that receives the record timestamp. ${OPTIONALITY}` })
  .define({ name: 'static.field', type: 'STRING', default: null, importance: 'MEDIUM', documentation: `Name of the field that receives static.value. ${OPTIONALITY}` })
  .define({ name: 'static.value', type: 'STRING', default: null, importance: 'MEDIUM', documentation: 'The string inserted into static.field.' })
  .define(replaceNullWithDefaultKey);

interface InsertionSpec {
  readonly name: string;
  readonly optional: boolean;
}

/** `name`, `name?` (optional) or `name!` (required); null when the setting is absent. */
function parseSpec(spec: string | null): InsertionSpec | null {
  if (spec === null) return null;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

export class InsertField<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #topic: InsertionSpec | null = null;
  #partition: InsertionSpec | null = null;
  #offset: InsertionSpec | null = null;
  #timestamp: InsertionSpec | null = null;
  #static: InsertionSpec | null = null;
  #staticValue: string | null = null;
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Schema>();

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    const c = INSERT_FIELD_CONFIG.parse(props);
    this.#topic = parseSpec(c['topic.field']);
    this.#partition = parseSpec(c['partition.field']);
    this.#offset = parseSpec(c['offset.field']);
    this.#timestamp = parseSpec(c['timestamp.field']);
    this.#static = parseSpec(c['static.field']);
    this.#staticValue = c['static.value'];
    this.#replaceNullWithDefault = c['replace.null.with.default'];
    if (!this.#topic && !this.#partition && !this.#offset && !this.#timestamp && !this.#static) {
      throw new ConfigException('No field insertion configured');
    }
    if (this.#static !== null && this.#staticValue === null) {
      throw ConfigException.invalid('static.value', null, `No value specified for static field: ${this.#static.name}`);
    }
    this.#cache.clear();
  }

  apply(record: R): R {
    const value = operatingValue(record, this.part);
    if (value === null) return record;
    return operatingSchema(record, this.part) === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value);
  }

  #applySchemaless(record: R, value: unknown): R {
    const out = new Map(requireMap(value, PURPOSE));
    if (this.#topic) out.set(this.#topic.name, record.topic);
    if (this.#partition && record.kafkaPartition !== null) out.set(this.#partition.name, record.kafkaPartition);
    if (this.#offset) out.set(this.#offset.name, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset));
    if (this.#timestamp && record.timestamp !== null) out.set(this.#timestamp.name, BigInt(record.timestamp));
    if (this.#static && this.#staticValue !== null) out.set(this.#static.name, this.#staticValue);
    return withPart(record, this.part, null, sameKind(value, out));
  }

  #applyWithSchema(record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE);
    const schema = this.#cache.getOrCompute(struct.schema, (s) => this.#updatedSchema(s));
    const out = new Struct(schema);
    for (const f of struct.schema.fields) out.put(f.name, fieldValue(struct, f.name, this.#replaceNullWithDefault));
    if (this.#topic) out.put(this.#topic.name, record.topic);
    if (this.#partition && record.kafkaPartition !== null) out.put(this.#partition.name, record.kafkaPartition);
    if (this.#offset) out.put(this.#offset.name, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset));
    if (this.#timestamp && record.timestamp !== null) out.put(this.#timestamp.name, new Date(record.timestamp));
    if (this.#static && this.#staticValue !== null) out.put(this.#static.name, this.#staticValue);
    return withPart(record, this.part, schema, out);
  }

  #updatedSchema(schema: Schema): Schema {
    const b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields) b.field(f.name, f.schema);
    if (this.#topic) b.field(this.#topic.name, this.#topic.optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA);
    if (this.#partition) b.field(this.#partition.name, this.#partition.optional ? Schema.OPTIONAL_INT32_SCHEMA : Schema.INT32_SCHEMA);
    if (this.#offset) b.field(this.#offset.name, this.#offset.optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA);
    if (this.#timestamp) b.field(this.#timestamp.name, this.#timestamp.optional ? OPTIONAL_TIMESTAMP_SCHEMA : Timestamp.SCHEMA);
    if (this.#static) b.field(this.#static.name, this.#static.optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA);
    return b.build();
  }

  config(): ConfigDef {
    return INSERT_FIELD_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}
