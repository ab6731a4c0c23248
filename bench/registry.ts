/**
 * `npm run bench:registry [-- options]`: requests per second and latency of the schema
 * registry's hot REST calls, over HTTP with keep-alive connections and `--concurrency` requests
 * in flight (one per connection), against a registry running in a child process whose schemas
 * live in a broker child process. Run with --help for the options.
 *
 * Phases, in this order (the lookups first, while the store holds only the set-up schemas):
 *   lookup by id              GET  /schemas/ids/{id}
 *   lookup by subject+schema  POST /subjects/{subject}               (the schema in the body)
 *   register repeated         POST /subjects/{subject}/versions      (already registered: no write)
 *   register new              POST /subjects/{new subject}/versions  (a write to _schemas each)
 * Each phase first runs `--warmup-ms` without measuring. The set-up registers `--schemas`
 * record schemas of 10 fields, one subject each, with the library's own client.
 * `--profile` runs the registry under `node --cpu-prof` and prints its hot spots per phase.
 * Scratch data lives in a fresh directory under os.tmpdir() and is removed at the end.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SchemaRegistryClient } from '../registry/client/rest-client.js';
import { BrokerProcess } from './lib/broker-process.js';
import { intOption, onInterrupt, readOptions } from './lib/cli.js';
import { loadProfile, summarize } from './lib/cpu-profile.js';
import { fixed, int, machineLine, ms, quantile, table } from './lib/format.js';
import { runLoad, type HttpCall, type LoadResult } from './lib/registry-load.js';
import { RegistryProcess } from './lib/registry-process.js';

const TARGET_LOOKUP_BY_ID = 10_000;

const usage = `Usage: npm run bench:registry -- [options]

  --concurrency N    requests in flight, one per keep-alive connection (default 32)
  --duration-ms MS   measured time of each lookup and repeated-register phase (default 5000)
  --warmup-ms MS     unmeasured run before each phase (default 1000)
  --schemas N        schemas registered by the set-up, one subject each (default 100)
  --new N            registrations in the register-new phase, each a new subject (default 2000;
                     the phase also stops after --duration-ms)
  --profile          write a CPU profile of the registry child and print its hot spots per phase
  --profile-top N    functions listed per phase with --profile (default 12)
  --keep             keep the scratch directory
  -h, --help         this text`;

interface Options {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  schemas: number;
  newSchemas: number;
  profile: boolean;
  profileTop: number;
  keep: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      concurrency: { type: 'string' },
      'duration-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      schemas: { type: 'string' },
      new: { type: 'string' },
      profile: { type: 'boolean' },
      'profile-top': { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help === true) return null;
  return {
    concurrency: intOption('concurrency', v.concurrency, 32, 1),
    durationMs: intOption('duration-ms', v['duration-ms'], 5000, 100),
    warmupMs: intOption('warmup-ms', v['warmup-ms'], 1000, 0),
    schemas: intOption('schemas', v.schemas, 100, 1),
    newSchemas: intOption('new', v.new, 2000, 1),
    profile: v.profile === true,
    profileTop: intOption('profile-top', v['profile-top'], 12, 1),
    keep: v.keep === true,
  };
}

/** A record schema of 10 fields named after `name`. */
function benchSchema(name: string): string {
  const types = ['string', 'int', 'long', 'double', 'boolean'];
  return JSON.stringify({
    type: 'record', name, namespace: 'bench',
    fields: Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, type: types[i % types.length] })),
  });
}

interface Row { name: string; result: LoadResult; cpu: number; clientCpu: number; fromUs: number; toUs: number }

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

function rowCells(o: Options, { name, result, cpu, clientCpu }: Row): string[] {
  const l = result.latencies;
  return [
    name, int(result.requests), int(result.errors), String(o.concurrency), int(result.requests / result.seconds),
    ms(quantile(l, 0.5)), ms(quantile(l, 0.99)), ms(l[l.length - 1] ?? NaN),
    perRequest(cpu, result.requests), perRequest(clientCpu, result.requests),
  ];
}

const perRequest = (cpuSeconds: number, requests: number): string =>
  (Number.isFinite(cpuSeconds) ? `${fixed((cpuSeconds * 1e6) / Math.max(1, requests), 0)} µs` : 'n/a');

/** CPU seconds (user + system) of this process, the load generator. */
function selfCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function printProfile(dir: string, root: string, rows: readonly Row[], o: Options): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) {
    console.log('\nNo CPU profile was written by the registry.');
    return;
  }
  const profile = loadProfile(join(dir, file));
  console.log(`\nRegistry CPU profile (${join(dir, file)}${o.keep ? '' : ', deleted at exit: use --keep to keep it'}), self time per phase:`);
  for (const row of rows) {
    const s = summarize(profile, root, row.fromUs, row.toUs);
    console.log(`\n  ${row.name}: busy ${ms(s.busyMs / 1000)} of ${ms((s.busyMs + s.idleMs) / 1000)} sampled`);
    const cells = s.bySelf.slice(0, o.profileTop).map((h) => [fixed((100 * h.selfMs) / s.busyMs, 1) + '%', h.name.slice(0, 40), h.where]);
    console.log(table(['%busy', 'function', 'where'], cells, '    '));
  }
}

