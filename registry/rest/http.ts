/**
 * What every route shares: the response media type, query flags, path parameters parsed the way
 * Confluent's server parses them, and the context handed to each resource group.
 */
import type { Response } from 'express';
import type { Logger } from '../logger.js';
import { RegistryError } from '../errors.js';
import type { Defaults } from '../service/policy.js';
import type { Schemas } from '../service/schemas.js';
import type { SchemaWriter, VersionRef } from '../service/writer.js';
import type { RegistryStore, StoredVersion } from '../store/store.js';

/** Confluent answers in its own media type whatever the client accepted among the JSON ones. */
export const RESPONSE_TYPE = 'application/vnd.schemaregistry.v1+json';

export interface RestContext {
  readonly store: RegistryStore;
  readonly schemas: Schemas;
  readonly defaults: Defaults;
  readonly writer: SchemaWriter;
  readonly log: Logger;
}

/** A response body as the bytes every route (and the fast path, fast-lookup.ts) sends. */
export function jsonBytes(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/** Sends JSON as bytes, so the media type goes out exactly as Confluent's (no charset added). */
export function send(res: Response, body: unknown, status = 200): void {
  res.status(status).set('Content-Type', RESPONSE_TYPE).send(jsonBytes(body));
}

/** Raw schema text (the `/schema` routes): the text itself, not a JSON string of it. */
export function sendText(res: Response, text: string): void {
  res.status(200).set('Content-Type', RESPONSE_TYPE).send(Buffer.from(text, 'utf8'));
}

/** A boolean query parameter as JAX-RS reads one: "true" in any case is true, anything else false. */
export function flag(query: unknown, name: string): boolean {
  const v = (query as Record<string, unknown>)[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim().toLowerCase() === 'true';
}

export function stringParam(query: unknown, name: string): string | undefined {
  const v = (query as Record<string, unknown>)[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : undefined;
}

/** A version path segment: 1..2^31-1, "latest" or -1 (= latest); anything else is 42202. */
export function parseVersion(raw: string): VersionRef {
  const s = raw.trim();
  if (s.toLowerCase() === 'latest' || s === '-1') return 'latest';
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n >= 1 && n <= 2147483647) return n;
  }
  throw new RegistryError('INVALID_VERSION', `The specified version '${raw}' is not a valid version id: use a number from 1 to 2147483647, -1 or "latest"`);
}

/** An id path segment. Confluent (JAX-RS) answers 404 when it is not an integer at all. */
export function parseId(raw: string): number {
  if (!/^-?\d+$/.test(raw.trim()) || Math.abs(Number(raw)) > 2147483647) throw new RegistryError('NOT_FOUND', 'HTTP 404 Not Found');
  return Number(raw);
}

/** The schema as GET /schemas/ids/{id} answers it (Confluent's SchemaString entity); the
 * express route and the fast path (fast-lookup.ts) both send this. */
export function schemaStringEntity(v: StoredVersion): Record<string, unknown> {
  return {
    ...(v.schemaType !== 'AVRO' ? { schemaType: v.schemaType } : {}),
    ...(v.references.length > 0 ? { references: v.references } : {}),
    schema: v.schema,
  };
}

/** The schema as the subject and id routes answer it (Confluent's Schema entity). */
export function schemaEntity(v: StoredVersion): Record<string, unknown> {
  return { subject: v.subject, version: v.version, id: v.id, ...schemaStringEntity(v) };
}

/** Confluent's `offset` and `limit` query parameters (limit < 0 or absent = everything). */
export function page<T>(items: readonly T[], query: unknown): T[] {
  const int = (name: string, dflt: number): number => {
    const s = stringParam(query, name);
    return s !== undefined && /^-?\d+$/.test(s.trim()) ? Number(s) : dflt;
  };
  const offset = Math.max(0, int('offset', 0));
  const limit = int('limit', -1);
  return items.slice(offset, limit < 0 ? undefined : offset + limit);
}

/** A path parameter (express types them loosely; our routes have no wildcards, so one string). */
export function param(req: { params: Record<string, string | string[] | undefined> }, name: string): string {
  const v = req.params[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
}
