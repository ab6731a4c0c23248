/**
 * Fetch: read record batches from the partitions' logs, as stored (no re-encoding), and send
 * them by reference.
 *
 * Limits (KIP-74): partitions are filled in request order until `max_bytes` (v3+) is used up,
 * each partition up to its `partition_max_bytes`; whole batches only. So that a consumer can
 * always make progress, the first partition that has data returns at least one whole batch even
 * if it is larger than either limit.
 *
 * Long poll: if fewer than `min_bytes` are available, the response waits for appends until
 * `max_wait_ms` has passed (or the connection closes / the broker shuts down), then answers with
 * what there is. A partition error completes the request at once, as in Kafka.
 *
 * v13+ name topics by id (UNKNOWN_TOPIC_ID for an id this broker does not know).
 *
 * Fetch sessions (KIP-227) are not created: the response's session id is 0, which tells clients
 * to keep sending full requests. With no transactions, the last stable offset is the high
 * watermark and there are no aborted transactions, under either isolation level.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { FetchRequest, FetchResponse } from '../protocol/messages/fetch.js';
import { OffsetOutOfRangeError } from '../log/partition-log.js';
import type { ApiHandler, RequestContext } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

type PartitionOut = FetchResponse['responses'][number]['partitions'][number];

const READ_COMMITTED = 1;
/** From Fetch v13 topics are identified by topic id instead of name. */
const TOPIC_IDS_VERSION = 13;
/** Kafka sends an empty record set, never a null one (librdkafka rejects size -1). */
const NO_RECORDS: Buffer[] = [];

function partitionOut(partitionIndex: number, errorCode: number, highWatermark = -1, logStartOffset = -1, records: Buffer[] = NO_RECORDS, readCommitted = false): PartitionOut {
  return {
    partitionIndex, errorCode, highWatermark,
    lastStableOffset: highWatermark,
    logStartOffset,
    divergingEpoch: { epoch: -1, endOffset: -1 },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1, epoch: -1 },
    abortedTransactions: readCommitted ? [] : null,
    preferredReadReplica: -1,
    records,
  };
}

export function fetchHandler(b: BrokerContext): ApiHandler<FetchRequest, FetchResponse> {
  /** One pass over all requested partitions. Topics are named (v4-12) or identified by id (v13+). */
  const readAll = (req: FetchRequest, byId: boolean): { responses: FetchResponse['responses']; bytes: number; error: boolean } => {
    let budget = req.maxBytes;
    let bytes = 0;
    let error = false;
    const readCommitted = req.isolationLevel === READ_COMMITTED;
    const responses: FetchResponse['responses'] = [];
    for (const t of req.topics) {
      const topic = byId ? b.topics.store.getById(t.topicId) : b.topics.get(t.topic);
      const parts: PartitionOut[] = [];
      for (const p of t.partitions) {
        const log = topic ? b.topics.partition(topic.name, p.partition) : undefined;
        if (!log) {
          error = true;
          parts.push(partitionOut(p.partition, byId && !topic ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
          continue;
        }
        try {
          const limit = Math.max(0, Math.min(p.partitionMaxBytes, budget));
          const r = log.read(p.fetchOffset, limit, bytes === 0);
          bytes += r.bytes;
          budget -= r.bytes;
          parts.push(partitionOut(p.partition, ErrorCode.NONE, r.highWatermark, r.logStartOffset, r.records, readCommitted));
        } catch (err) {
          if (!(err instanceof OffsetOutOfRangeError)) throw err;
          error = true;
          parts.push(partitionOut(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE, log.logEndOffset, log.logStartOffset, NO_RECORDS, readCommitted));
        }
      }
      responses.push({ topic: t.topic, topicId: t.topicId, partitions: parts });
    }
    return { responses, bytes, error };
  };

  const response = (errorCode: number, responses: FetchResponse['responses']): FetchResponse => ({
    throttleTimeMs: 0, errorCode, sessionId: 0, responses, nodeEndpoints: [],
  });

  return {
    apiKey: 1,
    minVersion: 4,
    maxVersion: 17,
    async handle(req: FetchRequest, ctx: RequestContext) {
      if (req.sessionId !== 0) {
        return response(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, []);
      }
      const deadline = Date.now() + Math.max(0, req.maxWaitMs);
      for (;;) {
        const r = readAll(req, ctx.apiVersion >= TOPIC_IDS_VERSION);
        const remaining = deadline - Date.now();
        if (r.error || r.bytes >= req.minBytes || remaining <= 0 || ctx.signal.aborted) {
          return response(ErrorCode.NONE, r.responses);
        }
        await b.topics.waitForAppend(remaining, ctx.signal);
      }
    },
    errorResponse: (req, _ctx, code) =>
      response(code, req.topics.map((t) => ({ topic: t.topic, topicId: t.topicId, partitions: t.partitions.map((p) => partitionOut(p.partition, code)) }))),
  };
}
