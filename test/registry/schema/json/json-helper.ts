// Shared helpers for the JSON Schema provider's tests: parse a schema given as a JS value, and
// compare two schemas by the rule names (or full findings) the checker reports.
import type { Incompatibility, ResolvedReference } from '../../../../registry/schema/provider.js';
import { jsonProvider, type JsonParsedSchema } from '../../../../registry/schema/json/provider.js';

export function parse(schema: unknown, references: readonly ResolvedReference[] = []): JsonParsedSchema {
  return jsonProvider.parse(typeof schema === 'string' ? schema : JSON.stringify(schema), references) as JsonParsedSchema;
}

export function findings(reader: unknown, writer: unknown, readerRefs: readonly ResolvedReference[] = [], writerRefs = readerRefs): Incompatibility[] {
  return jsonProvider.compatibility(parse(reader, readerRefs), parse(writer, writerRefs));
}

/** The rule names found, sorted, as `path rule` strings when `withPaths`. */
export function rules(reader: unknown, writer: unknown, withPaths = false): string[] {
  return findings(reader, writer).map((f) => (withPaths ? `${f.path} ${f.rule}` : f.rule)).sort();
}

export function reference(name: string, schema: unknown, version = 1): ResolvedReference {
  return { name, subject: name.replace(/\W/g, '-'), version, schema: JSON.stringify(schema) };
}

/** A table case: reader, writer, and the sorted rules expected ([] = compatible). */
export interface Case {
  readonly name: string;
  readonly reader: unknown;
  readonly writer: unknown;
  readonly expect: readonly string[];
}
