// Sparse time index of one segment (<base>.timeindex): entries of timestamp int64 + relative
// offset int32 (big-endian, 12 bytes). An entry (T, O) says: the largest batch maxTimestamp
// among the batches up to offset O is T, and O is the last offset of the first batch that
// reached T. Entries are added at index-interval points when the largest timestamp grew, and
// once more when the segment is rolled, so the last entry carries the segment's max timestamp.
import { IndexFile, growFloat64, growInt32, INT32_MAX } from './index-file.js';
import { readInt64, writeInt64 } from './record-batch.js';

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

export class TimeIndex extends IndexFile {
  static readonly ENTRY_SIZE = 12;
  private ts: Float64Array = new Float64Array(0);
  private rel: Int32Array = new Int32Array(0);
  private n = 0;

  constructor(path: string, baseOffset: number) {
    super(path, baseOffset, TimeIndex.ENTRY_SIZE);
  }

  get entryCount(): number {
    return this.n;
  }

  entry(i: number): TimestampOffset {
    return { timestamp: this.ts[i], offset: this.baseOffset + this.rel[i] };
  }

  lastEntry(): TimestampOffset | null {
    return this.n === 0 ? null : this.entry(this.n - 1);
  }

  /** Decodes the file's last entry without loading the index (null if empty/missing). */
  readLastEntryFromFile(): TimestampOffset | null {
    const b = this.readLastEntryBytes();
    return b === null ? null : { timestamp: readInt64(b, 0), offset: this.baseOffset + b.readInt32BE(8) };
  }

  /** Adds (timestamp, offset) if the timestamp is larger than the last entry's (and >= 0). */
  maybeAppend(timestamp: number, offset: number): boolean {
    const lastTs = this.n === 0 ? -1 : this.ts[this.n - 1];
    if (timestamp <= lastTs) return false;
    const rel = offset - this.baseOffset;
    if (rel < 0 || rel > INT32_MAX) throw new RangeError(`offset ${offset} is not representable relative to ${this.baseOffset}`);
    if (this.n > 0 && rel < this.rel[this.n - 1]) {
      throw new RangeError(`time index entry (${timestamp}, ${offset}) goes back from offset ${this.baseOffset + this.rel[this.n - 1]}`);
    }
    this.ts = growFloat64(this.ts, this.n + 1);
    this.rel = growInt32(this.rel, this.n + 1);
    this.ts[this.n] = timestamp;
    this.rel[this.n] = rel;
    this.n++;
    this.persist(this.n - 1);
    return true;
  }

  /**
   * The entry with the largest timestamp <= `timestamp`; when there is none, (-1, baseOffset).
   * Every batch before the returned offset's batch has maxTimestamp < `timestamp`.
   */
  lookup(timestamp: number): TimestampOffset {
    let lo = 0;
    let hi = this.n - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid] <= timestamp) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? { timestamp: -1, offset: this.baseOffset } : this.entry(found);
  }

  protected parse(bytes: Buffer): string | null {
    const n = bytes.length / TimeIndex.ENTRY_SIZE;
    const ts = new Float64Array(n);
    const rel = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      ts[i] = readInt64(bytes, i * 12);
      rel[i] = bytes.readInt32BE(i * 12 + 8);
      if (ts[i] < 0 || rel[i] < 0) return `entry ${i} is negative (${ts[i]}, ${rel[i]})`;
      if (i > 0 && (ts[i] <= ts[i - 1] || rel[i] < rel[i - 1])) {
        return `entry ${i} (${ts[i]}, ${rel[i]}) is not after entry ${i - 1} (${ts[i - 1]}, ${rel[i - 1]})`;
      }
    }
    this.ts = ts;
    this.rel = rel;
    this.n = n;
    return null;
  }

  protected encode(i: number, out: Buffer, at: number): void {
    writeInt64(out, at, this.ts[i]);
    out.writeInt32BE(this.rel[i], at + 8);
  }

  protected clearEntries(): void {
    this.ts = new Float64Array(0);
    this.rel = new Int32Array(0);
    this.n = 0;
  }
}
