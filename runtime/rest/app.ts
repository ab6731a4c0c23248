/**
 * The worker's REST API on express, answered the way Kafka Connect answers:
 * - bodies are read raw and parsed as JSON by the routes (a body that is not JSON: 400 with the
 *   parser's message); answers are application/json;
 * - every error is {"error_code": <status>, "message": "..."}: 400 bad request or invalid config,
 *   404 unknown connector/task/plugin/logger, 409 conflict (exists; rebalance in progress),
 *   500 anything unexpected (logged; the server keeps serving); unknown paths 404
 *   "HTTP 404 Not Found", known paths with another method 405 "HTTP 405 Method Not Allowed";
 * - in a worker group, writes that reach a worker other than the leader are forwarded to the
 *   leader (forward.ts).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { connectorRoutes } from './connectors.js';
import { forwardWrites } from './forward.js';
import { errorBody, send, type RestContext } from './http.js';
import { pluginRoutes } from './plugins.js';
import { rootRoutes } from './root.js';

export const BODY_LIMIT = '10mb';

/** Paths this API serves, for 405 answers. */
const KNOWN = [
  /^\/$/, /^\/health$/, /^\/metrics$/, /^\/connectors$/, /^\/connectors\/[^/]+(\/(config|status|restart|pause|resume|stop|tasks|offsets|topics|topics\/reset))?$/,
  /^\/connectors\/[^/]+\/tasks\/[^/]+\/(status|restart)$/, /^\/connector-plugins(\/[^/]+\/config(\/validate)?)?$/, /^\/admin\/loggers(\/[^/]+)?$/,
];

export function createApp(ctx: RestContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.use(express.raw({ type: () => true, limit: BODY_LIMIT }));
  app.use((req, _res, next) => {
    ctx.log.debug(`${req.method} ${req.originalUrl}`);
    next();
  });
  app.use(forwardWrites(ctx));
  const router = express.Router({ caseSensitive: true, strict: false });
  rootRoutes(router, ctx);
  connectorRoutes(router, ctx);
  pluginRoutes(router, ctx);
  app.use(router);
  app.use((req: Request, res: Response) => {
    if (KNOWN.some((k) => k.test(req.path))) return send(res, { error_code: 405, message: 'HTTP 405 Method Not Allowed' }, 405);
    send(res, { error_code: 404, message: 'HTTP 404 Not Found' }, 404);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let { status, body } = errorBody(err);
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.too.large') {
      status = 413;
      body = { error_code: 413, message: `The request body is larger than ${BODY_LIMIT}` };
    } else if (status === 500 && typeof e?.status === 'number' && e.status < 500) {
      status = e.status;
      body = { error_code: status, message: e.message ?? 'Bad request' };
    }
    if (status >= 500) ctx.log.error(`Uncaught exception in REST call to ${req.method} ${req.originalUrl}: ${(err as Error)?.stack ?? String(err)}`);
    if (res.headersSent) return;
    send(res, body, status);
  });
  return app;
}
