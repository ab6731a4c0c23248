/**
 * Reproducible randomness. Every generated record draws from its own small generator seeded by
 * (random.seed, record index), so record n is the same whichever task makes it, however many
 * tasks there are and however often a task restarts: a resumed task needs no replay to continue
 * the sequence. The generator is mulberry32 (32-bit state, fast, statistically fine for test
 * data; not for anything secret).
 */

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Low and high 32 bits of an integer-valued number (two's complement for negatives). */
function words(n: number): [number, number] {
  return [n >>> 0, Math.floor(n / 2 ** 32) >>> 0];
}

/** The 32-bit seed of record `index` of the sequence named by `seed`. */
export function recordSeed(seed: number, index: number): number {
  const [sLo, sHi] = words(seed);
  const [iLo, iHi] = words(index);
  let h = mix32(sLo ^ 0x9e3779b9);
  h = mix32(h ^ sHi);
  h = mix32(h ^ iLo ^ 0x632be5ab);
  return mix32(h ^ iHi);
}

export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed | 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** `n` random lower-case ASCII letters. */
  letters(n: number): string {
    const bytes = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) bytes[i] = 97 + Math.floor(this.next() * 26);
    return bytes.toString('latin1');
  }
}
