/**
 * The worker's settings, with Kafka Connect's names and defaults, so an existing
 * `connect-distributed.properties` / `connect-standalone.properties` works unchanged. Declared once
 * here; parsing, validation messages and the README table come from this spec.
 *
 * Prefixed settings are passed through, not declared: `key.converter.*`, `value.converter.*`,
 * `header.converter.*` (to the converters, prefix removed), `producer.*`, `consumer.*`, `admin.*`
 * (client settings; only `client.id` is used by this worker's Kafka client). Unknown plain keys
 * are reported once and ignored (Kafka's "supplied but isn't a known config").
 *
 * Storage (`storage.mode`, a tributary setting): `kafka` keeps connector configs, source offsets
 * and status in the compacted topics named by `config.storage.topic`, `offset.storage.topic`
 * and `status.storage.topic` (what a Connect cluster does; needed for several workers and for
 * state that survives a restart); `memory` keeps them in the process (a standalone worker for
 * tests and demos: everything is gone when it stops). Default: `kafka`.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { NonEmptyString, Range, ValidString } from '../api/config/validators.js';

export const DEFAULT_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
export const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

export const WORKER_CONFIG = new ConfigDef()
  .define({ name: 'bootstrap.servers', type: 'LIST', default: 'localhost:9092', validator: new NonEmptyString(), importance: 'HIGH',
    documentation: 'host:port pairs of the Kafka cluster this worker uses for its data and its state.' })
  .define({ name: 'group.id', type: 'STRING', default: 'connect-cluster', importance: 'HIGH',
    documentation: 'The Connect cluster this worker belongs to; workers with the same group id share connectors and tasks.' })
  .define({ name: 'client.id', type: 'STRING', default: '', importance: 'LOW',
    documentation: 'Prefix of the Kafka client ids of this worker (shows in broker logs); default connect-<worker id>.' })
  .define({ name: 'listeners', type: 'LIST', default: null, importance: 'LOW',
    documentation: 'REST listeners, e.g. http://:8083 or http://127.0.0.1:0 (port 0: any free port). Default: http://:<rest.port>.' })
  .define({ name: 'rest.port', type: 'INT', default: 8083, validator: Range.between(0, 65535), importance: 'LOW',
    documentation: 'REST port when listeners is not set (deprecated in Kafka, still honoured).' })
  .define({ name: 'rest.host.name', type: 'STRING', default: null, importance: 'LOW',
    documentation: 'REST host when listeners is not set (deprecated in Kafka, still honoured).' })
  .define({ name: 'rest.advertised.host.name', type: 'STRING', default: null, importance: 'LOW',
    documentation: 'Host name other workers and the status topic know this worker by (its worker_id).' })
  .define({ name: 'rest.advertised.port', type: 'INT', default: null, importance: 'LOW',
    documentation: 'Port other workers and the status topic know this worker by.' })
  .define({ name: 'rest.advertised.listener', type: 'STRING', default: 'http', validator: ValidString.in('http', 'https'), importance: 'LOW',
    documentation: 'Scheme of the URL other workers reach this worker at: <listener>://<worker id> (distributed mode).' })
  .define({ name: 'key.converter', type: 'CLASS', default: DEFAULT_CONVERTER, importance: 'HIGH',
    documentation: 'Converter of record keys (class name or alias); its settings are key.converter.*. Connectors may override it.' })
  .define({ name: 'value.converter', type: 'CLASS', default: DEFAULT_CONVERTER, importance: 'HIGH',
    documentation: 'Converter of record values (class name or alias); its settings are value.converter.*. Connectors may override it.' })
  .define({ name: 'header.converter', type: 'CLASS', default: DEFAULT_HEADER_CONVERTER, importance: 'LOW',
    documentation: 'Converter of header values; its settings are header.converter.*.' })
  .define({ name: 'config.storage.topic', type: 'STRING', default: 'connect-configs', validator: new NonEmptyString(), importance: 'HIGH',
    documentation: 'Compacted topic (1 partition) holding connector configurations, task configurations and target states.' })
  .define({ name: 'config.storage.replication.factor', type: 'SHORT', default: 3, importance: 'LOW',
    documentation: 'Replication factor of the config topic when the worker creates it (capped at the number of brokers; -1: broker default).' })
  .define({ name: 'offset.storage.topic', type: 'STRING', default: 'connect-offsets', validator: new NonEmptyString(), importance: 'HIGH',
    documentation: 'Compacted topic holding source connector offsets.' })
  .define({ name: 'offset.storage.partitions', type: 'INT', default: 25, importance: 'LOW', documentation: 'Partitions of the offset topic when created.' })
  .define({ name: 'offset.storage.replication.factor', type: 'SHORT', default: 3, importance: 'LOW', documentation: 'Replication factor of the offset topic when created.' })
  .define({ name: 'status.storage.topic', type: 'STRING', default: 'connect-status', validator: new NonEmptyString(), importance: 'HIGH',
    documentation: 'Compacted topic holding connector and task status.' })
  .define({ name: 'status.storage.partitions', type: 'INT', default: 5, importance: 'LOW', documentation: 'Partitions of the status topic when created.' })
  .define({ name: 'status.storage.replication.factor', type: 'SHORT', default: 3, importance: 'LOW', documentation: 'Replication factor of the status topic when created.' })
  .define({ name: 'storage.mode', type: 'STRING', default: 'kafka', validator: ValidString.in('kafka', 'memory'), importance: 'MEDIUM',
    documentation: 'tributary: where configs, offsets and status live: kafka (the three storage topics) or memory (this process only; standalone tests and demos).' })
  .define({ name: 'offset.flush.interval.ms', type: 'LONG', default: 60000, validator: Range.atLeast(1), importance: 'LOW',
    documentation: 'How often source offsets are committed to the offset store and sink consumer offsets to Kafka.' })
  .define({ name: 'offset.flush.timeout.ms', type: 'LONG', default: 5000, validator: Range.atLeast(1), importance: 'LOW',
    documentation: 'How long an offset commit may wait for outstanding records to be acknowledged before it is cancelled and tried again later.' })
  .define({ name: 'task.shutdown.graceful.timeout.ms', type: 'LONG', default: 5000, validator: Range.atLeast(0), importance: 'LOW',
    documentation: 'How long a stopping task may take to finish its current poll/put and its last commit before it is abandoned.' })
  .define({ name: 'task.threads.enable', type: 'BOOLEAN', default: true, importance: 'MEDIUM',
    documentation: 'Runs each task on its own thread (as Kafka Connect does), so that tasks use several cores, when its connector plugin can be loaded in a thread (the bundled ones can); false runs every task on the worker\'s thread.' })
  .define({ name: 'task.thread.young.generation.mb', type: 'INT', default: 64, validator: Range.atLeast(1), importance: 'LOW',
    documentation: 'Young generation of each task thread\'s heap, in MB: large enough to hold a few batches of records, so that they die young instead of being copied into the old generation.' })
  .define({ name: 'topic.creation.enable', type: 'BOOLEAN', default: true, importance: 'LOW',
    documentation: 'Lets source connectors create the topics they write to with topic.creation.default.* settings.' })
  .define({ name: 'topic.tracking.enable', type: 'BOOLEAN', default: true, importance: 'LOW',
    documentation: 'Records the topics each connector uses (GET /connectors/{name}/topics).' })
  .define({ name: 'topic.tracking.allow.reset', type: 'BOOLEAN', default: true, importance: 'LOW',
    documentation: 'Allows PUT /connectors/{name}/topics/reset.' })
  .define({ name: 'plugin.path', type: 'LIST', default: '', importance: 'LOW',
    documentation: 'Accepted for compatibility and ignored: plugins are the connectors bundled with this package.' })
  .define({ name: 'connector.client.config.override.policy', type: 'STRING', default: 'All', importance: 'LOW',
    documentation: 'Accepted for compatibility; producer.override.* / consumer.override.* are not applied by this worker.' })
  .define({ name: 'session.timeout.ms', type: 'INT', default: 10000, validator: Range.atLeast(1), importance: 'LOW',
    documentation: 'Worker group session timeout (distributed mode): a worker that sent no heartbeat for this long loses its connectors and tasks to the others.' })
  .define({ name: 'heartbeat.interval.ms', type: 'INT', default: 3000, validator: Range.atLeast(1), importance: 'LOW',
    documentation: 'Worker group heartbeat interval (distributed mode); well below session.timeout.ms (Kafka: at most a third of it).' })
  .define({ name: 'rebalance.timeout.ms', type: 'INT', default: 60000, validator: Range.atLeast(1), importance: 'LOW',
    documentation: 'Worker group rebalance timeout (distributed mode): how long the group waits for every worker to rejoin (after stopping revoked work) in a rebalance.' })
  .define({ name: 'scheduled.rebalance.max.delay.ms', type: 'INT', default: 300000, importance: 'LOW',
    documentation: 'How long the group waits for a departed worker before reassigning its work (distributed mode).' });

export type WorkerConfigValues = ReturnType<typeof WORKER_CONFIG.parse>;

/** Prefixes whose keys are passed on rather than declared. */
const PASS_THROUGH = ['key.converter.', 'value.converter.', 'header.converter.', 'producer.', 'consumer.', 'admin.', 'listeners.', 'metrics.', 'config.providers'];

