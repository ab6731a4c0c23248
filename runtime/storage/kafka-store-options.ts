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
  const store = (prefix: string, topic: string, partitions?: number): KafkaStoreOptions => ({
    bootstrapServers, clientId: `${clientId}-${prefix}`, log: log.child(prefix),
    topic: settings[`${prefix}.storage.topic`] ?? topic,
    topicConfigs: topicConfigs(prefix),
    replicationFactor: int(`${prefix}.storage.replication.factor`, 3, 1),
    ...(partitions !== undefined ? { partitions: int(`${prefix}.storage.partitions`, partitions, 1) } : {}),
  });
  return { config: store('config', 'connect-configs'), offsets: store('offset', 'connect-offsets', 25), status: store('status', 'connect-status', 5) };
}