async function main(): Promise<number> {
  const o = readOptions(parseOptions, usage);
  if (typeof o === 'number') return o;
  const here = fileURLToPath(new URL('.', import.meta.url)); // build/bench/
  const scratch = mkdtempSync(join(tmpdir(), 'tributary-bench-registry-'));
  let broker: BrokerProcess | null = null;
  let registry: RegistryProcess | null = null;
  const cleanup = async (): Promise<void> => {
    await registry?.stop();
    await BrokerProcess.stopAll();
    if (!o.keep) rmSync(scratch, { recursive: true, force: true });
  };
  const stopListening = onInterrupt(cleanup);
  try {
      console.log('tributary schema registry benchmark');
    console.log(machineLine());
    broker = await BrokerProcess.start({ cliPath: resolve(here, '../cli/main.js'), dataDir: join(scratch, 'data') });
    const profileDir = join(scratch, 'profile');
    registry = await RegistryProcess.start(resolve(here, 'lib/registry-child.js'), broker.bootstrap, o.profile ? { cpuProfileDir: profileDir } : {});
    console.log(`  registry ${registry.url} (child process), broker ${broker.bootstrap} (child process)`);
    console.log(`  ${o.concurrency} requests in flight over keep-alive connections; ${o.durationMs} ms per phase after ${o.warmupMs} ms of warm-up\n`);

    const client = new SchemaRegistryClient({ url: registry.url });
    const texts = Array.from({ length: o.schemas }, (_, i) => benchSchema(`Bench${i}`));
    const subjects = texts.map((_, i) => `bench-s${i}-value`);
    const ids: number[] = [];
    for (let i = 0; i < texts.length; i += 1) ids.push(await client.register(subjects[i]!, { schema: texts[i]! }));
    const bodies = texts.map((schema) => JSON.stringify({ schema }));
    const pick = (i: number): number => i % texts.length;

    const phases: { name: string; call: (i: number) => HttpCall; requests?: number }[] = [
      { name: 'lookup by id', call: (i) => ({ method: 'GET', path: `/schemas/ids/${ids[pick(i)]!}` }) },
      { name: 'lookup by subject+schema', call: (i) => ({ method: 'POST', path: `/subjects/${subjects[pick(i)]!}`, body: bodies[pick(i)]! }) },
      { name: 'register repeated', call: (i) => ({ method: 'POST', path: `/subjects/${subjects[pick(i)]!}/versions`, body: bodies[pick(i)]! }) },
    ];
    let newCounter = 0;
    const registerNew = (): HttpCall => {
      newCounter += 1;
      return { method: 'POST', path: `/subjects/bench-new-${newCounter}-value/versions`, body: JSON.stringify({ schema: benchSchema(`New${newCounter}`) }) };
    };
    phases.push({ name: 'register new', call: registerNew, requests: o.newSchemas });

    const rows: Row[] = [];
    for (const phase of phases) {
      if (o.warmupMs > 0) {
        await runLoad({ url: registry.url, concurrency: o.concurrency, durationMs: o.warmupMs, call: phase.call, ...(phase.requests === undefined ? {} : { requests: Math.ceil(phase.requests / 10) }) });
      }
      const cpu0 = registry.cpuSeconds();
      const self0 = selfCpu();
      const fromUs = nowUs();
      const result = await runLoad({ url: registry.url, concurrency: o.concurrency, durationMs: o.durationMs, call: phase.call, ...(phase.requests === undefined ? {} : { requests: phase.requests }) });
      rows.push({ name: phase.name, result, cpu: registry.cpuSeconds() - cpu0, clientCpu: selfCpu() - self0, fromUs, toUs: nowUs() });
      if (result.firstError !== undefined) console.log(`  ${phase.name}: ${result.errors} error(s), the first: ${result.firstError}`);
    }
    console.log(table(['operation', 'requests', 'errors', 'in flight', 'req/s', 'p50', 'p99', 'max', 'registry CPU/req', 'client CPU/req'], rows.map((r) => rowCells(o, r))));
    const byId = rows[0]!.result;
    const rate = byId.requests / byId.seconds;
    console.log(`\n  target: lookup by id >= ${int(TARGET_LOOKUP_BY_ID)} req/s: ${int(rate)} req/s, ${rate >= TARGET_LOOKUP_BY_ID ? 'met' : 'NOT met'}`);
    if (o.profile) {
      await registry.stop(); // the profile is written as the child exits
      printProfile(profileDir, resolve(here, '../..'), rows, o);
    }
    return rows.some((r) => r.result.errors > 0) ? 1 : 0;
  } catch (err) {
    console.error(`bench:registry failed: ${(err as Error).stack ?? String(err)}`);
    if (registry !== null) console.error(`registry log:\n${registry.log()}`);
    if (broker !== null) console.error(`broker log:\n${broker.log()}`);
    return 1;
  } finally {
    stopListening();
    await cleanup();
  }
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
