/**
 * In a worker group only the leader writes configs. A write to /connectors... (POST, PUT, PATCH,
 * DELETE) that reaches another worker is forwarded to the leader's REST API and its answer
 * (status, JSON body, Location) is passed back unchanged, as Kafka Connect does. While no leader
 * is known (a rebalance), or when a forwarded request reaches a worker that is not the leader
 * either, the answer is 409 with Connect's message. A standalone worker is always the leader, so
 * this never forwards there.
 *
 * Restarts write no config: they go to the worker that runs the work, found through the status
 * records (their worker_id is `host:port` of that worker's advertised REST listener):
 *   POST /connectors/{c}/tasks/{t}/restart   forwarded to the task's worker;
 *   POST /connectors/{c}/restart             (connector only) forwarded to the connector's worker;
 *   POST /connectors/{c}/restart?includeTasks&onlyFailed   answered by the worker it reached
 *        (it marks what it restarts RESTARTING and restarts what runs on it); every other worker
 *        that runs a selected task or the connector gets the plain restart of that task or
 *        connector (sent in the background, before the local handling, failures logged).
 * A request that was forwarded once is handled where it arrives (no second hop). Work with no
 * status record, whose worker is this one, or whose worker cannot be reached, is handled here.
 */
import type { NextFunction, Request, Response } from 'express';
import type { StatusRecord } from '../storage/stores.js';
import { REBALANCE_MESSAGE } from '../worker/errors.js';
import { flag, send, type RestContext } from './http.js';

export const FORWARDED_HEADER = 'x-tributary-forwarded';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TASK_RESTART = /^\/connectors\/([^/]+)\/tasks\/(\d+)\/restart\/?$/;
const CONNECTOR_RESTART = /^\/connectors\/([^/]+)\/restart\/?$/;

/** Sends the request to `base` and passes its answer back unchanged; `unreachable` (if given) handles a request that could not be sent. */
function relay(req: Request, res: Response, base: string, what: string, unreachable?: () => void): void {
  const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body.toString('utf8') : undefined;
  fetch(new URL(req.originalUrl, base), {
    method: req.method,
    headers: { 'content-type': 'application/json', accept: 'application/json', [FORWARDED_HEADER]: 'true' },
    ...(body !== undefined ? { body } : {}),
  }).then(async (answer) => {
    const text = Buffer.from(await answer.arrayBuffer());
    const location = answer.headers.get('location');
    if (location !== null) res.location(location);
    res.status(answer.status);
    if (text.length > 0) res.type('application/json').send(text);
    else res.end();
  }, (err: unknown) => {
    if (unreachable !== undefined) return unreachable();
    send(res, { error_code: 500, message: `Error trying to forward REST request to ${what} at ${base}: ${(err as Error).message}` }, 500);
  });
}

/** The REST base URL of the worker a status record names, or null when that is this worker (or none). */
function workerUrl(ctx: RestContext, record: StatusRecord | undefined, scheme: string): string | null {
  const self = ctx.herder.membership.workerId;
  if (record === undefined || record.workerId === '' || record.workerId === self) return null;
  return `${scheme}://${record.workerId}`;
}

/**
 * Routes a restart to the worker(s) running the work; false when it is handled here. A worker
 * that cannot be reached (its status record is older than its death) leaves it to this one.
 */
function forwardRestart(ctx: RestContext, req: Request, res: Response, next: NextFunction): boolean {
  const scheme = ctx.config.values['rest.advertised.listener'];
  const t = TASK_RESTART.exec(req.path);
  if (t !== null) {
    const url = workerUrl(ctx, ctx.statuses.task({ connector: decodeURIComponent(t[1]!), task: Number(t[2]) }), scheme);
    if (url === null) return false;
    relay(req, res, url, 'the worker running the task', next);
    return true;
  }
  const c = CONNECTOR_RESTART.exec(req.path);
  if (c === null) return false;
  const name = decodeURIComponent(c[1]!);
  const includeTasks = flag(req.query, 'includeTasks');
  const onlyFailed = flag(req.query, 'onlyFailed');
  const connector = ctx.statuses.connector(name);
  if (!includeTasks && !onlyFailed) {
    const url = workerUrl(ctx, connector, scheme);
    if (url === null) return false;
    relay(req, res, url, 'the worker running the connector', next);
    return true;
  }
  const remote: string[] = [];
  const encoded = encodeURIComponent(name);
  if (connector !== undefined && (!onlyFailed || connector.state === 'FAILED')) {
    const url = workerUrl(ctx, connector, scheme);
    if (url !== null) remote.push(`${url}/connectors/${encoded}/restart`);
  }
  if (includeTasks) {
    for (const [task, r] of ctx.statuses.tasks(name)) {
      if (onlyFailed && r.state !== 'FAILED') continue;
      const url = workerUrl(ctx, r, scheme);
      if (url !== null) remote.push(`${url}/connectors/${encoded}/tasks/${task}/restart`);
    }
  }
  for (const target of remote) {
    fetch(target, { method: 'POST', headers: { accept: 'application/json', [FORWARDED_HEADER]: 'true' } }).then(async (a) => {
      if (a.status >= 300) ctx.log.warn(`Restart forwarded to ${target} answered ${a.status}: ${await a.text()}`);
    }, (err: unknown) => ctx.log.warn(`Could not forward the restart to ${target}: ${(err as Error).message}`));
  }
  return false;
}

export function forwardWrites(ctx: RestContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!WRITES.has(req.method) || !req.path.startsWith('/connectors')) return next();
    let m;
    try {
      m = ctx.herder.membership;
    } catch (err) {
      return next(err);
    }
    const forwarded = req.headers[FORWARDED_HEADER] !== undefined;
    if (req.method === 'POST' && (TASK_RESTART.test(req.path) || CONNECTOR_RESTART.test(req.path))) {
      if (forwarded || !forwardRestart(ctx, req, res, next)) next();
      return;
    }
    if (m.isLeader()) return next();
    const leader = m.leaderUrl();
    if (leader === null || forwarded) {
      send(res, { error_code: 409, message: REBALANCE_MESSAGE }, 409);
      return;
    }
    relay(req, res, leader, 'the leader');
  };
}
