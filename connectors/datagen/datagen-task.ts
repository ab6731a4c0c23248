/**
 * Generates one task's share of the record sequence. With `task.count` = n, task t makes records
 * t, t+n, t+2n… (the global index decides the content, see random.ts), so the whole set is the
 * same whatever tasks.max is. Source partition = {task: t}; source offset = {iteration: m}, the
 * number of this task's records made so far, so a restarted task continues with its record m.
 *
 * Timing: before each record the task waits a random 0..max.interval ms (not part of the seeded
 * data). poll() returns what is due (at most batch.size), or null after about one second without
 * a due record (also once `iterations` are exhausted), and promptly after stop().
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConnectException,
  SourceTask,
  sourceRecord,
  type ConnectorProps,
  type SourceOffset,
  type SourceRecord,
} from '../../runtime/api/index.js';
import { KEYFIELD_CONFIG, TASK_CONFIG_DEF, keyFieldOf } from './config.js';
import { Generator } from './generator.js';
import { QUICKSTARTS } from './quickstarts.js';
import { VERSION } from './version.js';

export const TASK_FIELD = 'task';
export const ITERATION_FIELD = 'iteration';
export const IDLE_POLL_MS = 1000;

/** Waits `ms`, or less when `signal` aborts (stop()); never rejects, so a poll() sleeping here returns normally once stopped. */
const wait = (ms: number, signal: AbortSignal): Promise<void> => (ms > 0 ? sleep(ms, undefined, { signal }).catch(() => {}) : Promise.resolve());

export class DatagenTask extends SourceTask {
  #generator!: Generator;
  #topic = '';
  #taskId = 0;
  #taskCount = 1;
  /** This task's records in total (Infinity when unlimited). */
  #limit = Infinity;
  /** This task's next record number (local iteration). */
  #iteration = 0;
  #maxInterval = 0;
  #batchSize = 1;
  #nextAt = 0;
  /** This task's source partition: one frozen map for all its records (the runtime checks it once). */
  #partition: Readonly<Record<string, number>> = Object.freeze({ [TASK_FIELD]: 0 });
  readonly #stopping = new AbortController();

  version(): string {
    return VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const cfg = TASK_CONFIG_DEF.parse(props);
    const quickstart = QUICKSTARTS.get(cfg.quickstart.toLowerCase())!;
    if (cfg['random.seed'] === null) throw new ConnectException('A datagen task needs random.seed (the connector sets it when the user does not)');
    try {
      this.#generator = new Generator(quickstart, {
        seed: cfg['random.seed'],
        keyField: keyFieldOf(cfg[KEYFIELD_CONFIG], quickstart.keyField),
        recordBytes: cfg['record.bytes'],
      });
    } catch (e) {
      throw new ConnectException((e as Error).message);
    }
    this.#topic = cfg['kafka.topic'];
    this.#taskId = cfg['task.id'];
    this.#partition = Object.freeze({ [TASK_FIELD]: this.#taskId });
    this.#taskCount = cfg['task.count'];
    this.#limit = taskShare(cfg.iterations, this.#taskId, this.#taskCount);
    this.#maxInterval = cfg['max.interval'];
    this.#batchSize = cfg['batch.size'];
    this.#iteration = storedIteration(await this.context.offsetStorageReader.offset({ [TASK_FIELD]: this.#taskId }));
    this.#nextAt = Date.now();
  }

  async poll(): Promise<SourceRecord[] | null> {
    const signal = this.#stopping.signal;
    const deadline = Date.now() + IDLE_POLL_MS;
    while (!signal.aborted) {
      if (this.#iteration >= this.#limit) {
        await wait(deadline - Date.now(), signal);
        return null;
      }
      const out: SourceRecord[] = [];
      while (out.length < this.#batchSize && this.#iteration < this.#limit && this.#nextAt <= Date.now()) {
        out.push(this.#record());
        if (this.#maxInterval > 0) this.#nextAt = Date.now() + Math.floor(Math.random() * (this.#maxInterval + 1));
      }
      if (out.length > 0) return out;
      const left = deadline - Date.now();
      if (left <= 0) break;
      await wait(Math.min(this.#nextAt - Date.now(), left), signal);
    }
    return null;
  }

  stop(): void {
    this.#stopping.abort();
  }

  #record(): SourceRecord {
    const index = this.#iteration * this.#taskCount + this.#taskId;
    const { key, value } = this.#generator.generate(index);
    this.#iteration++;
    return sourceRecord(this.#partition, { [ITERATION_FIELD]: this.#iteration }, this.#topic, this.#generator.valueSchema, value, {
      keySchema: this.#generator.keySchema,
      key,
    });
  }
}

/** How many of `iterations` records (-1 = unlimited) task `taskId` of `taskCount` makes. */
export function taskShare(iterations: number, taskId: number, taskCount: number): number {
  if (iterations < 0) return Infinity;
  return Math.max(0, Math.floor((iterations - taskId + taskCount - 1) / taskCount));
}

/** The iteration in a stored offset: 0 when none; ConnectException when it is malformed. */
export function storedIteration(offset: SourceOffset | null): number {
  if (offset === null) return 0;
  const n = offset[ITERATION_FIELD];
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new ConnectException(`The stored offset ${JSON.stringify(offset)} has no valid '${ITERATION_FIELD}' (a non-negative integer)`);
  }
  return n;
}
