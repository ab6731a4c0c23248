/**
 * Reads a file line by line into records: value = the line (STRING schema, no terminator), key =
 * null, source partition = {filename: <file as configured>}, source offset = {position: byte
 * offset just after the line}. On start it resumes from the stored position. Standard input is
 * read when no file is configured; those records carry no partition/offset.
 *
 * poll() returns as soon as lines are available (at most `batch.size`), or null after about one
 * second without data (checking every POLL_CHECK_MS, never spinning), and promptly after stop().
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import {
  ConnectException,
  Schema,
  SourceTask,
  sourceRecord,
  type ConnectorProps,
  type SourceOffset,
  type SourcePartition,
  type SourceRecord,
} from '../../runtime/api/index.js';
import { SOURCE_CONFIG_DEF, singleTopic } from './config.js';
import { FileFollower } from './file-follower.js';
import type { Line } from './line-splitter.js';
import { StreamFollower } from './stream-follower.js';
import { VERSION } from './version.js';

export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';
/** How long an idle poll waits for data before returning null. */
export const IDLE_POLL_MS = 1000;
const POLL_CHECK_MS = 100;

/** Waits `ms`, or less when `signal` aborts (stop()); never rejects, so a poll() sleeping here returns normally once stopped. */
const wait = (ms: number, signal: AbortSignal): Promise<void> => (ms > 0 ? sleep(ms, undefined, { signal }).catch(() => {}) : Promise.resolve());

interface Follower {
  read(max: number): Promise<Line[]>;
  close(): Promise<void>;
}

export class FileStreamSourceTask extends SourceTask {
  #follower: Follower | null = null;
  #partition: SourcePartition | null = null;
  #topic = '';
  #batchSize = 0;
  readonly #stopping = new AbortController();
  #polling: Promise<unknown> | null = null;

  version(): string {
    return VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const cfg = SOURCE_CONFIG_DEF.parse(props);
    const topic = singleTopic(cfg.topic);
    if (topic instanceof Error) throw new ConnectException(topic.message);
    this.#topic = topic;
    this.#batchSize = cfg['batch.size'];
    if (cfg.file === null || cfg.file === '') {
      this.#follower = new StreamFollower(this.stdin());
      return;
    }
    this.#partition = { [FILENAME_FIELD]: cfg.file };
    const stored = await this.context.offsetStorageReader.offset(this.#partition);
    this.#follower = new FileFollower(cfg.file, storedPosition(stored), (m) => this.warn(m));
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#stopping.signal.aborted || this.#follower === null) return null;
    const p = this.#poll(this.#follower);
    this.#polling = p;
    try {
      return await p;
    } finally {
      this.#polling = null;
    }
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#polling?.catch(() => {});
    await this.#follower?.close();
    this.#follower = null;
  }

  /** Where warnings go (a missing, truncated or rotated file). The runtime/api has no logger yet. */
  protected warn(message: string): void {
    console.warn(`FileStreamSourceTask: ${message}`);
  }

  /** The stream read when no file is configured; tests substitute their own. */
  protected stdin(): Readable {
    return process.stdin;
  }

  async #poll(follower: Follower): Promise<SourceRecord[] | null> {
    const signal = this.#stopping.signal;
    const deadline = Date.now() + IDLE_POLL_MS;
    while (!signal.aborted) {
      const lines = await follower.read(this.#batchSize);
      if (lines.length > 0) return lines.map((l) => this.#record(l));
      const left = deadline - Date.now();
      if (left <= 0) break;
      await wait(Math.min(POLL_CHECK_MS, left), signal);
    }
    return null;
  }

  #record(line: Line): SourceRecord {
    const offset = this.#partition === null ? null : { [POSITION_FIELD]: line.end };
    return sourceRecord(this.#partition, offset, this.#topic, Schema.STRING_SCHEMA, line.text);
  }
}

/** The byte position in a stored offset: 0 when none; ConnectException when it is malformed. */
export function storedPosition(offset: SourceOffset | null): number {
  if (offset === null) return 0;
  const p = offset[POSITION_FIELD];
  if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) {
    throw new ConnectException(`The stored offset ${JSON.stringify(offset)} has no valid '${POSITION_FIELD}' (a non-negative integer byte offset)`);
  }
  return p;
}
