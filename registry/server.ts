/**
 * The schema registry process: settings -> the schemas topic replayed into the store -> the
 * REST API on the listener -> membership in the leader-election group.
 *
 * Lifecycle: `Registry.start` resolves once the topic has been read to its end, the HTTP
 * server accepts connections and the group has elected a leader (so the first answer already
 * reflects every stored schema, and writes know where to go); all within
 * kafkastore.init.timeout.ms. `close` leaves the group, stops accepting, lets requests in
 * progress finish, then stops the tail and the Kafka clients. Start-up failures reject with
 * RegistryConfigError (bad settings) or RegistryError (the topic cannot be created or read, or
 * the group cannot be joined, in time).
 *
 * Every instance reads the whole topic and answers reads itself; writes go through the
 * ClusterWriter to the elected leader (this instance or another, over HTTP).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRegistryConfig, type RegistryConfig } from './config.js';
import { silentLogger, type Logger } from './logger.js';
import { ClusterWriter } from './cluster/cluster-writer.js';
import { Forwarder } from './cluster/forward.js';
import { GroupMember } from './cluster/group-member.js';
import { RegistryError } from './errors.js';
import { createApp } from './rest/app.js';
import { fastLookupById } from './rest/fast-lookup.js';
import { LocalWriter } from './service/local-writer.js';
import type { Defaults } from './service/policy.js';
import { Schemas } from './service/schemas.js';
import { KafkaSchemaLog } from './storage/kafka-log.js';
import { RegistryStore } from './store/store.js';

export interface RegistryStartOptions {
  /** Confluent-named settings (see registry/config.ts); kafkastore.bootstrap.servers is required. */
  readonly settings: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  readonly log?: Logger;
}

/**
 * Joins the leader-election group as `port`'s instance; resolves once the first assignment is
 * in (the writer then knows the leader), rejects after kafkastore.init.timeout.ms.
 */
async function joinGroup(config: RegistryConfig, port: number, writer: ClusterWriter, log: Logger): Promise<GroupMember> {
  let joined!: () => void;
  const first = new Promise<boolean>((resolve) => {
    joined = () => resolve(true);
    setTimeout(() => resolve(false), config.initTimeoutMs).unref();
  });
  const member = new GroupMember({
    bootstrapServers: config.bootstrapServers, groupId: config.groupId, clientId: 'tributary-registry-group',
    identity: { host: config.advertisedHost, port, leaderEligibility: config.leaderEligibility, scheme: 'http' },
    sessionTimeoutMs: config.sessionTimeoutMs, heartbeatIntervalMs: config.heartbeatIntervalMs, log,
    onChange: (assignment, isLeader) => {
      writer.update(assignment, isLeader);
      if (assignment) joined();
    },
  });
  member.start();
  if (!(await first)) {
    await member.stop();
    throw new RegistryError('OPERATION_TIMEOUT', `Could not join the registry group ${config.groupId} within kafkastore.init.timeout.ms (${config.initTimeoutMs} ms)`);
  }
  return member;
}

export class Registry {
  private constructor(
    readonly config: RegistryConfig,
    /** The URL clients reach this instance at, e.g. http://127.0.0.1:8081. */
    readonly url: string,
    readonly store: RegistryStore,
    private readonly server: Server,
    private readonly kafka: KafkaSchemaLog,
    private readonly member: GroupMember,
    private readonly writer: ClusterWriter,
    private readonly log: Logger,
  ) {}

  static async start(opts: RegistryStartOptions): Promise<Registry> {
    const log = opts.log ?? silentLogger;
    const { config, unknown } = parseRegistryConfig(opts.settings);
    for (const k of unknown) log.warn(`The configuration '${k}' was supplied but isn't a known config; ignoring it.`);
    const store = new RegistryStore();
    const kafka = await KafkaSchemaLog.open({
      bootstrapServers: config.bootstrapServers, topic: config.topic, replicationFactor: config.topicReplicationFactor,
      timeoutMs: config.timeoutMs, initTimeoutMs: config.initTimeoutMs, clientId: 'tributary-registry', store, log: log.child('kafka-store'),
    });
    const defaults: Defaults = { compatibilityLevel: config.compatibilityLevel, mode: 'READWRITE' };
    const schemas = new Schemas(store);
    const local = new LocalWriter({ store, schemas, defaults, log: kafka, modeMutability: config.modeMutability });
    const writer = new ClusterWriter(local, new Forwarder(config.timeoutMs * 2 + 5000), config.sessionTimeoutMs);
    const app = createApp({ store, schemas, defaults, writer, log }, log.child('rest'));
    const fast = fastLookupById(store);
    const server = createServer((req, res) => {
      if (!fast(req, res)) app(req, res);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.listenPort, config.listenHost || undefined, () => { server.off('error', reject); resolve(); });
      });
    } catch (err) {
      await kafka.close();
      throw err;
    }
    const port = (server.address() as AddressInfo).port;
    const host = ['', '0.0.0.0', '::'].includes(config.listenHost) ? '127.0.0.1' : config.listenHost;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    let member: GroupMember;
    try {
      member = await joinGroup(config, port, writer, log.child('leader-election'));
    } catch (err) {
      await new Promise((resolve) => server.close(resolve));
      await kafka.close();
      throw err;
    }
    const registry = new Registry(config, url, store, server, kafka, member, writer, log);
    log.info(`Schema registry listening on ${url} (topic ${config.topic} on ${config.bootstrapServers.join(',')}, leader ${writer.leader === 'self' ? 'this instance' : writer.leader ?? 'none'})`);
    return registry;
  }

  /** 'self' when this instance is the leader, the leader's URL, or null while none is known. */
  get leader(): string | null {
    return this.writer.leader;
  }

  /** The port the REST API listens on (useful with port 0). */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await this.member.stop();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    await this.kafka.close();
    this.log.info('Schema registry stopped');
  }
}
