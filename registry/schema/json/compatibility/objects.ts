/**
 * object: properties under open, closed and partially open content models.
 *
 * A content model is open when neither patternProperties nor additionalProperties (nor
 * unevaluatedProperties) constrains undeclared names; closed when additionalProperties is false;
 * partially open when a pattern or an additionalProperties schema governs them.
 *
 * - A property the reader drops is fine if the reader is open; otherwise the reader's pattern or
 *   additionalProperties schema must read the writer's property schema (false: closed, refused).
 * - A property the reader adds is refused when the writer was open (the writer may have written
 *   that name with any value; Karapace's rule, even for `{}`), fine when the writer's
 *   additionalProperties is false (it never wrote that name), and otherwise checked against the
 *   writer's pattern or additionalProperties schema.
 * - A newly required property is refused unless the reader gives it a default (Confluent).
 * - additionalProperties, patternProperties, dependencies / dependentRequired / dependentSchemas
 *   and min/maxProperties may loosen, not tighten. propertyNames is not compared (neither Karapace
 *   nor Confluent does).
 */
import { isObject, type JsonObject } from '../schema-walk.js';
import { child, compareOptional, where, type Ctx } from './context.js';
import { checkLimits, OBJECT_LIMITS } from './limits.js';

const mapOf = (value: unknown): JsonObject => (isObject(value) ? value : {});
const additionalOf = (schema: JsonObject): unknown => schema.additionalProperties ?? schema.unevaluatedProperties;

function patternsMatching(schema: JsonObject, name: string): [string, unknown][] {
  return Object.entries(mapOf(schema.patternProperties)).filter(([pattern]) => {
    try {
      return new RegExp(pattern, 'u').test(name);
    } catch {
      return false;
    }
  });
}

export function checkObjects(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string): void {
  const rProps = mapOf(reader.properties);
  const wProps = mapOf(writer.properties);
  const propsAt = child(path, 'properties');
  const isOpen = (schema: JsonObject, deref: (s: unknown) => unknown): boolean => {
    const additional = deref(additionalOf(schema));
    return Object.keys(mapOf(schema.patternProperties)).length === 0 && (additional === undefined || additional === true);
  };
  const readerOpen = isOpen(reader, (s) => ctx.derefReader(s));
  const writerOpen = isOpen(writer, (s) => ctx.derefWriter(s));

  for (const name of Object.keys(rProps)) {
    if (Object.hasOwn(wProps, name)) ctx.compare(rProps[name], wProps[name], child(propsAt, name));
    else if (writerOpen) {
      ctx.report(child(propsAt, name), 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
        `The reader adds ${where(child(propsAt, name))}; the writer's open content model may have written it with any value`,
        `remove ${where(child(propsAt, name))} from the reader, or declare it in the writer's schema first`);
    } else {
      propertyAdded(ctx, name, rProps[name], writer, child(propsAt, name));
    }
  }
  for (const name of Object.keys(wProps)) {
    if (!Object.hasOwn(rProps, name) && !readerOpen) propertyRemoved(ctx, name, wProps[name], reader, path);
  }
  checkRequired(ctx, reader, writer, path, writerOpen);
  checkDependencies(ctx, reader, writer, path);
  checkLimits(ctx, reader, writer, path, OBJECT_LIMITS);
  checkAdditional(ctx, reader, writer, path);
}

/** The reader declares `name`, the writer only covers it with a pattern or additionalProperties. */
function propertyAdded(ctx: Ctx, name: string, schema: unknown, writer: JsonObject, at: string): void {
  const patterns = patternsMatching(writer, name);
  const governing = patterns.length > 0 ? patterns.map(([, s]) => s) : [additionalOf(writer)];
  for (const writerSchema of governing) {
    const resolved = ctx.derefWriter(writerSchema);
    if (resolved === false) continue;
    if (resolved === undefined || resolved === true) {
      ctx.report(at, 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', `The reader adds ${where(at)}; the writer allowed that name with any value`,
        `remove ${where(at)} from the reader, or declare it in the writer's schema first`);
      continue;
    }
    const found = ctx.trial(schema, writerSchema, at);
    if (found.length === 0) continue;
    ctx.reportAll(found);
    ctx.report(at, 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      `The reader's ${where(at)} does not read what the writer's ${patterns.length > 0 ? 'patternProperties' : 'additionalProperties'} schema allowed for it`,
      `make ${where(at)} accept what the writer's schema allowed for that name`);
  }
}

