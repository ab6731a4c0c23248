// Small connectors for testing the contract suite itself: a correct counter source and memory
// sink (which must pass every case), and broken variants that specific cases must catch.
import {
  ConfigDef,
  DataException,
  Range,
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
  type TaskClass,
} from '../../../runtime/api/index.js';

const wait = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

const COUNTER_CONFIG = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic.' })
  .define({ name: 'count', type: 'INT', default: 10, validator: Range.atLeast(0), importance: 'LOW', documentation: 'Records to emit.' });

/** Emits records 0..count-1 of partition {counter: 'c'} with offset {next}; resumes from it. */
export class CounterTask extends SourceTask {
  protected next = 0;
  protected count = 0;
  protected topic = '';
  protected readonly stopping = new AbortController();
  version(): string {
    return '1.0';
  }
  async start(props: ConnectorProps): Promise<void> {
    const cfg = COUNTER_CONFIG.parse(props);
    [this.count, this.topic] = [cfg.count, cfg.topic];
    this.next = Number((await this.context.offsetStorageReader.offset({ counter: 'c' }))?.['next'] ?? 0);
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.next >= this.count) {
      await this.idle();
      return null;
    }
    const n = this.next++;
    return [sourceRecord({ counter: 'c' }, { next: this.next }, this.topic, Schema.STRING_SCHEMA, `n${n}`)];
  }
  protected idle(): Promise<void> {
    return wait(200, this.stopping.signal);
  }
  stop(): void {
    this.stopping.abort();
  }
}

/** Bug: ignores stored offsets (a restart starts over). */
class ForgetfulTask extends CounterTask {
  override async start(props: ConnectorProps): Promise<void> {
    await super.start(props);
    this.next = 0;
  }
}
/** Bug: an idle poll returns at once (the runtime would spin). */
class SpinningTask extends CounterTask {
  protected override async idle(): Promise<void> {}
}
/** Bug: an idle poll ignores stop(). */
class DeafTask extends CounterTask {
  protected override idle(): Promise<void> {
    return new Promise((r) => setTimeout(r, 1000));
  }
}

function counterPlugin(name: string, task: TaskClass<CounterTask>) {
  class Counter extends SourceConnector {
    #props: ConnectorProps = {};
    version(): string {
      return '1.0';
    }
    start(props: ConnectorProps): void {
      this.#props = props;
    }
    taskClass(): TaskClass<CounterTask> {
      return task;
    }
    taskConfigs(): ConnectorProps[] {
      return [this.#props];
    }
    stop(): void {}
    config(): ConfigDef {
      return COUNTER_CONFIG;
    }
  }
  return connectorPlugin({ className: `test.toy.${name}Connector`, type: 'source', connector: Counter });
}

export const counterSource = counterPlugin('Counter', CounterTask);
export const forgetfulSource = counterPlugin('Forgetful', ForgetfulTask);
export const spinningSource = counterPlugin('Spinning', SpinningTask);
export const deafSource = counterPlugin('Deaf', DeafTask);

/** The destinations of the memory sinks, by the `store` setting. */
export const memoryStores = new Map<string, string[]>();

const MEMORY_CONFIG = new ConfigDef().define({ name: 'store', type: 'STRING', importance: 'HIGH', documentation: 'Destination name.' });

/** Buffers in put(), writes on flush(); rejects the value "bad" (reporter, or DataException). */
export class MemorySinkTask extends SinkTask {
  protected buffer: string[] = [];
  protected store: string[] = [];
  version(): string {
    return '1.0';
  }
  start(props: ConnectorProps): void {
    const name = MEMORY_CONFIG.parse(props).store;
    if (!memoryStores.has(name)) memoryStores.set(name, []);
    this.store = memoryStores.get(name)!;
  }
  async put(records: SinkRecord[]): Promise<void> {
    for (const r of records) {
      if (r.value === 'bad') {
        const reporter = this.context.errantRecordReporter();
        if (reporter === undefined) throw new DataException('bad record');
        await reporter.report(r, new DataException('bad record'));
      } else {
        this.buffer.push(String(r.value));
      }
    }
  }
  override flush(_offsets: readonly PartitionOffset[]): void {
    this.store.push(...this.buffer);
    this.buffer = [];
  }
  stop(): void {}
}

/** Bug: flush() writes nothing, but preCommit still says "all committed". */
class LyingSinkTask extends MemorySinkTask {
  override flush(): void {}
}

function memoryPlugin(name: string, task: TaskClass<MemorySinkTask>) {
  class Memory extends SinkConnector {
    #props: ConnectorProps = {};
    version(): string {
      return '1.0';
    }
    start(props: ConnectorProps): void {
      this.#props = props;
    }
    taskClass(): TaskClass<MemorySinkTask> {
      return task;
    }
    taskConfigs(max: number): ConnectorProps[] {
      return Array.from({ length: max }, () => this.#props);
    }
    stop(): void {}
    config(): ConfigDef {
      return MEMORY_CONFIG;
    }
  }
  return connectorPlugin({ className: `test.toy.${name}Connector`, type: 'sink', connector: Memory });
}

export const memorySink = memoryPlugin('MemorySink', MemorySinkTask);
export const lyingSink = memoryPlugin('LyingSink', LyingSinkTask);
