/**
 * A whole Connect worker in one object: settings, loggers, REST server, Kafka clients, the three
 * stores, the worker and its herder.
 *
 *   const w = await ConnectWorker.start({ settings: { 'bootstrap.servers': 'localhost:9092' }, connectorPlugins });
 *   ... w.url (REST), w.herder ...
 *   await w.close();
 *
 * Start order: the REST server listens first (GET /health answers 503 "starting" meanwhile),
 * then the stores read their topics to the end, then the herder starts what the stores hold.
 * Close order: the herder stops every task (each within task.shutdown.graceful.timeout.ms, with
 * a final offset commit) and connector, then the stores, the clients and the server.
 *
 * Stores: `storage.mode=kafka` (default): the compacted topics config/offset/status.storage.topic;
 * `storage.mode=memory`: in this process (a standalone worker whose state ends with it). Tests may
 * pass their own stores. Membership (who runs what, who writes configs): with the Kafka stores
 * (made here from `storage.mode=kafka`), the worker group of `group.id` (group-membership.ts:
 * workers sharing the group id and the storage topics share the connectors and tasks); with
 * memory stores or stores passed in, standalone (this worker runs everything); `membership`
 * overrides both.
 */
import { hostname } from 'node:os';
import type { ConnectorPlugin } from '../api/connector/plugin.js';
import { MetricsRegistry } from '../metrics/registry.js';
import { workerGauges } from '../metrics/task-metrics.js';
import { createApp } from '../rest/app.js';
import { listen, type RestServer } from '../rest/server.js';
import {
  KafkaConfigStore, KafkaOffsetStore, KafkaStatusStore, MemoryConfigStore, MemoryOffsetStore, MemoryStatusStore, storageOptionsFromWorkerSettings,
} from '../storage/index.js';
import type { ConfigStore, OffsetStore, StatusStore } from '../storage/stores.js';
import { WorkerRequestError } from './errors.js';
import { Herder } from './herder.js';
import { KafkaClients } from './kafka-clients.js';
import { LoggerRegistry, type Logger } from './logger.js';
import { GroupMembership } from './group-membership.js';
import { StandaloneMembership, type WorkerMembership } from './membership.js';
import { OffsetsApi } from './offsets-api.js';
import { RUNTIME_VERSION, WorkerPlugins } from './plugins.js';
import { Restarter } from './restarts.js';
import { StatusReporter } from './status-reporter.js';
import { Worker } from './worker.js';
import { WorkerConfig } from './worker-config.js';

export interface WorkerStores {
  readonly configs: ConfigStore;
  readonly offsets: OffsetStore;
  readonly statuses: StatusStore;
}

export interface ConnectWorkerOptions {
  readonly settings: Readonly<Record<string, string>>;
  readonly connectorPlugins: Iterable<ConnectorPlugin>;
  readonly loggers?: LoggerRegistry;
  readonly stores?: WorkerStores;
  readonly membership?: (workerId: string) => WorkerMembership;
}

export const HERDER_LOGGER = 'org.apache.kafka.connect.runtime.Herder';

export class ConnectWorker {
  #closed = false;

  private constructor(
    readonly config: WorkerConfig,
    readonly loggers: LoggerRegistry,
    readonly rest: RestServer,
    readonly workerId: string,
    readonly herder: Herder,
    readonly restarts: Restarter,
    readonly stores: WorkerStores,
    readonly clients: KafkaClients,
    readonly metrics: MetricsRegistry,
    private readonly log: Logger,
  ) {}

  get url(): string {
    return this.rest.url;
  }

