/**
 * The cleaner's key -> latest offset map over the dirty section of a log (Kafka's
 * SkimpyOffsetMap). Kafka stores MD5 hashes in a fixed buffer; here keys are kept exactly (a
 * latin1 string is a 1:1 view of the key bytes), so there are no hash collisions to reason about,
 * and the memory the map may use is bounded by `log.cleaner.dedupe.buffer.size`: put() refuses a
 * new key once the estimate would pass it, and the cleaner then stops mapping at that point.
 */

/** Rough cost of one entry beyond the key's bytes: the Map slot, the string header, the number. */
const ENTRY_OVERHEAD_BYTES = 64;

export class OffsetMap {
  private readonly map = new Map<string, number>();
  private bytes = 0;
  /** Largest offset put so far (-1 when empty). */
  latestOffset = -1;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.map.size;
  }

  /** Estimated memory in use. */
  get usedBytes(): number {
    return this.bytes;
  }

  /**
   * Records that `key` was written at `offset` (offsets arrive in increasing order, so the last
   * put wins). Returns false, changing nothing, when a new key would exceed maxBytes.
   */
  put(key: Buffer, offset: number): boolean {
    const k = key.toString('latin1');
    if (!this.map.has(k)) {
      const cost = k.length + ENTRY_OVERHEAD_BYTES;
      if (this.bytes + cost > this.maxBytes) return false;
      this.bytes += cost;
    }
    this.map.set(k, offset);
    this.latestOffset = offset;
    return true;
  }

  /** The latest offset of `key` in the mapped section, or -1. */
  get(key: Buffer): number {
    return this.map.get(key.toString('latin1')) ?? -1;
  }
}
