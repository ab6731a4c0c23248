/**
 * OffsetDelete: deletes committed offsets of a group — any of an Empty group's, and of an active
 * consumer group only those of topics no member subscribes to (GROUP_SUBSCRIBED_TO_TOPIC).
 */
import type { OffsetDeleteRequest, OffsetDeleteResponse } from '../protocol/messages/offset-delete.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function offsetDeleteHandler(_b: BrokerContext, groups: GroupCoordinator): ApiHandler<OffsetDeleteRequest, OffsetDeleteResponse> {
  return {
    apiKey: 47,
    minVersion: 0,
    maxVersion: 0,
    handle: (req) => ({ throttleTimeMs: 0, ...groups.offsets.delete(req.groupId, req.topics) }),
    errorResponse: (_req, _ctx, errorCode) => ({ throttleTimeMs: 0, errorCode, topics: [] }),
  };
}
