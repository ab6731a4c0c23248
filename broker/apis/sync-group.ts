/**
 * SyncGroup: the leader hands in every member's assignment, each member waits for its own. A
 * member answered at once: errors, and members syncing after the group became Stable.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../protocol/messages/sync-group.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import { syncError, type SyncResult } from '../group/member.js';
import { untilAborted } from '../group/abortable.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

function response(r: SyncResult): SyncGroupResponse {
  return { throttleTimeMs: 0, errorCode: r.errorCode, protocolType: r.protocolType, protocolName: r.protocolName, assignment: r.assignment };
}

export function syncGroupHandler(_b: BrokerContext, groups: GroupCoordinator): ApiHandler<SyncGroupRequest, SyncGroupResponse> {
  return {
    apiKey: 14,
    minVersion: 0,
    maxVersion: 5,
    async handle(req, ctx) {
      const assignments = new Map<string, Buffer>();
      for (const a of req.assignments) assignments.set(a.memberId, Buffer.from(a.assignment));
      const result = await untilAborted(groups.syncGroup({
        groupId: req.groupId,
        memberId: req.memberId,
        groupInstanceId: req.groupInstanceId,
        generationId: req.generationId,
        protocolType: req.protocolType,
        protocolName: req.protocolName,
        assignments,
      }), ctx.signal, () => syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
      return response(result);
    },
    errorResponse: (_req, _ctx, code) => response(syncError(code)),
  };
}
