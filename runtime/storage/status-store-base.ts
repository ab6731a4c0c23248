/**
 * What the in-memory and the Kafka status stores share: the StatusStore operations expressed
 * as status-topic records (status-records.ts) handed to `write`, and reads from the state those
 * records build (status-state.ts). A subclass only says how records are written and read back.
 *
 * Contract of the operations beyond stores.ts:
 * - `putConnector`/`putTask` with state DESTROYED write a tombstone (as Connect does when a
 *   connector or task is deleted); an UNASSIGNED or FAILED status that `writeAllowed` refuses is
 *   not written (the promise still resolves: the newer status stands).
 * - `putTopic` writes only the first time a connector uses a topic (later calls are no-ops), with
 *   the discovery time; `resetTopics` and `remove` write tombstones for what is known.
 */
import { TOPIC_STATUS_PREFIX, type StatusTopicRecord } from './status-records.js';
import { StatusState, writeAllowed } from './status-state.js';
import type { ConnectorTaskId, StatusRecord, StatusStore } from './stores.js';

export abstract class StatusStoreBase implements StatusStore {
  protected readonly state = new StatusState();

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  /** Writes the records in order; resolves once they are durable and applied to `state`. */
  protected abstract write(records: readonly StatusTopicRecord[]): Promise<void>;

  /** Applies one record read back from the log. */
  protected apply(r: StatusTopicRecord): void {
    if (r.kind === 'connector') this.state.applyConnector(r.connector, r.status);
    else if (r.kind === 'task') this.state.applyTask(r.id, r.status);
    else this.state.applyTopic(r.connector, r.topic, r.status);
  }

  async putConnector(connector: string, status: StatusRecord): Promise<void> {
    if (status.state === 'DESTROYED') return this.write([{ kind: 'connector', connector, status: null }]);
    if (!writeAllowed(this.state.connector(connector), status)) return;
    await this.write([{ kind: 'connector', connector, status }]);
  }

  async putTask(id: ConnectorTaskId, status: StatusRecord): Promise<void> {
    const key = { connector: id.connector, task: id.task };
    if (status.state === 'DESTROYED') return this.write([{ kind: 'task', id: key, status: null }]);
    if (!writeAllowed(this.state.task(key), status)) return;
    await this.write([{ kind: 'task', id: key, status }]);
  }

  connector(connector: string): StatusRecord | undefined {
    return this.state.connector(connector);
  }

  task(id: ConnectorTaskId): StatusRecord | undefined {
    return this.state.task(id);
  }

  tasks(connector: string): Map<number, StatusRecord> {
    return this.state.taskStatuses(connector);
  }

  /** `task` is the task that used the topic (Connect records it; stores.ts does not pass it yet). */
  async putTopic(connector: string, topic: string, task = 0): Promise<void> {
    if (this.state.topic(connector, topic)) return;
    if (topic === '' || topic.includes(':')) throw new Error(`Cannot record topic ${JSON.stringify(topic)}: the ${TOPIC_STATUS_PREFIX} key cannot hold it`);
    await this.write([{ kind: 'topic', connector, topic, status: { topic, connector, task, discoverTimestamp: Date.now() } }]);
  }

  topics(connector: string): string[] {
    return this.state.topicNames(connector);
  }

  async resetTopics(connector: string): Promise<void> {
    await this.write(this.state.topicNames(connector).map((topic) => ({ kind: 'topic', connector, topic, status: null })));
  }

  async remove(connector: string): Promise<void> {
    await this.write([
      ...[...this.state.taskStatuses(connector).keys()].map((task): StatusTopicRecord => ({ kind: 'task', id: { connector, task }, status: null })),
      ...this.state.topicNames(connector).map((topic): StatusTopicRecord => ({ kind: 'topic', connector, topic, status: null })),
      { kind: 'connector', connector, status: null },
    ]);
  }
}
