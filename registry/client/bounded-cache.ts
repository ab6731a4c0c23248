/**
 * A size-bounded map that forgets the least recently used entry when full. The client and the
 * serde keep everything they learn from the registry in these (ids and versions never change
 * meaning, so entries need no expiry); the bound only keeps a process that sees unboundedly many
 * schemas from growing without limit.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  /** The key at the young end of `map` (undefined when unknown). */
  private youngest: K | undefined = undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`cache capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, marked as most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting moves the key to the young end (unless it is there
    // already: a steady stream asks for the same key again and again).
    if (key !== this.youngest) {
      this.map.delete(key);
      this.map.set(key, value);
      this.youngest = key;
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.youngest = key;
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    if (key === this.youngest) this.youngest = undefined;
    this.map.delete(key);
  }

  clear(): void {
    this.youngest = undefined;
    this.map.clear();
  }
}