/** The writer declares `name`, the reader (not open) only covers it with a pattern or additionalProperties. */
function propertyRemoved(ctx: Ctx, name: string, writerSchema: unknown, reader: JsonObject, path: string): void {
  const at = child(path, 'properties', name);
  const patterns = patternsMatching(reader, name);
  if (patterns.length === 0) {
    const additional = ctx.derefReader(additionalOf(reader));
    if (additional === undefined || additional === true) return;
    if (additional === false) {
      if (ctx.derefWriter(writerSchema) === false) return;
      ctx.report(at, 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        `The reader drops ${where(at)} and allows no additional properties, but the writer may have written it`,
        `keep ${where(at)} in the reader (optional is fine), or allow additional properties`);
      return;
    }
  }
  const governing = patterns.length > 0 ? patterns : [['additionalProperties', additionalOf(reader)] as [string, unknown]];
  for (const [pattern, readerSchema] of governing) {
    const found = ctx.trial(readerSchema, writerSchema, at);
    if (found.length === 0) continue;
    ctx.reportAll(found);
    ctx.report(at, 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      `The reader drops ${where(at)}; its ${patterns.length > 0 ? `patternProperties ${JSON.stringify(pattern)}` : 'additionalProperties'} schema does not read what the writer wrote there`,
      `keep ${where(at)} in the reader, or widen that schema`);
  }
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function checkRequired(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string, writerOpen: boolean): void {
  const writerRequired = new Set(stringsOf(writer.required));
  const rProps = mapOf(reader.properties);
  const wProps = mapOf(writer.properties);
  for (const name of stringsOf(reader.required)) {
    if (writerRequired.has(name)) continue;
    const declared = ctx.derefReader(rProps[name]);
    if (isObject(declared) && 'default' in declared) continue;
    const at = child(path, 'properties', name);
    const rule = Object.hasOwn(wProps, name) ? 'REQUIRED_ATTRIBUTE_ADDED'
      : writerOpen ? 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL';
    ctx.report(at, rule, `The reader requires ${where(at)}, which the writer did not require, so values without it fail`,
      `make ${where(at)} optional in the reader, or give it a default`);
  }
}

/** Dependencies split by form: name lists (dependentRequired) and schemas (dependentSchemas). */
function dependenciesOf(schema: JsonObject): { lists: Map<string, [string, string[]]>; schemas: Map<string, [string, unknown]> } {
  const lists = new Map<string, [string, string[]]>();
  const schemas = new Map<string, [string, unknown]>();
  for (const keyword of ['dependencies', 'dependentRequired', 'dependentSchemas']) {
    for (const [name, value] of Object.entries(mapOf(schema[keyword]))) {
      if (Array.isArray(value)) lists.set(name, [keyword, stringsOf(value)]);
      else schemas.set(name, [keyword, value]);
    }
  }
  return { lists, schemas };
}

function checkDependencies(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string): void {
  const r = dependenciesOf(reader);
  const w = dependenciesOf(writer);
  const writerRequired = new Set(stringsOf(writer.required));
  for (const [name, [keyword, needs]] of r.lists) {
    const written = w.lists.get(name)?.[1];
    const extra = needs.filter((n) => !written?.includes(n) && !writerRequired.has(n));
    if (extra.length === 0) continue;
    const at = child(path, keyword, name);
    ctx.report(at, written ? 'DEPENDENCY_ARRAY_EXTENDED' : 'DEPENDENCY_ARRAY_ADDED',
      `The reader requires ${extra.map((n) => `'${n}'`).join(', ')} whenever '${name}' is present at ${where(path)}; the writer did not`,
      `drop ${extra.map((n) => `'${n}'`).join(', ')} from the reader's ${keyword} for '${name}'`);
  }
  for (const [name, [keyword, schema]] of r.schemas) {
    compareOptional(ctx, schema, w.schemas.get(name)?.[1], child(path, keyword, name), 'DEPENDENCY_SCHEMA_ADDED', `a ${keyword} schema for '${name}'`);
  }
}

function checkAdditional(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string): void {
  const rawReader = additionalOf(reader);
  const rawWriter = additionalOf(writer);
  const r = ctx.derefReader(rawReader);
  const w = ctx.derefWriter(rawWriter);
  const keyword = reader.additionalProperties !== undefined ? 'additionalProperties' : 'unevaluatedProperties';
  const at = child(path, keyword);
  if (w !== false && r === false) {
    ctx.report(at, 'ADDITIONAL_PROPERTIES_REMOVED', `The reader allows no additional properties at ${where(path)}; the writer allowed them`,
      `allow additional properties in the reader, or declare every property the writer may write`);
  } else if (w !== false && r !== undefined && r !== true) {
    compareOptional(ctx, rawReader, rawWriter === true ? undefined : rawWriter, at, 'ADDITIONAL_PROPERTIES_NARROWED', keyword);
  }
  // Patterns the reader adds or changes meet what the writer allowed for those names.
  const writerPatterns = mapOf(writer.patternProperties);
  for (const [pattern, schema] of Object.entries(mapOf(reader.patternProperties))) {
    const patternAt = child(path, 'patternProperties', pattern);
    if (Object.hasOwn(writerPatterns, pattern)) ctx.compare(schema, writerPatterns[pattern], patternAt);
    else if (w !== false) compareOptional(ctx, schema, rawWriter === true ? undefined : rawWriter, patternAt, 'ADDITIONAL_PROPERTIES_NARROWED', 'patternProperties');
  }
}
