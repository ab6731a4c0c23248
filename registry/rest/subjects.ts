/**
 * /subjects: list subjects, look a schema up under a subject, delete a subject.
 *
 *   GET    /subjects[?deleted=true][&deletedOnly=true][&subjectPrefix=P][&offset=N&limit=N]  -> ["a", "b"]
 *   POST   /subjects/{subject}[?normalize=true][&deleted=true]  {schema, schemaType?, references?}
 *          -> the matching version {subject, version, id, schemaType?, references?, schema};
 *             40401 no such subject, 40403 the schema is not a version of it
 *   DELETE /subjects/{subject}[?permanent=true]  -> the deleted versions [1, 2, 3]
 */
import type { Router } from 'express';
import { findInSubject } from '../service/lookup.js';
import { effectiveConfig, schemaNotFound, subjectNotFound } from '../service/policy.js';
import { registerBody } from './bodies.js';
import { flag, page, schemaEntity, send, stringParam, param, type RestContext } from './http.js';
import { jsonBody, resource } from './routing.js';

/** normalize=true, or the subject's (or global) config says normalize. */
export function normalizeFor(ctx: RestContext, subject: string, query: unknown): boolean {
  return flag(query, 'normalize') || effectiveConfig(ctx.store, ctx.defaults, subject).normalize === true;
}

export function subjectRoutes(router: Router, ctx: RestContext): void {
  resource(router, '/subjects', {
    get: (req, res) => {
      const filter = flag(req.query, 'deletedOnly') ? 'only' : flag(req.query, 'deleted') ? 'include' : 'exclude';
      send(res, page(ctx.store.subjectNames(filter, stringParam(req.query, 'subjectPrefix') ?? ''), req.query));
    },
  });

  resource(router, '/subjects/:subject', {
    post: (req, res) => {
      const subject = param(req, 'subject');
      const body = registerBody(jsonBody(req));
      const deleted = flag(req.query, 'deleted');
      const requested = ctx.schemas.parseRequest(body.schemaType, body.schema, body.references);
      const found = findInSubject(ctx, subject, requested, normalizeFor(ctx, subject, req.query), deleted);
      if (!found) throw ctx.store.hasSubject(subject, deleted) ? schemaNotFound() : subjectNotFound(subject);
      send(res, schemaEntity(found));
    },
    delete: async (req, res) => {
      send(res, await ctx.writer.deleteSubject(param(req, 'subject'), flag(req.query, 'permanent')));
    },
  });
}
