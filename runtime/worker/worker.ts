/**
 * Builds and runs connector and task instances on this worker (Kafka Connect's Worker): it knows
 * the plugins, the Kafka clients, the stores, metrics and loggers, and turns a config into a
 * running ConnectorRunner / SourceTaskRunner / SinkTaskRunner. Which of them should run, and
 * when, is the herder's business.
 *
 * A task is built from its connector's config (converters, transforms, error policy, sink
 * subscription) and its own task config (passed to start()).
 */
import type { ConnectorProps } from '../api/connector/connector.js';
import { SinkTask } from '../api/connector/sink-connector.js';
import { SourceTask } from '../api/connector/source-connector.js';
import { ConnectException } from '../api/errors.js';
import type { MetricsRegistry } from '../metrics/registry.js';
import { TaskMetrics } from '../metrics/task-metrics.js';
import type { ConnectorTaskId, OffsetStore, TargetState } from '../storage/stores.js';
import { parseConnectorConfig, sinkSubscription } from './connector-config.js';
import { ConnectorRunner, type ConnectorStatusListener } from './connector-runner.js';
import { ErrorReporter } from './error-reporting.js';
import type { KafkaClients } from './kafka-clients.js';
import type { LoggerRegistry } from './logger.js';
import type { WorkerPlugins } from './plugins.js';
import { RetryWithToleranceOperator } from './retry-operator.js';
import { SinkConsumer } from './sink-consumer.js';
import { SinkTaskRunner } from './sink-task-runner.js';
import { SourceTaskRunner } from './source-task-runner.js';
import { createTaskConverters } from './task-converters.js';
import { buildNamedChain } from './transform-runner.js';
import type { WorkerConfig } from './worker-config.js';
import { ThreadedTask } from './task-thread.js';
import type { TaskHandle, TaskStatusListener, WorkerTask } from './worker-task.js';

export const WORKER_LOGGER = 'org.apache.kafka.connect.runtime.Worker';

export interface WorkerOptions {
  readonly config: WorkerConfig;
  readonly plugins: WorkerPlugins;
  readonly clients: KafkaClients;
  readonly offsets: OffsetStore;
  readonly metrics: MetricsRegistry;
  readonly loggers: LoggerRegistry;
  readonly workerId: string;
  readonly connectorListener: ConnectorStatusListener;
  readonly taskListener: TaskStatusListener;
  readonly onTopicUsed: (connector: string, topic: string) => void;
  readonly requestTaskReconfiguration: (connector: string) => void;
  /** Whether tasks of plugins with a module run on their own thread (task.threads.enable; false
   * inside a task thread). */
  readonly taskThreads: boolean;
}

export class Worker {
  constructor(private readonly o: WorkerOptions) {}

  get config(): WorkerConfig {
    return this.o.config;
  }

  /** A connector instance, initialized, not yet started (the herder moves it to its target state). */
  createConnector(name: string, props: ConnectorProps): ConnectorRunner {
    const plugin = this.o.plugins.connector(props['connector.class'] ?? '');
    return new ConnectorRunner({
      name, props, type: plugin.type, connector: plugin.create(), offsets: this.o.offsets,
      log: this.o.loggers.logger(`org.apache.kafka.connect.runtime.WorkerConnector.${name}`),
      listener: this.o.connectorListener, requestTaskReconfiguration: this.o.requestTaskReconfiguration,
    });
  }

