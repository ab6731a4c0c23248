/**
 * /subjects/{subject}/versions: register, list, read and delete versions.
 *
 *   GET    /subjects/{s}/versions[?deleted=true][&deletedOnly=true]       -> [1, 2, 3]; 40401
 *   POST   /subjects/{s}/versions[?normalize=true]  {schema, schemaType?, references?, id?, version?}
 *          -> {"id": N}; 409 incompatible (every reason), 42201 invalid, 42205 mode, 42207 id mismatch
 *   GET    /subjects/{s}/versions/{v}[?deleted=true]   v = 1..2^31-1, "latest" or -1
 *          -> {subject, version, id, schemaType?, references?, schema}; 40401, 40402, 42202
 *   GET    /subjects/{s}/versions/{v}/schema          -> the schema text itself
 *   GET    /subjects/{s}/versions/{v}/referencedby    -> ids of the schemas referencing it
 *   DELETE /subjects/{s}/versions/{v}[?permanent=true] -> the deleted version number
 */
import type { Router } from 'express';
import { findInSubject } from '../service/lookup.js';
import { assertValidSubject, subjectNotFound, versionNotFound } from '../service/policy.js';
import type { VersionRef } from '../service/writer.js';
import type { StoredVersion } from '../store/store.js';
import { registerBody } from './bodies.js';
import { flag, page, parseVersion, schemaEntity, send, sendText, param, type RestContext } from './http.js';
import { jsonBody, resource } from './routing.js';
import { normalizeFor } from './subjects.js';

/** The version a GET names, live (or soft-deleted too with includeDeleted); 40401/40402 otherwise. */
export function readVersion(ctx: RestContext, subject: string, ref: VersionRef, includeDeleted: boolean): StoredVersion {
  const v = ref === 'latest' ? ctx.store.latest(subject) : ctx.store.version(subject, ref);
  if (v && (includeDeleted || !v.deleted)) return v;
  if (!ctx.store.hasSubject(subject, includeDeleted)) throw subjectNotFound(subject);
  throw versionNotFound(subject, ref === 'latest' ? -1 : ref);
}

export function subjectVersionRoutes(router: Router, ctx: RestContext): void {
  resource(router, '/subjects/:subject/versions', {
    get: (req, res) => {
      const subject = param(req, 'subject');
      const only = flag(req.query, 'deletedOnly');
      const deleted = only || flag(req.query, 'deleted');
      if (!ctx.store.hasSubject(subject, deleted)) throw subjectNotFound(subject);
      const versions = ctx.store.versions(subject).filter((v) => (only ? v.deleted : deleted || !v.deleted));
      send(res, page(versions.map((v) => v.version), req.query));
    },
    post: async (req, res) => {
      const subject = param(req, 'subject');
      assertValidSubject(subject);
      const body = registerBody(jsonBody(req));
      const normalize = normalizeFor(ctx, subject, req.query);
      if (body.id === undefined && body.version === undefined) {
        // Already registered: answer here, without a write (or a trip to the leader).
        const requested = ctx.schemas.parseRequest(body.schemaType, body.schema, body.references);
        const found = findInSubject(ctx, subject, requested, normalize, false);
        if (found) return send(res, { id: found.id });
      }
      send(res, await ctx.writer.register(subject, body, normalize));
    },
  });

  resource(router, '/subjects/:subject/versions/:version', {
    get: (req, res) => {
      const v = readVersion(ctx, param(req, 'subject'), parseVersion(param(req, 'version')), flag(req.query, 'deleted'));
      send(res, schemaEntity(v));
    },
    delete: async (req, res) => {
      const version = parseVersion(param(req, 'version'));
      send(res, await ctx.writer.deleteVersion(param(req, 'subject'), version, flag(req.query, 'permanent')));
    },
  });

  resource(router, '/subjects/:subject/versions/:version/schema', {
    get: (req, res) => {
      sendText(res, readVersion(ctx, param(req, 'subject'), parseVersion(param(req, 'version')), flag(req.query, 'deleted')).schema);
    },
  });

  resource(router, '/subjects/:subject/versions/:version/referencedby', {
    get: (req, res) => {
      const v = readVersion(ctx, param(req, 'subject'), parseVersion(param(req, 'version')), true);
      const ids = new Set(ctx.store.referrersOf(v.subject, v.version, flag(req.query, 'deleted')).map((r) => r.id));
      send(res, page([...ids].sort((a, b) => a - b), req.query));
    },
  });
}
