/**
 * CreatePartitions: raise a topic's partition count (never lower it). Explicit assignments may
 * only name this node. `validate_only` checks and changes nothing.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../protocol/messages/create-partitions.js';
import { KafkaError } from '../errors.js';
import { MAX_PARTITIONS } from '../topics/topic-manager.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

export function createPartitionsHandler(b: BrokerContext): ApiHandler<CreatePartitionsRequest, CreatePartitionsResponse> {
  const check = (t: CreatePartitionsRequest['topics'][number]): void => {
    const topic = b.topics.get(t.name);
    if (!topic) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `The topic '${t.name}' does not exist.`);
    if (t.count < topic.partitions) throw new KafkaError('INVALID_PARTITIONS', `Topic currently has ${topic.partitions} partitions, which is higher than the requested ${t.count}.`);
    if (t.count === topic.partitions) throw new KafkaError('INVALID_PARTITIONS', `Topic already has ${topic.partitions} partitions.`);
    if (t.count > MAX_PARTITIONS) throw new KafkaError('INVALID_PARTITIONS', `Number of partitions ${t.count} exceeds this broker's limit of ${MAX_PARTITIONS}.`);
    if (t.assignments !== null) {
      if (t.assignments.length !== t.count - topic.partitions) {
        throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Increasing the number of partitions by ${t.count - topic.partitions} but ${t.assignments.length} assignments provided.`);
      }
      for (const a of t.assignments) {
        if (a.brokerIds.length !== 1 || a.brokerIds[0] !== b.nodeId) {
          throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Replica assignment [${a.brokerIds.join(',')}] is not possible: this cluster has the single broker ${b.nodeId}.`);
        }
      }
    }
  };
  return {
    apiKey: 37,
    minVersion: 0,
    maxVersion: 3,
    handle(req) {
      const counts = new Map<string, number>();
      for (const t of req.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
      return {
        throttleTimeMs: 0,
        results: req.topics.map((t) => {
          if (counts.get(t.name)! > 1) return { name: t.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Duplicate topic ${t.name} in the request.` };
          try {
            check(t);
            if (!req.validateOnly) b.topics.addPartitions(t.name, t.count);
            return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
          } catch (err) {
            if (!(err instanceof KafkaError)) throw err;
            return { name: t.name, errorCode: err.code, errorMessage: err.message };
          }
        }),
      };
    },
    errorResponse: (req, _ctx, code) => ({ throttleTimeMs: 0, results: req.topics.map((t) => ({ name: t.name, errorCode: code, errorMessage: null })) }),
  };
}
