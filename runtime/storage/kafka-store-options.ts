/**
 * Options of the three Kafka stores, and how Kafka Connect's distributed-worker settings map to
 * them (the same keys and defaults as Connect's DistributedConfig):
 *
 *   config.storage.topic                 (connect-configs)  config.storage.replication.factor  (3)
 *   offset.storage.topic                 (connect-offsets)  offset.storage.replication.factor  (3)
 *   offset.storage.partitions            (25)
 *   status.storage.topic                 (connect-status)   status.storage.replication.factor  (3)
 *   status.storage.partitions            (5)
 *   bootstrap.servers                    (localhost:9092)
 *   client.id / group.id                 prefix of the Kafka client ids (connect-<group.id>)
 *   <prefix>.storage.<topic config>      any other key under config./offset./status.storage. is a
 *                                        config of that topic when the store creates it (KIP-605),
 *                                        e.g. status.storage.min.insync.replicas=2
 *
 * Connect requires the three topic names; this worker defaults them to the names used by
 * Connect's sample `connect-distributed.properties`. A replication factor of -1 means the
 * broker's default; one larger than the cluster is capped (with a warning) at its broker count.
 */
import { ConfigException } from '../api/index.js';
import type { KafkaBasedLogOptions } from './kafka-based-log.js';
import type { TailRecord } from './kafka-tail.js';
import { silentLogger, type Logger } from './logger.js';

export interface KafkaStoreOptions {
  readonly bootstrapServers: readonly string[];
  readonly topic?: string;
  readonly replicationFactor?: number;
  /** Partitions when the store creates its topic (ignored by the config store: always 1). */
  readonly partitions?: number;
  /** Extra topic configs when the store creates its topic. */
  readonly topicConfigs?: Readonly<Record<string, string>>;
  /** Prefix of the Kafka client ids (default `connect`). */
  readonly clientId?: string;
  /** Bound of each write and refresh (default 30 000 ms, Connect's). */
  readonly timeoutMs?: number;
  /** Bound of `start` (topic creation and the first read to the end; default 120 000 ms). */
  readonly startTimeoutMs?: number;
  readonly log?: Logger;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_START_TIMEOUT_MS = 120_000;

/** What tells the three stores' topics apart (their defaults and the setting naming them). */
export interface StoreTopicDefaults {
  readonly topic: string;
  readonly setting: string;
  /** Partitions when created, unless the options say otherwise (the config store: always 1). */
  readonly partitions: number;
  readonly singlePartition: boolean;
  readonly clientId: string;
}

/** Each store's topic defaults (Connect's names and partition counts). */
export const STORE_TOPICS = {
  config: { topic: 'connect-configs', setting: 'config.storage.topic', partitions: 1, singlePartition: true, clientId: 'connect-config' },
  offset: { topic: 'connect-offsets', setting: 'offset.storage.topic', partitions: 25, singlePartition: false, clientId: 'connect-offset' },
  status: { topic: 'connect-status', setting: 'status.storage.topic', partitions: 5, singlePartition: false, clientId: 'connect-status' },
} as const satisfies Record<string, StoreTopicDefaults>;

/** The options of a store's KafkaBasedLog: the store's options over its defaults. */
export function storeLogOptions(opts: KafkaStoreOptions, defaults: StoreTopicDefaults, log: Logger, apply: (r: TailRecord) => void): KafkaBasedLogOptions {
  return {
    bootstrapServers: opts.bootstrapServers,
    topic: opts.topic ?? defaults.topic,
    setting: defaults.setting,
    partitions: defaults.singlePartition ? 1 : opts.partitions ?? defaults.partitions,
    singlePartition: defaults.singlePartition,
    replicationFactor: opts.replicationFactor ?? 3,
    ...(opts.topicConfigs ? { configs: opts.topicConfigs } : {}),
    clientId: opts.clientId ?? defaults.clientId,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    startTimeoutMs: opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    apply,
    log,
  };
}

export interface WorkerStorageOptions {
  readonly config: KafkaStoreOptions;
  readonly offsets: KafkaStoreOptions;
  readonly status: KafkaStoreOptions;
}

/** The three stores' options from a worker's settings (Connect's keys; see the table above). */
export function storageOptionsFromWorkerSettings(settings: Readonly<Record<string, string>>, log: Logger = silentLogger): WorkerStorageOptions {
  const bootstrapServers = (settings['bootstrap.servers'] ?? 'localhost:9092').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const clientId = settings['client.id'] ?? `connect-${settings['group.id'] ?? 'cluster'}`;
  const int = (key: string, fallback: number, min: number): number => {
    const raw = settings[key];
    if (raw === undefined) return fallback;
    const n = Number(raw.trim());
    if (!Number.isInteger(n) || (n < min && n !== -1)) throw ConfigException.invalid(key, raw, min === 1 ? 'Value must be at least 1 or -1 (the broker default)' : `Value must be at least ${min}`);
    return n;
  };
  const own = new Set(['topic', 'replication.factor', 'partitions']);
  const topicConfigs = (prefix: string): Record<string, string> => Object.fromEntries(Object.entries(settings)
    .filter(([k]) => k.startsWith(`${prefix}.storage.`) && !own.has(k.slice(`${prefix}.storage.`.length)))
    .map(([k, v]) => [k.slice(`${prefix}.storage.`.length), v]));
  const store = (prefix: keyof typeof STORE_TOPICS): KafkaStoreOptions => {
    const d: StoreTopicDefaults = STORE_TOPICS[prefix];
    return {
      bootstrapServers, clientId: `${clientId}-${prefix}`, log: log.child(prefix),
      topic: settings[d.setting] ?? d.topic,
      topicConfigs: topicConfigs(prefix),
      replicationFactor: int(`${prefix}.storage.replication.factor`, 3, 1),
      ...(d.singlePartition ? {} : { partitions: int(`${prefix}.storage.partitions`, d.partitions, 1) }),
    };
  };
  return { config: store('config'), offsets: store('offset'), status: store('status') };
}
