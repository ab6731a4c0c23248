/**
 * Generates realistic test data (a quickstart data set) into one topic, reproducibly when
 * `random.seed` is set. Splits the sequence over up to `tasks.max` tasks (never more tasks than
 * records); see datagen-task.ts for how the records are shared.
 */
import { randomInt } from 'node:crypto';
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
import { CONFIG_DEF, KEYFIELD_CONFIG, QUICKSTART_CONFIG, SEED_CONFIG, TASK_COUNT_CONFIG, TASK_ID_CONFIG } from './config.js';
import { DatagenTask, TASK_FIELD, storedIteration } from './datagen-task.js';
import { unknownKeyField } from './generator.js';
import { QUICKSTARTS } from './quickstarts.js';
import { VERSION } from './version.js';

export class DatagenConnector extends SourceConnector {
  #props: ConnectorProps = {};
  #iterations = -1;

  version(): string {
    return VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const config = await this.validate(props);
    const bad = config.configValues.find((v) => v.errorMessages.length > 0);
    if (bad !== undefined) throw new ConnectException(bad.errorMessages[0]!);
    const cfg = CONFIG_DEF.parse(props);
    this.#iterations = cfg.iterations;
    // Without a seed, pick one now so that every task (and a restarted task) shares it.
    this.#props = { ...props, [SEED_CONFIG]: String(cfg['random.seed'] ?? randomInt(2 ** 47)) };
  }

  taskClass(): TaskClass<DatagenTask> {
    return DatagenTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    const n = this.#iterations < 0 ? maxTasks : Math.max(1, Math.min(maxTasks, this.#iterations));
    return Array.from({ length: n }, (_, i) => ({ ...this.#props, [TASK_ID_CONFIG]: String(i), [TASK_COUNT_CONFIG]: String(n) }));
  }

  stop(): void {}

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  /** Adds the cross-field rule: schema.keyfield names a field of the chosen quickstart. */
  override async validate(props: ConnectorProps): Promise<Config> {
    const config = await super.validate(props);
    const quickstart = config.configValue(QUICKSTART_CONFIG);
    const keyField = config.configValue(KEYFIELD_CONFIG);
    if (quickstart?.errorMessages.length !== 0 || keyField === undefined || typeof keyField.value !== 'string' || keyField.value === '') return config;
    const q = QUICKSTARTS.get(String(quickstart.value).toLowerCase())!;
    if (!q.fields.some(([name]) => name === keyField.value)) keyField.addErrorMessage(unknownKeyField(q, keyField.value));
    return config;
  }

  /** Accepts offsets of the shape the tasks write: {task: n ≥ 0} → {iteration: m ≥ 0}, or a reset. */
  override alterOffsets(_config: ConnectorProps, offsets: ReadonlyArray<{ partition: SourcePartition; offset: SourceOffset | null }>): boolean {
    for (const { partition, offset } of offsets) {
      const t = partition[TASK_FIELD];
      if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) {
        throw new ConnectException(`A datagen partition is {"${TASK_FIELD}": <task index>}, got ${JSON.stringify(partition)}`);
      }
      if (offset !== null) storedIteration(offset);
    }
    return true;
  }
}
