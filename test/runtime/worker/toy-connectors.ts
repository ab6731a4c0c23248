// Connectors for the worker's tests: a source that emits a configured list of strings (resuming
// from its stored offset), and a sink that collects what it is given and can be told to fail,
// to ask for a retry, or to report records through the errant record reporter.
import {
  ConfigDef,
  ConnectException,
  DataException,
  Password,
  RetriableException,
  Schema,
  SinkConnector,
  SinkTask,
  SourceConnector,
  SourceTask,
  connectorPlugin,
  sourceRecord,
  type ConnectorProps,
  type PartitionOffset,
  type SinkRecord,
  type SourceRecord,
} from '../../../runtime/api/index.js';

const LIST_CONFIG = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic to write to.' })
  .define({ name: 'values', type: 'LIST', default: '', importance: 'HIGH', documentation: 'Values to emit, in order.' })
  .define({ name: 'fail.at', type: 'INT', default: -1, importance: 'LOW', documentation: 'poll() throws when it reaches this index.' })
  .define({ name: 'secret', type: 'PASSWORD', default: null, importance: 'LOW', documentation: 'A secret (shown as [hidden]).' })
  .define({ name: 'key.field', type: 'BOOLEAN', default: false, importance: 'LOW', documentation: 'Use the value as key too.' });

/** What every ListSource task emitted so far, by connector name (to check resumption). */
export const emitted = new Map<string, string[]>();

