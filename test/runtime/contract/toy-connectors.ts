// Small connectors for testing the contract suite itself: a correct counter source and memory
// sink (which must pass every case), and broken variants that specific cases must catch
// (contract.test.ts runs each against the case meant for its bug).
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
/** Bug: the records go to another topic than the configured one. */
class MisroutedTask extends CounterTask {
  override async start(props: ConnectorProps): Promise<void> {
    await super.start(props);
    this.topic = `${this.topic}.elsewhere`;
  }
}
/** Bug: stop() takes a second to return. */
class SlowStopTask extends CounterTask {
  override async stop(): Promise<void> {
    super.stop();
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** `taskConfigs` (default: one task, whatever maxTasks) lets a toy get its task split wrong. */
function counterPlugin(name: string, task: TaskClass<CounterTask>, taskConfigs = (props: ConnectorProps, _max: number): ConnectorProps[] => [props]) {
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
    taskConfigs(max: number): ConnectorProps[] {
      return taskConfigs(this.#props, max);
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
export const misroutedSource = counterPlugin('Misrouted', MisroutedTask);
export const slowStopSource = counterPlugin('SlowStop', SlowStopTask);
/** Bug: one task more than maxTasks allows. */
export const greedySource = counterPlugin('Greedy', CounterTask, (props, max) => Array.from({ length: max + 1 }, () => props));

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

/** Bug: once any partition is closed, put() drops every record, though preCommit still acknowledges them. */
class ClosingSinkTask extends MemorySinkTask {
  #closed = false;
  override close(): void {
    this.#closed = true;
  }
  override async put(records: SinkRecord[]): Promise<void> {
    if (!this.#closed) await super.put(records);
  }
}
/** Bug: a record the destination rejects is dropped silently, neither reported nor failing put(). */
class SilentSinkTask extends MemorySinkTask {
  override async put(records: SinkRecord[]): Promise<void> {
    await super.put(records.filter((r) => r.value !== 'bad'));
  }
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
export const closingSink = memoryPlugin('ClosingSink', ClosingSinkTask);
export const silentSink = memoryPlugin('SilentSink', SilentSinkTask);
