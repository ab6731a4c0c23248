/**
 * Compiling a schema with ajv: validates it against its dialect's meta-schema, resolves every
 * `$ref` (against the references, each added under the name the schema uses for it), and yields
 * the validator the wire-format serde uses. Every failure is a RegistryError('INVALID_SCHEMA')
 * whose message says where (a schema path) and how to fix it.
 */
import type { Ajv, AnySchema, ErrorObject } from 'ajv';
import { RegistryError } from '../../errors.js';
import type { ResolvedReference } from '../provider.js';
import { createAjv, dialectOf, ensureMetaSchema, metaAjv, prepareForAjv } from './dialect.js';
import { isObject, pointerToken, walkSchema } from './schema-walk.js';

/** A referenced schema with its document already read. */
export interface ReferencedDocument {
  readonly reference: ResolvedReference;
  readonly document: unknown;
}

/** Validation errors of a value, each "<instance path>: <reason>"; empty = valid. */
export type Validator = (value: unknown) => string[];

/**
 * The key each reference is registered under: its name resolved against the main schema's `$id`
 * (Confluent resolves it the same way), or the bare name when the main schema has no `$id`.
 */
export function referenceKey(name: string, mainId: unknown): string {
  if (typeof mainId === 'string') {
    try {
      return new URL(name, mainId).href;
    } catch {
      // A relative or malformed $id: fall back to the bare name.
    }
  }
  return name;
}

export function compileSchema(document: unknown, references: readonly ReferencedDocument[]): Validator {
  const dialect = dialectOf(document);
  const ajv = createAjv(dialect);
  const meta = metaAjv(dialect);
  const prepare = (doc: unknown): AnySchema => {
    const copy = prepareForAjv(doc, dialect);
    ensureMetaSchema(ajv, copy);
    ensureMetaSchema(meta, copy);
    return copy;
  };
  const mainId = isObject(document) ? document.$id : undefined;
  for (const { reference, document: refDoc } of references) {
    const where = `reference '${reference.name}' (subject '${reference.subject}' version ${reference.version})`;
    const copy = prepare(refDoc);
    checkMeta(meta, copy, `${where} is not a valid JSON Schema`);
    try {
      ajv.addSchema(copy, referenceKey(reference.name, mainId));
    } catch (err) {
      throw invalid(`${where} cannot be added: ${(err as Error).message}; give each referenced schema a distinct $id`, err);
    }
  }
  const copy = prepare(document);
  checkMeta(meta, copy, 'the schema does not conform to its meta-schema');
  checkPatterns(document);
  let check;
  try {
    check = ajv.compile(copy);
  } catch (err) {
    throw compileError(err, document);
  }
  return (value) => (check(value) ? [] : (check.errors ?? []).map(describeValueError));
}

function invalid(message: string, cause?: unknown): RegistryError {
  return new RegistryError('INVALID_SCHEMA', `Invalid JSON Schema: ${message}`, { cause });
}

function checkMeta(ajv: Ajv, schema: unknown, what: string): void {
  let valid: boolean;
  try {
    valid = ajv.validateSchema(schema as object) as boolean;
  } catch (err) {
    throw invalid(`${what}: ${(err as Error).message}`, err);
  }
  if (valid) return;
  // ajv reports one failed keyword several times (e.g. `type` fails enum, array and anyOf);
  // the first error per schema location is the informative one.
  const byPath = new Map<string, ErrorObject>();
  for (const e of ajv.errors ?? []) if (!byPath.has(e.instancePath)) byPath.set(e.instancePath, e);
  const details = [...byPath.values()].map((e) => `at '${e.instancePath || '/'}': ${e.message ?? 'is invalid'}${allowed(e)}`);
  throw invalid(`${what}: ${details.join('; ')}`);
}

function allowed(e: ErrorObject): string {
  const values = (e.params as { allowedValues?: unknown[] }).allowedValues;
  return Array.isArray(values) ? ` (${values.map((v) => JSON.stringify(v)).join(', ')})` : '';
}

function compileError(err: unknown, document: unknown): RegistryError {
  const e = err as Error & { missingRef?: string; missingSchema?: string };
  if (typeof e.missingRef === 'string') {
    const literal = /can't resolve reference (.*) from id/.exec(e.message)?.[1] ?? e.missingRef;
    const at = refLocations(document, literal);
    const where = at.length > 0 ? ` at '${at.join("', '")}'` : '';
    if (!e.missingSchema || literal.startsWith('#')) {
      return invalid(`$ref '${literal}'${where} points at nothing in this schema: fix the pointer to name an existing subschema`, err);
    }
    // Reference names resolve against the schema's $id, so the name to add is the $ref's own URI.
    const name = literal.split('#')[0] || e.missingSchema;
    return invalid(
      `$ref '${literal}'${where} cannot be resolved (no schema '${e.missingSchema}'): register the schema it names ` +
        `and add it to this schema's references with name '${name}', or fix the $ref`,
      err,
    );
  }
  return invalid(e.message, err);
}

/** JSON pointers of the `$ref`s in `document` whose text is `ref`. */
function refLocations(document: unknown, ref: string): string[] {
  const found: string[] = [];
  walkSchema(document, (node, pointer) => {
    if (isObject(node) && node.$ref === ref) found.push(`${pointer}/$ref`);
  });
  return found;
}

/**
 * Every `pattern` and patternProperties key must be an ECMA-262 regular expression (ajv compiles
 * them with the u flag, and skips a patternProperties key it cannot compile instead of failing).
 */
function checkPatterns(document: unknown): void {
  const bad: string[] = [];
  const check = (pattern: string, at: string): void => {
    try {
      new RegExp(pattern, 'u');
    } catch (err) {
      bad.push(`at '${at}': ${(err as Error).message}`);
    }
  };
  walkSchema(document, (node, pointer) => {
    if (!isObject(node)) return;
    if (typeof node.pattern === 'string') check(node.pattern, `${pointer}/pattern`);
    if (isObject(node.patternProperties)) {
      for (const key of Object.keys(node.patternProperties)) check(key, `${pointer}/patternProperties/${pointerToken(key)}`);
    }
  });
  if (bad.length > 0) throw invalid(`invalid regular expression (patterns are ECMA-262, with the u flag): ${bad.join('; ')}`);
}

function describeValueError(e: ErrorObject): string {
  const params = e.params as { additionalProperty?: string; allowedValues?: unknown[] };
  let reason = e.message ?? 'is invalid';
  if (params.additionalProperty !== undefined) reason += ` ('${params.additionalProperty}')`;
  reason += allowed(e);
  return `${e.instancePath || '/'}: ${reason}`;
}