  /** Starts everything; throws ConfigException for invalid settings. */
  static async start(o: ConnectWorkerOptions): Promise<ConnectWorker> {
    const config = new WorkerConfig(o.settings);
    const loggers = o.loggers ?? new LoggerRegistry();
    const log = loggers.logger('org.apache.kafka.connect.runtime.Connect');
    for (const k of config.unknown) log.warn(`The configuration '${k}' was supplied but isn't a known config.`);
    const plugins = new WorkerPlugins(o.connectorPlugins);
    const metrics = new MetricsRegistry();
    let state: 'starting' | 'healthy' | 'unhealthy' = 'starting';
    let clusterId: string | null = null;
    const late: { herder?: Herder; restarts?: Restarter; offsets?: OffsetsApi } = {};
    const started = <T>(x: T | undefined): T => {
      if (x === undefined || state === 'starting') throw new WorkerRequestError(503, 'Worker is still starting up.');
      return x;
    };
    const stores = o.stores ?? createStores(config, log);
    const { host, port } = config.listener();
    const ctx = {
      get herder() { return started(late.herder); },
      get restarts() { return started(late.restarts); },
      get offsets() { return started(late.offsets); },
      plugins, statuses: stores.statuses, config, loggers, metrics,
      log: loggers.logger('org.apache.kafka.connect.runtime.rest.RestServer'),
      serverInfo: () => ({ version: RUNTIME_VERSION, commit: process.env.TRIBUTARY_COMMIT ?? 'unknown', kafka_cluster_id: clusterId }),
      health: () => state === 'healthy'
        ? { status: 'healthy' as const, message: 'Worker has completed startup and is ready to handle requests.' }
        : state === 'starting' ? { status: 'starting' as const, message: 'Worker is still starting up.' } : { status: 'unhealthy' as const, message: 'Worker is shutting down.' },
    };
    const rest = await listen(createApp(ctx), host, port);
    const workerId = `${config.values['rest.advertised.host.name'] ?? (host === '' || host === '0.0.0.0' ? hostname() : host)}:${config.values['rest.advertised.port'] ?? rest.port}`;
    const clientId = config.values['client.id'] !== '' ? config.values['client.id'] : `connect-${workerId.replace(/[^A-Za-z0-9._-]/g, '-')}`;
    const clients = new KafkaClients(config.bootstrapServers, clientId);
    const distributed = o.stores === undefined && config.values['storage.mode'] === 'kafka';
    const membership = o.membership?.(workerId) ?? (distributed
      ? new GroupMembership({
        workerId, url: `${config.values['rest.advertised.listener']}://${workerId}`, bootstrapServers: config.bootstrapServers,
        groupId: config.groupId, clientId: `${clientId}-group`, configs: stores.configs, log: loggers.logger(HERDER_LOGGER),
        sessionTimeoutMs: config.values['session.timeout.ms'], heartbeatIntervalMs: config.values['heartbeat.interval.ms'],
        rebalanceTimeoutMs: config.values['rebalance.timeout.ms'],
      })
      : new StandaloneMembership(workerId));
    const status = new StatusReporter(stores.statuses, () => workerId, () => membership.generation(), loggers.logger(HERDER_LOGGER));
    let herder: Herder | undefined;
    const worker = new Worker({
      config, plugins, clients, offsets: stores.offsets, metrics, loggers, workerId,
      connectorListener: status.connectorListener(), taskListener: status.taskListener(),
      onTopicUsed: (connector, topic) => {
        if (config.values['topic.tracking.enable']) void stores.statuses.putTopic(connector, topic).catch(() => undefined);
      },
      requestTaskReconfiguration: (c) => herder?.requestTaskReconfiguration(c),
      taskThreads: config.values['task.threads.enable'],
    });
    herder = new Herder({
      worker, plugins, configs: stores.configs, statuses: stores.statuses, membership, status,
      log: loggers.logger(HERDER_LOGGER), gracefulStopMs: config.values['task.shutdown.graceful.timeout.ms'],
    });
    const restarts = new Restarter(herder, status, metrics, loggers.logger(HERDER_LOGGER));
    status.onTaskFailure = (id, err) => restarts.onTaskFailure(id, err);
    late.herder = herder;
    late.restarts = restarts;
    late.offsets = new OffsetsApi(herder, plugins, stores.offsets, clients);
    const h = herder;
    workerGauges(metrics, () => h.runningConnectors(), () => h.runningTasks());
    try {
      await Promise.all([stores.configs.start(), stores.offsets.start(), stores.statuses.start()]);
      clusterId = await clients.clusterId();
      await herder.start();
    } catch (err) {
      state = 'unhealthy';
      await Promise.allSettled([herder.stop(), stores.configs.stop(), stores.offsets.stop(), stores.statuses.stop()]);
      await clients.close();
      await rest.close();
      throw err;
    }
    state = 'healthy';
    log.info(`Kafka Connect worker ${workerId} started; REST API at ${rest.url}`);
    const w = new ConnectWorker(config, loggers, rest, workerId, herder, restarts, stores, clients, metrics, log);
    w.#markUnhealthy = () => { state = 'unhealthy'; };
    return w;
  }

  #markUnhealthy: () => void = () => {};

  /** Stops tasks, connectors, stores, clients and the REST server (idempotent). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#markUnhealthy();
    this.log.info('Kafka Connect worker stopping');
    this.restarts.close();
    await this.herder.stop();
    await Promise.allSettled([this.stores.configs.stop(), this.stores.offsets.stop(), this.stores.statuses.stop()]);
    await this.clients.close();
    await this.rest.close();
    this.log.info('Kafka Connect worker stopped');
  }
}

/** The stores `storage.mode` asks for. */
export function createStores(config: WorkerConfig, log: Logger): WorkerStores {
  if (config.values['storage.mode'] === 'memory') {
    return { configs: new MemoryConfigStore(), offsets: new MemoryOffsetStore(), statuses: new MemoryStatusStore() };
  }
  const settings = { ...config.originals, 'bootstrap.servers': config.bootstrapServers.join(','), 'group.id': config.groupId };
  const o = storageOptionsFromWorkerSettings(settings, log.child('storage'));
  return { configs: new KafkaConfigStore(o.config), offsets: new KafkaOffsetStore(o.offsets), statuses: new KafkaStatusStore(o.status) };
}
