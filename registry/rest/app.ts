/**
 * The express application: Confluent's routes (one file per resource group), content
 * negotiation, request bodies and errors, answered the way Confluent's server answers them:
 * - requests may be application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json,
 *   application/json or application/octet-stream (or carry no content type); others get 415;
 * - responses are application/vnd.schemaregistry.v1+json; an Accept header that allows none of
 *   the JSON types gets 406;
 * - every error is {"error_code": N, "message": "..."}: RegistryErrors with their code, a body
 *   that is not JSON a 400 naming the parser's message, unknown paths 404 "HTTP 404 Not Found",
 *   known paths with another method 405; anything unexpected is logged and answered 500, and
 *   the server keeps serving.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { FORWARDED_HEADER, forwardedRequest } from '../cluster/forward.js';
import { RegistryError } from '../errors.js';
import type { Logger } from '../logger.js';
import { compatibilityRoutes } from './compatibility.js';
import { configRoutes } from './config.js';
import { send, type RestContext } from './http.js';
import { modeRoutes } from './mode.js';
import { rootRoutes } from './root.js';
import { BODY_LIMIT } from './routing.js';
import { schemaRoutes } from './schemas.js';
import { subjectVersionRoutes } from './subject-versions.js';
import { subjectRoutes } from './subjects.js';

export function createApp(ctx: RestContext, log: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Confluent's server sends no ETags; express would hash every response body for one.
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.use(express.raw({ type: () => true, limit: BODY_LIMIT }));
  app.use((req, _res, next) => {
    log.debug(`${req.method} ${req.originalUrl}`);
    // A write forwarded by another instance: it must not be forwarded again (cluster/forward.ts).
    if (req.headers[FORWARDED_HEADER]) forwardedRequest.run(true, next);
    else next();
  });
  const router = express.Router({ caseSensitive: true });
  rootRoutes(router, ctx);
  subjectRoutes(router, ctx);
  subjectVersionRoutes(router, ctx);
  schemaRoutes(router, ctx);
  compatibilityRoutes(router, ctx);
  configRoutes(router, ctx);
  modeRoutes(router, ctx);
  app.use(router);
  app.use((_req: Request, res: Response) => send(res, { error_code: 404, message: 'HTTP 404 Not Found' }, 404));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let e: RegistryError;
    if (err instanceof RegistryError) {
      e = err;
    } else if ((err as { type?: string }).type === 'entity.too.large') {
      e = new RegistryError('BAD_REQUEST', `The request body is larger than ${BODY_LIMIT}`);
    } else if (typeof (err as { status?: number }).status === 'number' && (err as { status: number }).status < 500) {
      e = new RegistryError('BAD_REQUEST', `Bad request: ${(err as Error).message}`);
    } else {
      log.error(`${req.method} ${req.originalUrl} failed: ${(err as Error)?.stack ?? String(err)}`);
      e = new RegistryError('INTERNAL', `Internal error: ${(err as Error)?.message ?? String(err)}`);
    }
    if (e.status >= 500 && err instanceof RegistryError) log.warn(`${req.method} ${req.originalUrl}: ${e.errorCode} ${e.message}`);
    if (res.headersSent) return;
    send(res, e.toJSON(), e.status);
  });
  return app;
}
