/**
 * Produce: append each partition's record batches to its log. Batches are validated (CRC-32C,
 * sizes, counts) and stored exactly as received apart from the base offset; nothing is written
 * for a partition whose batches fail validation. acks=0 gets no response at all (if a partition
 * fails, the connection is closed instead, as Kafka does); acks 1 and -1
 * (all) are the same on a single node: the response is sent once the batches are in the log
 * (fsynced first when the topic's flush.messages is reached: PartitionLog.append applies it).
 * Produce never creates topics (Metadata does).
 *
 * Idempotent producers (batches with a producer id from InitProducerId): the partition log checks
 * epochs and sequence numbers (broker/log/producer-state.ts). A resent batch that is already in the
 * log is answered NONE with its original base offset and is not written again;
 * OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH (an older epoch than the partition has seen)
 * and INVALID_TXN_STATE (transactional batches: no transactions yet) refuse the partition's data.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { ProduceRequest, ProduceResponse } from '../protocol/messages/produce.js';
import { BatchValidationError } from '../log/record-batch.js';
import { ProducerStateError } from '../log/producer-state.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

type PartitionOut = ProduceResponse['responses'][number]['partitionResponses'][number];

function partitionResult(index: number, errorCode: number, errorMessage: string | null, baseOffset = -1, logAppendTimeMs = -1, logStartOffset = -1): PartitionOut {
  return {
    index, errorCode, baseOffset, logAppendTimeMs, logStartOffset,
    recordErrors: [], errorMessage,
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
  };
}

function response(responses: ProduceResponse['responses']): ProduceResponse {
  return { responses, throttleTimeMs: 0, nodeEndpoints: [] };
}

export function produceHandler(b: BrokerContext): ApiHandler<ProduceRequest, ProduceResponse> {
  const append = (topic: string, index: number, records: Buffer | null, ctx: { clientAddress: string }): PartitionOut => {
    const t = b.topics.get(topic);
    const log = t ? b.topics.partition(topic, index) : undefined;
    if (!t || !log) {
      return partitionResult(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `This server does not host this topic-partition: ${topic}-${index}`);
    }
    if (t.internal) {
      return partitionResult(index, ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot append to internal topic ${topic}`);
    }
    if (records === null || records.length === 0) {
      return partitionResult(index, ErrorCode.INVALID_RECORD, `Produce request for ${topic}-${index} carries no record batch`);
    }
    try {
      const r = log.append(records);
      if (r.duplicate) {
        b.log.debug(`Produce to ${topic}-${index} from ${ctx.clientAddress} repeats batches already at offsets ${r.baseOffset}..${r.lastOffset}: answered with those offsets, not written again`);
      }
      return partitionResult(index, ErrorCode.NONE, null, r.baseOffset, r.logAppendTime, r.logStartOffset);
    } catch (err) {
      if (err instanceof BatchValidationError) {
        b.log.warn(`Rejected produce to ${topic}-${index} from ${ctx.clientAddress}: ${err.message}`);
        return partitionResult(index, ErrorCode[err.code], err.message);
      }
      if (err instanceof ProducerStateError) {
        b.log.info(`Rejected produce to ${topic}-${index} from ${ctx.clientAddress}: ${err.message}`);
        return partitionResult(index, ErrorCode[err.code], err.message, -1, -1, log.logStartOffset);
      }
      throw err;
    }
  };

  return {
    apiKey: 0,
    minVersion: 3,
    maxVersion: 9,
    handle(req, ctx) {
      const failAll = (code: number, message: string): ProduceResponse =>
        response(req.topicData.map((t) => ({ name: t.name, partitionResponses: t.partitionData.map((p) => partitionResult(p.index, code, message)) })));
      if (req.acks !== 0 && req.acks !== 1 && req.acks !== -1) {
        b.log.warn(`Rejected produce from ${ctx.clientAddress}: acks=${req.acks} is not one of 0, 1, -1`);
        return failAll(ErrorCode.INVALID_REQUIRED_ACKS, `acks must be 0, 1 or -1 (all), got ${req.acks}`);
      }
      if (req.transactionalId !== null) {
        return req.acks === 0 ? null : failAll(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 'Transactions are not supported by this broker');
      }
      const out: ProduceResponse['responses'] = [];
      for (const t of req.topicData) {
        out.push({ name: t.name, partitionResponses: t.partitionData.map((p) => append(t.name, p.index, p.records as Buffer | null, ctx)) });
      }
      b.topics.notify();
      if (req.acks !== 0) return response(out);
      const failed = out.flatMap((t) => t.partitionResponses.filter((p) => p.errorCode !== ErrorCode.NONE).map((p) => `${t.name}-${p.index}: error ${p.errorCode}`));
      if (failed.length) {
        // No response to carry the errors: close the connection so the client notices and
        // refreshes its metadata, as Kafka does.
        b.log.info(`Closing connection from ${ctx.clientAddress} due to error during produce request with correlation id ${ctx.correlationId} from client id ${ctx.clientId} with acks=0; partitions and errors: ${failed.join(', ')}`);
        ctx.closeConnection?.();
      }
      return null;
    },
    errorResponse: (req, _ctx, code) =>
      response(req.topicData.map((t) => ({ name: t.name, partitionResponses: t.partitionData.map((p) => partitionResult(p.index, code, null)) }))),
  };
}
