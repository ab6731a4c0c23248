/**
 * /schemas: schemas by global id (soft-deleted versions stay readable here, so consumers can
 * always decode old data), the supported types, and a listing.
 *
 *   GET /schemas[?subjectPrefix=P][&deleted=true][&latestOnly=true]  -> [{subject, version, id, ..., schema}]
 *   GET /schemas/types                     -> ["AVRO", "JSON"]
 *   GET /schemas/ids/{id}[?subject=S]      -> {schema, schemaType?, references?}; 40403
 *   GET /schemas/ids/{id}/schema           -> the schema text itself
 *   GET /schemas/ids/{id}/subjects[?deleted=true]  -> ["a", "b"]
 *   GET /schemas/ids/{id}/versions[?deleted=true]  -> [{"subject": "a", "version": 1}]
 *
 * `subject` only chooses among contexts in Confluent; there is one context here, so it is
 * accepted and does not change the answer.
 */
import type { Router } from 'express';
import { schemaTypes } from '../schema/index.js';
import { schemaNotFound } from '../service/policy.js';
import type { StoredVersion } from '../store/store.js';
import { flag, page, parseId, schemaEntity, schemaStringEntity, send, sendText, stringParam, param, type RestContext } from './http.js';
import { resource } from './routing.js';

function byId(ctx: RestContext, raw: string): { id: number; versions: StoredVersion[] } {
  const id = parseId(raw);
  const versions = ctx.store.versionsById(id);
  if (versions.length === 0) throw schemaNotFound(id);
  return { id, versions };
}

export function schemaRoutes(router: Router, ctx: RestContext): void {
  resource(router, '/schemas', {
    get: (req, res) => {
      const deleted = flag(req.query, 'deleted');
      const latestOnly = flag(req.query, 'latestOnly');
      const out: Record<string, unknown>[] = [];
      for (const subject of ctx.store.subjectNames('include', stringParam(req.query, 'subjectPrefix') ?? '')) {
        const versions = ctx.store.versions(subject).filter((v) => deleted || !v.deleted);
        out.push(...(latestOnly ? versions.slice(-1) : versions).map(schemaEntity));
      }
      send(res, page(out, req.query));
    },
  });

  resource(router, '/schemas/types', { get: (_req, res) => send(res, schemaTypes) });

  resource(router, '/schemas/ids/:id', {
    get: (req, res) => {
      send(res, schemaStringEntity(byId(ctx, param(req, 'id')).versions[0]!));
    },
  });

  resource(router, '/schemas/ids/:id/schema', {
    get: (req, res) => sendText(res, byId(ctx, param(req, 'id')).versions[0]!.schema),
  });

  resource(router, '/schemas/ids/:id/subjects', {
    get: (req, res) => {
      const deleted = flag(req.query, 'deleted');
      const subjects = new Set(byId(ctx, param(req, 'id')).versions.filter((v) => deleted || !v.deleted).map((v) => v.subject));
      send(res, page([...subjects], req.query));
    },
  });

  resource(router, '/schemas/ids/:id/versions', {
    get: (req, res) => {
      const deleted = flag(req.query, 'deleted');
      const versions = byId(ctx, param(req, 'id')).versions.filter((v) => deleted || !v.deleted);
      send(res, page(versions.map((v) => ({ subject: v.subject, version: v.version })), req.query));
    },
  });
}
