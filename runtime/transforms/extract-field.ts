/**
 * ExtractField (`org.apache.kafka.connect.transforms.ExtractField$Key` / `$Value`): replaces the
 * key/value by one of its fields: a Struct field (the schema becomes the field's schema) or an
 * entry of a schemaless object (null when absent). With `field.syntax.version=V2` the field is a
 * dotted path into nested structures (see field-path.ts). A null key/value passes through (its
 * schema still becomes the field's). With a schema, a field the schema lacks is a DataException.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { CaseInsensitiveValidString } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { DataException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { replaceNullWithDefaultKey } from './config-util.js';
import { FIELD_SYNTAX_VERSION, SingleFieldPath, type FieldSyntaxVersion } from './field-path.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { requireStructOrNull } from './schemaless.js';

const PURPOSE = 'field extraction';

export const EXTRACT_FIELD_CONFIG = new ConfigDef()
  .define({ name: 'field', type: 'STRING', importance: 'MEDIUM', documentation: 'Name (or, with V2 syntax, path) of the field to extract.' })
  .define(replaceNullWithDefaultKey)
  .define({
    name: FIELD_SYNTAX_VERSION,
    type: 'STRING',
    default: 'V1',
    validator: CaseInsensitiveValidString.in('V1', 'V2'),
    importance: 'HIGH',
    documentation:
      'V1: the field is a top-level name. V2: the field is a dotted path into nested structs or maps; wrap a name containing dots in backticks, e.g. `foo.bar`.baz.',
  });

export class ExtractField<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #path = new SingleFieldPath('', 'V1');
  #replaceNullWithDefault = true;

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    const c = EXTRACT_FIELD_CONFIG.parse(props);
    const version = c[FIELD_SYNTAX_VERSION].toUpperCase() as FieldSyntaxVersion;
    this.#path = new SingleFieldPath(c.field, version);
    this.#replaceNullWithDefault = c['replace.null.with.default'];
  }

  apply(record: R): R {
    const schema = operatingSchema(record, this.part);
    const value = operatingValue(record, this.part);
    if (schema === null) return withPart(record, this.part, null, this.#path.valueFromMap(value));
    const struct = requireStructOrNull(value, PURPOSE);
    const field = schema.type === 'STRUCT' ? this.#path.fieldFrom(schema) : undefined;
    if (field === undefined) {
      const known = schema.type === 'STRUCT' ? schema.fields.map((f) => f.name).join(', ') || 'none' : `none: the ${this.part} is a ${schema.type}`;
      throw new DataException(`Unknown field: ${this.#path.path} (fields: ${known})`);
    }
    return withPart(record, this.part, field.schema, struct === null ? null : this.#path.valueFromStruct(struct, this.#replaceNullWithDefault));
  }

  config(): ConfigDef {
    return EXTRACT_FIELD_CONFIG;
  }
}
