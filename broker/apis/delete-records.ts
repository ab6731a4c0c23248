/**
 * DeleteRecords: per partition, moves the log start offset (the low watermark) up to the given
 * offset (-1: the high watermark), deleting the segments wholly below it. An offset past the high
 * watermark is OFFSET_OUT_OF_RANGE; a topic whose cleanup.policy lacks `delete` is
 * POLICY_VIOLATION; an unknown topic or partition UNKNOWN_TOPIC_OR_PARTITION. Single node: the
 * deletion is complete when the response is sent, so `timeout_ms` is not waited on.
 */
import { KafkaError } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../protocol/messages/delete-records.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function deleteRecordsHandler(b: BrokerContext): ApiHandler<DeleteRecordsRequest, DeleteRecordsResponse> {
  return {
    apiKey: 21,
    minVersion: 0,
    maxVersion: 2,
    handle(req) {
      return {
        throttleTimeMs: 0,
        topics: req.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => {
            try {
              const lowWatermark = b.topics.deleteRecords(t.name, p.partitionIndex, p.offset);
              return { partitionIndex: p.partitionIndex, lowWatermark, errorCode: ErrorCode.NONE };
            } catch (err) {
              if (!(err instanceof KafkaError)) throw err;
              return { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: err.code };
            }
          }),
        })),
      };
    },
    errorResponse: (req, _ctx, errorCode) => ({
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode })),
      })),
    }),
  };
}
