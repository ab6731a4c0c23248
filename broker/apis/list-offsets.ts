/**
 * ListOffsets: per partition, the offset for a timestamp. Special timestamps: -1 latest (the high
 * watermark; with no transactions also the last stable offset), -2 earliest (log start offset),
 * -3 (v7+) the offset of the record with the largest timestamp. Any other value returns the
 * earliest offset whose timestamp is at or after it, or offset -1 when there is none.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../protocol/messages/list-offsets.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

type PartitionOut = ListOffsetsResponse['topics'][number]['partitions'][number];

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;

function out(partitionIndex: number, errorCode: number, timestamp = -1, offset = -1): PartitionOut {
  return { partitionIndex, errorCode, oldStyleOffsets: [], timestamp, offset, leaderEpoch: errorCode === ErrorCode.NONE ? 0 : -1 };
}

export function listOffsetsHandler(b: BrokerContext): ApiHandler<ListOffsetsRequest, ListOffsetsResponse> {
  const response = (topics: ListOffsetsResponse['topics']): ListOffsetsResponse => ({ throttleTimeMs: 0, topics });
  return {
    apiKey: 2,
    minVersion: 1,
    maxVersion: 7,
    handle(req) {
      return response(req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const log = b.topics.get(t.name) ? b.topics.partition(t.name, p.partitionIndex) : undefined;
          if (!log) return out(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          switch (p.timestamp) {
            case LATEST: return out(p.partitionIndex, ErrorCode.NONE, -1, log.logEndOffset);
            case EARLIEST: return out(p.partitionIndex, ErrorCode.NONE, -1, log.logStartOffset);
            case MAX_TIMESTAMP: {
              const m = log.maxTimestampOffset();
              return m ? out(p.partitionIndex, ErrorCode.NONE, m.timestamp, m.offset) : out(p.partitionIndex, ErrorCode.NONE);
            }
            default: {
              if (p.timestamp < 0) return out(p.partitionIndex, ErrorCode.UNSUPPORTED_VERSION);
              const found = log.offsetForTimestamp(p.timestamp);
              return found ? out(p.partitionIndex, ErrorCode.NONE, found.timestamp, found.offset) : out(p.partitionIndex, ErrorCode.NONE);
            }
          }
        }),
      })));
    },
    errorResponse: (req, _ctx, code) =>
      response(req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => out(p.partitionIndex, code)) }))),
  };
}
