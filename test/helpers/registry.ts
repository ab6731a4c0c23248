/**
 * Registry test helpers: a registry on a free port against a given broker, a tiny HTTP client
 * that returns status, media type and parsed body, an in-memory log for planner tests (records
 * are applied to the store at once), and a few schemas.
 */
import { Registry } from '../../registry/server.js';
import type { Logger } from '../../registry/logger.js';
import type { StoreRecord } from '../../registry/store/records.js';
import type { RegistryStore } from '../../registry/store/store.js';

export const V1 = 'application/vnd.schemaregistry.v1+json';

/** Broker settings for registry tests: a new group elects its leader without the 3 s wait. */
export const BROKER_SETTINGS = { 'group.initial.rebalance.delay.ms': '0' };

/**
 * A registry on 127.0.0.1 with a free port, advertised as 127.0.0.1 (so instances can forward
 * to each other), heartbeating every 100 ms (fast rebalances), with a generous write timeout.
 */
export async function startRegistry(bootstrap: string, settings: Record<string, string> = {}, log?: Logger): Promise<Registry> {
  return Registry.start({
    settings: {
      'kafkastore.bootstrap.servers': bootstrap, listeners: 'http://127.0.0.1:0', 'host.name': '127.0.0.1',
      'kafkastore.timeout.ms': '10000', 'kafkagroup.heartbeat.interval.ms': '100', ...settings,
    },
    ...(log ? { log } : {}),
  });
}

export interface Reply {
  readonly status: number;
  readonly type: string | null;
  /** Parsed JSON, or the text when it is not JSON. */
  readonly body: any;
  readonly text: string;
}

export interface Api {
  get(path: string): Promise<Reply>;
  post(path: string, body?: unknown): Promise<Reply>;
  put(path: string, body?: unknown): Promise<Reply>;
  del(path: string): Promise<Reply>;
  /** Any request; `body` is sent as given (a string is not JSON-encoded again; fetch labels a
   * string text/plain unless a content type is given, a Blob without a type goes without one). */
  raw(method: string, path: string, init?: { body?: string | Blob; headers?: Record<string, string> }): Promise<Reply>;
}

export function api(baseUrl: string): Api {
  const raw = async (method: string, path: string, init: { body?: string | Blob; headers?: Record<string, string> } = {}): Promise<Reply> => {
    const res = await fetch(baseUrl + path, { method, headers: init.headers, body: init.body });
    const text = await res.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, type: res.headers.get('content-type'), body, text };
  };
  const json = (method: string) => (path: string, body?: unknown): Promise<Reply> =>
    raw(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': V1 } });
  return { get: json('GET'), post: json('POST'), put: json('PUT'), del: json('DELETE'), raw };
}

/** A log for planner and writer tests: appended records are applied to the store at once. */
export function memoryLog(store: RegistryStore): { append(records: readonly StoreRecord[]): Promise<void>; sync(): Promise<void>; written: StoreRecord[] } {
  const written: StoreRecord[] = [];
  return {
    written,
    async append(records) {
      for (const r of records) {
        written.push(r);
        const res = store.apply(r);
        if (!res.applied) throw new Error(`store refused ${JSON.stringify(r)}: ${res.reason}`);
      }
    },
    async sync() {},
  };
}

/** An Avro record schema named `name` with string fields `fields` (each optional field has a default). */
export function avroRecord(name: string, fields: readonly string[], optional: readonly string[] = []): string {
  return JSON.stringify({
    type: 'record', name,
    fields: [
      ...fields.map((f) => ({ name: f, type: 'string' })),
      ...optional.map((f) => ({ name: f, type: 'string', default: '' })),
    ],
  });
}

/** A broker and a registry on it, for one HTTP test file. */
export interface RegistryFixture {
  readonly broker: import('../../broker/broker.js').Broker;
  readonly dir: string;
  registry: Registry;
  http: Api;
  /** Closes the registry and starts a new one on the same broker (same topic). */
  restart(settings?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export async function registryFixture(settings: Record<string, string> = {}): Promise<RegistryFixture> {
  const { startBroker, removeDir } = await import('./broker.js');
  const { broker, dir } = await startBroker({ settings: BROKER_SETTINGS });
  const registry = await startRegistry(broker.bootstrap, settings);
  const f: RegistryFixture = {
    broker, dir, registry, http: api(registry.url),
    async restart(more = {}) {
      await f.registry.close();
      f.registry = await startRegistry(broker.bootstrap, { ...settings, ...more });
      f.http = api(f.registry.url);
    },
    async close() {
      await f.registry.close();
      await broker.close();
      removeDir(dir);
    },
  };
  return f;
}
