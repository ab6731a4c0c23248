/**
 * Whether a Struct may be written under a schema. Normally the Struct's own schema must equal the
 * record's schema; but a struct default value is built with the schema as it was before the
 * default was set, so for it the two differ in exactly that default (and possibly in being
 * optional). Both shapes are accepted: same name, version, doc, parameters and fields.
 */
import type { Schema } from '../api/data/schema.js';

export function structFits(structSchema: Schema, schema: Schema): boolean {
  if (structSchema.equals(schema)) return true;
  return (
    structSchema.type === 'STRUCT' && schema.type === 'STRUCT' &&
    structSchema.name === schema.name && structSchema.version === schema.version && structSchema.doc === schema.doc &&
    JSON.stringify(structSchema.parameters ?? null) === JSON.stringify(schema.parameters ?? null) &&
    structSchema.fields.length === schema.fields.length &&
    structSchema.fields.every((f, i) => f.equals(schema.fields[i]))
  );
}
