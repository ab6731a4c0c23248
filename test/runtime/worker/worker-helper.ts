// Starting a broker and a Connect worker in process for the worker and REST tests, a small REST
// client, polling helpers, and reading a topic back.
import { Consumer } from '@platformatic/kafka';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Broker } from '../../../broker/broker.js';
import { plugins as datagenPlugins } from '../../../connectors/datagen/index.js';
import { plugins as filePlugins } from '../../../connectors/file/index.js';
import type { ConnectorPlugin } from '../../../runtime/api/index.js';
import { ConnectWorker, type WorkerStores } from '../../../runtime/worker/connect-worker.js';
import { LoggerRegistry } from '../../../runtime/worker/logger.js';
import { platformaticReadTopic, type PlatformaticRecord } from '../../helpers/platformatic.js';
import { startBroker } from '../../helpers/broker.js';
import { toyPlugins } from './toy-connectors.js';

export const allPlugins: ConnectorPlugin[] = [...filePlugins, ...datagenPlugins, ...toyPlugins];

export interface TestBroker {
  readonly broker: Broker;
  readonly bootstrap: string;
  close(): Promise<void>;
}

export async function testBroker(): Promise<TestBroker> {
  const { broker, dir } = await startBroker({ settings: { 'group.initial.rebalance.delay.ms': '0' } });
  return {
    broker,
    bootstrap: broker.bootstrap,
    async close() {
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A worker on a free port; memory stores unless `storage.mode` says otherwise. */
export async function testWorker(bootstrap: string, settings: Record<string, string> = {}, opts: { loggers?: LoggerRegistry; stores?: WorkerStores } = {}): Promise<ConnectWorker> {
  const lines: string[] = [];
  const echo = process.env.TRIBUTARY_TEST_LOG !== undefined;
  const loggers = opts.loggers ?? new LoggerRegistry(echo ? 'DEBUG' : 'WARN', (l) => {
    lines.push(l);
    if (echo) process.stderr.write(`${l}\n`);
  });
  return ConnectWorker.start({
    settings: {
      'bootstrap.servers': bootstrap, listeners: 'http://127.0.0.1:0', 'storage.mode': 'memory', 'offset.flush.interval.ms': '300',
      'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
      'task.shutdown.graceful.timeout.ms': '3000',
      ...settings,
    },
    connectorPlugins: allPlugins,
    loggers,
    ...(opts.stores !== undefined ? { stores: opts.stores } : {}),
  });
}

export interface Answer<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** One REST call; the body is sent as JSON unless it is a string (sent as is). */
export async function api<T = any>(base: string, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Polls `fn` until it returns a truthy value (returned) or `ms` pass (throws with the last value). */
export async function eventually<T>(fn: () => T | Promise<T>, ms = 15_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${ms} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the connector and all its tasks report `state`. */
export async function awaitState(base: string, name: string, state: string, tasks?: number, ms = 15_000): Promise<any> {
  return eventually(async () => {
    const s = await api(base, 'GET', `/connectors/${name}/status`);
    if (s.status !== 200) return null;
    const ok = s.body.connector.state === state && (tasks === undefined || s.body.tasks.length === tasks) && s.body.tasks.every((t: { state: string }) => t.state === state);
    return ok ? s.body : null;
  }, ms, `connector ${name} in state ${state}`);
}

/** Every record of a topic (all partitions, in partition then offset order). */
export async function readTopic(bootstrap: string, topic: string): Promise<PlatformaticRecord[]> {
  const consumer = new Consumer({ clientId: 'test-reader', groupId: 'test-reader', bootstrapBrokers: [bootstrap] });
  try {
    const all = await platformaticReadTopic(consumer, topic);
    return [...all.values()].flat();
  } finally {
    await consumer.close();
  }
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-worker-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
