/**
 * Making sure one of the worker's internal topics exists with the shape Connect requires:
 * `cleanup.policy=compact` (the latest record per key is the state) and, for the config topic,
 * exactly one partition (one total order of config writes).
 *
 * A missing topic is created with the configured partitions and replication factor; the
 * replication factor is capped at the number of brokers (with a warning) so that Connect's
 * default of 3 works against a single broker, and -1 asks for the broker's default (KIP-464).
 * An existing topic is used as it is, with the partition count it has, but refused when its
 * cleanup policy is not exactly `compact` (Connect refuses it too: deletion by retention would
 * lose connector configs, offsets or statuses).
 */
import { ConfigResourceTypes, type Admin } from '@platformatic/kafka';
import { ConfigException, ConnectException } from '../api/index.js';
import { describeKafkaError, kafkaErrorName } from './kafka-errors.js';
import type { Logger } from './logger.js';

export interface TopicSpec {
  readonly topic: string;
  /** The worker setting that names the topic, for messages (e.g. `config.storage.topic`). */
  readonly setting: string;
  /** Partitions when creating it. */
  readonly partitions: number;
  /** Replication factor when creating it; -1 for the broker's default. */
  readonly replicationFactor: number;
  /** Refuse a topic with more than one partition (the config topic). */
  readonly singlePartition: boolean;
  /** Extra topic configs when creating it (cleanup.policy is always compact). */
  readonly configs?: Readonly<Record<string, string>>;
}

/** Creates the topic when missing and checks its shape; resolves with its partition count. */
export async function ensureTopic(admin: Admin, spec: TopicSpec, log: Logger): Promise<number> {
  const cluster = await admin.metadata({ topics: [], forceUpdate: true });
  let replicas = spec.replicationFactor;
  if (replicas > cluster.brokers.size) {
    replicas = Math.max(1, cluster.brokers.size);
    log.warn(`Creating topic ${spec.topic} with replication factor ${replicas}: the cluster has ${cluster.brokers.size} broker(s) `
      + `but the ${spec.setting.replace(/\.topic$/, '.replication.factor')} is ${spec.replicationFactor}`);
  }
  const configs = Object.entries({ ...spec.configs, 'cleanup.policy': 'compact' }).map(([name, value]) => ({ name, value }));
  let created = false;
  try {
    await admin.createTopics({ topics: [spec.topic], partitions: spec.partitions, replicas, configs });
    created = true;
    log.info(`Created topic ${spec.topic} (${spec.partitions} partition(s), replication factor ${replicas}, cleanup.policy=compact)`);
  } catch (err) {
    if (kafkaErrorName(err) !== 'TOPIC_ALREADY_EXISTS') {
      throw new ConnectException(`Cannot create the topic ${spec.topic} (${spec.setting}): ${describeKafkaError(err)}`, { cause: err });
    }
  }
  const md = await admin.metadata({ topics: [spec.topic], forceUpdate: true });
  const found = md.topics.get(spec.topic);
  if (!found) throw new ConnectException(`The topic ${spec.topic} (${spec.setting}) does not appear in the cluster metadata`);
  if (spec.singlePartition && found.partitionsCount > 1) {
    throw new ConfigException(`Topic '${spec.topic}' supplied via the '${spec.setting}' property is required to have a single partition `
      + `in order to guarantee consistency of connector configurations, but found ${found.partitionsCount} partitions.`);
  }
  if (!created) await requireCompacted(admin, spec);
  return found.partitionsCount;
}

async function requireCompacted(admin: Admin, spec: TopicSpec): Promise<void> {
  let policy: string | null | undefined;
  try {
    const [d] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: spec.topic, configurationKeys: ['cleanup.policy'] }] });
    policy = d?.configs.find((c) => c.name === 'cleanup.policy')?.value;
  } catch {
    return; // not allowed to describe configs: use the topic as it is, as Connect does
  }
  if (policy !== undefined && policy !== null && policy.trim() !== 'compact') {
    throw new ConfigException(`Topic '${spec.topic}' supplied via the '${spec.setting}' property is required to have 'cleanup.policy=compact' `
      + `to guarantee consistency and durability of the worker's state, but found '${policy}'. Set cleanup.policy=compact on it or use another topic.`);
  }
}
