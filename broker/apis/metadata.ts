/**
 * Metadata: the broker list (this one node, at its advertised address), the cluster id, the
 * controller (this node) and, per requested topic, its id and partitions — every partition led by
 * this node with itself as the only replica and in-sync replica.
 *
 * `topics` null (v1+) or empty in v0 means all topics. A missing topic is created with the
 * broker's defaults when `auto.create.topics.enable` is true and the request allows it (v4+).
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { MetadataRequest, MetadataResponse } from '../protocol/messages/metadata.js';
import { errorCodeOf } from '../errors.js';
import { invalidTopicName, type TopicRecord } from '../metadata/topic-store.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

const NO_AUTHORIZED_OPERATIONS = -2147483648;
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

type TopicOut = MetadataResponse['topics'][number];

export function metadataHandler(b: BrokerContext): ApiHandler<MetadataRequest, MetadataResponse> {
  const describe = (t: TopicRecord): TopicOut => ({
    errorCode: ErrorCode.NONE,
    name: t.name,
    topicId: t.id,
    isInternal: t.internal,
    partitions: Array.from({ length: t.partitions }, (_, p) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: p,
      leaderId: b.nodeId,
      leaderEpoch: 0,
      replicaNodes: [b.nodeId],
      isrNodes: [b.nodeId],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
  });
  const failed = (name: string | null, topicId: string, errorCode: number): TopicOut => ({
    errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
  });

  const response = (topics: TopicOut[]): MetadataResponse => {
    const a = b.advertised();
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: b.nodeId, host: a.host, port: a.port, rack: null }],
      clusterId: b.topics.clusterId,
      controllerId: b.nodeId,
      topics,
      clusterAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
    };
  };

  return {
    apiKey: 3,
    minVersion: 0,
    maxVersion: 12,
    handle(req, ctx) {
      const all = req.topics === null || (ctx.apiVersion === 0 && req.topics.length === 0);
      if (all) return response(b.topics.list().map(describe));
      const autoCreate = b.config.bool('auto.create.topics.enable') && req.allowAutoTopicCreation;
      const out: TopicOut[] = [];
      for (const rt of req.topics!) {
        if (rt.name === null || rt.name === undefined) {
          const t = b.topics.store.getById(rt.topicId);
          out.push(t ? describe(t) : failed(null, rt.topicId, ErrorCode.UNKNOWN_TOPIC_ID));
          continue;
        }
        const existing = b.topics.get(rt.name);
        if (existing) { out.push(describe(existing)); continue; }
        if (invalidTopicName(rt.name)) { out.push(failed(rt.name, ZERO_UUID, ErrorCode.INVALID_TOPIC_EXCEPTION)); continue; }
        if (!autoCreate) { out.push(failed(rt.name, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)); continue; }
        try {
          out.push(describe(b.topics.autoCreate(rt.name)));
        } catch (err) {
          b.log.warn(`Auto-creation of topic ${rt.name} requested by ${ctx.clientAddress} failed: ${(err as Error).message}`);
          out.push(failed(rt.name, ZERO_UUID, errorCodeOf(err)));
        }
      }
      return response(out);
    },
    errorResponse: (req, _ctx, code) => response((req.topics ?? []).map((t) => failed(t.name, t.topicId, code))),
  };
}
