/**
 * In a worker group only the leader writes configs. A write to /connectors... (POST, PUT, PATCH,
 * DELETE) that reaches another worker is forwarded to the leader's REST API and its answer
 * (status, JSON body, Location) is passed back unchanged, as Kafka Connect does. While no leader
 * is known (a rebalance), or when a forwarded request reaches a worker that is not the leader
 * either, the answer is 409 with Connect's message. A standalone worker is always the leader, so
 * this never forwards there.
 */
import type { NextFunction, Request, Response } from 'express';
import { REBALANCE_MESSAGE } from '../worker/errors.js';
import { send, type RestContext } from './http.js';

export const FORWARDED_HEADER = 'x-tributary-forwarded';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function forwardWrites(ctx: RestContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!WRITES.has(req.method) || !req.path.startsWith('/connectors')) return next();
    let m;
    try {
      m = ctx.herder.membership;
    } catch (err) {
      return next(err);
    }
    if (m.isLeader()) return next();
    const leader = m.leaderUrl();
    if (leader === null || req.headers[FORWARDED_HEADER] !== undefined) {
      send(res, { error_code: 409, message: REBALANCE_MESSAGE }, 409);
      return;
    }
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body.toString('utf8') : undefined;
    fetch(new URL(req.originalUrl, leader), {
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
      send(res, { error_code: 500, message: `Error trying to forward REST request to the leader at ${leader}: ${(err as Error).message}` }, 500);
    });
  };
}
