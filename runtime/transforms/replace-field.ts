/**
 * ReplaceField (`org.apache.kafka.connect.transforms.ReplaceField$Key` / `$Value`): drops,
 * keeps and renames top-level fields of a Struct or a schemaless object.
 *
 * A field survives when it is not in `exclude` and `include` is empty or lists it (exclude wins);
 * a surviving field is renamed by `renames` (`old:new,...`). The older names of the settings,
 * `blacklist` (for exclude) and `whitelist` (for include), are read when the new name is not
 * set. With a schema, the new schema keeps the survivors in their order and is derived once per
 * input schema. A null key/value (a tombstone) passes unchanged.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { LambdaValidator } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { ConfigException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { replaceNullWithDefaultKey } from './config-util.js';
import { operatingSchema, operatingValue, withPart, type RecordPart } from './record-part.js';
import { SchemaCache, copySchemaBasics } from './schema-util.js';
import { fieldValue, requireMap, requireStruct, sameKind } from './schemaless.js';

const PURPOSE = 'field replacement';

/** `from:to` pairs to a Map; ConfigException (on `renames`) naming the first bad pair. */
export function parseRenameMappings(mappings: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length !== 2) throw ConfigException.invalid('renames', mappings, `Invalid rename mapping: ${mapping}`);
    out.set(parts[0]!, parts[1]!);
  }
  return out;
}

export const REPLACE_FIELD_CONFIG = new ConfigDef()
  .define({ name: 'exclude', type: 'LIST', default: '', importance: 'MEDIUM', documentation: 'Fields to drop. Takes precedence over include.' })
  .define({ name: 'include', type: 'LIST', default: '', importance: 'MEDIUM', documentation: 'Fields to keep; when set, every other field is dropped.' })
  .define({
    name: 'renames',
    type: 'LIST',
    default: '',
    validator: LambdaValidator.with(
      (_name, value) => {
        if (Array.isArray(value)) parseRenameMappings(value as string[]);
      },
      () => 'list of colon-delimited pairs, e.g. foo:bar,abc:xyz',
    ),
    importance: 'MEDIUM',
    documentation: 'Field renames as old:new pairs.',
  })
  .define(replaceNullWithDefaultKey)
  .define({ name: 'blacklist', type: 'LIST', default: null, importance: 'LOW', documentation: 'Deprecated name of exclude.', internal: true })
  .define({ name: 'whitelist', type: 'LIST', default: null, importance: 'LOW', documentation: 'Deprecated name of include.', internal: true });

export class ReplaceField<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #exclude = new Set<string>();
  #include = new Set<string>();
  #renames = new Map<string, string>();
  #reverse = new Map<string, string>();
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Schema>();

  constructor(readonly part: RecordPart) {}

  configure(props: Readonly<Record<string, string>>): void {
    const c = REPLACE_FIELD_CONFIG.parse(props);
    this.#exclude = new Set(props['exclude'] === undefined && c.blacklist !== null ? c.blacklist : c.exclude);
    this.#include = new Set(props['include'] === undefined && c.whitelist !== null ? c.whitelist : c.include);
    this.#renames = parseRenameMappings(c.renames);
    this.#reverse = new Map([...this.#renames].map(([from, to]) => [to, from]));
    this.#replaceNullWithDefault = c['replace.null.with.default'];
    this.#cache.clear();
  }

  #keeps(name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name));
  }

  #renamed(name: string): string {
    return this.#renames.get(name) ?? name;
  }

  apply(record: R): R {
    const value = operatingValue(record, this.part);
    if (value === null) return record;
    if (operatingSchema(record, this.part) === null) {
      const out = new Map<string, unknown>();
      for (const [k, v] of requireMap(value, PURPOSE)) if (this.#keeps(k)) out.set(this.#renamed(k), v);
      return withPart(record, this.part, null, sameKind(value, out));
    }
    const struct = requireStruct(value, PURPOSE);
    const schema = this.#cache.getOrCompute(struct.schema, (s) => this.#updatedSchema(s));
    const out = new Struct(schema);
    for (const f of schema.fields) out.put(f.name, fieldValue(struct, this.#reverse.get(f.name) ?? f.name, this.#replaceNullWithDefault));
    return withPart(record, this.part, schema, out);
  }

  #updatedSchema(schema: Schema): Schema {
    const b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields) if (this.#keeps(f.name)) b.field(this.#renamed(f.name), f.schema);
    return b.build();
  }

  config(): ConfigDef {
    return REPLACE_FIELD_CONFIG;
  }

  close(): void {
    this.#cache.clear();
  }
}
