/**
 * Appends the values of the records of its topics to one file (or standard output). Every task
 * gets the same configuration; tasks append whole batches, so lines of different tasks interleave
 * but are never mixed.
 */
import { ConfigDef, SinkConnector, type ConnectorProps, type TaskClass } from '../../runtime/api/index.js';
import { SINK_CONFIG_DEF } from './config.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';
import { VERSION } from './version.js';

export class FileStreamSinkConnector extends SinkConnector {
  #props: ConnectorProps = {};

  version(): string {
    return VERSION;
  }

  start(props: ConnectorProps): void {
    SINK_CONFIG_DEF.parse(props);
    this.#props = { ...props };
  }

  taskClass(): TaskClass<FileStreamSinkTask> {
    return FileStreamSinkTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return SINK_CONFIG_DEF;
  }

  /** Any consumer offsets may be set: the file has no positions of its own to check them against. */
  override alterOffsets(): boolean {
    return true;
  }
}
