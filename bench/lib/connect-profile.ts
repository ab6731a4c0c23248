/**
 * Where a Connect worker's CPU time goes, from its V8 CPU profile (`node --cpu-prof`): self time
 * grouped by the part of the pipeline the code belongs to (datagen, Avro, Kafka client, worker
 * loop, file sink, ...), then the hottest functions.
 */
import { fixed, ms, sig, table } from './format.js';
import type { CpuProfile, HotSpot } from './cpu-profile.js';
import { summarize } from './cpu-profile.js';

/** Areas of the code, tried in order against "where" (a source path relative to the project, or a URL). */
const AREAS: ReadonlyArray<readonly [string, RegExp]> = [
  ['datagen: generate records (connectors/datagen)', /^connectors\/datagen\//],
  ['file sink: lines + write (connectors/file)', /^connectors\/file\//],
  ['Avro converter (runtime/converters)', /^runtime\/converters\//],
  ['Avro encode/decode (avsc)', /node_modules\/avsc\//],
  ['registry client (registry/client)', /^registry\/client\//],
  ['Kafka client (@platformatic/kafka)', /node_modules\/@platformatic\/kafka\//],
  ['CRC / compression natives', /node_modules\/(@node-rs|snappy|lz4-napi|@bokuweb)\//],
  ['transforms (runtime/transforms)', /^runtime\/transforms\//],
  ['Connect data: Struct, Schema, records (runtime/api)', /^runtime\/api\//],
  ['worker: task loops, offsets, errors (runtime/worker)', /^runtime\/worker\//],
  ['metrics (runtime/metrics)', /^runtime\/metrics\//],
  ['REST API (runtime/rest, express)', /^runtime\/rest\/|node_modules\/(express|router|body-parser)\//],
  ['other dependencies', /node_modules\//],
  ['Node.js internals (streams, net, fs, buffers)', /^node:/],
];

function areaOf(h: HotSpot): string {
  if (h.name === '(garbage collector)') return 'garbage collector';
  if (h.name === '(program)') return '(program: V8/native, not JavaScript)';
  for (const [name, re] of AREAS) if (re.test(h.where)) return name;
  if (h.where === '') return `native / builtins`;
  return 'other';
}

export interface AreaTime { area: string; selfMs: number }

/** Busy time in the window and self time per area, largest first. */
export function areas(p: CpuProfile, root: string, fromUs: number, toUs: number): { busyMs: number; idleMs: number; byArea: AreaTime[]; top: HotSpot[] } {
  const s = summarize(p, root, fromUs, toUs);
  const by = new Map<string, number>();
  for (const h of s.bySelf) by.set(areaOf(h), (by.get(areaOf(h)) ?? 0) + h.selfMs);
  const byArea = [...by].map(([area, selfMs]) => ({ area, selfMs })).filter((a) => a.selfMs > 0).sort((a, b) => b.selfMs - a.selfMs);
  return { busyMs: s.busyMs, idleMs: s.idleMs, byArea, top: s.bySelf };
}

/** Prints the areas (with µs per record) and the `top` hottest functions of one worker's profile. */
export function printWorkerProfile(title: string, p: CpuProfile, root: string, fromUs: number, toUs: number, records: number, top: number): void {
  const a = areas(p, root, fromUs, toUs);
  const total = a.busyMs + a.idleMs;
  if (total < 1) {
    console.log(`\n  ${title}: no samples in the window`);
    return;
  }
  console.log(`\n  ${title}: JavaScript thread busy ${ms(a.busyMs / 1000)} of ${ms(total / 1000)} sampled (${fixed((100 * a.busyMs) / total, 0)}%)`);
  const perRecord = (v: number): string => `${fixed((v * 1000) / records, 2)} µs`;
  console.log(table(['%busy', 'self', 'per record', 'area'], a.byArea.map((x) => [fixed((100 * x.selfMs) / a.busyMs, 1) + '%', `${sig(x.selfMs)} ms`, perRecord(x.selfMs), x.area]), '    '));
  console.log('    hottest functions (self time):');
  console.log(table(['%busy', 'self', 'function', 'where'], a.top.slice(0, top).map((h) => [
    fixed((100 * h.selfMs) / a.busyMs, 1) + '%', `${sig(h.selfMs)} ms`, h.name.slice(0, 40), h.where.replace(/^.*node_modules\//, ''),
  ]), '    '));
}