/** Kafka Connect's keys this worker accepts without using them (no warning for them). */
const KNOWN_UNUSED = new Set([
  'offset.storage.file.filename', 'config.providers', 'metric.reporters', 'metrics.num.samples', 'metrics.sample.window.ms', 'metrics.recording.level',
  'access.control.allow.origin', 'access.control.allow.methods', 'admin.listeners', 'rest.extension.classes', 'response.http.headers.config',
  'connect.protocol', 'worker.sync.timeout.ms', 'worker.unsync.backoff.ms', 'plugin.discovery', 'exactly.once.source.support', 'key.converter.schemas.enable',
  'value.converter.schemas.enable', 'internal.key.converter', 'internal.value.converter', 'inter.worker.key.generation.algorithm',
]);

export class WorkerConfig {
  readonly values: WorkerConfigValues;
  /** Keys that are neither declared nor passed through (reported once at start). */
  readonly unknown: readonly string[];

  /** Parses the settings; throws ConfigException listing every problem by key. */
  constructor(readonly originals: Readonly<Record<string, string>>) {
    this.values = WORKER_CONFIG.parse(originals);
    const declared = new Set(WORKER_CONFIG.names());
    this.unknown = Object.keys(originals).filter((k) => !declared.has(k) && !KNOWN_UNUSED.has(k) && !PASS_THROUGH.some((p) => k.startsWith(p))).sort();
  }

  get bootstrapServers(): string[] {
    return this.values['bootstrap.servers'];
  }

  get groupId(): string {
    return this.values['group.id'];
  }

  /** The settings under `prefix`, prefix removed (e.g. `value.converter.` -> converter settings). */
  withPrefix(prefix: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.originals)) if (k.startsWith(prefix) && k.length > prefix.length) out[k.slice(prefix.length)] = v;
    return out;
  }

  /** The REST listener: host ('' = all interfaces) and port (0 = any free port). */
  listener(): { host: string; port: number } {
    const listeners = this.values.listeners;
    if (listeners !== null && listeners.length > 0) {
      const first = listeners[0]!;
      const m = /^(https?):\/\/(\[[^\]]*\]|[^:/]*):(\d+)\/?$/.exec(first.trim());
      if (m === null) throw new Error(`listeners expects http://host:port, got '${first}'`);
      if (m[1] === 'https') throw new Error(`listeners: https is not supported by this worker (got '${first}')`);
      return { host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
    }
    return { host: this.values['rest.host.name'] ?? '', port: this.values['rest.port'] };
  }
}
