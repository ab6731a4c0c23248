/** Heartbeat: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin. */
import type { HeartbeatRequest, HeartbeatResponse } from '../protocol/messages/heartbeat.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function heartbeatHandler(_b: BrokerContext, groups: GroupCoordinator): ApiHandler<HeartbeatRequest, HeartbeatResponse> {
  return {
    apiKey: 12,
    minVersion: 0,
    maxVersion: 4,
    handle: (req) => ({ throttleTimeMs: 0, errorCode: groups.heartbeat(req.groupId, req.memberId, req.groupInstanceId, req.generationId) }),
    errorResponse: (_req, _ctx, errorCode) => ({ throttleTimeMs: 0, errorCode }),
  };
}
