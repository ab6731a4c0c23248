/**
 * Where subschemas live in a JSON Schema document, for every dialect from draft-04 to 2020-12.
 * Walking only these positions (not every nested object) matters: `{"properties": {"id": ...}}`
 * names a property "id", and `enum`/`const`/`default` values are data, not schemas.
 */

export type JsonObject = Record<string, unknown>;

/** Keywords whose value is one subschema. */
const SINGLE = [
  'additionalItems', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else',
  'unevaluatedItems', 'unevaluatedProperties', 'contentSchema',
] as const;
/** Keywords whose value is an array of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
/** Keywords whose value maps names to subschemas. */
const MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'] as const;

/** Keywords that never constrain a value (identifiers, definitions, annotations). */
export const ANNOTATIONS: ReadonlySet<string> = new Set([
  '$ref', '$id', 'id', '$schema', '$comment', '$anchor', '$dynamicAnchor', 'title', 'description',
  'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'definitions', '$defs',
]);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one JSON-pointer token (RFC 6901). */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Calls `visit` for the direct subschemas of `schema` with the pointer tokens that lead to each
 * (`['properties', 'a']`, `['items', '0']`). Booleans are subschemas too.
 */
export function forEachSubschema(schema: unknown, visit: (sub: unknown, tokens: readonly string[]) => void): void {
  if (!isObject(schema)) return;
  const isSchema = (v: unknown): boolean => typeof v === 'boolean' || isObject(v);
  for (const key of SINGLE) if (isSchema(schema[key])) visit(schema[key], [key]);
  for (const key of LIST) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((sub, i) => isSchema(sub) && visit(sub, [key, String(i)]));
  }
  for (const key of MAP) {
    const map = schema[key];
    if (isObject(map)) for (const [name, sub] of Object.entries(map)) if (isSchema(sub)) visit(sub, [key, name]);
  }
  const items = schema.items;
  if (Array.isArray(items)) items.forEach((sub, i) => isSchema(sub) && visit(sub, ['items', String(i)]));
  else if (isSchema(items)) visit(items, ['items']);
  // draft-04..07 `dependencies`: each value is a property list or a subschema.
  const deps = schema.dependencies;
  if (isObject(deps)) for (const [name, sub] of Object.entries(deps)) if (isSchema(sub)) visit(sub, ['dependencies', name]);
}

/** Visits `schema` and every subschema below it, depth first, with its JSON pointer. */
export function walkSchema(schema: unknown, visit: (sub: unknown, pointer: string) => void, pointer = ''): void {
  visit(schema, pointer);
  forEachSubschema(schema, (sub, tokens) => walkSchema(sub, visit, `${pointer}/${tokens.map(pointerToken).join('/')}`));
}
