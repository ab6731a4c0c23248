/**
 * A bounded map that forgets the least recently used entry first (Kafka's LRUCache, as the
 * converters use it for `schemas.cache.size` / `schemas.cache.config`). Keys compare as a JS Map
 * compares them: by identity for objects (a Connect Schema instance), by value for strings.
 *
 * It is registry/client's BoundedCache, except for the capacity: those settings take any INT, and
 * a capacity of 0 or less caches nothing (as in Kafka) where BoundedCache refuses it.
 */
import { BoundedCache } from '../../registry/client/bounded-cache.js';

export class LruCache<K, V> extends BoundedCache<K, V> {
  readonly #enabled: boolean;

  constructor(capacity: number) {
    super(Math.max(1, capacity));
    this.#enabled = capacity > 0;
  }

  override set(key: K, value: V): void {
    if (this.#enabled) super.set(key, value);
  }
}
