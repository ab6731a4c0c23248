/**
 * Broker settings, with Kafka's names and defaults. Sources, lowest to highest precedence: the
 * defaults below, a `server.properties` file (`--config`), then `--override k=v` pairs and
 * command-line shortcuts (`--data-dir` → log.dirs, `--port` → listeners).
 *
 * Unknown keys are reported (as Kafka does: "supplied but isn't a known config") and ignored, so
 * an existing server.properties can be used unchanged.
 */
import {
  atLeast, between, ConfigError, type ConfigKey, type ConfigValue, defineConfig, formatValue, LONG_MAX, oneOf,
  parseAndValidate,
} from './spec.js';
import { synonymUnits, topicConfigKeys, topicConfigSynonyms } from './topic-config.js';

export const brokerConfigKeys: ReadonlyMap<string, ConfigKey> = defineConfig([
  { name: 'node.id', type: 'int', default: 1, importance: 'high', validate: atLeast(0), doc: 'The id of this broker.' },
  { name: 'broker.id', type: 'int', default: null, importance: 'high', doc: 'Synonym of node.id for older configs.' },
  { name: 'listeners', type: 'list', default: ['PLAINTEXT://:9092'], importance: 'high',
    doc: 'Listener to bind, as PLAINTEXT://host:port (an empty host binds all interfaces).' },
  { name: 'advertised.listeners', type: 'list', default: null, importance: 'high',
    doc: 'Address given to clients in Metadata (PLAINTEXT://host:port); defaults to the listener, with the machine\'s host name when the listener host is empty.' },
  { name: 'log.dirs', type: 'list', default: null, importance: 'high', doc: 'Directory where the log data is kept (one directory; --data-dir sets it).' },
  { name: 'log.dir', type: 'string', default: '/tmp/kafka-logs', importance: 'high', doc: 'Used when log.dirs is not set.' },
  { name: 'num.partitions', type: 'int', default: 1, importance: 'medium', validate: atLeast(1), doc: 'Default number of partitions of auto-created topics and CreateTopics without a count.' },
  { name: 'default.replication.factor', type: 'int', default: 1, importance: 'medium', validate: between(1, 1), doc: 'Replication factor of auto-created topics (a single node: 1).' },
  { name: 'auto.create.topics.enable', type: 'boolean', default: true, importance: 'high', doc: 'Create a topic when a client asks Metadata for one that does not exist.' },
  { name: 'delete.topic.enable', type: 'boolean', default: true, importance: 'high', doc: 'Allow DeleteTopics.' },
  { name: 'message.max.bytes', type: 'int', default: 1048588, importance: 'high', validate: atLeast(0), doc: 'Largest record batch size allowed (topic max.message.bytes).' },
  { name: 'socket.request.max.bytes', type: 'int', default: 104857600, importance: 'high', validate: atLeast(1), doc: 'Largest request frame accepted; larger frames close the connection.' },
  { name: 'socket.send.buffer.bytes', type: 'int', default: 102400, importance: 'high', doc: 'SO_SNDBUF hint (-1 for the OS default).' },
  { name: 'socket.receive.buffer.bytes', type: 'int', default: 102400, importance: 'high', doc: 'SO_RCVBUF hint (-1 for the OS default).' },
  { name: 'connections.max.idle.ms', type: 'long', default: 600000, importance: 'medium', doc: 'Idle connections are closed after this long.' },
  { name: 'log.segment.bytes', type: 'int', default: 1073741824, importance: 'high', validate: atLeast(14), doc: 'Maximum size of a single log file.' },
  { name: 'log.roll.ms', type: 'long', default: null, importance: 'high', doc: 'Maximum time before a new log segment is rolled out (overrides log.roll.hours).' },
  { name: 'log.roll.hours', type: 'int', default: 168, importance: 'high', validate: atLeast(1), doc: 'Maximum time before a new log segment is rolled out, in hours.' },
  { name: 'log.roll.jitter.ms', type: 'long', default: null, importance: 'high', doc: 'Maximum jitter subtracted from the roll time.' },
  { name: 'log.roll.jitter.hours', type: 'int', default: 0, importance: 'high', validate: atLeast(0), doc: 'Maximum jitter subtracted from the roll time, in hours.' },
  { name: 'log.index.interval.bytes', type: 'int', default: 4096, importance: 'medium', validate: atLeast(0), doc: 'Interval at which an entry is added to the offset index.' },
  { name: 'log.index.size.max.bytes', type: 'int', default: 10485760, importance: 'medium', validate: atLeast(4), doc: 'Maximum size of an offset index in bytes.' },
  { name: 'log.retention.ms', type: 'long', default: null, importance: 'high', doc: 'Time to keep a log segment before deleting it (overrides minutes and hours); -1 keeps forever.' },
  { name: 'log.retention.minutes', type: 'int', default: null, importance: 'high', doc: 'As log.retention.ms, in minutes.' },
  { name: 'log.retention.hours', type: 'int', default: 168, importance: 'high', doc: 'As log.retention.ms, in hours.' },
  { name: 'log.retention.bytes', type: 'long', default: -1, importance: 'high', doc: 'Maximum size of a partition before old segments are deleted; -1 for no limit.' },
  { name: 'log.retention.check.interval.ms', type: 'long', default: 300000, importance: 'medium', validate: atLeast(1), doc: 'How often retention is checked.' },
  { name: 'log.segment.delete.delay.ms', type: 'long', default: 60000, importance: 'high', validate: atLeast(0), doc: 'Time to wait before deleting a file from the filesystem.' },
  { name: 'log.cleanup.policy', type: 'list', default: ['delete'], importance: 'medium', validate: oneOf('delete', 'compact'), doc: 'Default cleanup policy for segments beyond the retention window.' },
  { name: 'log.cleaner.enable', type: 'boolean', default: true, importance: 'medium', doc: 'Run the log cleaner, which compacts topics whose cleanup.policy includes compact.' },
  { name: 'log.cleaner.threads', type: 'int', default: 1, importance: 'medium', validate: between(1, 1), doc: 'Number of cleaner threads (this broker cleans one log at a time, interleaved with requests).' },
  { name: 'log.cleaner.backoff.ms', type: 'long', default: 15000, importance: 'medium', validate: atLeast(0), doc: 'Time the cleaner sleeps when no log needs cleaning.' },
  { name: 'log.cleaner.dedupe.buffer.size', type: 'long', default: 134217728, importance: 'medium', validate: atLeast(1024), doc: 'Memory for the key map of one cleaning pass; a larger dirty section is cleaned over several passes.' },
  { name: 'log.cleaner.io.buffer.size', type: 'int', default: 524288, importance: 'medium', validate: atLeast(4096), doc: 'Bytes the cleaner reads and processes before letting requests run.' },
  { name: 'log.cleaner.delete.retention.ms', type: 'long', default: 86400000, importance: 'medium', validate: atLeast(0), doc: 'How long delete tombstones are retained.' },
  { name: 'log.cleaner.min.cleanable.ratio', type: 'double', default: 0.5, importance: 'medium', validate: between(0, 1), doc: 'Minimum dirty ratio for a log to be cleaned.' },
  { name: 'log.cleaner.min.compaction.lag.ms', type: 'long', default: 0, importance: 'medium', validate: atLeast(0), doc: 'Minimum time a message remains uncompacted.' },
  { name: 'log.cleaner.max.compaction.lag.ms', type: 'long', default: LONG_MAX, importance: 'medium', validate: atLeast(1), doc: 'Maximum time a message remains ineligible for compaction.' },
  { name: 'log.flush.interval.messages', type: 'long', default: LONG_MAX, importance: 'high', validate: atLeast(1), doc: 'Messages accumulated on a partition before they are fsynced.' },
  { name: 'log.flush.interval.ms', type: 'long', default: null, importance: 'high', doc: 'Maximum time a message stays unflushed; unset means no time-based flush.' },
  { name: 'log.flush.scheduler.interval.ms', type: 'long', default: null, importance: 'high', validate: atLeast(1), doc: 'How often the flusher checks flush.ms; unset means the smallest finite flush.ms of any topic, at most 1000 ms (no check at all while no topic has one).' },
  { name: 'log.message.timestamp.type', type: 'string', default: 'CreateTime', importance: 'medium', validate: oneOf('CreateTime', 'LogAppendTime'), doc: 'Timestamp type of messages.' },
  { name: 'log.message.timestamp.before.max.ms', type: 'long', default: LONG_MAX, importance: 'medium', validate: atLeast(0), doc: 'Maximum allowed lag of a message timestamp behind broker time.' },
  { name: 'log.message.timestamp.after.max.ms', type: 'long', default: LONG_MAX, importance: 'medium', validate: atLeast(0), doc: 'Maximum allowed lead of a message timestamp over broker time.' },
  { name: 'log.preallocate', type: 'boolean', default: false, importance: 'medium', doc: 'Preallocate new segment files.' },
  { name: 'compression.type', type: 'string', default: 'producer', importance: 'high', validate: oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'), doc: 'Final compression type for topics.' },
  { name: 'min.insync.replicas', type: 'int', default: 1, importance: 'high', validate: atLeast(1), doc: 'Minimum in-sync replicas for acks=all.' },
  { name: 'unclean.leader.election.enable', type: 'boolean', default: false, importance: 'high', doc: 'Accepted for compatibility.' },
  { name: 'group.initial.rebalance.delay.ms', type: 'int', default: 3000, importance: 'medium', validate: atLeast(0), doc: 'Time the coordinator waits for more members before the first rebalance of a new group.' },
  { name: 'group.min.session.timeout.ms', type: 'int', default: 6000, importance: 'medium', validate: atLeast(0), doc: 'Smallest session.timeout.ms a group member may ask for.' },
  { name: 'group.max.session.timeout.ms', type: 'int', default: 1800000, importance: 'medium', validate: atLeast(0), doc: 'Largest session.timeout.ms a group member may ask for.' },
  { name: 'offsets.retention.check.interval.ms', type: 'long', default: 600000, importance: 'high', validate: atLeast(1), doc: 'How often expired committed offsets are removed.' },
  { name: 'offset.metadata.max.bytes', type: 'int', default: 4096, importance: 'high', validate: atLeast(0), doc: 'Largest metadata string of an offset commit.' },
  { name: 'offsets.topic.num.partitions', type: 'int', default: 50, importance: 'high', validate: atLeast(1), doc: 'Number of partitions of __consumer_offsets.' },
  { name: 'offsets.topic.segment.bytes', type: 'int', default: 104857600, importance: 'high', validate: atLeast(1), doc: 'Segment size of __consumer_offsets, set when the topic is created (smaller segments are compacted sooner).' },
  { name: 'offsets.retention.minutes', type: 'int', default: 10080, importance: 'high', validate: atLeast(1), doc: 'Committed offsets of an empty group are kept this long.' },
  { name: 'producer.id.expiration.ms', type: 'int', default: 86400000, importance: 'low', validate: atLeast(1), doc: 'Idempotent producer state of a partition is dropped after this long without a write from that producer.' },
  { name: 'cluster.id', type: 'string', default: null, importance: 'low', doc: 'Cluster id to use when formatting a new data directory (normally generated).' },
]);

export interface Listener { host: string; port: number }

/** Parses `PLAINTEXT://host:port` (also `host:port`, `[::1]:port`); throws ConfigError. */
export function parseListener(key: string, s: string): Listener {
  const m = /^(?:([A-Za-z_][A-Za-z0-9_]*):\/\/)?(\[[^\]]*\]|[^:]*):(\d+)$/.exec(s.trim());
  if (!m || Number(m[3]) > 65535) {
    throw new ConfigError(key, `Invalid value ${s} for configuration ${key}: expected PLAINTEXT://host:port`);
  }
  if (m[1] && m[1].toUpperCase() !== 'PLAINTEXT') {
    throw new ConfigError(key, `Invalid value ${s} for configuration ${key}: only the PLAINTEXT security protocol is supported`);
  }
  return { host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
}

export class BrokerConfig {
  private readonly values = new Map<string, ConfigValue>();
  /** Keys that were set explicitly (file or overrides), for DescribeConfigs sources. */
  readonly explicit = new Set<string>();
  readonly warnings: string[] = [];

  /** `raw` holds explicit settings in precedence order already applied (later wins). */
  constructor(raw: ReadonlyMap<string, string> = new Map()) {
    for (const [k, key] of brokerConfigKeys) this.values.set(k, key.default);
    for (const [k, v] of raw) {
      const key = brokerConfigKeys.get(k);
      if (!key) {
        this.warnings.push(`The configuration '${k}' was supplied but isn't a known config.`);
        continue;
      }
      this.values.set(k, parseAndValidate(key, v));
      this.explicit.add(k);
    }
    if (this.get('broker.id') !== null && !this.explicit.has('node.id')) this.values.set('node.id', this.get('broker.id'));
    this.listener(); // validate early
    this.advertisedListener();
  }

  get(name: string): ConfigValue {
    if (!this.values.has(name)) throw new Error(`unknown broker config ${name}`);
    return this.values.get(name)!;
  }
  int(name: string): number { return this.get(name) as number; }
  bool(name: string): boolean { return this.get(name) as boolean; }
  string(name: string): string { return this.get(name) as string; }

  get nodeId(): number { return this.int('node.id'); }

  get logDir(): string {
    const dirs = this.get('log.dirs') as string[] | null;
    if (dirs && dirs.length > 1) {
      throw new ConfigError('log.dirs', `Invalid value ${dirs.join(',')} for configuration log.dirs: this broker supports one log directory`);
    }
    return dirs?.[0] ?? this.string('log.dir');
  }

  listener(): Listener {
    const l = this.get('listeners') as string[];
    if (l.length !== 1) throw new ConfigError('listeners', `Invalid value ${l.join(',')} for configuration listeners: exactly one PLAINTEXT listener is supported`);
    return parseListener('listeners', l[0]!);
  }

  /** The address clients are told to connect to; `null` host means "use the listener's". */
  advertisedListener(): Listener {
    const a = this.get('advertised.listeners') as string[] | null;
    if (a && a.length > 0) return parseListener('advertised.listeners', a[0]!);
    return this.listener();
  }

  /** The effective default of a topic config, derived from its broker synonyms. */
  topicDefault(topicKey: string): { value: ConfigValue; source: string | null } {
    for (const syn of topicConfigSynonyms[topicKey] ?? []) {
      if (!brokerConfigKeys.has(syn)) continue;
      const v = this.values.get(syn) ?? null;
      if (v === null) continue;
      const factor = synonymUnits[syn] ?? 1;
      // A synonym given in a coarser unit counts only when set, or when it is the last resort.
      return { value: typeof v === 'number' ? v * factor : v, source: this.explicit.has(syn) ? syn : null };
    }
    return { value: topicConfigKeys.get(topicKey)?.default ?? null, source: null };
  }

  /** Broker config entries for DescribeConfigs on the broker resource. */
  entries(): Array<{ name: string; value: string | null; explicit: boolean; secret: boolean }> {
    return [...brokerConfigKeys.values()].map((k) => ({
      name: k.name,
      value: k.secret ? null : formatValue(this.get(k.name)),
      explicit: this.explicit.has(k.name),
      secret: !!k.secret,
    }));
  }
}
