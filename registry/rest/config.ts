/**
 * /config: compatibility levels, global and per subject.
 *
 *   GET    /config                         -> {"compatibilityLevel": L}  (the global level)
 *   PUT    /config            {"compatibility": L}  -> {"compatibility": L}; 42203 unknown level
 *   DELETE /config                         -> the global config that was in force (back to the default)
 *   GET    /config/{s}[?defaultToGlobal=true]  -> the subject's own level; 40408 when it has none
 *                                             (with defaultToGlobal: the level in force)
 *   PUT    /config/{s}        {"compatibility": L}  -> {"compatibility": L}
 *   DELETE /config/{s}                     -> the removed config; 40401 when it had none
 */
import type { Router } from 'express';
import { RegistryError } from '../errors.js';
import { assertValidSubject, configBody as shownConfig, effectiveConfig } from '../service/policy.js';
import { configBody } from './bodies.js';
import { flag, send, param, type RestContext } from './http.js';
import { jsonBody, resource } from './routing.js';

export function configRoutes(router: Router, ctx: RestContext): void {
  resource(router, '/config', {
    get: (_req, res) => send(res, shownConfig(effectiveConfig(ctx.store, ctx.defaults, null))),
    put: async (req, res) => send(res, await ctx.writer.setConfig(null, configBody(jsonBody(req)))),
    delete: async (_req, res) => send(res, await ctx.writer.deleteConfig(null)),
  });

  resource(router, '/config/:subject', {
    get: (req, res) => {
      const subject = param(req, 'subject');
      if (flag(req.query, 'defaultToGlobal')) return send(res, shownConfig(effectiveConfig(ctx.store, ctx.defaults, subject)));
      const own = ctx.store.config(subject);
      if (!own) {
        throw new RegistryError('SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED', `Subject '${subject}' does not have subject-level compatibility configured. `
          + 'Fix: add ?defaultToGlobal=true to see the level in force, or PUT one.');
      }
      send(res, shownConfig(own));
    },
    put: async (req, res) => {
      const subject = param(req, 'subject');
      assertValidSubject(subject);
      send(res, await ctx.writer.setConfig(subject, configBody(jsonBody(req))));
    },
    delete: async (req, res) => send(res, await ctx.writer.deleteConfig(param(req, 'subject'))),
  });
}
