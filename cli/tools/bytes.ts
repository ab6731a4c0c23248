/** Byte counts for people: decimal units (1 KB = 1000 bytes), one decimal from KB up. */

const UNITS = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** `0 B`, `999 B`, `1.0 KB`, `1.2 MB`, ... */
export function humanBytes(bytes: number | bigint): string {
  const n = Number(bytes);
  if (n < 1000) return `${n} B`;
  let value = n;
  for (const unit of UNITS) {
    value /= 1000;
    // 999.96 KB would print as 1000.0 KB: carry it to the next unit instead.
    if (Math.round(value * 10) < 10_000 || unit === UNITS[UNITS.length - 1]) return `${value.toFixed(1)} ${unit}`;
  }
  throw new Error('unreachable');
}
