/** GET /: Confluent answers an empty object (a liveness probe for clients and load balancers). */
import type { Router } from 'express';
import { resource } from './routing.js';
import { send, type RestContext } from './http.js';

export function rootRoutes(router: Router, _ctx: RestContext): void {
  resource(router, '/', { get: (_req, res) => send(res, {}) });
}
