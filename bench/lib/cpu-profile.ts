/**
 * Summary of a V8 CPU profile (`node --cpu-prof`): self and inclusive time per function,
 * optionally only for samples inside a time window, with positions mapped back to the
 * TypeScript sources through the build's source maps.
 *
 * Profile timestamps are V8 monotonic microseconds; on Linux that is the same clock as
 * `process.hrtime` (CLOCK_MONOTONIC), so windows measured in the benchmark process apply to the
 * broker child's profile.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export interface HotSpot {
  name: string;
  /** file:line (TypeScript source when a source map says so). */
  where: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  /** Sampled time in the window that was not idle. */
  busyMs: number;
  idleMs: number;
  bySelf: HotSpot[];
  byTotal: HotSpot[];
}

export function loadProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(file: string): SourceMap | null {
  let m = maps.get(file);
  if (m === undefined) {
    try {
      m = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      m = null;
    }
    maps.set(file, m);
  }
  return m;
}

function locate(cf: CallFrame, root: string): string {
  if (!cf.url) return '';
  if (!cf.url.startsWith('file://')) return `${cf.url}:${cf.lineNumber + 1}`;
  const file = fileURLToPath(cf.url);
  const map = sourceMapFor(file);
  if (map) {
    const e = map.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number };
    if (e.originalSource) {
      const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : e.originalSource;
      const abs = src.startsWith('/') ? src : new URL(src, `file://${file}`).pathname;
      return `${relative(root, abs)}:${(e.originalLine ?? 0) + 1}`;
    }
  }
  const rel = relative(root, file);
  return `${rel.startsWith('..') ? file : rel}:${cf.lineNumber + 1}`;
}

/**
 * Self / inclusive time per function (keyed by name and position) for the samples taken between
 * `fromUs` and `toUs` (profile clock); `root` shortens file names.
 */
export function summarize(p: CpuProfile, root: string, fromUs = -Infinity, toUs = Infinity): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const keyOf = new Map<number, string>();
  const info = new Map<string, HotSpot>();
  const key = (id: number): string => {
    let k = keyOf.get(id);
    if (k === undefined) {
      const cf = byId.get(id)!.callFrame;
      const name = cf.functionName || '(anonymous)';
      const where = locate(cf, root);
      k = `${name}\u0000${where}`;
      keyOf.set(id, k);
      if (!info.has(k)) info.set(k, { name, where, selfMs: 0, totalMs: 0 });
    }
    return k;
  };
  let t = p.startTime;
  let busy = 0;
  let idle = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    // A sample stands for the interval up to the next one.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (t < fromUs || t > toUs) continue;
    const id = p.samples[i]!;
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    info.get(key(id))!.selfMs += dt;
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const k = key(n);
      if (seen.has(k)) continue;
      seen.add(k);
      info.get(k)!.totalMs += dt;
    }
  }
  const all = [...info.values()].filter((h) => h.name !== '(root)');
  return {
    busyMs: busy,
    idleMs: idle,
    bySelf: [...all].sort((a, b) => b.selfMs - a.selfMs),
    byTotal: [...all].sort((a, b) => b.totalMs - a.totalMs),
  };
}
