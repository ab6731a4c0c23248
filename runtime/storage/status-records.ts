/**
 * The records of the status topic, in Kafka Connect's formats (KafkaStatusBackingStore through
 * its internal JsonConverter, schemas disabled). Keys are plain UTF-8 strings:
 *
 *   status-connector-<name>                {"state":S,"trace":T|null,"worker_id":W,"generation":G}
 *   status-task-<name>-<n>                 (the same)
 *   status-topic-<topic>:connector-<name>  {"topic":{"name":..,"connector":..,"task":N,"discoverTimestamp":MS}}
 *
 * A null value (tombstone) removes the entry: Connect writes one when a connector or task is
 * DESTROYED (deleted) and when a connector's active topics are reset.
 */
import type { ConnectorTaskId, ConnectState, StatusRecord } from './stores.js';

export const CONNECTOR_STATUS_PREFIX = 'status-connector-';
export const TASK_STATUS_PREFIX = 'status-task-';
export const TOPIC_STATUS_PREFIX = 'status-topic-';
export const TOPIC_STATUS_SEPARATOR = ':connector-';

const STATES: readonly string[] = ['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING', 'DESTROYED'];

/** A topic a connector's task used (KIP-558 active topics). */
export interface TopicStatus {
  readonly topic: string;
  readonly connector: string;
  readonly task: number;
  readonly discoverTimestamp: number;
}

export type StatusTopicRecord =
  | { readonly kind: 'connector'; readonly connector: string; readonly status: StatusRecord | null }
  | { readonly kind: 'task'; readonly id: ConnectorTaskId; readonly status: StatusRecord | null }
  | { readonly kind: 'topic'; readonly connector: string; readonly topic: string; readonly status: TopicStatus | null };

export type DecodedStatusRecord = { readonly ok: true; readonly record: StatusTopicRecord } | { readonly ok: false; readonly reason: string };

export function statusKey(r: StatusTopicRecord): string {
  switch (r.kind) {
    case 'connector': return CONNECTOR_STATUS_PREFIX + r.connector;
    case 'task': return `${TASK_STATUS_PREFIX}${r.id.connector}-${r.id.task}`;
    case 'topic': return `${TOPIC_STATUS_PREFIX}${r.topic}${TOPIC_STATUS_SEPARATOR}${r.connector}`;
  }
}

export function statusValue(r: StatusTopicRecord): unknown {
  if (r.status === null) return null;
  if (r.kind === 'topic') {
    const s = r.status;
    return { topic: { name: s.topic, connector: s.connector, task: s.task, discoverTimestamp: s.discoverTimestamp } };
  }
  const s = r.status;
  return { state: s.state, trace: s.trace, worker_id: s.workerId, generation: s.generation };
}

export function encodeStatusRecord(r: StatusTopicRecord): { key: Buffer; value: Buffer | null } {
  const value = statusValue(r);
  return { key: Buffer.from(statusKey(r), 'utf8'), value: value === null ? null : Buffer.from(JSON.stringify(value), 'utf8') };
}

export function decodeStatusRecord(key: Buffer | null, value: Buffer | null): DecodedStatusRecord {
  if (key === null) return { ok: false, reason: 'the record has no key' };
  const k = key.toString('utf8');
  let v: unknown = null;
  if (value !== null) {
    try {
      v = JSON.parse(value.toString('utf8'));
    } catch {
      return { ok: false, reason: `the value of ${k} is not JSON` };
    }
  }
  const bad = (reason: string): DecodedStatusRecord => ({ ok: false, reason: `${k}: ${reason}` });
  if (k.startsWith(CONNECTOR_STATUS_PREFIX)) {
    const connector = k.slice(CONNECTOR_STATUS_PREFIX.length);
    if (connector === '') return bad('no connector name');
    const status = v === null ? null : parseStatus(v);
    return typeof status === 'string' ? bad(status) : { ok: true, record: { kind: 'connector', connector, status } };
  }
  if (k.startsWith(TASK_STATUS_PREFIX)) {
    const rest = k.slice(TASK_STATUS_PREFIX.length);
    const i = rest.lastIndexOf('-');
    if (i <= 0 || !/^\d+$/.test(rest.slice(i + 1))) return bad('the key does not end with -<task number>');
    const id = { connector: rest.slice(0, i), task: Number(rest.slice(i + 1)) };
    const status = v === null ? null : parseStatus(v);
    return typeof status === 'string' ? bad(status) : { ok: true, record: { kind: 'task', id, status } };
  }
  if (k.startsWith(TOPIC_STATUS_PREFIX)) {
    const rest = k.slice(TOPIC_STATUS_PREFIX.length);
    const i = rest.indexOf(TOPIC_STATUS_SEPARATOR);
    if (i <= 0 || i + TOPIC_STATUS_SEPARATOR.length === rest.length) return bad('the key is not status-topic-<topic>:connector-<name>');
    const topic = rest.slice(0, i);
    const connector = rest.slice(i + TOPIC_STATUS_SEPARATOR.length);
    if (v === null) return { ok: true, record: { kind: 'topic', connector, topic, status: null } };
    const t = isObject(v) && isObject(v.topic) ? v.topic : undefined;
    if (!t || typeof t.name !== 'string' || typeof t.connector !== 'string' || !Number.isInteger(t.task) || typeof t.discoverTimestamp !== 'number') {
      return bad('the value is not {"topic":{"name","connector","task","discoverTimestamp"}}');
    }
    return { ok: true, record: { kind: 'topic', connector, topic, status: { topic: t.name, connector: t.connector, task: t.task as number, discoverTimestamp: t.discoverTimestamp } } };
  }
  return bad('unknown key');
}

function parseStatus(v: unknown): StatusRecord | string {
  if (!isObject(v)) return 'the status is not an object';
  if (typeof v.state !== 'string' || !STATES.includes(v.state)) return `invalid state ${JSON.stringify(v.state)}`;
  if (typeof v.worker_id !== 'string') return '"worker_id" is not a string';
  if (!Number.isInteger(v.generation)) return '"generation" is not an integer';
  if (v.trace !== undefined && v.trace !== null && typeof v.trace !== 'string') return '"trace" is not a string';
  return { state: v.state as ConnectState, trace: (v.trace as string | null | undefined) ?? null, workerId: v.worker_id, generation: v.generation as number };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
