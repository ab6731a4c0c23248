/**
 * Appends each record's value as one line to a file (or standard output).
 *
 * Durability contract: put() has written every value to the file (the OS's cache) before it
 * resolves; flush() fsyncs. The inherited preCommit() is flush() then "all offsets put so far",
 * so the runtime commits consumer offsets only for records that are on disk. After a crash,
 * records after the last commit are put again: lines may repeat, none is lost.
 *
 * Line text is the value's string form, as Kafka's sink prints `value.toString()`: strings as
 * they are, a Struct as `Struct{field=value,…}`, null as `null`; schemaless maps, arrays and
 * plain objects (which have no useful toString in JS) as JSON; bytes decoded as UTF-8.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import {
  BigDecimal,
  ConnectException,
  SinkTask,
  Struct,
  type ConnectorProps,
  type PartitionOffset,
  type SinkRecord,
} from '../../runtime/api/index.js';
import { SINK_CONFIG_DEF } from './config.js';
import { VERSION } from './version.js';

interface Output {
  write(data: Buffer): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export class FileStreamSinkTask extends SinkTask {
  #out: Output | null = null;

  version(): string {
    return VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const file = SINK_CONFIG_DEF.parse(props).file;
    if (file === null || file === '') {
      this.#out = stdoutOutput();
      return;
    }
    try {
      this.#out = fileOutput(await open(file, 'a'));
    } catch (e) {
      throw new ConnectException(`Cannot open ${file} for appending: ${(e as Error).message}`, { cause: e });
    }
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (this.#out === null) throw new ConnectException('FileStreamSinkTask.put() called before start() or after stop()');
    await this.#out.write(Buffer.from(records.map((r) => `${lineText(r.value)}\n`).join(''), 'utf8'));
  }

  /** Makes every line written so far durable (fsync). */
  override async flush(_currentOffsets: readonly PartitionOffset[]): Promise<void> {
    await this.#out?.sync();
  }

  async stop(): Promise<void> {
    const out = this.#out;
    this.#out = null;
    await out?.close();
  }
}

/** The text of one value, without the newline. */
export function lineText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (value instanceof Struct || value instanceof BigDecimal) return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value, jsonReplacer);
  return String(value);
}

function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), x]));
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (v instanceof Struct) return Object.fromEntries(v.schema.fields.map((f) => [f.name, v.get(f)]));
  return v;
}

function fileOutput(handle: FileHandle): Output {
  return {
    async write(data) {
      // A file opened for appending: each write lands at the end; loop over short writes.
      for (let off = 0; off < data.length; ) off += (await handle.write(data, off, data.length - off)).bytesWritten;
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}

function stdoutOutput(): Output {
  return {
    write: (data) => new Promise((resolve, reject) => process.stdout.write(data, (err) => (err ? reject(err) : resolve()))),
    sync: async () => {},
    close: async () => {},
  };
}