export class ListSourceTask extends SourceTask {
  #values: string[] = [];
  #next = 0;
  #topic = '';
  #failAt = -1;
  #name = '';
  #keyed = false;
  #stopped = false;
  readonly committed: SourceRecord[] = [];
  version(): string {
    return '1.0';
  }
  async start(props: ConnectorProps): Promise<void> {
    const cfg = LIST_CONFIG.parse(props);
    this.#values = cfg.values;
    this.#topic = cfg.topic;
    this.#failAt = cfg['fail.at'];
    this.#keyed = cfg['key.field'];
    this.#name = props.name ?? '';
    const stored = await this.context.offsetStorageReader.offset({ list: this.#name });
    this.#next = stored === null ? 0 : Number(stored.next);
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.#next === this.#failAt) throw new ConnectException(`ListSource was told to fail at index ${this.#failAt}`);
    if (this.#next >= this.#values.length) {
      for (let i = 0; i < 5 && !this.#stopped; i++) await new Promise((r) => setTimeout(r, 20));
      return null;
    }
    const out: SourceRecord[] = [];
    while (this.#next < this.#values.length && this.#next !== this.#failAt && out.length < 100) {
      const v = this.#values[this.#next]!;
      this.#next += 1;
      const extra = this.#keyed ? { keySchema: Schema.STRING_SCHEMA, key: v } : {};
      out.push(sourceRecord({ list: this.#name }, { next: this.#next }, this.#topic, Schema.STRING_SCHEMA, v, extra));
      emitted.set(this.#name, [...(emitted.get(this.#name) ?? []), v]);
    }
    return out;
  }
  stop(): void {
    this.#stopped = true;
  }
}

export class ListSourceConnector extends SourceConnector {
  #props: ConnectorProps = {};
  version(): string {
    return '1.0';
  }
  start(props: ConnectorProps): void {
    this.#props = props;
  }
  taskClass() {
    return ListSourceTask;
  }
  taskConfigs(): ConnectorProps[] {
    return [{ ...this.#props }];
  }
  stop(): void {}
  config(): ConfigDef {
    return LIST_CONFIG;
  }
}

const COLLECT_CONFIG = new ConfigDef()
  .define({ name: 'fail.on', type: 'STRING', default: '', importance: 'LOW', documentation: 'put() fails (DataException) on this value.' })
  .define({ name: 'report.on', type: 'STRING', default: '', importance: 'LOW', documentation: 'Values sent to the errant record reporter.' })
  .define({ name: 'retriable.times', type: 'INT', default: 0, importance: 'LOW', documentation: 'put() throws RetriableException this many times first.' })
  .define({ name: 'fail.start', type: 'BOOLEAN', default: false, importance: 'LOW', documentation: 'start() throws.' })
  .define({ name: 'rewind.to', type: 'INT', default: -1, importance: 'LOW', documentation: 'open() rewinds each partition to this offset (context.offset).' })
  .define({ name: 'commit.every.put', type: 'BOOLEAN', default: false, importance: 'LOW', documentation: 'put() calls context.requestCommit().' })
  .define({ name: 'connector.fail.start', type: 'BOOLEAN', default: false, importance: 'LOW', documentation: 'The connector\'s start() throws.' })
  .define({ name: 'password', type: 'PASSWORD', default: null, importance: 'LOW', documentation: 'A secret (shown as [hidden]).' });

/** Records each CollectSink task was given, by connector name; puts and commits by connector. */
export const collected = new Map<string, SinkRecord[]>();
export const puts = new Map<string, number>();
export const preCommits = new Map<string, PartitionOffset[][]>();
export const opened = new Map<string, string[]>();

export class CollectSinkTask extends SinkTask {
  #name = '';
  #failOn = '';
  #reportOn = new Set<string>();
  #retriable = 0;
  #rewindTo = -1;
  #commitEveryPut = false;
  version(): string {
    return '1.0';
  }
  start(props: ConnectorProps): void {
    const cfg = COLLECT_CONFIG.parse(props);
    this.#rewindTo = cfg['rewind.to'];
    this.#commitEveryPut = cfg['commit.every.put'];
    if (cfg['fail.start']) throw new ConnectException('CollectSink was told to fail in start()');
    this.#name = props.name ?? '';
    this.#failOn = cfg['fail.on'];
    this.#reportOn = new Set(cfg['report.on'].split(',').filter((v) => v !== ''));
    this.#retriable = cfg['retriable.times'];
    if (cfg.password !== null && !(cfg.password instanceof Password)) throw new Error('password must parse as a Password');
  }
  override open(partitions: readonly { topic: string; partition: number }[]): void {
    opened.set(this.#name, [...(opened.get(this.#name) ?? []), ...partitions.map((p) => `${p.topic}-${p.partition}`)]);
    if (this.#rewindTo >= 0) this.context.offsets(partitions.map((p) => ({ ...p, offset: this.#rewindTo })));
  }
  async put(records: SinkRecord[]): Promise<void> {
    puts.set(this.#name, (puts.get(this.#name) ?? 0) + 1);
    if (records.length > 0 && this.#retriable > 0) {
      this.#retriable -= 1;
      this.context.timeout(50);
      throw new RetriableException('CollectSink asks for a retry');
    }
    const keep: SinkRecord[] = [];
    for (const r of records) {
      if (this.#failOn !== '' && r.value === this.#failOn) throw new DataException(`CollectSink cannot write ${String(r.value)}`);
      if (this.#reportOn.has(String(r.value))) {
        const reporter = this.context.errantRecordReporter();
        if (reporter === undefined) throw new DataException(`CollectSink has no reporter for ${String(r.value)}`);
        await reporter.report(r, new DataException(`CollectSink rejects ${String(r.value)}`));
        continue;
      }
      keep.push(r);
    }
    collected.set(this.#name, [...(collected.get(this.#name) ?? []), ...keep]);
    if (this.#commitEveryPut && keep.length > 0) this.context.requestCommit();
  }
  override async preCommit(current: readonly PartitionOffset[]): Promise<readonly PartitionOffset[]> {
    preCommits.set(this.#name, [...(preCommits.get(this.#name) ?? []), [...current]]);
    return current;
  }
  stop(): void {}
}

export class CollectSinkConnector extends SinkConnector {
  #props: ConnectorProps = {};
  version(): string {
    return '1.0';
  }
  start(props: ConnectorProps): void {
    if (props['connector.fail.start'] === 'true') throw new ConnectException('CollectSink connector was told to fail in start()');
    this.#props = props;
  }
  taskClass() {
    return CollectSinkTask;
  }
  taskConfigs(max: number): ConnectorProps[] {
    return Array.from({ length: max }, () => ({ ...this.#props }));
  }
  stop(): void {}
  config(): ConfigDef {
    return COLLECT_CONFIG;
  }
}

export const toyPlugins = [
  connectorPlugin({ className: 'test.ListSourceConnector', type: 'source', connector: ListSourceConnector }),
  connectorPlugin({ className: 'test.CollectSinkConnector', type: 'sink', connector: CollectSinkConnector }),
];
