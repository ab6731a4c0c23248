// Sparse offset index of one segment (<base>.index): entries of relative offset int32 +
// file position int32 (big-endian, 8 bytes). As in Kafka, an entry maps the LAST offset of a
// batch to the file position where that batch starts; one entry roughly every
// index.interval.bytes of log. Lookups binary-search the in-memory copy.
import { IndexFile, growInt32, INT32_MAX } from './index-file.js';

export interface OffsetPosition {
  offset: number;
  position: number;
}

export class OffsetIndex extends IndexFile {
  static readonly ENTRY_SIZE = 8;
  private rel: Int32Array = new Int32Array(0);
  private pos: Int32Array = new Int32Array(0);
  private n = 0;

  constructor(path: string, baseOffset: number) {
    super(path, baseOffset, OffsetIndex.ENTRY_SIZE);
  }

  get entryCount(): number {
    return this.n;
  }

  entry(i: number): OffsetPosition {
    return { offset: this.baseOffset + this.rel[i], position: this.pos[i] };
  }

  lastEntry(): OffsetPosition | null {
    return this.n === 0 ? null : this.entry(this.n - 1);
  }

  /** Decodes the file's last entry without loading the index (null if empty/missing). */
  readLastEntryFromFile(): OffsetPosition | null {
    const b = this.readLastEntryBytes();
    return b === null ? null : { offset: this.baseOffset + b.readInt32BE(0), position: b.readInt32BE(4) };
  }

  /** Adds an entry; offsets and positions must be strictly increasing. */
  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset;
    if (rel < 0 || rel > INT32_MAX) throw new RangeError(`offset ${offset} is not representable relative to ${this.baseOffset}`);
    if (this.n > 0 && (rel <= this.rel[this.n - 1] || position <= this.pos[this.n - 1])) {
      throw new RangeError(`offset index entry (${offset}, ${position}) is not after the last entry ${JSON.stringify(this.lastEntry())}`);
    }
    this.rel = growInt32(this.rel, this.n + 1);
    this.pos = growInt32(this.pos, this.n + 1);
    this.rel[this.n] = rel;
    this.pos[this.n] = position;
    this.n++;
    this.persist(this.n - 1);
  }

  /**
   * Position of the batch to start scanning from for `offset`: that of the largest entry whose
   * offset is <= `offset`, or 0 when there is none.
   */
  lookup(offset: number): number {
    const target = offset - this.baseOffset;
    let lo = 0;
    let hi = this.n - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rel[mid] <= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : this.pos[found];
  }

  protected parse(bytes: Buffer): string | null {
    const n = bytes.length / OffsetIndex.ENTRY_SIZE;
    const rel = new Int32Array(n);
    const pos = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      rel[i] = bytes.readInt32BE(i * 8);
      pos[i] = bytes.readInt32BE(i * 8 + 4);
      if (rel[i] < 0 || pos[i] < 0) return `entry ${i} is negative (${rel[i]}, ${pos[i]})`;
      if (i > 0 && (rel[i] <= rel[i - 1] || pos[i] <= pos[i - 1])) {
        return `entry ${i} (${rel[i]}, ${pos[i]}) is not after entry ${i - 1} (${rel[i - 1]}, ${pos[i - 1]})`;
      }
    }
    this.rel = rel;
    this.pos = pos;
    this.n = n;
    return null;
  }

  protected encode(i: number, out: Buffer, at: number): void {
    out.writeInt32BE(this.rel[i], at);
    out.writeInt32BE(this.pos[i], at + 4);
  }

  protected clearEntries(): void {
    this.rel = new Int32Array(0);
    this.pos = new Int32Array(0);
    this.n = 0;
  }
}
