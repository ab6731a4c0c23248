/**
 * The hot path of every consumer: `GET /schemas/ids/{id}` (deserializers look each schema id up
 * once, but a fleet of fresh consumers, or ones without a cache, ask all the time). It is
 * answered before express routing, from pre-serialized responses, and falls through to the
 * express routes for everything else, including every error (unknown id, bad Accept), so errors
 * keep one code path. Answers are byte for byte what the express route sends.
 *
 * The cache is dropped whenever the store's revision changes (any applied record), so an answer
 * is never older than the state the express routes would read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegistryStore } from '../store/store.js';
import { jsonBytes, RESPONSE_TYPE, schemaStringEntity } from './http.js';
import { acceptable } from './routing.js';

const BY_ID = /^\/schemas\/ids\/(\d{1,10})(?:\?.*)?$/;
const MAX_CACHED = 10_000;

export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function fastLookupById(store: RegistryStore): FastPath {
  const cache = new Map<number, Buffer>();
  let revision = -1;
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const m = BY_ID.exec(req.url ?? '');
    if (m === null || !acceptable(req.headers.accept)) return false;
    const id = Number(m[1]);
    if (store.revision !== revision) {
      cache.clear();
      revision = store.revision;
    }
    let body = cache.get(id);
    if (body === undefined) {
      const v = store.versionsById(id)[0];
      if (v === undefined) return false;
      body = jsonBytes(schemaStringEntity(v));
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(id, body);
    }
    res.writeHead(200, { 'Content-Type': RESPONSE_TYPE, 'Content-Length': body.length });
    res.end(body);
    return true;
  };
}
