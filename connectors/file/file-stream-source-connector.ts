/**
 * Streams the lines of one file (or standard input) into one topic. A file is read by one task
 * only, so taskConfigs() returns a single configuration whatever `tasks.max` says.
 */
import {
  Config,
  ConfigDef,
  ConnectException,
  SourceConnector,
  type ConnectorProps,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from '../../runtime/api/index.js';
import { SOURCE_CONFIG_DEF, TOPIC_CONFIG, singleTopic } from './config.js';
import { FILENAME_FIELD, FileStreamSourceTask, storedPosition } from './file-stream-source-task.js';
import { VERSION } from './version.js';

export class FileStreamSourceConnector extends SourceConnector {
  #props: ConnectorProps = {};

  version(): string {
    return VERSION;
  }

  start(props: ConnectorProps): void {
    const cfg = SOURCE_CONFIG_DEF.parse(props);
    const topic = singleTopic(cfg.topic);
    if (topic instanceof Error) throw new ConnectException(topic.message);
    this.#props = { ...props };
  }

  taskClass(): TaskClass<FileStreamSourceTask> {
    return FileStreamSourceTask;
  }

  taskConfigs(_maxTasks: number): ConnectorProps[] {
    return [{ ...this.#props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return SOURCE_CONFIG_DEF;
  }

  /** Adds the cross-field rule: exactly one topic. */
  override async validate(props: ConnectorProps): Promise<Config> {
    const config = await super.validate(props);
    const topic = config.configValue(TOPIC_CONFIG);
    if (topic !== undefined && topic.errorMessages.length === 0 && Array.isArray(topic.value)) {
      const t = singleTopic(topic.value as string[]);
      if (t instanceof Error) topic.addErrorMessage(t.message);
    }
    return config;
  }

  /** Accepts offsets of the shape this connector writes: {filename} → {position ≥ 0}, or a reset. */
  override alterOffsets(_config: ConnectorProps, offsets: ReadonlyArray<{ partition: SourcePartition; offset: SourceOffset | null }>): boolean {
    for (const { partition, offset } of offsets) {
      if (typeof partition[FILENAME_FIELD] !== 'string') {
        throw new ConnectException(`A FileStreamSource partition is {"${FILENAME_FIELD}": "<file>"}, got ${JSON.stringify(partition)}`);
      }
      if (offset !== null) storedPosition(offset);
    }
    return true;
  }
}
