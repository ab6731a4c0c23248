/**
 * The worker's view of the config log, built by applying its records in order; shared by the
 * in-memory and the Kafka config stores so both follow Kafka Connect's rules:
 * - a connector record (or tombstone) applies at once; a new connector's target state is STARTED
 *   unless a target-state record for it came first (Connect's `initial_state`);
 * - task records are buffered per connector and become visible only when `commit-<name>`
 *   arrives, all together (never half of an old and half of a new generation). A commit for N
 *   tasks whose buffered generation lacks one of task 0..N-1 (lost to compaction, or a writer
 *   that died half-way) makes the connector *inconsistent*: it then has no task configs until
 *   the next complete generation. A commit for a connector that does not exist is ignored;
 * - a target-state tombstone leaves an existing connector STARTED;
 * - removing a connector drops its config, task configs and buffered tasks.
 * Listeners see one change per record that changed something, in log order, once `live` is set
 * (not while a store replays its topic on start), as Connect notifies its herder.
 */
import type { ConfigRecord, Properties } from './config-records.js';
import type { ConfigChange, ConfigSnapshot, TargetState } from './stores.js';

export class ConfigState {
  private position = -1;
  private readonly configs = new Map<string, Properties>();
  private readonly targetStates = new Map<string, TargetState>();
  private readonly tasks = new Map<string, readonly Properties[]>();
  private readonly deferred = new Map<string, Map<number, Properties>>();
  private readonly inconsistent = new Set<string>();
  private readonly listeners = new Set<(change: ConfigChange) => void>();
  /** Set once the initial replay is over: from then on changes are reported. */
  live = false;

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  /** Applies the record at `offset` of the log (the snapshot's offset becomes `offset + 1`). */
  apply(r: ConfigRecord, offset: number): void {
    this.position = offset + 1;
    const change = this.applyRecord(r);
    if (change && this.live) {
      for (const l of this.listeners) {
        try {
          l(change);
        } catch (err) {
          this.onListenerError(err);
        }
      }
    }
  }

  /** A record at `offset` that changes nothing (unknown or malformed): only the position moves. */
  skip(offset: number): void {
    this.position = offset + 1;
  }

  onChange(listener: (change: ConfigChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connectors whose last commit found an incomplete generation of task configs. */
  isInconsistent(connector: string): boolean {
    return this.inconsistent.has(connector);
  }

  snapshot(): ConfigSnapshot {
    const offset = this.position;
    const configs = new Map(this.configs);
    const states = new Map(this.targetStates);
    const tasks = new Map(this.tasks);
    return {
      offset,
      connectors: () => [...configs.keys()].sort(),
      connectorConfig: (name) => configs.get(name),
      targetState: (name) => (configs.has(name) ? states.get(name) : undefined),
      taskConfigs: (name) => tasks.get(name) ?? [],
    };
  }

  private applyRecord(r: ConfigRecord): ConfigChange | undefined {
    const connector = r.connector;
    switch (r.kind) {
      case 'connector':
        if (r.config === null) {
          if (!this.configs.has(connector)) { this.forget(connector); return undefined; }
          this.forget(connector);
          return { kind: 'connector-removed', connector };
        }
        this.configs.set(connector, Object.freeze({ ...r.config }));
        if (!this.targetStates.has(connector)) this.targetStates.set(connector, 'STARTED');
        return { kind: 'connector-config', connector };
      case 'target-state': {
        if (r.state === null) {
          this.targetStates.delete(connector);
          if (this.configs.has(connector)) this.targetStates.set(connector, 'STARTED');
          return undefined; // the connector's own tombstone reports the removal
        }
        const before = this.targetStates.get(connector);
        this.targetStates.set(connector, r.state);
        return before !== r.state && this.configs.has(connector) ? { kind: 'target-state', connector } : undefined;
      }
      case 'task': {
        if (r.config === null) return undefined; // Connect never writes these; nothing to buffer
        let buffered = this.deferred.get(connector);
        if (!buffered) this.deferred.set(connector, buffered = new Map());
        buffered.set(r.task, Object.freeze({ ...r.config }));
        return undefined;
      }
      case 'commit':
        return this.commit(connector, r.tasks);
    }
  }

  private commit(connector: string, count: number | null): ConfigChange | undefined {
    const buffered = this.deferred.get(connector);
    this.deferred.delete(connector);
    if (!this.configs.has(connector)) {
      this.forget(connector); // deleted before compaction removed its tombstone
      return undefined;
    }
    if (count === null) return undefined;
    const generation: Properties[] = [];
    for (let i = 0; i < count; i++) {
      const c = buffered?.get(i);
      if (c === undefined) break;
      generation.push(c);
    }
    if (generation.length < count) {
      this.inconsistent.add(connector);
      this.tasks.delete(connector);
    } else {
      this.inconsistent.delete(connector);
      this.tasks.set(connector, Object.freeze(generation));
    }
    return { kind: 'task-configs', connector };
  }

  private forget(connector: string): void {
    this.configs.delete(connector);
    this.tasks.delete(connector);
    this.deferred.delete(connector);
    this.inconsistent.delete(connector);
  }
}
