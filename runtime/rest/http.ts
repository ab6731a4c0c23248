/**
 * What every route of the worker's REST API shares: JSON answers, Connect's error body
 * `{"error_code": <HTTP status>, "message": "..."}`, request bodies parsed as JSON with the
 * parser's message on failure (400), and the context handed to each resource group.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Herder } from '../worker/herder.js';
import type { LoggerRegistry, Logger } from '../worker/logger.js';
import type { OffsetsApi } from '../worker/offsets-api.js';
import type { WorkerPlugins } from '../worker/plugins.js';
import type { Restarter } from '../worker/restarts.js';
import { BadRequestError, httpStatusOf } from '../worker/errors.js';
import type { MetricsRegistry } from '../metrics/registry.js';
import type { WorkerConfig } from '../worker/worker-config.js';
import type { StatusStore } from '../storage/stores.js';

export interface RestContext {
  readonly herder: Herder;
  readonly restarts: Restarter;
  readonly offsets: OffsetsApi;
  readonly plugins: WorkerPlugins;
  readonly statuses: StatusStore;
  readonly config: WorkerConfig;
  readonly loggers: LoggerRegistry;
  readonly metrics: MetricsRegistry;
  readonly log: Logger;
  /** GET / */
  readonly serverInfo: () => { version: string; commit: string; kafka_cluster_id: string | null };
  /** Whether the worker finished starting (GET /health). */
  readonly health: () => { status: 'healthy' | 'starting' | 'unhealthy'; message: string };
}

export function send(res: Response, body: unknown, status = 200): void {
  res.status(status).type('application/json').send(Buffer.from(JSON.stringify(body), 'utf8'));
}

export function noContent(res: Response, status = 204): void {
  res.status(status).end();
}

export function errorBody(err: unknown): { status: number; body: { error_code: number; message: string } } {
  const status = httpStatusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return { status, body: { error_code: status, message } };
}

/** Wraps an async route so that its errors reach the error handler. */
export function route(fn: (req: Request, res: Response) => Promise<void> | void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    Promise.resolve().then(() => fn(req, res)).catch(next);
  };
}

/** The request body as JSON (400 with the parser's message when it is not JSON). */
export function jsonBody(req: Request): unknown {
  const raw = req.body as Buffer | undefined;
  if (raw === undefined || !Buffer.isBuffer(raw) || raw.length === 0) return null;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new BadRequestError(`Request body is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * A JSON object of string values (a connector config): numbers and booleans become strings as
 * Jackson would coerce them.
 */
export function stringMap(body: unknown, what: string): Record<string, string> {
  return coerceStrings(body, what, false) as Record<string, string>;
}

/** As `stringMap`, but a null value is kept (a PATCH of a config removes those keys). */
export function patchMap(body: unknown, what: string): Record<string, string | null> {
  return coerceStrings(body, what, true);
}

function coerceStrings(body: unknown, what: string, allowNull: boolean): Record<string, string | null> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError(`${what} must be a JSON object of string values`);
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (v === null && allowNull) out[k] = null;
    else throw new BadRequestError(`${what}: the value of '${k}' must be a string, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  }
  return out;
}

/** A boolean query parameter as JAX-RS reads one: "true" in any case is true, anything else false. */
export function flag(query: unknown, name: string): boolean {
  const v = (query as Record<string, unknown>)[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim().toLowerCase() === 'true';
}

/** Every value of a repeatable query parameter. */
export function multi(query: unknown, name: string): string[] {
  const v = (query as Record<string, unknown>)[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

export function param(req: Request, name: string): string {
  const v = req.params[name];
  return typeof v === 'string' ? v : '';
}
