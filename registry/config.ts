/**
 * Registry settings, with Confluent Schema Registry's names and defaults, declared once: each
 * setting's name, type, default, importance, doc and validator. Parsing and validation of
 * `schema-registry.properties` values (with an error naming the key, the bad value and what is
 * accepted), the typed RegistryConfig and the README table all come from this one list.
 *
 * Unknown keys are reported (logged by the caller) and ignored, so an existing Confluent
 * properties file can be used unchanged.
 */
import { hostname } from 'node:os';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from './compatibility/levels.js';

export type SettingType = 'string' | 'int' | 'boolean' | 'list';
export type SettingValue = string | number | boolean | string[] | null;

export interface Setting {
  readonly name: string;
  readonly type: SettingType;
  /** `null` = no default (unset). */
  readonly default: SettingValue;
  readonly importance: 'high' | 'medium' | 'low';
  readonly doc: string;
  /** Throws RegistryConfigError when the parsed value is not acceptable. */
  readonly validate?: (value: SettingValue, name: string) => void;
}

export class RegistryConfigError extends Error {
  constructor(readonly key: string, message: string) {
    super(message);
    this.name = 'RegistryConfigError';
  }
}

const atLeast = (min: number) => (v: SettingValue, name: string): void => {
  if (typeof v === 'number' && v < min) throw new RegistryConfigError(name, `Invalid value ${v} for configuration ${name}: Value must be at least ${min}`);
};
const oneOfIgnoringCase = (allowed: readonly string[]) => (v: SettingValue, name: string): void => {
  if (typeof v === 'string' && !allowed.includes(v.toUpperCase())) {
    throw new RegistryConfigError(name, `Invalid value ${v} for configuration ${name}: String must be one of: ${allowed.map((a) => a.toLowerCase()).join(', ')}`);
  }
};

export const registrySettings: readonly Setting[] = [
  { name: 'listeners', type: 'list', default: ['http://0.0.0.0:8081'], importance: 'high', doc: 'Address to serve the REST API on, as http://host:port (the first one is used; an empty host or 0.0.0.0 binds all interfaces).' },
  { name: 'port', type: 'int', default: 8081, importance: 'low', doc: 'Deprecated: the port when `listeners` is not set.', validate: atLeast(0) },
  { name: 'host.name', type: 'string', default: null, importance: 'high', doc: 'Host name other instances use to reach this one (leader forwarding); defaults to this machine\'s host name.' },
  { name: 'kafkastore.bootstrap.servers', type: 'list', default: null, importance: 'high', doc: 'Kafka brokers holding the schemas topic, as host:port[,host:port...] (PLAINTEXT://host:port is accepted).' },
  { name: 'kafkastore.topic', type: 'string', default: '_schemas', importance: 'high', doc: 'The compacted, single-partition topic that stores every schema, config and mode.' },
  { name: 'kafkastore.topic.replication.factor', type: 'int', default: 3, importance: 'high', doc: 'Replication factor of the schemas topic when it is created (capped at the number of brokers).', validate: atLeast(1) },
  { name: 'kafkastore.timeout.ms', type: 'int', default: 500, importance: 'medium', doc: 'How long a write may take (produce and read back) before it fails with error 50002.', validate: atLeast(1) },
  { name: 'kafkastore.init.timeout.ms', type: 'int', default: 60000, importance: 'medium', doc: 'How long start-up may take to create the topic and read it to the end.', validate: atLeast(1) },
  { name: 'schema.compatibility.level', type: 'string', default: 'backward', importance: 'high', doc: 'Global compatibility level used until PUT /config sets one: none, backward, backward_transitive, forward, forward_transitive, full, full_transitive.', validate: oneOfIgnoringCase(COMPATIBILITY_LEVELS) },
  { name: 'avro.compatibility.level', type: 'string', default: null, importance: 'low', doc: 'Deprecated synonym of schema.compatibility.level.', validate: oneOfIgnoringCase(COMPATIBILITY_LEVELS) },
  { name: 'mode.mutability', type: 'boolean', default: true, importance: 'low', doc: 'Whether PUT/DELETE /mode may change modes.' },
  { name: 'schema.registry.group.id', type: 'string', default: 'schema-registry', importance: 'high', doc: 'Group through which instances sharing the schemas topic elect the leader that performs writes.' },
  { name: 'kafkagroup.session.timeout.ms', type: 'int', default: 10000, importance: 'medium', doc: 'Session timeout of this instance in the leader-election group: a leader that stops heartbeating is replaced after this long.', validate: atLeast(1) },
  { name: 'kafkagroup.heartbeat.interval.ms', type: 'int', default: 3000, importance: 'medium', doc: 'How often this instance heartbeats to the group coordinator (and learns of rebalances).', validate: atLeast(1) },
  { name: 'leader.eligibility', type: 'boolean', default: true, importance: 'medium', doc: 'Whether this instance may become the leader; a non-eligible instance forwards every write.' },
  { name: 'inter.instance.protocol', type: 'string', default: 'http', importance: 'low', doc: 'Protocol of the URL other instances use to forward writes here (http only).', validate: oneOfIgnoringCase(['HTTP']) },
];

export const registrySettingsByName: ReadonlyMap<string, Setting> = new Map(registrySettings.map((s) => [s.name, s]));

