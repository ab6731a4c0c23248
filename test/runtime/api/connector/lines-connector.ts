// A minimal source connector written against the contract as a connector author would (importing
// only runtime/api/index.js): reads three fixed lines, resuming from the committed line number.
import {
  ConfigDef,
  Range,
  Schema,
  SourceConnector,
  SourceTask,
  sourceRecord,
  type ConnectorProps,
  type SourceRecord,
} from '../../../../runtime/api/index.js';

export const LINES_CONFIG = new ConfigDef()
  .define({ name: 'file', type: 'STRING', importance: 'HIGH', documentation: 'File to read.' })
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic to write to.' })
  .define({ name: 'batch.size', type: 'INT', default: 2000, validator: Range.atLeast(1), importance: 'LOW', documentation: 'Lines per poll.' });

export class LinesTask extends SourceTask {
  lines: string[] = [];
  topic = '';
  file = '';
  stopped = false;
  version(): string {
    return '1.0.0';
  }
  async start(props: ConnectorProps): Promise<void> {
    const cfg = LINES_CONFIG.parse(props);
    this.topic = cfg.topic;
    this.file = cfg.file;
    const last = await this.context.offsetStorageReader.offset({ file: cfg.file });
    this.lines = ['a', 'b', 'c'].slice(Number(last?.['line'] ?? 0));
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped || this.lines.length === 0) return null;
    const line = this.lines.shift()!;
    return [sourceRecord({ file: this.file }, { line: 3 - this.lines.length }, this.topic, Schema.STRING_SCHEMA, line)];
  }
  stop(): void {
    this.stopped = true;
  }
}

export class LinesConnector extends SourceConnector {
  props: ConnectorProps = {};
  starts = 0;
  stops = 0;
  version(): string {
    return '1.0.0';
  }
  start(props: ConnectorProps): void {
    this.props = props;
    this.starts++;
  }
  taskClass() {
    return LinesTask;
  }
  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: Math.min(maxTasks, 1) }, () => ({ ...this.props }));
  }
  stop(): void {
    this.stops++;
  }
  config(): ConfigDef {
    return LINES_CONFIG;
  }
}
