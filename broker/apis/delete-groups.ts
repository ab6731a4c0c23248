/** DeleteGroups: deletes Empty groups and their committed offsets (NON_EMPTY_GROUP otherwise). */
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../protocol/messages/delete-groups.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function deleteGroupsHandler(_b: BrokerContext, groups: GroupCoordinator): ApiHandler<DeleteGroupsRequest, DeleteGroupsResponse> {
  return {
    apiKey: 42,
    minVersion: 0,
    maxVersion: 2,
    handle(req) {
      const codes = groups.deleteGroups(req.groupsNames);
      return { throttleTimeMs: 0, results: req.groupsNames.map((groupId, i) => ({ groupId, errorCode: codes[i] })) };
    },
    errorResponse: (req, _ctx, errorCode) => ({ throttleTimeMs: 0, results: req.groupsNames.map((groupId) => ({ groupId, errorCode })) }),
  };
}
