/**
 * OffsetFetch (v1-8): committed offset, leader epoch and metadata per partition (-1 / -1 / ""
 * where nothing is committed); `topics` null (v2+) = every partition the group committed. v8
 * asks for several groups at once. `requireStable` (v7+) needs no waiting: there are no
 * transactional commits.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../protocol/messages/offset-fetch.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function offsetFetchHandler(_b: BrokerContext, groups: GroupCoordinator): ApiHandler<OffsetFetchRequest, OffsetFetchResponse> {
  const errorTopics = (topics: OffsetFetchRequest['topics'], errorCode: number): OffsetFetchResponse['topics'] =>
    (topics ?? []).map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode })),
    }));
  return {
    apiKey: 9,
    minVersion: 1,
    maxVersion: 8,
    handle(req, ctx) {
      if (ctx.apiVersion >= 8) {
        return {
          throttleTimeMs: 0, errorCode: ErrorCode.NONE, topics: [],
          groups: req.groups.map((g) => ({ groupId: g.groupId, ...groups.offsets.fetch(g.groupId, g.topics) })),
        };
      }
      const r = groups.offsets.fetch(req.groupId, req.topics);
      // v1 has no top-level error code: a group error goes to every partition.
      if (ctx.apiVersion < 2 && r.errorCode !== ErrorCode.NONE) return { throttleTimeMs: 0, errorCode: r.errorCode, topics: errorTopics(req.topics, r.errorCode), groups: [] };
      return { throttleTimeMs: 0, errorCode: r.errorCode, topics: r.topics, groups: [] };
    },
    errorResponse: (req, ctx, errorCode) => ctx.apiVersion >= 8
      ? { throttleTimeMs: 0, errorCode, topics: [], groups: req.groups.map((g) => ({ groupId: g.groupId, errorCode, topics: [] })) }
      : { throttleTimeMs: 0, errorCode, topics: errorTopics(req.topics, errorCode), groups: [] },
  };
}
