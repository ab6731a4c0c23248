/** ListGroups: every group with its protocol type; v4+ with its state and a state filter. */
import { ErrorCode } from '../protocol/error-codes.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../protocol/messages/list-groups.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function listGroupsHandler(_b: BrokerContext, groups: GroupCoordinator): ApiHandler<ListGroupsRequest, ListGroupsResponse> {
  return {
    apiKey: 16,
    minVersion: 0,
    maxVersion: 4,
    handle: (req) => ({
      throttleTimeMs: 0,
      errorCode: groups.isClosed ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.NONE,
      groups: groups.listGroups(req.statesFilter).map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state, groupType: 'classic' })),
    }),
    errorResponse: (_req, _ctx, errorCode) => ({ throttleTimeMs: 0, errorCode, groups: [] }),
  };
}
