/**
 * Shared pieces of the config APIs: Kafka's numeric codes for config sources and types, and the
 * effective-config entries of a topic or of the broker as DescribeConfigs reports them.
 */
import { formatValue } from '../config/spec.js';
import type { ConfigType } from '../config/spec.js';
import type { EffectiveConfig } from '../topics/topic-manager.js';

/** Kafka's ConfigSource ids. */
export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** Kafka's ConfigEntry.ConfigType ids (DescribeConfigs v3+). */
const TYPE_IDS: Record<ConfigType, number> = { boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7, password: 9 };
export function configTypeCode(t: ConfigType): number { return TYPE_IDS[t]; }

export function configSourceCode(s: EffectiveConfig['source']): number {
  return s === 'topic' ? ConfigSource.DYNAMIC_TOPIC_CONFIG : s === 'broker' ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
}

/** No topic config of this broker holds a secret; kept as the one place to say so. */
export function isSensitive(_name: string): boolean { return false; }

export { formatValue };

/** Kafka's ConfigResource.Type ids. */
export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;
