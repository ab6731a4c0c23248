/**
 * Follows one file by path, as `tail -F` does, yielding complete lines with their end offsets.
 *
 * Contract:
 *  - A file that does not exist yet is waited for (one warning), then read from the start (or
 *    from the resume position).
 *  - Truncation: when the file is shorter than what was already read (`copytruncate`, or a
 *    stored offset beyond the end on restart), reading restarts at 0 with a warning.
 *  - Rotation: once the open file is read to its end and the path names another file (another
 *    inode), the new file is read from 0 with a warning. An unterminated last line of the old file
 *    is dropped (its writer moved on) and the warning says how many bytes that was.
 *  - Only complete lines are returned; a partial last line waits for its newline.
 * Limits: truncation is noticed only while the file is shorter than what was read (a file cut and
 * refilled past that point between two checks looks like appended data), and rotation only while
 * the task runs (offsets hold just the position).
 * Not safe for concurrent calls: the owner serialises read() and close().
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LineSplitter, type Line } from './line-splitter.js';

const CHUNK_BYTES = 64 * 1024;

export type Warn = (message: string) => void;

export class FileFollower {
  readonly #path: string;
  readonly #warn: Warn;
  #handle: FileHandle | null = null;
  #ino = 0;
  #dev = 0;
  /** Where to start when the file is (re)opened: the resume position, then 0 after a rotation. */
  #openAt: number;
  #splitter = new LineSplitter();
  #warnedMissing = false;

  constructor(path: string, position: number, warn: Warn) {
    this.#path = path;
    this.#openAt = position;
    this.#warn = warn;
  }

  /** The start of the next unread line: the offset a record's position refers to. */
  get position(): number {
    return this.#handle === null ? this.#openAt : this.#splitter.position;
  }

  /**
   * Up to `max` complete lines that are available now, possibly none. Never waits for data to be
   * written; waits only for the file system.
   */
  async read(max: number): Promise<Line[]> {
    if (this.#handle === null && !(await this.#open())) return [];
    let lines = this.#splitter.take(max);
    while (lines.length < max) {
      const n = await this.#readChunk();
      if (n === 0) {
        if (lines.length === 0 && (await this.#checkTruncatedOrRotated())) return this.read(max);
        break;
      }
      lines = lines.concat(this.#splitter.take(max - lines.length));
    }
    return lines;
  }

  async close(): Promise<void> {
    const h = this.#handle;
    this.#handle = null;
    await h?.close();
  }

  async #open(): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(this.#path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (!this.#warnedMissing) this.#warn(`File ${this.#path} does not exist yet; waiting for it to be created`);
      this.#warnedMissing = true;
      return false;
    }
    this.#warnedMissing = false;
    const st = await handle.stat();
    let at = this.#openAt;
    if (at > st.size) {
      this.#warn(`File ${this.#path} is shorter (${st.size} bytes) than the resume position ${at}: it was truncated or replaced; reading it from the start`);
      at = 0;
    }
    this.#handle = handle;
    this.#ino = st.ino;
    this.#dev = st.dev;
    this.#splitter.reset(at);
    return true;
  }

  async #readChunk(): Promise<number> {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await this.#handle!.read(buf, 0, CHUNK_BYTES, this.#splitter.readPosition);
    this.#splitter.push(buf.subarray(0, bytesRead));
    return bytesRead;
  }

  /** At the end of the open file: true when reading must start over (truncated, or a new file). */
  async #checkTruncatedOrRotated(): Promise<boolean> {
    const size = (await this.#handle!.stat()).size;
    if (size < this.#splitter.readPosition) {
      this.#warn(`File ${this.#path} was truncated (now ${size} bytes, ${this.#splitter.readPosition} already read); reading it from the start`);
      this.#splitter.reset(0);
      return true;
    }
    let st;
    try {
      st = await stat(this.#path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // moved away, not yet recreated: keep the old one
      throw e;
    }
    if (st.ino === this.#ino && st.dev === this.#dev) return false;
    const dropped = this.#splitter.pendingBytes;
    this.#warn(`File ${this.#path} was rotated (replaced by a new file); reading the new file from the start${dropped > 0 ? `, dropping an unterminated last line of ${dropped} bytes` : ''}`);
    await this.close();
    this.#openAt = 0;
    return true;
  }
}
