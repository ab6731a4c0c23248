/**
 * /mode: READWRITE, READONLY (writes refused), READONLY_OVERRIDE, IMPORT (registrations must
 * give ids and may give versions), global and per subject.
 *
 *   GET    /mode                          -> {"mode": M}  (the global mode)
 *   PUT    /mode[?force=true]   {"mode": M}  -> {"mode": M}; 42204 unknown mode; 42205 IMPORT over
 *                                            live schemas without force, or mode.mutability=false
 *   DELETE /mode                          -> the global mode that was set (back to READWRITE)
 *   GET    /mode/{s}[?defaultToGlobal=true] -> the subject's own mode; 40409 when it has none
 *   PUT    /mode/{s}[?force=true] {"mode": M} -> {"mode": M}
 *   DELETE /mode/{s}                      -> the removed mode; 40401 when it had none
 */
import type { Router } from 'express';
import { RegistryError } from '../errors.js';
import { assertValidSubject, effectiveMode } from '../service/policy.js';
import { modeBody } from './bodies.js';
import { flag, send, param, type RestContext } from './http.js';
import { jsonBody, resource } from './routing.js';

export function modeRoutes(router: Router, ctx: RestContext): void {
  resource(router, '/mode', {
    get: (_req, res) => send(res, { mode: effectiveMode(ctx.store, ctx.defaults, null) }),
    put: async (req, res) => send(res, { mode: await ctx.writer.setMode(null, modeBody(jsonBody(req)), flag(req.query, 'force')) }),
    delete: async (_req, res) => send(res, { mode: await ctx.writer.deleteMode(null) }),
  });

  resource(router, '/mode/:subject', {
    get: (req, res) => {
      const subject = param(req, 'subject');
      if (flag(req.query, 'defaultToGlobal')) return send(res, { mode: effectiveMode(ctx.store, ctx.defaults, subject) });
      const own = ctx.store.mode(subject);
      if (!own) {
        throw new RegistryError('SUBJECT_LEVEL_MODE_NOT_CONFIGURED', `Subject '${subject}' does not have subject-level mode configured. `
          + 'Fix: add ?defaultToGlobal=true to see the mode in force, or PUT one.');
      }
      send(res, { mode: own });
    },
    put: async (req, res) => {
      const subject = param(req, 'subject');
      assertValidSubject(subject);
      send(res, { mode: await ctx.writer.setMode(subject, modeBody(jsonBody(req)), flag(req.query, 'force')) });
    },
    delete: async (req, res) => send(res, { mode: await ctx.writer.deleteMode(param(req, 'subject')) }),
  });
}
