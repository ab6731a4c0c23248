/**
 * Topic-level configs (Kafka's `LogConfig`/`TopicConfig` names). Each topic key has a broker-level
 * synonym that supplies its default (`segment.bytes` ← `log.segment.bytes`, ...); DescribeConfigs
 * reports where an effective value comes from using these synonyms.
 */
import { atLeast, between, type ConfigKey, type ConfigValue, defineConfig, LONG_MAX, oneOf } from './spec.js';

const COMPRESSION = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'];

export const topicConfigKeys: ReadonlyMap<string, ConfigKey> = defineConfig([
  { name: 'cleanup.policy', type: 'list', default: ['delete'], importance: 'medium', validate: oneOf('delete', 'compact'),
    doc: 'A string that is either "delete" or "compact" or both: the retention policy for old log segments.' },
  { name: 'compression.type', type: 'string', default: 'producer', importance: 'medium', validate: oneOf(...COMPRESSION),
    doc: 'Final compression type for the topic; "producer" keeps the codec the producer used.' },
  { name: 'delete.retention.ms', type: 'long', default: 86400000, importance: 'medium', validate: atLeast(0),
    doc: 'How long delete tombstones are retained on compacted topics.' },
  { name: 'file.delete.delay.ms', type: 'long', default: 60000, importance: 'medium', validate: atLeast(0),
    doc: 'Time to wait before deleting a file from the filesystem.' },
  { name: 'flush.messages', type: 'long', default: LONG_MAX, importance: 'medium', validate: atLeast(1),
    doc: 'Force an fsync of the log after this many messages.' },
  { name: 'flush.ms', type: 'long', default: LONG_MAX, importance: 'medium', validate: atLeast(0),
    doc: 'Force an fsync of the log after this many milliseconds.' },
  { name: 'index.interval.bytes', type: 'int', default: 4096, importance: 'medium', validate: atLeast(0),
    doc: 'How frequently an entry is added to the offset index.' },
  { name: 'max.compaction.lag.ms', type: 'long', default: LONG_MAX, importance: 'medium', validate: atLeast(1),
    doc: 'The maximum time a message remains ineligible for compaction.' },
  { name: 'max.message.bytes', type: 'int', default: 1048588, importance: 'medium', validate: atLeast(0),
    doc: 'The largest record batch size allowed.' },
  { name: 'message.timestamp.type', type: 'string', default: 'CreateTime', importance: 'medium', validate: oneOf('CreateTime', 'LogAppendTime'),
    doc: 'Whether the timestamp in a message is the creation time or the log append time.' },
  { name: 'message.timestamp.before.max.ms', type: 'long', default: LONG_MAX, importance: 'medium', validate: atLeast(0),
    doc: 'Maximum allowed difference between the broker time and an earlier message timestamp.' },
  { name: 'message.timestamp.after.max.ms', type: 'long', default: LONG_MAX, importance: 'medium', validate: atLeast(0),
    doc: 'Maximum allowed difference between a later message timestamp and the broker time.' },
  { name: 'min.cleanable.dirty.ratio', type: 'double', default: 0.5, importance: 'medium', validate: between(0, 1),
    doc: 'Minimum ratio of dirty log to total log for the log compactor to clean.' },
  { name: 'min.compaction.lag.ms', type: 'long', default: 0, importance: 'medium', validate: atLeast(0),
    doc: 'The minimum time a message remains uncompacted in the log.' },
  { name: 'min.insync.replicas', type: 'int', default: 1, importance: 'medium', validate: atLeast(1),
    doc: 'Minimum number of in-sync replicas for acks=all (this broker is a single replica).' },
  { name: 'preallocate', type: 'boolean', default: false, importance: 'medium',
    doc: 'Whether to preallocate the file on disk when creating a new log segment.' },
  { name: 'retention.bytes', type: 'long', default: -1, importance: 'medium',
    doc: 'Maximum size a partition can grow to before old segments are discarded; -1 for no limit.' },
  { name: 'retention.ms', type: 'long', default: 604800000, importance: 'medium', validate: atLeast(-1),
    doc: 'Maximum time a log is retained before old segments are discarded; -1 for no limit.' },
  { name: 'segment.bytes', type: 'int', default: 1073741824, importance: 'medium', validate: atLeast(14),
    doc: 'The segment file size for the log.' },
  { name: 'segment.index.bytes', type: 'int', default: 10485760, importance: 'medium', validate: atLeast(4),
    doc: 'The size of the index that maps offsets to file positions.' },
  { name: 'segment.jitter.ms', type: 'long', default: 0, importance: 'medium', validate: atLeast(0),
    doc: 'Maximum random jitter subtracted from the scheduled segment roll time.' },
  { name: 'segment.ms', type: 'long', default: 604800000, importance: 'medium', validate: atLeast(1),
    doc: 'Time after which the log rolls a new segment even if the current one is not full.' },
  { name: 'unclean.leader.election.enable', type: 'boolean', default: false, importance: 'medium',
    doc: 'Accepted for compatibility; a single-node broker has no followers.' },
]);

/**
 * Broker-level synonyms, most specific first, that supply a topic config's default. Kafka lists
 * them the same way in DescribeConfigs synonyms (e.g. retention.ms ← log.retention.ms,
 * log.retention.minutes, log.retention.hours).
 */
export const topicConfigSynonyms: Readonly<Record<string, readonly string[]>> = {
  'cleanup.policy': ['log.cleanup.policy'],
  'compression.type': ['compression.type'],
  'delete.retention.ms': ['log.cleaner.delete.retention.ms'],
  'file.delete.delay.ms': ['log.segment.delete.delay.ms'],
  'flush.messages': ['log.flush.interval.messages'],
  'flush.ms': ['log.flush.interval.ms'],
  'index.interval.bytes': ['log.index.interval.bytes'],
  'max.compaction.lag.ms': ['log.cleaner.max.compaction.lag.ms'],
  'max.message.bytes': ['message.max.bytes'],
  'message.timestamp.type': ['log.message.timestamp.type'],
  'message.timestamp.before.max.ms': ['log.message.timestamp.before.max.ms'],
  'message.timestamp.after.max.ms': ['log.message.timestamp.after.max.ms'],
  'min.cleanable.dirty.ratio': ['log.cleaner.min.cleanable.ratio'],
  'min.compaction.lag.ms': ['log.cleaner.min.compaction.lag.ms'],
  'min.insync.replicas': ['min.insync.replicas'],
  'preallocate': ['log.preallocate'],
  'retention.bytes': ['log.retention.bytes'],
  'retention.ms': ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'],
  'segment.bytes': ['log.segment.bytes'],
  'segment.index.bytes': ['log.index.size.max.bytes'],
  'segment.jitter.ms': ['log.roll.jitter.ms', 'log.roll.jitter.hours'],
  'segment.ms': ['log.roll.ms', 'log.roll.hours'],
  'unclean.leader.election.enable': ['unclean.leader.election.enable'],
};

/** Broker synonyms in other units than the topic key, and the factor to milliseconds. */
export const synonymUnits: Readonly<Record<string, number>> = {
  'log.retention.minutes': 60_000,
  'log.retention.hours': 3_600_000,
  'log.roll.hours': 3_600_000,
  'log.roll.jitter.hours': 3_600_000,
};

export type TopicConfigValues = Readonly<Record<string, ConfigValue>>;
