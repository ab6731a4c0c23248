/**
 * AlterConfigs (the legacy form: the given set REPLACES all of a topic's overrides) and
 * IncrementalAlterConfigs (SET, DELETE, APPEND and SUBTRACT on single keys). Only topic configs
 * change at run time; broker settings are static (server.properties) and are refused with a
 * message saying so. `validate_only` checks and changes nothing.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { AlterConfigsRequest, AlterConfigsResponse } from '../protocol/messages/alter-configs.js';
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../protocol/messages/incremental-alter-configs.js';
import { topicConfigKeys } from '../config/topic-config.js';
import { KafkaError } from '../errors.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';
import { ResourceType } from './config-entries.js';

type Outcome = AlterConfigsResponse['responses'][number];

const SET = 0;
const DELETE = 1;
const APPEND = 2;
const SUBTRACT = 3;

function alterResources<R extends { resourceType: number; resourceName: string }>(
  b: BrokerContext, resources: readonly R[], validateOnly: boolean, next: (r: R, current: Record<string, string>) => Record<string, string>,
): Outcome[] {
  return resources.map((r) => {
    const ok = (errorCode: number, errorMessage: string | null): Outcome => ({ errorCode, errorMessage, resourceType: r.resourceType, resourceName: r.resourceName });
    try {
      if (r.resourceType === ResourceType.BROKER || r.resourceType === ResourceType.BROKER_LOGGER) {
        throw new KafkaError('INVALID_REQUEST', 'Broker configs cannot be changed while the broker runs: set them in server.properties (or --override) and restart.');
      }
      if (r.resourceType !== ResourceType.TOPIC) throw new KafkaError('INVALID_REQUEST', `Config resource type ${r.resourceType} is not supported: alter topic (2) configs.`);
      const t = b.topics.get(r.resourceName);
      if (!t) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${r.resourceName}' does not exist.`);
      const validated = b.topics.validateConfigs(next(r, t.configs));
      if (!validateOnly) b.topics.setConfigs(t.name, validated);
      return ok(ErrorCode.NONE, null);
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      return ok(err.code, err.message);
    }
  });
}

export function alterConfigsHandler(b: BrokerContext): ApiHandler<AlterConfigsRequest, AlterConfigsResponse> {
  return {
    apiKey: 33,
    minVersion: 0,
    maxVersion: 2,
    handle: (req) => ({
      throttleTimeMs: 0,
      responses: alterResources(b, req.resources, req.validateOnly, (r) => {
        const out: Record<string, string> = {};
        for (const c of r.configs) {
          if (c.value === null) throw new KafkaError('INVALID_REQUEST', `Null value not supported for ${c.name}`);
          out[c.name] = c.value;
        }
        return out;
      }),
    }),
    errorResponse: (req, _ctx, code) => ({
      throttleTimeMs: 0,
      responses: req.resources.map((r) => ({ errorCode: code, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName })),
    }),
  };
}

export function incrementalAlterConfigsHandler(b: BrokerContext): ApiHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse> {
  return {
    apiKey: 44,
    minVersion: 0,
    maxVersion: 1,
    handle: (req) => ({
      throttleTimeMs: 0,
      responses: alterResources(b, req.resources, req.validateOnly, (r, current) => {
        const out = { ...current };
        const seen = new Set<string>();
        for (const c of r.configs) {
          if (seen.has(c.name)) throw new KafkaError('INVALID_REQUEST', `Error due to duplicate config keys: ${c.name}`);
          seen.add(c.name);
          const key = topicConfigKeys.get(c.name);
          if (!key) throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${c.name}`);
          const currentList = (): string[] => (out[c.name] ?? (b.topics.effectiveConfig(b.topics.get(r.resourceName)!, c.name) as string[] | null)?.join(',') ?? '')
            .split(',').map((s) => s.trim()).filter((s) => s !== '');
          switch (c.configOperation) {
            case SET:
              if (c.value === null) throw new KafkaError('INVALID_REQUEST', `Null value not supported for SET of ${c.name}`);
              out[c.name] = c.value;
              break;
            case DELETE:
              delete out[c.name];
              break;
            case APPEND:
            case SUBTRACT: {
              if (key.type !== 'list') throw new KafkaError('INVALID_CONFIG', `Config value append/subtract is not allowed for config key ${c.name} of type ${key.type.toUpperCase()}: only LIST configs support it`);
              const items = (c.value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
              const list = currentList();
              out[c.name] = (c.configOperation === APPEND ? [...list, ...items.filter((i) => !list.includes(i))] : list.filter((i) => !items.includes(i))).join(',');
              break;
            }
            default:
              throw new KafkaError('INVALID_REQUEST', `Unknown config operation ${c.configOperation} for ${c.name}: use 0 SET, 1 DELETE, 2 APPEND or 3 SUBTRACT`);
          }
        }
        return out;
      }),
    }),
    errorResponse: (req, _ctx, code) => ({
      throttleTimeMs: 0,
      responses: req.resources.map((r) => ({ errorCode: code, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName })),
    }),
  };
}