function parseValue(s: Setting, raw: string): SettingValue {
  const v = raw.trim();
  switch (s.type) {
    case 'boolean':
      if (/^true$/i.test(v)) return true;
      if (/^false$/i.test(v)) return false;
      throw new RegistryConfigError(s.name, `Invalid value ${raw} for configuration ${s.name}: Expected value to be either true or false`);
    case 'int':
      if (!/^[-+]?\d+$/.test(v) || Math.abs(Number(v)) > 2147483647) {
        throw new RegistryConfigError(s.name, `Invalid value ${raw} for configuration ${s.name}: Not a number of type INT`);
      }
      return Number(v);
    case 'list':
      return v === '' ? [] : v.split(',').map((x) => x.trim()).filter((x) => x !== '');
    case 'string':
      return v;
  }
}

export interface RegistryConfig {
  readonly listenHost: string;
  readonly listenPort: number;
  /** The URL other instances reach this one at (leader forwarding, group member metadata). */
  readonly advertisedHost: string;
  readonly bootstrapServers: readonly string[];
  readonly topic: string;
  readonly topicReplicationFactor: number;
  readonly timeoutMs: number;
  readonly initTimeoutMs: number;
  readonly compatibilityLevel: CompatibilityLevel;
  readonly modeMutability: boolean;
  readonly groupId: string;
  readonly leaderEligibility: boolean;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
}

/** Parses `http://host:port` (also `host:port`); throws RegistryConfigError. */
export function parseListener(key: string, s: string): { host: string; port: number } {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^:/]*):(\d+)\/?$/.exec(s.trim());
  if (!m || Number(m[3]) > 65535) throw new RegistryConfigError(key, `Invalid value ${s} for configuration ${key}: expected http://host:port`);
  if (m[1] && m[1].toLowerCase() !== 'http') {
    throw new RegistryConfigError(key, `Invalid value ${s} for configuration ${key}: only http listeners are supported (no TLS yet)`);
  }
  return { host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
}

/** Strips an optional PLAINTEXT:// from each bootstrap server and checks host:port. */
function bootstrap(key: string, servers: string[]): string[] {
  return servers.map((s) => {
    const m = /^(?:PLAINTEXT:\/\/)?((?:\[[^\]]+\]|[^:/]+):(\d+))$/i.exec(s);
    if (!m || Number(m[2]) > 65535) throw new RegistryConfigError(key, `Invalid value ${s} for configuration ${key}: expected host:port (PLAINTEXT only)`);
    return m[1]!;
  });
}

/**
 * Typed settings from raw string values. Returns the config and the keys that are not
 * registry settings (to be reported, as Confluent does, and ignored).
 */
export function parseRegistryConfig(raw: ReadonlyMap<string, string> | Readonly<Record<string, string>>): { config: RegistryConfig; unknown: string[] } {
  const entries = raw instanceof Map ? [...raw.entries()] : Object.entries(raw);
  const values = new Map<string, SettingValue>(registrySettings.map((s) => [s.name, s.default]));
  const given = new Set<string>();
  const unknown: string[] = [];
  for (const [k, v] of entries) {
    const s = registrySettingsByName.get(k);
    if (!s) { unknown.push(k); continue; }
    const parsed = parseValue(s, v);
    s.validate?.(parsed, k);
    values.set(k, parsed);
    given.add(k);
  }
  const servers = values.get('kafkastore.bootstrap.servers') as string[] | null;
  if (!servers || servers.length === 0) {
    throw new RegistryConfigError('kafkastore.bootstrap.servers', 'Missing required configuration "kafkastore.bootstrap.servers": set it to the Kafka brokers, e.g. localhost:9092');
  }
  let listen: { host: string; port: number };
  const listeners = values.get('listeners') as string[];
  if (!given.has('listeners') && given.has('port')) listen = { host: '0.0.0.0', port: values.get('port') as number };
  else if (listeners.length === 0) throw new RegistryConfigError('listeners', 'Invalid value for configuration listeners: Empty list is not allowed');
  else listen = parseListener('listeners', listeners[0]!);
  const level = (given.has('schema.compatibility.level') || values.get('avro.compatibility.level') === null
    ? values.get('schema.compatibility.level')
    : values.get('avro.compatibility.level')) as string;
  const hostName = (values.get('host.name') as string | null) || hostname();
  return {
    unknown,
    config: {
      listenHost: listen.host,
      listenPort: listen.port,
      advertisedHost: hostName,
      bootstrapServers: bootstrap('kafkastore.bootstrap.servers', servers),
      topic: values.get('kafkastore.topic') as string,
      topicReplicationFactor: values.get('kafkastore.topic.replication.factor') as number,
      timeoutMs: values.get('kafkastore.timeout.ms') as number,
      initTimeoutMs: values.get('kafkastore.init.timeout.ms') as number,
      compatibilityLevel: level.toUpperCase() as CompatibilityLevel,
      modeMutability: values.get('mode.mutability') as boolean,
      groupId: values.get('schema.registry.group.id') as string,
      leaderEligibility: values.get('leader.eligibility') as boolean,
      sessionTimeoutMs: values.get('kafkagroup.session.timeout.ms') as number,
      heartbeatIntervalMs: values.get('kafkagroup.heartbeat.interval.ms') as number,
    },
  };
}
