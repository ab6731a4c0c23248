/**
 * Reads lines from a byte stream (standard input, when no `file` is configured). A stream has no
 * position to resume from, so its records carry no source offsets, as in Kafka. When the stream
 * ends, an unterminated last line is complete and is returned too. The stream is paused while
 * more than PAUSE_BYTES of complete lines are buffered, so a fast producer cannot fill the memory.
 */
import type { Readable } from 'node:stream';
import { LineSplitter, type Line } from './line-splitter.js';

const PAUSE_BYTES = 1024 * 1024;

export class StreamFollower {
  readonly #stream: Readable;
  readonly #splitter = new LineSplitter();
  readonly #onData = (chunk: Buffer | string): void => {
    this.#splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (this.#splitter.pendingBytes > PAUSE_BYTES) this.#stream.pause();
  };
  readonly #onEnd = (): void => {
    if (this.#splitter.pendingBytes > 0) this.#splitter.push(Buffer.from('\n'));
  };

  constructor(stream: Readable) {
    this.#stream = stream;
    stream.on('data', this.#onData);
    stream.once('end', this.#onEnd);
  }

  /** Up to `max` complete lines buffered now, possibly none. */
  async read(max: number): Promise<Line[]> {
    const lines = this.#splitter.take(max);
    // Resume when drained enough, or when one line alone is longer than the limit.
    if (this.#stream.isPaused() && (this.#splitter.pendingBytes <= PAUSE_BYTES || lines.length === 0)) this.#stream.resume();
    return lines;
  }

  /** Stops listening; the stream itself (e.g. process.stdin) is not closed. */
  async close(): Promise<void> {
    this.#stream.off('data', this.#onData);
    this.#stream.off('end', this.#onEnd);
    this.#stream.pause();
  }
}
