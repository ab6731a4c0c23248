/**
 * The JSON Schema provider (schemaType "JSON").
 *
 * - parse: reads the text (syntax errors with line:column), compiles it with ajv against its
 *   dialect's meta-schema and its references (./compile.ts), and gives the two stored forms:
 *   canonical = the document as written, whitespace removed (Confluent's canonicalString: Jackson
 *   re-serializing the tree it read, key order and number spelling kept);
 *   normalized = the same with every object's keys sorted, arrays untouched. That is what
 *   Confluent's JsonSchema.normalize() does: it re-reads the canonical string with a Jackson
 *   mapper that orders map entries by key, and also sorts and de-duplicates the reference list,
 *   which is the core's business here (it owns the references).
 * - compatibility: a structural comparison (./compatibility/), Karapace's and Confluent's rules.
 */
import type { Incompatibility, ParsedSchema, ResolvedReference, SchemaProvider } from '../provider.js';
import { RegistryError } from '../../errors.js';
import { compileSchema, type ReferencedDocument } from './compile.js';
import { checkCompatibility } from './compatibility/check.js';
import { JsonSyntaxError, printCompact, printSorted, readJsonTree, type JsonTree } from './json-text.js';

/** A parsed JSON Schema, with a validator for the wire-format serde. */
export interface JsonParsedSchema extends ParsedSchema {
  readonly type: 'JSON';
  /** The schema document (an object or a boolean) as JSON.parse reads the text. */
  readonly document: unknown;
  /**
   * Validates `value` (a JSON value: what JSON.parse returns) against the schema. Returns one
   * message per failure, "<instance path>: <reason>" (`/address/zip: must match format "..."`,
   * `/` for the value itself); empty = valid.
   */
  validate(value: unknown): string[];
}

/** Reads JSON text, turning a syntax error into INVALID_SCHEMA naming `what` and line:column. */
function readJson(text: string, what: string): { tree: JsonTree; value: unknown } {
  try {
    const tree = readJsonTree(text);
    return { tree, value: JSON.parse(text) as unknown };
  } catch (err) {
    const reason = err instanceof JsonSyntaxError ? err.message : (err as Error).message;
    throw new RegistryError('INVALID_SCHEMA', `Invalid JSON Schema: ${what} is not valid JSON: ${reason}`, { cause: err });
  }
}

function parse(text: string, references: readonly ResolvedReference[]): JsonParsedSchema {
  const { tree, value: document } = readJson(text, 'the schema');
  if (typeof document !== 'boolean' && (typeof document !== 'object' || document === null || Array.isArray(document))) {
    throw new RegistryError('INVALID_SCHEMA', 'Invalid JSON Schema: a schema must be a JSON object or a boolean, not ' +
      (Array.isArray(document) ? 'an array' : document === null ? 'null' : `a ${typeof document}`));
  }
  const referenced: ReferencedDocument[] = references.map((reference) => ({
    reference,
    document: readJson(reference.schema, `reference '${reference.name}'`).value,
  }));
  const validate = compileSchema(document, referenced);
  return {
    type: 'JSON',
    document,
    canonical: printCompact(tree),
    normalized: printSorted(tree),
    references,
    validate,
  };
}

export const jsonProvider: SchemaProvider = {
  type: 'JSON',
  parse,
  compatibility(reader: ParsedSchema, writer: ParsedSchema): Incompatibility[] {
    return checkCompatibility(reader, writer);
  },
};
