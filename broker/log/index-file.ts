// Common file handling of the two sparse per-segment indexes (.index and .timeindex).
// Entries live in memory (typed arrays, in the subclasses) for lookups; new entries are
// appended to the file with positional synchronous writes while the file is open for append.
import * as fs from 'node:fs';

export const INT32_MAX = 2147483647;

export function growInt32(a: Int32Array, min: number): Int32Array {
  if (a.length >= min) return a;
  const b = new Int32Array(Math.max(min, a.length * 2, 16));
  b.set(a);
  return b;
}

export function growFloat64(a: Float64Array, min: number): Float64Array {
  if (a.length >= min) return a;
  const b = new Float64Array(Math.max(min, a.length * 2, 16));
  b.set(a);
  return b;
}

export abstract class IndexFile {
  protected fd: number | null = null;
  /** Whether the in-memory entries reflect the file (indexes of closed segments load lazily). */
  loaded = false;

  constructor(readonly path: string, readonly baseOffset: number, readonly entrySize: number) {}

  abstract get entryCount(): number;
  /** Replaces the in-memory entries with the file's; returns why the file is unusable, or null. */
  protected abstract parse(bytes: Buffer): string | null;
  /** Encodes entry `i` into `out` at `at`. */
  protected abstract encode(i: number, out: Buffer, at: number): void;
  /** Drops all in-memory entries. */
  protected abstract clearEntries(): void;

  /** Size of the file in bytes, or -1 if it does not exist. */
  fileSize(): number {
    try {
      return fs.statSync(this.path).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return -1;
      throw e;
    }
  }

  /** Cheap structural check without loading: existence and size. Returns a reason or null. */
  checkFileShape(): string | null {
    const size = this.fileSize();
    if (size < 0) return `${this.path} is missing`;
    if (size % this.entrySize !== 0) return `${this.path} has size ${size}, not a multiple of ${this.entrySize}`;
    return null;
  }

  /** Reads the last entry's bytes from the file (null if the file is empty or missing). */
  readLastEntryBytes(): Buffer | null {
    const size = this.fileSize();
    if (size < this.entrySize) return null;
    const buf = Buffer.alloc(this.entrySize);
    const fd = fs.openSync(this.path, 'r');
    try {
      fs.readSync(fd, buf, 0, this.entrySize, size - (size % this.entrySize) - this.entrySize);
    } finally {
      fs.closeSync(fd);
    }
    return buf;
  }

  /** Loads the whole file into memory. Returns a reason if it is unusable (entries then empty). */
  load(): string | null {
    const shape = this.checkFileShape();
    if (shape !== null) {
      this.clearEntries();
      return shape;
    }
    const reason = this.parse(fs.readFileSync(this.path));
    if (reason !== null) {
      this.clearEntries();
      return `${this.path}: ${reason}`;
    }
    this.loaded = true;
    return null;
  }

  /** Starts with no entries (in memory); the file is rewritten by writeFile(). */
  reset(): void {
    this.clearEntries();
    this.loaded = true;
  }

  /** Writes all in-memory entries to the file, replacing it. */
  writeFile(): void {
    const n = this.entryCount;
    const buf = Buffer.allocUnsafe(n * this.entrySize);
    for (let i = 0; i < n; i++) this.encode(i, buf, i * this.entrySize);
    if (this.fd !== null) {
      fs.ftruncateSync(this.fd, 0);
      if (buf.length > 0) fs.writeSync(this.fd, buf, 0, buf.length, 0);
    } else {
      fs.writeFileSync(this.path, buf);
    }
  }

  openForAppend(): void {
    if (this.fd === null) this.fd = fs.openSync(this.path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
  }

  /** Writes the newest in-memory entry (index `i`) to the file if it is open for append. */
  protected persist(i: number): void {
    if (this.fd === null) return;
    const buf = Buffer.allocUnsafe(this.entrySize);
    this.encode(i, buf, 0);
    fs.writeSync(this.fd, buf, 0, this.entrySize, i * this.entrySize);
  }

  sync(): void {
    if (this.fd !== null) fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  deleteFile(): void {
    this.close();
    fs.rmSync(this.path, { force: true });
  }
}
