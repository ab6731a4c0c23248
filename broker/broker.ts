/**
 * The single-node broker: opens the data directory (recovering every partition log), binds the
 * listener and serves the Kafka protocol until `close()`, which stops accepting, answers the
 * requests in progress, then flushes and closes every file.
 */
import { hostname } from 'node:os';
import { BrokerConfig } from './config/broker-config.js';
import { TopicManager } from './topics/topic-manager.js';
import { KafkaServer } from './network/server.js';
import type { ApiHandler } from './apis/api-handler.js';
import type { BrokerContext } from './apis/broker-context.js';
import { apiVersionsHandler, unsupportedApiVersionsResponse } from './apis/api-versions.js';
import { metadataHandler } from './apis/metadata.js';
import { produceHandler } from './apis/produce.js';
import { fetchHandler } from './apis/fetch.js';
import { listOffsetsHandler } from './apis/list-offsets.js';
import { deleteRecordsHandler } from './apis/delete-records.js';
import { createTopicsHandler } from './apis/create-topics.js';
import { deleteTopicsHandler } from './apis/delete-topics.js';
import { createPartitionsHandler } from './apis/create-partitions.js';
import { describeConfigsHandler } from './apis/describe-configs.js';
import { alterConfigsHandler, incrementalAlterConfigsHandler } from './apis/alter-configs.js';
import { describeClusterHandler } from './apis/describe-cluster.js';
import { describeLogDirsHandler } from './apis/describe-log-dirs.js';
import { GroupCoordinator, settingsFrom } from './group/coordinator.js';
import { groupHandlers } from './group/handlers.js';
import { initProducerIdHandler } from './apis/init-producer-id.js';
import { createLogger, type Logger } from './util/logger.js';

export interface BrokerOptions {
  /** Explicit settings (server.properties, then overrides), Kafka names. */
  readonly settings?: ReadonlyMap<string, string> | Record<string, string>;
  readonly log?: Logger;
}

export class Broker {
  private constructor(
    readonly config: BrokerConfig,
    readonly topics: TopicManager,
    private readonly server: KafkaServer,
    /** Bound address (port 0 in settings picks a free port). */
    readonly host: string,
    readonly port: number,
    private readonly log: Logger,
    /** The group coordinator (consumer groups and committed offsets). */
    readonly groups: GroupCoordinator,
  ) {}

  static async start(opts: BrokerOptions = {}): Promise<Broker> {
    const log = opts.log ?? createLogger('broker');
    const settings = opts.settings instanceof Map ? opts.settings : new Map(Object.entries(opts.settings ?? {}));
    const config = new BrokerConfig(settings);
    for (const w of config.warnings) log.warn(w);
    const topics = new TopicManager(config, log.child('log'));
    const listener = config.listener();
    let bound = { host: listener.host, port: listener.port };
    const advertised = (): { host: string; port: number } => {
      const a = config.advertisedListener();
      const explicit = config.get('advertised.listeners') !== null;
      const host = a.host !== '' && a.host !== '0.0.0.0' && a.host !== '::' ? a.host : hostname();
      return { host, port: explicit || a.port !== 0 ? a.port : bound.port };
    };
    const ctx: BrokerContext = { config, topics, nodeId: config.nodeId, advertised, log: log.child('api') };
    const groups = new GroupCoordinator(topics, settingsFrom(config), log.child('group-coordinator'));
    groups.start();
    const handlers: ApiHandler[] = [
      produceHandler(ctx), fetchHandler(ctx), listOffsetsHandler(ctx), metadataHandler(ctx),
      createTopicsHandler(ctx), deleteTopicsHandler(ctx), createPartitionsHandler(ctx),
      describeConfigsHandler(ctx), alterConfigsHandler(ctx), incrementalAlterConfigsHandler(ctx),
      describeClusterHandler(ctx), initProducerIdHandler(ctx), deleteRecordsHandler(ctx),
      describeLogDirsHandler(ctx),
      ...groupHandlers(ctx, groups),
    ];
    const apiVersions = apiVersionsHandler(() => handlers);
    handlers.push(apiVersions);
    const server = new KafkaServer({
      maxRequestBytes: config.int('socket.request.max.bytes'),
      handlers: new Map(handlers.map((h) => [h.apiKey, h])),
      unsupportedApiVersions: (correlationId) => unsupportedApiVersionsResponse(apiVersions, correlationId),
      log: log.child('network'),
      idleTimeoutMs: config.int('connections.max.idle.ms'),
    });
    try {
      bound = await server.listen(listener.host, listener.port);
    } catch (err) {
      groups.close();
      topics.close();
      throw err;
    }
    topics.startRetentionChecks();
    topics.startCleaner();
    return new Broker(config, topics, server, bound.host, bound.port, log, groups);
  }

  get clusterId(): string { return this.topics.clusterId; }

  /** `host:port` to give clients (the advertised address). */
  get bootstrap(): string {
    const a = this.config.advertisedListener();
    const host = a.host === '' || a.host === '0.0.0.0' || a.host === '::' ? 'localhost' : a.host;
    return `${host}:${a.port === 0 ? this.port : a.port}`;
  }

  private closing: Promise<void> | null = null;

  /** Stops accepting, answers in-flight requests, flushes and closes every log. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.server.close();
      this.groups.close();
      this.topics.close();
      this.log.info('Shut down completed');
    })();
    return this.closing;
  }
}
