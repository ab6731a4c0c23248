/**
 * Routing helpers shared by the resource files: content negotiation (406), request media
 * types and JSON bodies (415, 400), and 405 for known paths with another method.
 */
import type { Request, RequestHandler, Router } from 'express';
import { RegistryError } from '../errors.js';
import { RESPONSE_TYPE } from './http.js';

const REQUEST_TYPES = ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream'];
const ACCEPTABLE = ['*/*', 'application/*', RESPONSE_TYPE, 'application/vnd.schemaregistry+json', 'application/json'];
export const BODY_LIMIT = '20mb';

/** Checks the request's media type and parses its JSON body; a missing body is a 400. */
export function jsonBody(req: Request): unknown {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && !REQUEST_TYPES.includes(type)) throw new RegistryError('UNSUPPORTED_MEDIA_TYPE', 'HTTP 415 Unsupported Media Type');
  const raw = Buffer.isBuffer(req.body) ? req.body : undefined;
  if (!raw || raw.length === 0) throw new RegistryError('BAD_REQUEST', 'The request needs a JSON body');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new RegistryError('BAD_REQUEST', `Unrecognized JSON in the request body: ${(err as Error).message}`);
  }
}

/** Whether an Accept header allows one of the JSON types we answer in (no header: yes). */
export function acceptable(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((t) => ACCEPTABLE.includes(t.split(';')[0]!.trim().toLowerCase()));
}

const negotiate: RequestHandler = (req, _res, next) => {
  if (!acceptable(req.headers.accept)) throw new RegistryError('NOT_ACCEPTABLE', 'HTTP 406 Not Acceptable');
  next();
};

const methodNotAllowed: RequestHandler = () => {
  throw new RegistryError('METHOD_NOT_ALLOWED', 'HTTP 405 Method Not Allowed');
};

type Method = 'get' | 'post' | 'put' | 'delete';

/** Declares one path with its methods; other methods on it answer 405. */
export function resource(router: Router, path: string, handlers: Partial<Record<Method, RequestHandler>>): void {
  const route = router.route(path).all(negotiate);
  for (const [method, handler] of Object.entries(handlers) as [Method, RequestHandler][]) route[method](handler);
  route.all(methodNotAllowed);
}

