/**
 * /connectors: Kafka Connect's connector resource, paths, status codes and JSON as Connect's:
 *
 *   GET    /connectors[?expand=status&expand=info]      names, or {name: {status?, info?}}
 *   POST   /connectors {name, config, initial_state?}    201 ConnectorInfo, Location header
 *   GET    /connectors/{c}                                ConnectorInfo {name, config, tasks, type}
 *   DELETE /connectors/{c}                                204
 *   GET|PUT|PATCH /connectors/{c}/config                  config | 201/200 ConnectorInfo | 200
 *   GET    /connectors/{c}/status                         {name, connector, tasks, type}
 *   POST   /connectors/{c}/restart[?includeTasks&onlyFailed]   204, or 202 with the status
 *   PUT    /connectors/{c}/pause | /resume                202;  PUT /connectors/{c}/stop  204
 *   GET    /connectors/{c}/tasks                          [{id: {connector, task}, config}]
 *   POST   /connectors/{c}/tasks                          internal: task configs (leader), 204
 *   GET    /connectors/{c}/tasks/{t}/status               {id, state, worker_id, trace?}
 *   POST   /connectors/{c}/tasks/{t}/restart              204
 *   GET|PATCH|DELETE /connectors/{c}/offsets             (offsets-api.ts)
 *   GET    /connectors/{c}/topics; PUT .../topics/reset   {c: {topics: [...]}}; 202
 *
 * Configs in answers are redacted (PASSWORD values "[hidden]").
 */
import type { Router } from 'express';
import { NotFoundException } from '../api/errors.js';
import type { TargetState } from '../storage/stores.js';
import { BadRequestError, ForbiddenError } from '../worker/errors.js';
import { INITIAL_STATES } from '../worker/herder.js';
import { flag, jsonBody, multi, noContent, param, patchMap, route, send, stringMap, type RestContext } from './http.js';

function withName(name: string, config: Record<string, string>): Record<string, string> {
  const included = config.name;
  if (included !== undefined && included !== name) throw new BadRequestError(`Connector name configuration (${included}) doesn't match connector name in the URL (${name})`);
  return { ...config, name };
}

function taskId(raw: string): number {
  if (!/^-?\d+$/.test(raw)) throw new NotFoundException('HTTP 404 Not Found');
  return Number(raw);
}

