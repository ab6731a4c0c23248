/**
 * The worker's three kinds of durable state, as interfaces with two implementations each: in
 * memory (standalone mode, tests) and in compacted Kafka topics (`connect-configs`,
 * `connect-offsets`, `connect-status`, names configurable), written in Kafka Connect's own key and
 * value formats so that the topics of a Kafka Connect cluster and ours read the same. One shared
 * contract test runs against every implementation.
 *
 * Ordering and durability: a returned promise from a `put*`/`set`/`remove*` resolves only once
 * the change is durable (acknowledged by the broker for the Kafka stores) AND visible through
 * this store's reads; listeners see changes in log order, including changes made by other
 * workers (Kafka stores read the topic continuously).
 */
import type { SourceOffset, SourcePartition } from '../api/index.js';

/** Kafka Connect's target states (`target-state-<name>` records). */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

export interface ConnectorTaskId {
  readonly connector: string;
  readonly task: number;
}

/** A consistent view of the config topic at one point. */
export interface ConfigSnapshot {
  /** Position in the config log this snapshot reflects (-1 for an empty log); workers compare it. */
  readonly offset: number;
  connectors(): string[];
  connectorConfig(name: string): Readonly<Record<string, string>> | undefined;
  targetState(name: string): TargetState | undefined;
  /** Task configs of the last committed generation (Kafka: task-* records then commit-<name>). */
  taskConfigs(name: string): readonly Readonly<Record<string, string>>[];
}

export type ConfigChange =
  | { readonly kind: 'connector-config'; readonly connector: string }
  | { readonly kind: 'connector-removed'; readonly connector: string }
  | { readonly kind: 'task-configs'; readonly connector: string }
  | { readonly kind: 'target-state'; readonly connector: string };

export interface ConfigStore {
  /** Reads the existing state (to the end of the topic) before resolving. */
  start(): Promise<void>;
  stop(): Promise<void>;
  snapshot(): ConfigSnapshot;
  /** Writes the connector's config; `targetState` (if given) is written first, as Connect's
   * `initial_state` does. */
  putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, targetState?: TargetState): Promise<void>;
  /** Removes the connector: tombstones for its config and target state (as Connect; its task
   * records stay in the topic and readers drop them with the connector). */
  removeConnectorConfig(connector: string): Promise<void>;
  /** Writes a new generation of task configs and its commit record. */
  putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void>;
  putTargetState(connector: string, state: TargetState): Promise<void>;
  /** Waits until this store has read everything written before the call (by any worker). */
  refresh(timeoutMs: number): Promise<void>;
  onChange(listener: (change: ConfigChange) => void): () => void;
}

export interface OffsetEntry {
  readonly partition: SourcePartition;
  /** null: the offset was reset (a tombstone). */
  readonly offset: SourceOffset | null;
}

/** Source offsets per connector (Kafka Connect's `["<connector>", {partition}]` keys). */
export interface OffsetStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The stored offsets of `partitions`, in the same order (null where none is stored). */
  get(connector: string, partitions: readonly SourcePartition[]): Promise<(SourceOffset | null)[]>;
  /** Stores offsets (null resets one); resolves when durable. */
  set(connector: string, entries: readonly OffsetEntry[]): Promise<void>;
  /** Every partition with a stored offset (for GET /connectors/{c}/offsets). */
  all(connector: string): Promise<OffsetEntry[]>;
}

/** Connect's connector and task states, as the REST API reports them. */
export type ConnectState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING' | 'DESTROYED';

export interface StatusRecord {
  readonly state: ConnectState;
  /** Stack trace / error text of a FAILED connector or task. */
  readonly trace: string | null;
  /** The worker that reported it (`host:port`). */
  readonly workerId: string;
  /** The group generation it was reported in (a newer generation wins). */
  readonly generation: number;
}

export interface StatusStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  putConnector(connector: string, status: StatusRecord): Promise<void>;
  putTask(id: ConnectorTaskId, status: StatusRecord): Promise<void>;
  connector(connector: string): StatusRecord | undefined;
  task(id: ConnectorTaskId): StatusRecord | undefined;
  tasks(connector: string): Map<number, StatusRecord>;
  /** Topics a connector used (GET /connectors/{c}/topics; Connect's `status-topic-` records,
   * which name the task that first used the topic). Recording a known topic again does nothing. */
  putTopic(connector: string, topic: string, task?: number): Promise<void>;
  topics(connector: string): string[];
  /** PUT /connectors/{c}/topics/reset. */
  resetTopics(connector: string): Promise<void>;
  /** Removes everything of a deleted connector. */
  remove(connector: string): Promise<void>;
}
