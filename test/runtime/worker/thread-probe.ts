// A source connector for the task-thread tests, loadable in a task thread (its plugin names this
// module): each record's value says which thread made it ("thread <threadId>", 0 = the worker's
// main thread) and its number; the task resumes after its stored offset, logs one DEBUG line per
// batch, and fails with a recognisable message at record `fail.at` when set.
import { threadId } from 'node:worker_threads';
import {
  ConfigDef, ConnectException, Schema, SourceConnector, SourceTask, connectorPlugin, sourceRecord,
  type ConnectorProps, type SourceRecord,
} from '../../../runtime/api/index.js';

const CONFIG = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic to write to.' })
  .define({ name: 'count', type: 'INT', default: 10, importance: 'HIGH', documentation: 'Records to make in all.' })
  .define({ name: 'fail.at', type: 'INT', default: -1, importance: 'LOW', documentation: 'poll() throws at this record number.' });

export class ThreadProbeTask extends SourceTask {
  #topic = '';
  #count = 0;
  #failAt = -1;
  #next = 0;
  #name = '';
  #stopped = false;
  version(): string {
    return '1.0';
  }
  async start(props: ConnectorProps): Promise<void> {
    const cfg = CONFIG.parse(props);
    this.#topic = cfg.topic;
    this.#count = cfg.count;
    this.#failAt = cfg['fail.at'];
    this.#name = props.name ?? '';
    const stored = await this.context.offsetStorageReader.offset({ probe: this.#name });
    this.#next = stored === null ? 0 : Number(stored.next);
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.#next === this.#failAt) throw new ConnectException(`ThreadProbe was told to fail at record ${this.#failAt}`);
    if (this.#next >= this.#count) {
      for (let i = 0; i < 5 && !this.#stopped; i++) await new Promise((r) => setTimeout(r, 20));
      return null;
    }
    const out: SourceRecord[] = [];
    while (this.#next < this.#count && this.#next !== this.#failAt && out.length < 5) {
      out.push(sourceRecord({ probe: this.#name }, { next: this.#next + 1 }, this.#topic, Schema.STRING_SCHEMA, `thread ${threadId} record ${this.#next}`));
      this.#next += 1;
    }
    return out;
  }
  stop(): void {
    this.#stopped = true;
  }
}

export class ThreadProbeConnector extends SourceConnector {
  #props: ConnectorProps = {};
  version(): string {
    return '1.0';
  }
  start(props: ConnectorProps): void {
    this.#props = props;
  }
  taskClass() {
    return ThreadProbeTask;
  }
  taskConfigs(): ConnectorProps[] {
    return [{ ...this.#props }];
  }
  stop(): void {}
  config(): ConfigDef {
    return CONFIG;
  }
}

export const plugins = [
  connectorPlugin({ className: 'test.ThreadProbeConnector', type: 'source', connector: ThreadProbeConnector, module: import.meta.url }),
];
