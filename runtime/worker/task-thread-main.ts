/**
 * Entry of a task thread (see task-thread.ts): loads the connector plugin from its module, builds
 * the task's runner exactly as the worker's own thread would (Worker.startTask with threads off)
 * with this thread's Kafka clients, metrics and loggers, runs it, and reports to the main thread
 * until the run ends; then closes its clients and says `done`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ConnectorPlugin } from '../api/connector/plugin.js';
import { MetricsRegistry } from '../metrics/registry.js';
import type { OffsetEntry, OffsetStore } from '../storage/stores.js';
import { traceOf } from './errors.js';
import { KafkaClients } from './kafka-clients.js';
import { LoggerRegistry, ROOT_LOGGER } from './logger.js';
import { WorkerPlugins } from './plugins.js';
import type { FromThread, TaskThreadInit, ToThread } from './task-thread.js';
import { Worker } from './worker.js';
import { WorkerConfig } from './worker-config.js';

const METRICS_INTERVAL_MS = 1000;

const port = parentPort!;
const init = workerData as TaskThreadInit;
const post = (m: FromThread): void => port.postMessage(m);

// Offset store calls go to the main thread's store (one store per worker, as in Connect).
let nextCall = 0;
const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
function call<T>(op: 'offsets.get' | 'offsets.set' | 'offsets.all', args: unknown[]): Promise<T> {
  const id = nextCall++;
  return new Promise<T>((resolve, reject) => {
    calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
    post({ t: 'call', call: id, op, args });
  });
}
const offsets: OffsetStore = {
  start: async () => {},
  stop: async () => {},
  get: (connector, partitions) => call('offsets.get', [connector, partitions]),
  set: (connector, entries: readonly OffsetEntry[]) => call('offsets.set', [connector, entries]),
  all: (connector) => call('offsets.all', [connector]),
};

const rootLevel = init.levels.find(([n]) => n === ROOT_LOGGER)?.[1] ?? 'INFO';
const loggers = new LoggerRegistry(rootLevel, (line) => post({ t: 'log', line }));
for (const [name, level] of init.levels) if (name !== ROOT_LOGGER) loggers.setLevel(name, level);

const mod = (await import(init.module)) as { plugins?: readonly ConnectorPlugin[] };
const config = new WorkerConfig(init.settings);
const plugins = new WorkerPlugins(mod.plugins ?? []);
const metrics = new MetricsRegistry();
const clients = new KafkaClients(config.bootstrapServers, init.clientIdPrefix);

const worker = new Worker({
  config, plugins, clients, offsets, metrics, loggers, workerId: init.workerId, taskThreads: false,
  connectorListener: { onRunning() {}, onPaused() {}, onStopped() {}, onFailure() {}, onShutdown() {} },
  taskListener: {
    onRunning: () => post({ t: 'status', state: 'RUNNING' }),
    onPaused: () => post({ t: 'status', state: 'PAUSED' }),
    onShutdown: () => post({ t: 'status', state: 'UNASSIGNED' }),
    onFailure: (_id, error) => post({ t: 'failed', message: (error as Error)?.message ?? String(error), trace: traceOf(error) }),
  },
  onTopicUsed: (_connector, topic) => post({ t: 'topic', topic }),
  requestTaskReconfiguration: () => {},
});

let task: ReturnType<Worker['startTask']>;
try {
  task = worker.startTask(init.id, init.connectorProps, init.taskProps, init.target);
} catch (err) {
  post({ t: 'failed', message: (err as Error)?.message ?? String(err), trace: traceOf(err) });
  await clients.close();
  post({ t: 'done' });
  process.exit(0);
}

port.on('message', (m: ToThread) => {
  switch (m.t) {
    case 'stop':
      task.stop();
      return;
    case 'state':
      task.transitionTo(m.state);
      return;
    case 'level':
      loggers.setLevel(m.namespace, m.level);
      return;
    case 'reply': {
      const c = calls.get(m.call);
      calls.delete(m.call);
      if (m.error !== undefined) c?.reject(new Error(m.error));
      else c?.resolve(m.value);
      return;
    }
  }
});

const timer = setInterval(() => post({ t: 'metrics', samples: metrics.snapshot(), final: false }), METRICS_INTERVAL_MS);
await task.done;
clearInterval(timer);
post({ t: 'metrics', samples: metrics.snapshot(), final: true });
await clients.close();
post({ t: 'done' });
