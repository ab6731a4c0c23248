/**
 * Making sure the schemas topic exists and has the shape the registry relies on: one partition
 * (a single total order of writes) and `cleanup.policy=compact` (the latest record per key is
 * the state). A missing topic is created like Confluent does, with the replication factor
 * capped at the number of brokers; an existing topic with more than one partition is refused,
 * one without compaction is used with a warning.
 */
import { ConfigResourceTypes, type Admin } from '@platformatic/kafka';
import { RegistryError } from '../errors.js';
import type { Logger } from '../logger.js';
import { describeKafkaError, kafkaErrorName } from './kafka-errors.js';

export interface TopicInfo {
  /** The topic id (Fetch v13+ names topics by id). */
  readonly id: string;
  /** Node id of the partition's leader. */
  readonly leader: number;
}

export async function ensureSchemasTopic(admin: Admin, topic: string, replicationFactor: number, log: Logger): Promise<TopicInfo> {
  const cluster = await admin.metadata({ topics: [], forceUpdate: true });
  const replicas = Math.max(1, Math.min(replicationFactor, cluster.brokers.size));
  if (replicas < replicationFactor) {
    log.warn(`Creating topic ${topic} with replication factor ${replicas}: kafkastore.topic.replication.factor is ${replicationFactor} but the cluster has ${cluster.brokers.size} broker(s)`);
  }
  try {
    await admin.createTopics({ topics: [topic], partitions: 1, replicas, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    log.info(`Created topic ${topic} (1 partition, replication factor ${replicas}, cleanup.policy=compact)`);
  } catch (err) {
    if (kafkaErrorName(err) !== 'TOPIC_ALREADY_EXISTS') {
      throw new RegistryError('STORE_ERROR', `Cannot create the schemas topic ${topic}: ${describeKafkaError(err)}`, { cause: err });
    }
  }
  const md = await admin.metadata({ topics: [topic], forceUpdate: true });
  const t = md.topics.get(topic);
  if (!t) throw new RegistryError('STORE_ERROR', `The schemas topic ${topic} does not appear in the cluster metadata`);
  if (t.partitionsCount !== 1) {
    throw new RegistryError('STORE_ERROR', `The schemas topic ${topic} has ${t.partitionsCount} partitions but must have exactly 1: `
      + 'writes need one total order. Point kafkastore.topic at a new topic or recreate this one with 1 partition.');
  }
  await warnUnlessCompacted(admin, topic, log);
  return { id: t.id, leader: t.partitions[0]!.leader };
}

async function warnUnlessCompacted(admin: Admin, topic: string, log: Logger): Promise<void> {
  try {
    const [d] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: ['cleanup.policy'] }] });
    const policy = d?.configs.find((c) => c.name === 'cleanup.policy')?.value;
    if (policy && !policy.split(',').includes('compact')) {
      log.warn(`The schemas topic ${topic} has cleanup.policy=${policy}: old schemas may be deleted by retention. Set cleanup.policy=compact on it.`);
    }
  } catch (err) {
    log.debug(`Could not read the configs of ${topic}: ${describeKafkaError(err)}`);
  }
}