  /**
   * A task, started in the background: on its own thread when task threads are on and the plugin
   * can be loaded there (ConnectorPlugin.module), else a runner on this thread. Throws when the
   * connector class is unknown.
   */
  startTask(id: ConnectorTaskId, connectorProps: ConnectorProps, taskProps: ConnectorProps, target: TargetState): TaskHandle {
    const plugin = this.o.plugins.connector(connectorProps['connector.class'] ?? '');
    if (this.o.taskThreads && plugin.module !== undefined) {
      // Refuses a bad connector config here, as the in-thread path below does, not in the thread.
      parseConnectorConfig(connectorProps, plugin.type);
      return new ThreadedTask({
        init: {
          id, module: plugin.module, settings: this.o.config.originals, connectorProps, taskProps, target, workerId: this.o.workerId,
          clientIdPrefix: `${this.o.clients.clientIdPrefix}-task-${id.connector}-${id.task}`, levels: this.o.loggers.levels(),
        },
        youngGenerationMb: this.o.config.values['task.thread.young.generation.mb'],
        offsets: this.o.offsets, listener: this.o.taskListener, loggers: this.o.loggers, metrics: this.o.metrics,
        onTopicUsed: (topic) => this.o.onTopicUsed(id.connector, topic),
      });
    }
    const settings = parseConnectorConfig(connectorProps, plugin.type);
    const log = this.o.loggers.logger(`${WORKER_LOGGER}${plugin.type === 'source' ? 'Source' : 'Sink'}Task.${id.connector}-${id.task}`);
    const metrics = new TaskMetrics(this.o.metrics, id.connector, id.task);
    const reporter = new ErrorReporter({
      connector: id.connector, task: id.task, settings: settings.errors, log, metrics,
      clients: settings.errors.dlqTopic !== '' ? this.o.clients : null,
    });
    const operator = (stopping: () => boolean): RetryWithToleranceOperator => new RetryWithToleranceOperator({ settings: settings.errors, reporter, metrics, stopping });
    const taskClass = plugin.create().taskClass();
    const common = {
      id, taskProps, reporter, metrics, log, operator, listener: this.o.taskListener, initialState: target,
      createConverters: () => createTaskConverters(connectorProps, this.o.config, this.o.plugins),
      createChain: () => buildNamedChain(connectorProps, this.o.plugins.transforms),
      flushIntervalMs: this.o.config.values['offset.flush.interval.ms'],
      onTopicUsed: (topic: string) => this.o.onTopicUsed(id.connector, topic),
    };
    let runner: WorkerTask;
    if (plugin.type === 'source') {
      runner = new SourceTaskRunner({
        ...common, connectorProps, clients: this.o.clients, offsets: this.o.offsets,
        flushTimeoutMs: this.o.config.values['offset.flush.timeout.ms'],
        createTask: () => {
          const t = new taskClass();
          if (!(t instanceof SourceTask)) throw new ConnectException(`${plugin.className}.taskClass() is not a SourceTask`);
          return t;
        },
        createTopic: this.#topicCreator(connectorProps),
      });
    } else {
      const subscriptionProps = taskProps.topics !== undefined || taskProps['topics.regex'] !== undefined ? taskProps : connectorProps;
      runner = new SinkTaskRunner({
        ...common, taskClassName: taskClass.name,
        offerErrantReporter: settings.errors.tolerance === 'all' || settings.errors.dlqTopic !== '' || settings.errors.logEnable,
        createTask: () => {
          const t = new taskClass();
          if (!(t instanceof SinkTask)) throw new ConnectException(`${plugin.className}.taskClass() is not a SinkTask`);
          return t;
        },
        createConsumer: () => new SinkConsumer({
          servers: this.o.config.bootstrapServers,
          clientId: `connector-consumer-${id.connector}-${id.task}`,
          groupId: `connect-${id.connector}`,
          subscription: sinkSubscription(subscriptionProps),
          listTopics: () => this.o.clients.admin.listTopics({ includeInternals: false }),
          log,
          sessionTimeoutMs: positiveInt(this.o.config.originals['consumer.session.timeout.ms']),
          heartbeatIntervalMs: positiveInt(this.o.config.originals['consumer.heartbeat.interval.ms']),
        }),
      });
    }
    runner.start();
    return runner;
  }

  /** Connect's topic.creation.default.*: create missing topics before the first write. */
  #topicCreator(props: ConnectorProps): ((topic: string) => Promise<void>) | null {
    if (!this.o.config.values['topic.creation.enable']) return null;
    const rf = props['topic.creation.default.replication.factor'];
    const partitions = props['topic.creation.default.partitions'];
    if (rf === undefined || partitions === undefined) return null;
    const configs: Record<string, string> = {};
    const prefix = 'topic.creation.default.';
    for (const [k, v] of Object.entries(props)) {
      if (k.startsWith(prefix) && k !== `${prefix}replication.factor` && k !== `${prefix}partitions` && k !== `${prefix}include` && k !== `${prefix}exclude`) configs[k.slice(prefix.length)] = v;
    }
    return async (topic) => {
      await this.o.clients.ensureTopic(topic, Number(partitions), Number(rf), configs);
    };
  }
}

/** A `consumer.*` pass-through setting as a positive integer (undefined when unset or invalid). */
function positiveInt(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n > 0 ? n : undefined;
}
