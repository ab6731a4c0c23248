/**
 * InitProducerId (v0-4) for idempotent producers: a producer id that is unique across restarts
 * with epoch 0, or (v3+, KIP-360) an epoch bump of the producer's current id
 * (broker/producers/producer-ids.ts has the rules).
 *
 * Transactions are not supported yet, so a request with a transactional id is answered
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED (and a line in the broker's log saying why). That code is
 * fatal in every client, so `initTransactions()` fails at once instead of retrying until its
 * timeout, which COORDINATOR_NOT_AVAILABLE (retriable) would make it do, only to end with a
 * timeout that names no cause. It is also what Produce answers to a transactional request, and
 * what a Kafka cluster answers when the transactional id may not be used (the InitProducerId
 * response has no message field to say more).
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/messages/init-producer-id.js';
import { IdempotentProducerIds, ProducerIdBlockAllocator } from '../producers/producer-ids.js';
import { DEFAULT_PRODUCER_ID_EXPIRATION_MS } from '../log/producer-state.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

const response = (errorCode: number, producerId = -1, producerEpoch = -1): InitProducerIdResponse =>
  ({ throttleTimeMs: 0, errorCode, producerId, producerEpoch });

export function initProducerIdHandler(b: BrokerContext): ApiHandler<InitProducerIdRequest, InitProducerIdResponse> {
  // Created on first use: a broker that never sees an idempotent producer writes no file.
  let ids: IdempotentProducerIds | null = null;
  return {
    apiKey: 22,
    minVersion: 0,
    maxVersion: 4,
    handle(req, ctx) {
      if (req.transactionalId !== null) {
        if (req.transactionalId === '') return response(ErrorCode.INVALID_REQUEST); // as Kafka
        b.log.warn(`Refused InitProducerId for transactional.id '${req.transactionalId}' from ${ctx.clientAddress} (client id ${ctx.clientId}): transactions are not supported by this broker yet; use an idempotent producer without a transactional id`);
        return response(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      }
      // As Kafka: both or neither of producer id and epoch (v3+; -1 in older versions).
      if ((req.producerId === -1) !== (req.producerEpoch === -1)) return response(ErrorCode.INVALID_REQUEST);
      ids ??= new IdempotentProducerIds(new ProducerIdBlockAllocator(b.config.logDir), DEFAULT_PRODUCER_ID_EXPIRATION_MS);
      const r = ids.init(req.producerId === -1 ? null : { producerId: req.producerId, producerEpoch: req.producerEpoch });
      if (r.error === 'PRODUCER_FENCED') {
        b.log.info(`InitProducerId from ${ctx.clientAddress} (client id ${ctx.clientId}) fenced: ${r.reason}`);
        // Clients before v4 do not know PRODUCER_FENCED (Kafka's KafkaApis does the same).
        return response(ctx.apiVersion >= 4 ? ErrorCode.PRODUCER_FENCED : ErrorCode.INVALID_PRODUCER_EPOCH);
      }
      return response(ErrorCode.NONE, r.producerId, r.producerEpoch);
    },
    errorResponse: (_req, _ctx, code) => response(code),
  };
}
