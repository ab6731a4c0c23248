/**
 * Splits bytes read from a file into complete lines, remembering where each line ends.
 *
 * Terminators are `\n`, `\r\n` and a lone `\r`. A line is complete only once its terminator has
 * been seen: bytes after the last terminator stay pending until more data arrives, and a `\r` that
 * is the last byte read stays pending too (it may be the first half of `\r\n`). Lines are cut on
 * bytes, so a multi-byte UTF-8 character is never split (0x0A and 0x0D never occur inside one),
 * and each complete line is decoded as UTF-8 on its own.
 */

export interface Line {
  readonly text: string;
  /** Absolute byte offset just after this line's terminator: where the next line starts. */
  readonly end: number;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  #pending: Buffer = Buffer.alloc(0);
  /** Absolute byte offset of the first pending byte (the start of the next line). */
  #start: number;

  constructor(start = 0) {
    this.#start = start;
  }

  /** Where the next complete line will start: the offset to store once every line before it is acknowledged. */
  get position(): number {
    return this.#start;
  }

  /** Absolute offset of the next byte to read from the file (after every pending byte). */
  get readPosition(): number {
    return this.#start + this.#pending.length;
  }

  /** Bytes read but not yet part of a complete line. */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  /** Appends bytes read at readPosition. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#pending = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
  }

  /** Takes up to `max` complete lines off the front of the pending bytes. */
  take(max: number): Line[] {
    const out: Line[] = [];
    const buf = this.#pending;
    let from = 0;
    let i = 0;
    while (out.length < max && i < buf.length) {
      const b = buf[i]!;
      if (b !== LF && b !== CR) {
        i++;
        continue;
      }
      let next = i + 1;
      if (b === CR) {
        if (next >= buf.length) break; // cannot tell "\r" from "\r\n" yet
        if (buf[next] === LF) next++;
      }
      out.push({ text: buf.toString('utf8', from, i), end: this.#start + next });
      from = next;
      i = next;
    }
    if (from > 0) {
      this.#pending = buf.subarray(from);
      this.#start += from;
    }
    return out;
  }

  /** Drops everything pending and starts again at `start` (after truncation or rotation). */
  reset(start = 0): void {
    this.#pending = Buffer.alloc(0);
    this.#start = start;
  }
}
