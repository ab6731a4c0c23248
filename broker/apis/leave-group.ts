/**
 * LeaveGroup: v0-2 remove one member (its error is the response's error code); v3+ remove a
 * batch of members, each by member id or, with an empty member id, by group.instance.id.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../protocol/messages/leave-group.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function leaveGroupHandler(b: BrokerContext, groups: GroupCoordinator): ApiHandler<LeaveGroupRequest, LeaveGroupResponse> {
  return {
    apiKey: 13,
    minVersion: 0,
    maxVersion: 5,
    handle(req, ctx) {
      const leaving = ctx.apiVersion <= 2 ? [{ memberId: req.memberId, groupInstanceId: null, reason: null }] : req.members;
      const r = groups.leaveGroup(req.groupId, leaving);
      b.log.debug(`LeaveGroup of group ${req.groupId} from ${ctx.clientAddress}: ${leaving.map((m, i) => `${m.memberId || m.groupInstanceId} -> error ${r.members[i]}`).join(', ')}`);
      if (ctx.apiVersion <= 2) return { throttleTimeMs: 0, errorCode: r.errorCode !== ErrorCode.NONE ? r.errorCode : r.members[0], members: [] };
      return {
        throttleTimeMs: 0,
        errorCode: r.errorCode,
        members: r.errorCode !== ErrorCode.NONE ? [] : leaving.map((m, i) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: r.members[i] })),
      };
    },
    errorResponse: (_req, _ctx, errorCode) => ({ throttleTimeMs: 0, errorCode, members: [] }),
  };
}
