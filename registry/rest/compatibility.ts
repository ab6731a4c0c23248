/**
 * /compatibility: would this schema be accepted? The subject's level applies (falling back to
 * the global one); nothing is written.
 *
 *   POST /compatibility/subjects/{s}/versions/{v}[?verbose=true][&normalize=true]  {schema, ...}
 *        against that live version ("latest"/-1: the newest; none yet = compatible)
 *   POST /compatibility/subjects/{s}/versions[?verbose=true]  {schema, ...}
 *        against the versions the level compares with (the latest, or all for _TRANSITIVE)
 *   -> {"is_compatible": true|false[, "messages": [...]]}  (messages with verbose=true)
 *
 * With verbose=true an invalid schema is answered {"is_compatible": false, "messages": [why]}
 * instead of 42201, as Confluent does.
 */
import type { Router } from 'express';
import { checkCompatibility } from '../compatibility/check.js';
import { RegistryError } from '../errors.js';
import { providerFor } from '../schema/index.js';
import { effectiveConfig, subjectNotFound, versionNotFound } from '../service/policy.js';
import type { StoredVersion } from '../store/store.js';
import { registerBody } from './bodies.js';
import { flag, parseVersion, send, param, type RestContext } from './http.js';
import { jsonBody, resource } from './routing.js';

function answer(ctx: RestContext, subject: string, body: unknown, query: unknown, previous: readonly StoredVersion[]): Record<string, unknown> {
  const verbose = flag(query, 'verbose');
  let messages: string[];
  try {
    const req = registerBody(body);
    const requested = ctx.schemas.parseRequest(req.schemaType, req.schema, req.references);
    const level = effectiveConfig(ctx.store, ctx.defaults, subject).compatibilityLevel;
    messages = checkCompatibility(providerFor(requested.schemaType), level, requested.parsed, ctx.schemas.previous(previous));
  } catch (err) {
    if (!verbose || !(err instanceof RegistryError) || err.errorName !== 'INVALID_SCHEMA') throw err;
    messages = [err.message];
  }
  return verbose ? { is_compatible: messages.length === 0, messages } : { is_compatible: messages.length === 0 };
}

export function compatibilityRoutes(router: Router, ctx: RestContext): void {
  resource(router, '/compatibility/subjects/:subject/versions/:version', {
    post: (req, res) => {
      const subject = param(req, 'subject');
      const ref = parseVersion(param(req, 'version'));
      const body = jsonBody(req);
      let previous: StoredVersion[];
      if (ref === 'latest') {
        const latest = ctx.store.latest(subject);
        previous = latest ? [latest] : [];
      } else {
        const v = ctx.store.version(subject, ref);
        if (!v || v.deleted) throw ctx.store.hasSubject(subject) ? versionNotFound(subject, ref) : subjectNotFound(subject);
        previous = [v];
      }
      send(res, answer(ctx, subject, body, req.query, previous));
    },
  });

  resource(router, '/compatibility/subjects/:subject/versions', {
    post: (req, res) => {
      const subject = param(req, 'subject');
      const body = jsonBody(req);
      send(res, answer(ctx, subject, body, req.query, ctx.store.versions(subject).filter((v) => !v.deleted)));
    },
  });
}