export function connectorRoutes(r: Router, ctx: RestContext): void {
  r.get('/connectors', route((req, res) => {
    const expand = multi(req.query, 'expand');
    if (req.query.expand === undefined) return send(res, ctx.herder.connectors());
    const out: Record<string, Record<string, unknown>> = {};
    for (const name of ctx.herder.connectors()) {
      try {
        const e: Record<string, unknown> = {};
        for (const x of expand) {
          if (x === 'status') e.status = ctx.herder.connectorStatus(name);
          else if (x === 'info') e.info = ctx.herder.connectorInfo(name);
        }
        out[name] = e;
      } catch (err) {
        if (!(err instanceof NotFoundException)) throw err;
      }
    }
    send(res, out);
  }));

  r.post('/connectors', route(async (req, res) => {
    const body = jsonBody(req) as { name?: unknown; config?: unknown; initial_state?: unknown } | null;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('Request body must be a JSON object with "name" and "config"');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (body.config === undefined || body.config === null) throw new BadRequestError('Request body must contain the connector\'s "config" object');
    const config = withName(name, stringMap(body.config, 'config'));
    let initial: TargetState | undefined;
    if (body.initial_state !== undefined && body.initial_state !== null) {
      initial = typeof body.initial_state === 'string' ? INITIAL_STATES[body.initial_state.toUpperCase()] : undefined;
      if (initial === undefined) throw new BadRequestError(`Invalid initial_state ${JSON.stringify(body.initial_state)}: expected one of RUNNING, PAUSED, STOPPED`);
    }
    const { info } = await ctx.herder.putConnectorConfig(name, config, false, initial);
    res.location(`/connectors/${encodeURIComponent(name)}`);
    send(res, info, 201);
  }));

  r.get('/connectors/:c', route((req, res) => send(res, ctx.herder.connectorInfo(param(req, 'c')))));

  r.delete('/connectors/:c', route(async (req, res) => {
    await ctx.herder.deleteConnector(param(req, 'c'));
    noContent(res);
  }));

  r.get('/connectors/:c/config', route((req, res) => send(res, ctx.herder.connectorInfo(param(req, 'c')).config)));

  r.put('/connectors/:c/config', route(async (req, res) => {
    const name = param(req, 'c');
    const config = withName(name, stringMap(jsonBody(req), 'The connector configuration'));
    const { created, info } = await ctx.herder.putConnectorConfig(name, config, true);
    if (created) res.location(`/connectors/${encodeURIComponent(name)}`);
    send(res, info, created ? 201 : 200);
  }));

  r.patch('/connectors/:c/config', route(async (req, res) => {
    send(res, await ctx.herder.patchConnectorConfig(param(req, 'c'), patchMap(jsonBody(req), 'The connector configuration patch')));
  }));

  r.get('/connectors/:c/status', route((req, res) => send(res, ctx.herder.connectorStatus(param(req, 'c')))));

  r.post('/connectors/:c/restart', route(async (req, res) => {
    const name = param(req, 'c');
    const includeTasks = flag(req.query, 'includeTasks');
    const onlyFailed = flag(req.query, 'onlyFailed');
    if (!includeTasks && !onlyFailed) {
      await ctx.restarts.restartConnector(name);
      return noContent(res);
    }
    send(res, await ctx.restarts.restartConnectorAndTasks(name, onlyFailed, includeTasks), 202);
  }));

  r.put('/connectors/:c/pause', route(async (req, res) => {
    await ctx.herder.setTargetState(param(req, 'c'), 'PAUSED');
    noContent(res, 202);
  }));

  r.put('/connectors/:c/resume', route(async (req, res) => {
    await ctx.herder.setTargetState(param(req, 'c'), 'STARTED');
    noContent(res, 202);
  }));

  r.put('/connectors/:c/stop', route(async (req, res) => {
    await ctx.herder.setTargetState(param(req, 'c'), 'STOPPED');
    noContent(res);
  }));

  r.get('/connectors/:c/tasks', route((req, res) => send(res, ctx.herder.taskConfigs(param(req, 'c')))));

  r.post('/connectors/:c/tasks', route(async (req, res) => {
    const body = jsonBody(req);
    if (!Array.isArray(body)) throw new BadRequestError('Task configs must be a JSON array of objects');
    await ctx.herder.putTaskConfigs(param(req, 'c'), body.map((c, i) => stringMap(c, `Task config ${i}`)));
    noContent(res);
  }));

  r.get('/connectors/:c/tasks/:t/status', route((req, res) => {
    const id = { connector: param(req, 'c'), task: taskId(param(req, 't')) };
    const state = statusOf(ctx, id);
    if (state === undefined) throw new NotFoundException(`No status found for task ${id.connector}-${id.task}`);
    send(res, state);
  }));

  r.post('/connectors/:c/tasks/:t/restart', route(async (req, res) => {
    await ctx.restarts.restartTask({ connector: param(req, 'c'), task: taskId(param(req, 't')) });
    noContent(res);
  }));

  r.get('/connectors/:c/offsets', route(async (req, res) => send(res, await ctx.offsets.get(param(req, 'c')))));
  r.patch('/connectors/:c/offsets', route(async (req, res) => send(res, await ctx.offsets.alter(param(req, 'c'), jsonBody(req)))));
  r.delete('/connectors/:c/offsets', route(async (req, res) => send(res, await ctx.offsets.reset(param(req, 'c')))));

  r.get('/connectors/:c/topics', route((req, res) => {
    if (!ctx.config.values['topic.tracking.enable']) throw new ForbiddenError('Topic tracking is disabled.');
    const name = param(req, 'c');
    ctx.herder.config(name);
    send(res, { [name]: { topics: ctx.statuses.topics(name) } });
  }));

  r.put('/connectors/:c/topics/reset', route(async (req, res) => {
    if (!ctx.config.values['topic.tracking.enable']) throw new ForbiddenError('Topic tracking is disabled.');
    if (!ctx.config.values['topic.tracking.allow.reset']) throw new ForbiddenError('Topic tracking reset is disabled.');
    const name = param(req, 'c');
    ctx.herder.config(name);
    await ctx.statuses.resetTopics(name);
    noContent(res, 202);
  }));
}

function statusOf(ctx: RestContext, id: { connector: string; task: number }): unknown {
  return ctx.herder.connectorStatus(id.connector).tasks.find((t) => t.id === id.task);
}
