/** Small statistics and formatting helpers for the benchmark output. */
import { cpus } from 'node:os';

/** The q-quantile (0..1) of `sorted` (ascending), nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** 1234567 -> "1,234,567" */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fixed(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

/** Three significant digits, no exponent: 0.0123 -> "0.0123", 12.345 -> "12.3", 1234.5 -> "1,235". */
export function sig(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  const a = Math.abs(n);
  if (a >= 1000) return int(n);
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  if (a === 0) return '0';
  return n.toPrecision(3);
}

export function ms(seconds: number): string {
  return `${sig(seconds * 1000)} ms`;
}

/** Decimal megabytes, as throughput figures usually are. */
export function mb(bytes: number): string {
  return `${fixed(bytes / 1e6, 1)} MB`;
}

export function mib(bytes: number): string {
  return `${fixed(bytes / 1048576, 1)} MiB`;
}

/** Right-aligned table with a header row. */
export function table(header: string[], rows: string[][], indent = '  '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => indent + cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export function seconds(startNs: bigint, endNs: bigint = process.hrtime.bigint()): number {
  return Number(endNs - startNs) / 1e9;
}

/** The machine line every benchmark prints under its title: Node version, platform, CPUs. */
export function machineLine(): string {
  const cpu = cpus();
  return `  node ${process.version}, ${process.platform} ${process.arch}, ${cpu.length} CPUs (${cpu[0]?.model ?? '?'})`;
}
