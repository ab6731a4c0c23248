/**
 * DeleteTopics: by name (v0-5) or by name or topic id (v6). The topic's logs are closed and its
 * partition directories removed; refused when `delete.topic.enable` is false and for internal
 * topics.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../protocol/messages/delete-topics.js';
import { KafkaError } from '../errors.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

type Result = DeleteTopicsResponse['responses'][number];
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export function deleteTopicsHandler(b: BrokerContext): ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse> {
  const targets = (req: DeleteTopicsRequest, version: number): Array<{ name: string | null; topicId: string }> =>
    version >= 6 ? req.topics.map((t) => ({ name: t.name, topicId: t.topicId })) : req.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));

  const deleteOne = (name: string | null, topicId: string): Result => {
    const t = name !== null ? b.topics.get(name) : b.topics.store.getById(topicId);
    if (!t) {
      return name !== null
        ? { name, topicId, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `This server does not host this topic: ${name}` }
        : { name, topicId, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, errorMessage: `This server does not host a topic with id ${topicId}` };
    }
    if (!b.config.bool('delete.topic.enable')) {
      throw new KafkaError('TOPIC_DELETION_DISABLED', 'Topic deletion is disabled: set delete.topic.enable=true on the broker to allow it.');
    }
    if (t.internal) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Internal topic ${t.name} cannot be deleted.`);
    b.topics.deleteTopic(t.name);
    return { name: t.name, topicId: t.id, errorCode: ErrorCode.NONE, errorMessage: null };
  };

  return {
    apiKey: 20,
    minVersion: 0,
    maxVersion: 6,
    handle(req, ctx) {
      return {
        throttleTimeMs: 0,
        responses: targets(req, ctx.apiVersion).map(({ name, topicId }) => {
          try {
            return deleteOne(name, topicId);
          } catch (err) {
            if (!(err instanceof KafkaError)) throw err;
            return { name, topicId, errorCode: err.code, errorMessage: err.message };
          }
        }),
      };
    },
    errorResponse: (req, ctx, code) => ({
      throttleTimeMs: 0,
      responses: targets(req, ctx.apiVersion).map(({ name, topicId }) => ({ name, topicId, errorCode: code, errorMessage: null })),
    }),
  };
}
