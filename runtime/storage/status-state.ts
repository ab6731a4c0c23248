/**
 * Connector, task and topic statuses as read from the status log, with Kafka Connect's rules;
 * shared by the in-memory and Kafka status stores (status-store-base.ts):
 * - reading: the latest record per key wins, except that a task's UNASSIGNED does not replace
 *   its RUNNING of the same or a newer generation (a worker that lost the task in a rebalance
 *   may report it late, after the new owner said RUNNING). A connector tombstone also drops its
 *   tasks' statuses;
 * - writing (`writeAllowed`): UNASSIGNED and FAILED are written only when no status is known, the
 *   known one came from the same worker, or the new generation is at least the known one —
 *   Connect's "safe" writes, so a worker of an older generation does not overwrite the status
 *   the current owner reported. Other states are written as they come: the worker that writes
 *   RUNNING, PAUSED... is running the work now (and a group whose generations restarted at 1
 *   must not be stuck behind statuses from before).
 */
import type { TopicStatus } from './status-records.js';
import type { ConnectorTaskId, StatusRecord } from './stores.js';

export function writeAllowed(current: StatusRecord | undefined, next: StatusRecord): boolean {
  if (next.state !== 'UNASSIGNED' && next.state !== 'FAILED') return true;
  return current === undefined || current.workerId === next.workerId || current.generation <= next.generation;
}

export class StatusState {
  private readonly connectors = new Map<string, StatusRecord>();
  private readonly tasks = new Map<string, Map<number, StatusRecord>>();
  private readonly topics = new Map<string, Map<string, TopicStatus>>();

  applyConnector(connector: string, status: StatusRecord | null): void {
    if (status === null) {
      this.connectors.delete(connector);
      this.tasks.delete(connector);
    } else {
      this.connectors.set(connector, Object.freeze({ ...status }));
    }
  }

  applyTask(id: ConnectorTaskId, status: StatusRecord | null): void {
    let byTask = this.tasks.get(id.connector);
    if (status === null) {
      byTask?.delete(id.task);
      if (byTask?.size === 0) this.tasks.delete(id.connector);
      return;
    }
    const current = byTask?.get(id.task);
    if (status.state === 'UNASSIGNED' && current?.state === 'RUNNING' && current.generation >= status.generation) return;
    if (!byTask) this.tasks.set(id.connector, byTask = new Map());
    byTask.set(id.task, Object.freeze({ ...status }));
  }

  applyTopic(connector: string, topic: string, status: TopicStatus | null): void {
    let byTopic = this.topics.get(connector);
    if (status === null) {
      byTopic?.delete(topic);
      if (byTopic?.size === 0) this.topics.delete(connector);
      return;
    }
    if (!byTopic) this.topics.set(connector, byTopic = new Map());
    byTopic.set(topic, Object.freeze({ ...status }));
  }

  connector(connector: string): StatusRecord | undefined {
    return this.connectors.get(connector);
  }

  task(id: ConnectorTaskId): StatusRecord | undefined {
    return this.tasks.get(id.connector)?.get(id.task);
  }

  taskStatuses(connector: string): Map<number, StatusRecord> {
    return new Map([...(this.tasks.get(connector) ?? [])].sort(([a], [b]) => a - b));
  }

  topic(connector: string, topic: string): TopicStatus | undefined {
    return this.topics.get(connector)?.get(topic);
  }

  topicNames(connector: string): string[] {
    return [...(this.topics.get(connector)?.keys() ?? [])].sort();
  }
}
