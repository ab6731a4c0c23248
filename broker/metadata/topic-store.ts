/**
 * The broker's durable metadata: cluster id (in `meta.properties`, as Kafka keeps it) and the
 * topic table (name, stable topic id, partition count, per-topic config overrides) in
 * `topics.json`. Every change is written to a temporary file, fsynced and renamed over the old
 * one, so a crash leaves either the old or the new table, never a torn one.
 *
 * The log data itself lives in one directory per partition (`<topic>-<partition>`), owned by
 * the log layer.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProperties } from '../config/spec.js';
import { writeFileAtomically } from '../util/durable-file.js';

export interface TopicRecord {
  readonly name: string;
  /** Kafka's textual UUID form (URL-safe base64, 22 chars). */
  readonly id: string;
  partitions: number;
  /** Explicit topic-level overrides as strings, exactly as given by the user. */
  configs: Record<string, string>;
  readonly internal: boolean;
  readonly createdMs: number;
}

export function newUuid(): string {
  // Kafka never hands out the zero UUID nor ones that start with '-' in text form.
  for (;;) {
    const s = randomBytes(16).toString('base64url');
    if (!s.startsWith('-') && s !== 'AAAAAAAAAAAAAAAAAAAAAA') return s;
  }
}

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;
export const MAX_TOPIC_NAME_LENGTH = 249;

/** Kafka's topic-name rules; returns the reason a name is illegal, or null. */
export function invalidTopicName(name: string): string | null {
  if (name.length === 0) return 'Topic name is illegal, it can\'t be empty';
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters, topic name: ${name}`;
  }
  if (!LEGAL_TOPIC.test(name)) {
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

export function isInternalTopic(name: string): boolean {
  return name === '__consumer_offsets' || name === '__transaction_state';
}

export class TopicStore {
  readonly clusterId: string;
  private readonly byName = new Map<string, TopicRecord>();
  private readonly byId = new Map<string, TopicRecord>();
  private readonly file: string;

  constructor(readonly dir: string, nodeId: number, configuredClusterId: string | null) {
    mkdirSync(dir, { recursive: true });
    this.clusterId = this.loadOrFormat(nodeId, configuredClusterId);
    this.file = join(dir, 'topics.json');
    if (existsSync(this.file)) {
      const table = JSON.parse(readFileSync(this.file, 'utf8')) as { topics: TopicRecord[] };
      for (const t of table.topics) this.index(t);
    }
  }

  private loadOrFormat(nodeId: number, configured: string | null): string {
    const path = join(this.dir, 'meta.properties');
    if (existsSync(path)) {
      const props = parseProperties(readFileSync(path, 'utf8'));
      const stored = props.get('cluster.id');
      const storedNode = props.get('node.id');
      if (!stored) throw new Error(`${path} has no cluster.id: the data directory is damaged`);
      if (configured && configured !== stored) {
        throw new Error(`The cluster id ${configured} does not match ${stored} stored in ${path}: this data directory belongs to another cluster`);
      }
      if (storedNode !== undefined && Number(storedNode) !== nodeId) {
        throw new Error(`Stored node id ${storedNode} in ${path} doesn't match the configured node.id ${nodeId}`);
      }
      return stored;
    }
    const id = configured ?? newUuid();
    writeFileAtomically(path, `#\n#${new Date().toString()}\nversion=1\ncluster.id=${id}\nnode.id=${nodeId}\n`);
    return id;
  }

  private index(t: TopicRecord): void {
    this.byName.set(t.name, t);
    this.byId.set(t.id, t);
  }

  private persist(): void {
    writeFileAtomically(this.file, JSON.stringify({ version: 1, topics: [...this.byName.values()] }, null, 1));
  }

  get(name: string): TopicRecord | undefined { return this.byName.get(name); }
  getById(id: string): TopicRecord | undefined { return this.byId.get(id); }
  list(): TopicRecord[] { return [...this.byName.values()]; }

  create(name: string, partitions: number, configs: Record<string, string>): TopicRecord {
    if (this.byName.has(name)) throw new Error(`topic ${name} exists`);
    const t: TopicRecord = { name, id: newUuid(), partitions, configs: { ...configs }, internal: isInternalTopic(name), createdMs: Date.now() };
    this.index(t);
    this.persist();
    return t;
  }

  delete(name: string): void {
    const t = this.byName.get(name);
    if (!t) return;
    this.byName.delete(name);
    this.byId.delete(t.id);
    this.persist();
  }

  setPartitions(name: string, partitions: number): void {
    this.byName.get(name)!.partitions = partitions;
    this.persist();
  }

  setConfigs(name: string, configs: Record<string, string>): void {
    this.byName.get(name)!.configs = { ...configs };
    this.persist();
  }
}
