/**
 * DescribeConfigs for topics (effective value of every topic config with its source: topic
 * override, static broker setting, or Kafka default; synonyms and documentation on request)
 * and for this broker (its static settings, read-only).
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { DescribeConfigsRequest, DescribeConfigsResponse } from '../protocol/messages/describe-configs.js';
import { brokerConfigKeys } from '../config/broker-config.js';
import { topicConfigKeys } from '../config/topic-config.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';
import { ConfigSource, configSourceCode, configTypeCode, formatValue, isSensitive, ResourceType } from './config-entries.js';

type Result = DescribeConfigsResponse['results'][number];
type Entry = Result['configs'][number];
type Resource = DescribeConfigsRequest['resources'][number];

export function describeConfigsHandler(b: BrokerContext): ApiHandler<DescribeConfigsRequest, DescribeConfigsResponse> {
  const wanted = (r: Resource, name: string): boolean => r.configurationKeys === null || r.configurationKeys.includes(name);

  const topicEntries = (r: Resource, req: DescribeConfigsRequest): Entry[] => {
    const t = b.topics.get(r.resourceName)!;
    return b.topics.effectiveConfigs(t).filter((c) => wanted(r, c.name)).map((c) => {
      const key = topicConfigKeys.get(c.name)!;
      const synonyms: Entry['synonyms'] = [];
      if (req.includeSynonyms) {
        if (c.source === 'topic') synonyms.push({ name: c.name, value: t.configs[c.name] ?? null, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
        if (c.brokerSynonym) synonyms.push({ name: c.brokerSynonym, value: formatValue(b.config.get(c.brokerSynonym)), source: ConfigSource.STATIC_BROKER_CONFIG });
        synonyms.push({ name: c.name, value: formatValue(key.default), source: ConfigSource.DEFAULT_CONFIG });
      }
      return {
        name: c.name, value: isSensitive(c.name) ? null : formatValue(c.value), readOnly: false,
        isDefault: c.source === 'default', configSource: configSourceCode(c.source), isSensitive: isSensitive(c.name),
        synonyms, configType: configTypeCode(key.type), documentation: req.includeDocumentation ? key.doc : null,
      };
    });
  };

  const brokerEntries = (r: Resource, req: DescribeConfigsRequest): Entry[] =>
    b.config.entries().filter((e) => wanted(r, e.name)).map((e) => {
      const key = brokerConfigKeys.get(e.name)!;
      const source = e.explicit ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
      return {
        name: e.name, value: e.value, readOnly: true, isDefault: !e.explicit, configSource: source, isSensitive: e.secret,
        synonyms: req.includeSynonyms ? [{ name: e.name, value: e.value, source }] : [],
        configType: configTypeCode(key.type), documentation: req.includeDocumentation ? key.doc : null,
      };
    });

  const describe = (r: Resource, req: DescribeConfigsRequest): Result => {
    const fail = (errorCode: number, errorMessage: string): Result =>
      ({ errorCode, errorMessage, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] });
    switch (r.resourceType) {
      case ResourceType.TOPIC:
        if (!b.topics.get(r.resourceName)) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${r.resourceName}' does not exist.`);
        return { errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs: topicEntries(r, req) };
      case ResourceType.BROKER:
        if (r.resourceName !== '' && r.resourceName !== String(b.nodeId)) {
          return fail(ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${b.nodeId} or empty string, but received ${r.resourceName}`);
        }
        return { errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs: brokerEntries(r, req) };
      default:
        return fail(ErrorCode.INVALID_REQUEST, `Config resource type ${r.resourceType} is not supported: describe topics (2) or the broker (4).`);
    }
  };

  return {
    apiKey: 32,
    minVersion: 0,
    maxVersion: 4,
    handle: (req) => ({ throttleTimeMs: 0, results: req.resources.map((r) => describe(r, req)) }),
    errorResponse: (req, _ctx, code) => ({
      throttleTimeMs: 0,
      results: req.resources.map((r) => ({ errorCode: code, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] })),
    }),
  };
}
