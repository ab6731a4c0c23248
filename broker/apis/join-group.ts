/**
 * JoinGroup: hands the request to the group coordinator and answers when the group's rebalance
 * completes (or at once for errors, MEMBER_ID_REQUIRED and members that need no rebalance).
 * v0 has no rebalance timeout (the session timeout serves), v4+ new members without an instance id
 * first get a member id, v5+ carry group.instance.id, v9 may tell a static leader to skip the
 * assignment.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../protocol/messages/join-group.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import { joinError, type JoinResult } from '../group/member.js';
import { kafkaClientHost, untilAborted } from '../group/abortable.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

function response(r: JoinResult): JoinGroupResponse {
  return {
    throttleTimeMs: 0, errorCode: r.errorCode, generationId: r.generationId, protocolType: r.protocolType, protocolName: r.protocolName,
    leader: r.leader, skipAssignment: r.skipAssignment, memberId: r.memberId,
    members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
  };
}

export function joinGroupHandler(b: BrokerContext, groups: GroupCoordinator): ApiHandler<JoinGroupRequest, JoinGroupResponse> {
  return {
    apiKey: 11,
    minVersion: 0,
    maxVersion: 9,
    async handle(req, ctx) {
      const v = ctx.apiVersion;
      if (req.reason) b.log.debug(`JoinGroup of ${req.memberId || 'a new member'} to group ${req.groupId} from ${ctx.clientAddress}: ${req.reason}`);
      const result = await untilAborted(groups.joinGroup({
        groupId: req.groupId,
        memberId: req.memberId,
        groupInstanceId: req.groupInstanceId,
        clientId: ctx.clientId ?? '',
        clientHost: kafkaClientHost(ctx.clientHost),
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: v === 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs,
        protocolType: req.protocolType,
        // Copies: the request's bytes are views into the connection's read buffer.
        protocols: req.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
        requireKnownMemberId: v >= 4 && req.groupInstanceId === null,
        supportSkippingAssignment: v >= 9,
        reason: req.reason,
      }), ctx.signal, () => joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, req.memberId));
      return response(result);
    },
    errorResponse: (req, _ctx, code) => response(joinError(code, req.memberId)),
  };
}
