/**
 * OffsetCommit (v2-8): commits offsets with metadata for a group member (generation and member
 * id checked) or, in the standalone form (generation -1, empty member id), for a group without
 * members. Per partition: UNKNOWN_TOPIC_OR_PARTITION for partitions that do not exist,
 * OFFSET_METADATA_TOO_LARGE over offset.metadata.max.bytes. Answered once the commit is in
 * `__consumer_offsets`.
 */
import type { OffsetCommitRequest, OffsetCommitResponse } from '../protocol/messages/offset-commit.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function offsetCommitHandler(_b: BrokerContext, groups: GroupCoordinator): ApiHandler<OffsetCommitRequest, OffsetCommitResponse> {
  return {
    apiKey: 8,
    minVersion: 2,
    maxVersion: 8,
    handle: (req) => ({
      throttleTimeMs: 0,
      topics: groups.offsets.commit({
        groupId: req.groupId,
        generationId: req.generationIdOrMemberEpoch,
        memberId: req.memberId,
        groupInstanceId: req.groupInstanceId,
        retentionTimeMs: req.retentionTimeMs,
        topics: req.topics,
      }),
    }),
    errorResponse: (req, _ctx, errorCode) => ({
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })),
    }),
  };
}
