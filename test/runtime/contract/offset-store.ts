/**
 * An in-memory source offset store behaving as the runtime's: an offset becomes readable through
 * `offset()/offsets()` only once the record it belongs to was acknowledged (`acknowledge`) and the
 * store was flushed (`flush`), like `connect-offsets` after an offset commit. Partitions are keyed
 * by their JSON with sorted keys, so key order does not matter.
 */
import type { OffsetStorageReader, SourceOffset, SourcePartition, SourceRecord } from '../../../runtime/api/index.js';

export function partitionKey(p: SourcePartition): string {
  return JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
}

export class MemoryOffsetStore implements OffsetStorageReader {
  readonly #committed = new Map<string, SourceOffset>();
  readonly #pending = new Map<string, SourceOffset>();

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return this.#committed.get(partitionKey(partition)) ?? null;
  }

  async offsets(partitions: readonly SourcePartition[]): Promise<Array<SourceOffset | null>> {
    return Promise.all(partitions.map((p) => this.offset(p)));
  }

  /** Kafka acknowledged this record: its offset is the latest for its partition (not yet readable). */
  acknowledge(record: SourceRecord): void {
    if (record.sourcePartition === null || record.sourceOffset === null) return;
    this.#pending.set(partitionKey(record.sourcePartition), record.sourceOffset);
  }

  /** The offset commit: acknowledged offsets become readable. */
  flush(): void {
    for (const [k, v] of this.#pending) this.#committed.set(k, v);
    this.#pending.clear();
  }

  /** Writes an offset directly (as the REST offsets API would). */
  set(partition: SourcePartition, offset: SourceOffset): void {
    this.#committed.set(partitionKey(partition), offset);
  }
}
