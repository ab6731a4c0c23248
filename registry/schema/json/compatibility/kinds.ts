/**
 * What kind of schema a node is, as the checker dispatches on it. The model is Karapace's:
 *
 * - `true` and `false` are one kind ("boolean-schema"); any two of them are compatible.
 * - A list of types (`{"type": ["string", "null"]}`) is an anyOf of one copy per type.
 * - allOf/anyOf/oneOf (first present, in that order) make the schema combined; `not` is its own kind.
 * - Otherwise `type` names the kind; without `type`, `enum`/`const` make an "enum", and anything
 *   else (including `{}`) is an object schema. So `true` and `{}` as readers accept objects but
 *   are type changes against a string or array writer: that is Karapace's verdict, which the
 *   conformance pairs encode, though JSON Schema itself would call `{}` the widest schema.
 */
import { isObject, type JsonObject } from '../schema-walk.js';

export type Combinator = 'allOf' | 'anyOf' | 'oneOf';
export type Kind =
  | 'boolean-schema' | Combinator | 'not' | 'enum'
  | 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

export const COMBINATORS: readonly Combinator[] = ['allOf', 'anyOf', 'oneOf'];

export function kindOf(schema: unknown): Kind {
  if (!isObject(schema)) return 'boolean-schema';
  if (Array.isArray(schema.type)) return 'anyOf';
  for (const c of COMBINATORS) if (Array.isArray(schema[c])) return c;
  if (schema.not !== undefined) return 'not';
  if (typeof schema.type === 'string') return schema.type as Kind;
  if (Array.isArray(schema.enum) || 'const' in schema) return 'enum';
  return 'object';
}

export function isCombined(kind: Kind): kind is Combinator {
  return kind === 'allOf' || kind === 'anyOf' || kind === 'oneOf';
}

/** The branches of a combined schema; a type list becomes one copy of the schema per type. */
export function branchesOf(schema: JsonObject): unknown[] {
  if (Array.isArray(schema.type)) return schema.type.map((type: unknown) => ({ ...schema, type }));
  for (const c of COMBINATORS) if (Array.isArray(schema[c])) return schema[c] as unknown[];
  return [];
}

/** Object schemas and `true` are compared by the object rules (`true` as `{"type":"object"}`). */
export function isObjectLike(schema: unknown, kind: Kind): boolean {
  return schema === true || kind === 'object';
}

/** The values an `enum` or `const` allows, or undefined when the schema has neither. */
export function allowedValues(schema: unknown): unknown[] | undefined {
  if (!isObject(schema)) return undefined;
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

/** JSON equality (object key order ignored), for enum and const values. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The kind's name for messages: "type string", "an anyOf", "the true schema". */
export function describeKind(schema: unknown, kind: Kind): string {
  if (schema === true) return 'the schema true';
  if (schema === false) return 'the schema false';
  if (isCombined(kind) || kind === 'not') {
    return isObject(schema) && Array.isArray(schema.type) ? `types ${JSON.stringify(schema.type)}` : `a ${kind}`;
  }
  if (kind === 'enum') return `enum ${JSON.stringify(allowedValues(schema))}`;
  if (kind === 'object' && isObject(schema) && schema.type === undefined) return 'an untyped schema (object rules)';
  return `type ${kind}`;
}
