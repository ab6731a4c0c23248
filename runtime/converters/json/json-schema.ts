/**
 * Connect schemas <-> the JSON schema format of Kafka's JsonConverter envelope (the "schema"
 * half of `{"schema": ..., "payload": ...}`). Members are written in Kafka's order:
 *
 *   {"type": <name>,                      boolean int8 int16 int32 int64 float double bytes
 *                                         string array map struct (FLOAT32 is "float",
 *                                         FLOAT64 "double")
 *    "items": <schema>                    array
 *    "keys": <schema>, "values": <schema> map
 *    "fields": [<schema + "field": name>] struct (each field's schema, its name last)
 *    "optional": bool,                    always written
 *    "name", "version", "doc",            when set
 *    "parameters": {string: string},      when set
 *    "default": <payload form>}           when set
 *
 * Reading is as lenient as Kafka's: a missing "optional" means required, members of the wrong
 * JSON type (a numeric "name") are ignored, unknown members are ignored.
 */
import type { Schema, SchemaType } from '../../api/data/schema.js';
import { SchemaBuilder } from '../../api/data/schema-builder.js';
import { DataException } from '../../api/errors.js';
import { connectToJson, jsonToConnect, type JsonDataOptions } from './json-data.js';
import { JsonNumber, isJsonObject, type JsonObject, type JsonValue } from './json-text.js';

const TYPE_NAMES: Record<SchemaType, string> = {
  BOOLEAN: 'boolean',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BYTES: 'bytes',
  STRING: 'string',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
};
const TYPES_BY_NAME: ReadonlyMap<string, SchemaType> = new Map(Object.entries(TYPE_NAMES).map(([t, n]) => [n, t as SchemaType]));

/** The envelope's schema member for `schema`. Returns a new tree the caller may keep (the
 * converter caches it: it is never changed afterwards). */
export function connectSchemaToJson(schema: Schema, options: JsonDataOptions): JsonObject {
  const out: JsonObject = new Map([['type', TYPE_NAMES[schema.type]]]);
  switch (schema.type) {
    case 'ARRAY':
      out.set('items', connectSchemaToJson(schema.valueSchema!, options));
      break;
    case 'MAP':
      out.set('keys', connectSchemaToJson(schema.keySchema!, options));
      out.set('values', connectSchemaToJson(schema.valueSchema!, options));
      break;
    case 'STRUCT':
      out.set('fields', schema.fields.map((f) => connectSchemaToJson(f.schema, options).set('field', f.name)));
      break;
    default:
      break;
  }
  out.set('optional', schema.optional);
  if (schema.name !== undefined) out.set('name', schema.name);
  if (schema.version !== undefined) out.set('version', new JsonNumber(String(schema.version)));
  if (schema.doc !== undefined) out.set('doc', schema.doc);
  if (schema.parameters !== undefined) out.set('parameters', new Map(Object.entries(schema.parameters)));
  if (schema.defaultValue !== undefined && schema.defaultValue !== null) out.set('default', connectToJson(schema, schema.defaultValue, options, '(default)'));
  return out;
}

/** The Connect schema an envelope's schema member describes; null for JSON null (schemaless). */
export function jsonToConnectSchema(node: JsonValue, options: JsonDataOptions): Schema | null {
  if (node === null) return null;
  return toSchema(node, options, '');
}

function toSchema(node: JsonValue, options: JsonDataOptions, path: string): Schema {
  const where = path === '' ? '' : ` (at ${path})`;
  const obj = isJsonObject(node) ? node : undefined;
  const typeName = obj?.get('type');
  if (typeof typeName !== 'string') throw new DataException(`Schema must contain 'type' field${where}`);
  const type = TYPES_BY_NAME.get(typeName);
  if (obj === undefined || type === undefined) {
    throw new DataException(`Unknown schema type: ${typeName}${where}; expected one of ${[...TYPES_BY_NAME.keys()].join(', ')}`);
  }
  let builder: SchemaBuilder;
  switch (type) {
    case 'ARRAY': {
      const items = obj.get('items');
      if (items === undefined || items === null) throw new DataException(`Array schema did not specify the element type${where}`);
      builder = SchemaBuilder.array(toSchema(items, options, `${path}.items`));
      break;
    }
    case 'MAP': {
      const keys = obj.get('keys');
      if (keys === undefined || keys === null) throw new DataException(`Map schema did not specify the key type${where}`);
      const values = obj.get('values');
      if (values === undefined || values === null) throw new DataException(`Map schema did not specify the value type${where}`);
      builder = SchemaBuilder.map(toSchema(keys, options, `${path}.keys`), toSchema(values, options, `${path}.values`));
      break;
    }
    case 'STRUCT': {
      builder = SchemaBuilder.struct();
      const fields = obj.get('fields');
      if (!Array.isArray(fields)) throw new DataException(`Struct schema's "fields" argument is not an array${where}`);
      fields.forEach((f, i) => {
        const name = isJsonObject(f) ? f.get('field') : undefined;
        if (typeof name !== 'string') throw new DataException(`Struct schema's field name not specified properly${where} (field ${i})`);
        builder.field(name, toSchema(f, options, `${path}.fields[${i}]`));
      });
      break;
    }
    default:
      builder = SchemaBuilder.type(type);
  }
  if (obj.get('optional') === true) builder.optional();
  else builder.required();
  const name = obj.get('name');
  if (typeof name === 'string') builder.name(name);
  const version = obj.get('version');
  if (version instanceof JsonNumber && version.integral) builder.version(version.toNumber());
  const doc = obj.get('doc');
  if (typeof doc === 'string') builder.doc(doc);
  const params = obj.get('parameters');
  if (isJsonObject(params)) {
    for (const [k, v] of params) {
      if (typeof v !== 'string') throw new DataException(`Schema parameters must have string values${where}: "${k}" is not a string`);
      builder.parameter(k, v);
    }
  }
  const dflt = obj.get('default');
  if (dflt !== undefined) {
    try {
      builder.defaultValue(jsonToConnect(builder.build(), dflt, options, '(default)'));
    } catch (e) {
      throw new DataException(`Invalid default value${where}: ${(e as Error).message}`, { cause: e });
    }
  }
  return builder.build();
}
