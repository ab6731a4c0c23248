/**
 * The records of the config topic, in Kafka Connect's formats (KafkaConfigBackingStore, values
 * written by its internal JsonConverter with schemas disabled). Keys are plain UTF-8 strings:
 *
 *   connector-<name>        {"properties":{"k":"v",...}}           null: the connector was deleted
 *   task-<name>-<n>         {"properties":{"k":"v",...}}           applies only after commit-<name>
 *   commit-<name>           {"tasks":N}                             commits task-<name>-0..N-1
 *   target-state-<name>     {"state":"PAUSED","state.v2":"STOPPED"} null: removed with the connector
 *
 * `state` holds what workers before KIP-875 understand (STOPPED is written there as PAUSED);
 * `state.v2` holds the real state and wins when present. Connect's other keys (session-key,
 * restart-connector-, tasks-fencing-, logger-cluster-) are recognised and skipped: this worker
 * does not use them, but they are not errors.
 */
import type { TargetState } from './stores.js';

export const CONNECTOR_PREFIX = 'connector-';
export const TASK_PREFIX = 'task-';
export const COMMIT_PREFIX = 'commit-';
export const TARGET_STATE_PREFIX = 'target-state-';
const FOREIGN = ['session-key', 'restart-connector-', 'tasks-fencing-', 'logger-cluster-'];

const TARGET_STATES: readonly string[] = ['STARTED', 'PAUSED', 'STOPPED'];

export type Properties = Readonly<Record<string, string>>;

export type ConfigRecord =
  | { readonly kind: 'connector'; readonly connector: string; readonly config: Properties | null }
  | { readonly kind: 'task'; readonly connector: string; readonly task: number; readonly config: Properties | null }
  | { readonly kind: 'commit'; readonly connector: string; readonly tasks: number | null }
  | { readonly kind: 'target-state'; readonly connector: string; readonly state: TargetState | null };

export type DecodedConfigRecord =
  | { readonly ok: true; readonly record: ConfigRecord }
  | { readonly ok: false; readonly foreign: boolean; readonly reason: string };

export function configKey(r: ConfigRecord): string {
  switch (r.kind) {
    case 'connector': return CONNECTOR_PREFIX + r.connector;
    case 'task': return `${TASK_PREFIX}${r.connector}-${r.task}`;
    case 'commit': return COMMIT_PREFIX + r.connector;
    case 'target-state': return TARGET_STATE_PREFIX + r.connector;
  }
}

export function configValue(r: ConfigRecord): unknown {
  switch (r.kind) {
    case 'connector':
    case 'task': return r.config === null ? null : { properties: r.config };
    case 'commit': return r.tasks === null ? null : { tasks: r.tasks };
    case 'target-state': return r.state === null ? null : { state: r.state === 'STOPPED' ? 'PAUSED' : r.state, 'state.v2': r.state };
  }
}

export function encodeConfigRecord(r: ConfigRecord): { key: Buffer; value: Buffer | null } {
  const value = configValue(r);
  return { key: Buffer.from(configKey(r), 'utf8'), value: value === null ? null : Buffer.from(JSON.stringify(value), 'utf8') };
}

export function decodeConfigRecord(key: Buffer | null, value: Buffer | null): DecodedConfigRecord {
  if (key === null) return { ok: false, foreign: false, reason: 'the record has no key' };
  const k = key.toString('utf8');
  let v: unknown = null;
  if (value !== null) {
    try {
      v = JSON.parse(value.toString('utf8'));
    } catch {
      return { ok: false, foreign: false, reason: `the value of ${k} is not JSON` };
    }
  }
  const bad = (reason: string): DecodedConfigRecord => ({ ok: false, foreign: false, reason: `${k}: ${reason}` });
  if (k.startsWith(TARGET_STATE_PREFIX)) {
    const connector = k.slice(TARGET_STATE_PREFIX.length);
    if (v === null) return { ok: true, record: { kind: 'target-state', connector, state: null } };
    if (!isObject(v)) return bad('the target state is not an object');
    const v2 = v['state.v2'];
    const state = typeof v2 === 'string' ? v2 : v.state;
    if (typeof state !== 'string' || !TARGET_STATES.includes(state)) return bad(`invalid target state ${JSON.stringify(state)}`);
    return { ok: true, record: { kind: 'target-state', connector, state: state as TargetState } };
  }
  if (k.startsWith(CONNECTOR_PREFIX)) {
    const connector = k.slice(CONNECTOR_PREFIX.length);
    if (v === null) return { ok: true, record: { kind: 'connector', connector, config: null } };
    const config = properties(v);
    return typeof config === 'string' ? bad(config) : { ok: true, record: { kind: 'connector', connector, config } };
  }
  if (k.startsWith(TASK_PREFIX)) {
    const id = parseTaskKey(k.slice(TASK_PREFIX.length));
    if (!id) return bad('the key does not end with -<task number>');
    if (v === null) return { ok: true, record: { kind: 'task', ...id, config: null } };
    const config = properties(v);
    return typeof config === 'string' ? bad(config) : { ok: true, record: { kind: 'task', ...id, config } };
  }
  if (k.startsWith(COMMIT_PREFIX)) {
    const connector = k.slice(COMMIT_PREFIX.length);
    if (v === null) return { ok: true, record: { kind: 'commit', connector, tasks: null } };
    if (!isObject(v) || !Number.isInteger(v.tasks) || (v.tasks as number) < 0) return bad('"tasks" is not a task count');
    return { ok: true, record: { kind: 'commit', connector, tasks: v.tasks as number } };
  }
  if (FOREIGN.some((p) => k.startsWith(p))) return { ok: false, foreign: true, reason: `${k} is not used by this worker` };
  return bad('unknown key');
}

/** `<connector>-<n>`: the connector name may itself contain dashes. */
function parseTaskKey(rest: string): { connector: string; task: number } | undefined {
  const i = rest.lastIndexOf('-');
  if (i <= 0) return undefined;
  const n = rest.slice(i + 1);
  if (!/^\d+$/.test(n)) return undefined;
  return { connector: rest.slice(0, i), task: Number(n) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string map under "properties" (null values dropped: absent and null read the same), or why not. */
function properties(v: unknown): Properties | string {
  if (!isObject(v) || !isObject(v.properties)) return '"properties" is not an object';
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.properties)) {
    if (value === null) continue;
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
    else return `property ${name} is not a string`;
  }
  return out;
}
