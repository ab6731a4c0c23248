/**
 * CreateTopics: create topics with a partition count (or -1 for `num.partitions`), a replication
 * factor that can only be 1 on this single node (or -1 for the default), or an explicit
 * assignment naming only this node, and per-topic config overrides. `validate_only` runs every
 * check and creates nothing. v5+ responses carry the topic's effective configs.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/messages/create-topics.js';
import { KafkaError } from '../errors.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';
import { configSourceCode, formatValue, isSensitive } from './config-entries.js';

type Result = CreateTopicsResponse['topics'][number];
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

function failure(name: string, errorCode: number, errorMessage: string | null): Result {
  return { name, topicId: ZERO_UUID, errorCode, errorMessage, topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: null };
}

export function createTopicsHandler(b: BrokerContext): ApiHandler<CreateTopicsRequest, CreateTopicsResponse> {
  const createOne = (t: CreateTopicsRequest['topics'][number], validateOnly: boolean): Result => {
    let partitions = t.numPartitions;
    let rf = t.replicationFactor;
    if (t.assignments.length > 0) {
      if (partitions !== -1 || rf !== -1) {
        throw new KafkaError('INVALID_REQUEST', 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
      }
      const sorted = [...t.assignments].sort((x, y) => x.partitionIndex - y.partitionIndex);
      sorted.forEach((a, i) => {
        if (a.partitionIndex !== i) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Partitions should be a consecutive 0-based integer sequence; missing partition ${i}.`);
        if (a.brokerIds.length !== 1 || a.brokerIds[0] !== b.nodeId) {
          throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Replica assignment [${a.brokerIds.join(',')}] for partition ${i} is not possible: this cluster has the single broker ${b.nodeId}.`);
        }
      });
      partitions = sorted.length;
      rf = 1;
    }
    if (partitions === -1) partitions = b.config.int('num.partitions');
    if (rf === -1) rf = b.config.int('default.replication.factor');
    const configs = b.topics.checkCreate(t.name, partitions, rf, Object.fromEntries(t.configs.map((c) => [c.name, c.value])));
    const topic = validateOnly
      ? { name: t.name, id: ZERO_UUID, partitions, configs, internal: false, createdMs: Date.now() }
      : b.topics.createTopic(t.name, partitions, configs);
    return {
      name: t.name, topicId: topic.id, errorCode: ErrorCode.NONE, errorMessage: null, topicConfigErrorCode: 0,
      numPartitions: partitions, replicationFactor: rf,
      configs: b.topics.effectiveConfigs(topic).map((c) => ({
        name: c.name, value: isSensitive(c.name) ? null : formatValue(c.value), readOnly: false,
        configSource: configSourceCode(c.source), isSensitive: isSensitive(c.name),
      })),
    };
  };

  return {
    apiKey: 19,
    minVersion: 0,
    maxVersion: 7,
    handle(req, ctx) {
      const counts = new Map<string, number>();
      for (const t of req.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
      return {
        throttleTimeMs: 0,
        topics: req.topics.map((t) => {
          if (counts.get(t.name)! > 1) return failure(t.name, ErrorCode.INVALID_REQUEST, `Create topics request from client contains multiple entries for topic ${t.name}.`);
          try {
            return createOne(t, req.validateOnly);
          } catch (err) {
            if (!(err instanceof KafkaError)) throw err;
            b.log.info(`CreateTopics for ${t.name} from ${ctx.clientAddress} refused: ${err.message}`);
            return failure(t.name, err.code, err.message);
          }
        }),
      };
    },
    errorResponse: (req, _ctx, code) => ({ throttleTimeMs: 0, topics: req.topics.map((t) => failure(t.name, code, null)) }),
  };
}
