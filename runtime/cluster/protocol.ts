/**
 * What workers of one Connect cluster (`group.id`) say to each other through the Kafka group
 * protocol: protocol type "connect" (as Kafka Connect's workers), one subprotocol of our own,
 * "tributary-v1", so that a Java Connect worker joining the same group is refused by the
 * coordinator (INCONSISTENT_GROUP_PROTOCOL) instead of misreading these bytes. Both are JSON:
 *
 *   member metadata  {"version":1,"url":U,"configOffset":N,
 *                     "connectors":[name...],"tasks":[{"connector":C,"task":T}...]}
 *                    (connectors and tasks: what the member runs now, so the leader keeps them)
 *   assignment       {"version":1,"error":E,"leader":MEMBER_ID,"leaderUrl":U,"configOffset":N,
 *                     "generation":G,"connectors":[...],"tasks":[...],"rejoin":B}
 *                    E=1 (CONFIG_MISMATCH, Connect's code): the leader could not read the config
 *                    topic as far as a member had; everyone rejoins. B: this member gave up work
 *                    that another member receives once it has stopped it; rejoin at once.
 */
import type { ConnectorTaskId } from '../storage/stores.js';

export const PROTOCOL_TYPE = 'connect';
export const SUBPROTOCOL = 'tributary-v1';
export const NO_ERROR = 0;
export const CONFIG_MISMATCH = 1;

export interface Work {
  readonly connectors: readonly string[];
  readonly tasks: readonly ConnectorTaskId[];
}

export interface MemberMetadata extends Work {
  readonly url: string;
  readonly configOffset: number;
}

export interface AssignmentMessage extends Work {
  readonly error: number;
  readonly leader: string;
  readonly leaderUrl: string;
  readonly configOffset: number;
  readonly generation: number;
  readonly rejoin: boolean;
}

export const NO_WORK: Work = { connectors: [], tasks: [] };

export function encodeMetadata(m: MemberMetadata): Buffer {
  return Buffer.from(JSON.stringify({ version: 1, url: m.url, configOffset: m.configOffset, ...work(m) }));
}

/** The metadata of a member, or null when it is not ours (another subprotocol's bytes, garbage). */
export function decodeMetadata(b: Buffer | null): MemberMetadata | null {
  const o = parse(b);
  if (!o || typeof o.url !== 'string' || !Number.isInteger(o.configOffset)) return null;
  return { url: o.url, configOffset: o.configOffset as number, ...readWork(o) };
}

export function encodeAssignment(a: AssignmentMessage): Buffer {
  return Buffer.from(JSON.stringify({
    version: 1, error: a.error, leader: a.leader, leaderUrl: a.leaderUrl, configOffset: a.configOffset, generation: a.generation, ...work(a), rejoin: a.rejoin,
  }));
}

/** An assignment; an empty one (a member the leader did not know yet) means no work. */
export function decodeAssignment(b: Buffer | null): AssignmentMessage {
  const o = parse(b) ?? {};
  return {
    error: typeof o.error === 'number' ? o.error : NO_ERROR,
    leader: typeof o.leader === 'string' ? o.leader : '',
    leaderUrl: typeof o.leaderUrl === 'string' ? o.leaderUrl : '',
    configOffset: typeof o.configOffset === 'number' ? o.configOffset : -1,
    generation: typeof o.generation === 'number' ? o.generation : -1,
    rejoin: o.rejoin === true,
    ...readWork(o),
  };
}

function work(w: Work): { connectors: string[]; tasks: { connector: string; task: number }[] } {
  return { connectors: [...w.connectors], tasks: w.tasks.map((t) => ({ connector: t.connector, task: t.task })) };
}

function readWork(o: Record<string, unknown>): Work {
  const connectors = Array.isArray(o.connectors) ? o.connectors.filter((c): c is string => typeof c === 'string') : [];
  const tasks = Array.isArray(o.tasks)
    ? o.tasks.filter((t): t is ConnectorTaskId => typeof t === 'object' && t !== null && typeof (t as ConnectorTaskId).connector === 'string' && Number.isInteger((t as ConnectorTaskId).task))
      .map((t) => ({ connector: t.connector, task: t.task }))
    : [];
  return { connectors, tasks };
}

function parse(b: Buffer | null): Record<string, unknown> | null {
  if (!b || b.length === 0) return null;
  try {
    const o: unknown = JSON.parse(b.toString('utf8'));
    return typeof o === 'object' && o !== null && !Array.isArray(o) ? o as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

/** A task id as one string (`<connector>-<task>`, as Connect prints it). */
export function taskKey(t: ConnectorTaskId): string {
  return `${t.connector}-${t.task}`;
}
