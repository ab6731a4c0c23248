/**
 * The worker's own resources:
 *
 *   GET /          {"version", "commit", "kafka_cluster_id"}
 *   GET /health    200 {"status": "healthy", "message": ...} once started; 503 "starting"
 *                  before; 500 "unhealthy" when the worker cannot serve (Connect's KIP-1017)
 *   GET /metrics   Prometheus text format (runtime/metrics)
 *   GET|PUT /admin/loggers[/{name}]   levels of the worker's loggers (Connect's LoggingResource):
 *                  PUT {"level": "DEBUG"} sets a logger and everything below it and answers the
 *                  names it changed; an unknown level is 404 (as Connect), a missing one 400.
 */
import type { Router } from 'express';
import { NotFoundException } from '../api/errors.js';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/registry.js';
import { BadRequestError } from '../worker/errors.js';
import { parseLogLevel } from '../worker/logger.js';
import { jsonBody, noContent, param, route, send, type RestContext } from './http.js';

export function rootRoutes(r: Router, ctx: RestContext): void {
  r.get('/', route((_req, res) => send(res, ctx.serverInfo())));

  r.get('/health', route((_req, res) => {
    const h = ctx.health();
    send(res, h, h.status === 'healthy' ? 200 : h.status === 'starting' ? 503 : 500);
  }));

  r.get('/metrics', route((_req, res) => {
    res.status(200).set('Content-Type', PROMETHEUS_CONTENT_TYPE).send(ctx.metrics.render());
  }));

  r.get('/admin/loggers', route((_req, res) => send(res, ctx.loggers.describeAll())));

  r.get('/admin/loggers/:name', route((req, res) => {
    const name = param(req, 'name');
    const d = ctx.loggers.describe(name);
    if (d === undefined) throw new NotFoundException(`Logger ${name} not found.`);
    send(res, d);
  }));

  r.put('/admin/loggers/:name', route((req, res) => {
    const body = jsonBody(req) as { level?: unknown } | null;
    const level = body !== null && typeof body === 'object' ? body.level : undefined;
    if (typeof level !== 'string') throw new BadRequestError("Desired 'level' parameter was not specified in request.");
    const parsed = parseLogLevel(level);
    if (parsed === undefined) throw new NotFoundException(`invalid log level '${level}'.`);
    const scope = typeof req.query.scope === 'string' ? req.query.scope.toLowerCase() : 'worker';
    const changed = ctx.loggers.setLevel(param(req, 'name'), parsed);
    if (scope === 'cluster') return noContent(res);
    send(res, changed);
  }));
}
