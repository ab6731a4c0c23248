/**
 * Shape checks of request bodies (after JSON parsing). Unknown fields are ignored, as Confluent
 * does (clients send metadata, ruleSet, ...). A field of the wrong type is a 400 naming the
 * field and what it should be; the values' meaning (schema text, modes, levels) is judged with
 * Confluent's codes (42201, 42203, 42204).
 */
import { parseCompatibilityLevel } from '../compatibility/levels.js';
import { RegistryError } from '../errors.js';
import type { SchemaReference } from '../schema/provider.js';
import { MODES, type Mode } from '../store/records.js';
import type { ConfigUpdate, RegisterRequest } from '../service/writer.js';

type Obj = Record<string, unknown>;

function object(body: unknown, what: string): Obj {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RegistryError('BAD_REQUEST', `The request body must be a JSON object (${what})`);
  }
  return body as Obj;
}

const isInt = (v: unknown): v is number => Number.isInteger(v);

function optionalInt(o: Obj, field: string): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (!isInt(v)) throw new RegistryError('BAD_REQUEST', `Field "${field}" must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

function references(v: unknown): SchemaReference[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RegistryError('BAD_REQUEST', 'Field "references" must be an array of {"name", "subject", "version"}');
  return v.map((r: unknown, i) => {
    const o = r as Obj;
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || typeof o.subject !== 'string' || !isInt(o.version)) {
      throw new RegistryError('BAD_REQUEST', `references[${i}] must be {"name": string, "subject": string, "version": integer}, got ${JSON.stringify(r)}`);
    }
    return { name: o.name, subject: o.subject, version: o.version };
  });
}

/** The body of register, lookup and compatibility requests: {schema, schemaType?, references?, id?, version?}. */
export function registerBody(body: unknown): RegisterRequest {
  const o = object(body, 'expected {"schema": "...", "schemaType": "AVRO|JSON", "references": [...]}');
  if (o.schema !== undefined && o.schema !== null && typeof o.schema !== 'string') {
    throw new RegistryError('BAD_REQUEST', 'Field "schema" must be a string holding the schema text (a JSON document serialized as a string)');
  }
  if (o.schemaType !== undefined && o.schemaType !== null && typeof o.schemaType !== 'string') {
    throw new RegistryError('BAD_REQUEST', 'Field "schemaType" must be a string: AVRO or JSON');
  }
  if (typeof o.schema !== 'string' || o.schema.trim() === '') {
    throw new RegistryError('INVALID_SCHEMA', 'Empty schema: send the schema text in the "schema" field');
  }
  const id = optionalInt(o, 'id');
  const version = optionalInt(o, 'version');
  return {
    schema: o.schema,
    ...(typeof o.schemaType === 'string' ? { schemaType: o.schemaType } : {}),
    references: references(o.references),
    ...(id !== undefined ? { id } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}

const LEVELS_HINT = 'valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL and FULL_TRANSITIVE';

/** PUT /config body: {"compatibility": L, "normalize"?: B} (also "compatibilityLevel", as GET shows it). */
export function configBody(body: unknown): ConfigUpdate {
  const o = object(body, 'expected {"compatibility": "BACKWARD"}');
  const raw = o.compatibility ?? o.compatibilityLevel;
  const level = raw === undefined || raw === null ? undefined : parseCompatibilityLevel(raw);
  if (raw !== undefined && raw !== null && !level) {
    throw new RegistryError('INVALID_COMPATIBILITY_LEVEL', `Invalid compatibility level ${JSON.stringify(raw)}: ${LEVELS_HINT}`);
  }
  if (o.normalize !== undefined && o.normalize !== null && typeof o.normalize !== 'boolean') {
    throw new RegistryError('BAD_REQUEST', 'Field "normalize" must be true or false');
  }
  if (level === undefined && typeof o.normalize !== 'boolean') {
    throw new RegistryError('INVALID_COMPATIBILITY_LEVEL', `Missing compatibility level: send {"compatibility": "<level>"}; ${LEVELS_HINT}`);
  }
  return { ...(level ? { compatibility: level } : {}), ...(typeof o.normalize === 'boolean' ? { normalize: o.normalize } : {}) };
}

/** PUT /mode body: {"mode": READWRITE|READONLY|READONLY_OVERRIDE|IMPORT} (any case). */
export function modeBody(body: unknown): Mode {
  const o = object(body, 'expected {"mode": "READWRITE"}');
  const m = typeof o.mode === 'string' ? o.mode.trim().toUpperCase() : undefined;
  if (!m || !(MODES as readonly string[]).includes(m)) {
    throw new RegistryError('INVALID_MODE', `Invalid mode ${JSON.stringify(o.mode)}: valid values are ${MODES.join(', ')}`);
  }
  return m as Mode;
}
