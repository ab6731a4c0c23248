/**
 * The benchmark's consumer-group phase: what a user of a group sees in time, with the runtime's
 * client (@platformatic/kafka, classic group protocol, its default roundrobin assignor).
 *
 * Members are @platformatic/kafka Consumers in child processes (lib/group-member.ts): two
 * "stayer" processes, and one process of its own for every member that leaves or is killed.
 * Every figure is taken from the library's own events, timestamped in the process that saw them
 * (wall clock, one machine): `consumer:group:rebalance` (a heartbeat was answered
 * REBALANCE_IN_PROGRESS and the member rejoins), `consumer:group:join` (JoinGroup and SyncGroup
 * done: the member has its assignment), `consumer:group:leave` (LeaveGroup answered) and the first
 * record the stream delivers from each partition after an assignment.
 *
 * 1. First record: a new member of a new group (new Consumer() + consume()) until its
 *    assignment and its first record, on a topic that already has data; runs one after another,
 *    on the benchmark's broker (group.initial.rebalance.delay.ms at its default, 3000 ms: what a
 *    brand-new group waits) and on a second, short-lived broker child with that delay at 0.
 * 2. Rebalance after a clean leave: a 3-member group on a 6-partition topic; one member calls
 *    close() (LeaveGroup); timed until both remaining members have the new generation's
 *    assignment (together covering all 6 partitions) and until the first record from a partition
 *    that moved. The remaining members learn of the rebalance at their next heartbeat, so the leave
 *    of run i comes (i + 0.5) / runs of a heartbeat interval after the group formed: the runs
 *    sample the whole interval evenly. The runs go side by side as separate groups started
 *    interval / runs apart, so no two groups' rebalances (or formations) fall together.
 * 3. Rebalance after a kill: the same with SIGKILL (no LeaveGroup): the coordinator only notices
 *    when the member's session times out.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { BrokerProcess } from './broker-process.js';
import { packageVersion } from './clients.js';
import { int, quantile, sig, table } from './format.js';
import { wallMs, type MemberCommand, type MemberConfig, type MemberEvent } from './group-protocol.js';

export interface GroupPhaseOptions {
  /** build/cli/main.js, for the second broker child. */
  cliPath: string;
  /** Scratch directory: the second broker's data goes in a directory below it. */
  scratch: string;
  /** The benchmark's broker (default settings). */
  broker: BrokerProcess;
  values: readonly Buffer[];
  /** Repetitions of each figure. */
  runs: number;
  heartbeatMs: number;
  sessionMs: number;
  /** Run figure 3 (killed member). */
  kill: boolean;
  /** Called with each measured window on the benchmark's broker (for --profile). */
  onPhase?: (name: string, fromUs: number, toUs: number) => void;
}

const TOPIC = 'bench-groups-p6';
const PARTITIONS = 6;
const RECORDS_PER_PARTITION = 1000;
const MAX_WAIT_MS = 500;
const DEFAULT_INITIAL_DELAY_MS = 3000;

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

type Ev<T extends MemberEvent['type']> = Extract<MemberEvent, { type: T }>;

/** Every event of every member process, in arrival order, with waits on conditions over them. */
class EventLog {
  readonly events: MemberEvent[] = [];
  private readonly waiters = new Set<{ check: () => boolean; fail: (err: Error) => void }>();
  private failure: Error | null = null;

  push(e: MemberEvent): void {
    this.events.push(e);
    if (e.type === 'error') this.fail(new Error(`group member ${e.id ?? '?'}: ${e.message}`));
    for (const w of [...this.waiters]) if (w.check()) this.waiters.delete(w);
  }

  fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiters) w.fail(err);
    this.waiters.clear();
  }

  /** Resolves with the first non-null value of `probe` (evaluated now and after every event). */
  until<T>(what: string, timeoutMs: number, probe: () => T | null): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const first = probe();
    if (first !== null) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`group phase: no ${what} within ${int(timeoutMs)} ms`));
      }, timeoutMs);
      const waiter = {
        check: (): boolean => {
          const v = probe();
          if (v === null) return false;
          clearTimeout(timer);
          resolve(v);
          return true;
        },
        fail: (err: Error): void => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** The first event of `type` for member `id` (at or after wall time `since`). */
  event<T extends MemberEvent['type']>(type: T, id: string, timeoutMs: number, since = 0): Promise<Ev<T>> {
    return this.until(`${type} event of ${id}`, timeoutMs, () =>
      (this.events.find((e) => e.type === type && 'id' in e && e.id === id && 't' in e && e.t >= since) as Ev<T> | undefined) ?? null);
  }

  /** The first record member `id` got from `partition` at or after wall time `since`. */
  firstRecord(id: string, partition: number, since: number, timeoutMs: number): Promise<Ev<'record'>> {
    return this.until(`first record of ${id} from partition ${partition}`, timeoutMs, () =>
      (this.events.find((x) => x.type === 'record' && x.id === id && x.partition === partition && x.t >= since) as Ev<'record'> | undefined) ?? null);
  }

  /**
   * The first generation (above `afterGeneration`) in which every one of `ids` has been assigned
   * and their partitions are disjoint and cover all of the topic's: each member's assignment event.
   */
  generation(ids: readonly string[], afterGeneration: number, timeoutMs: number): Promise<Map<string, Ev<'assigned'>>> {
    return this.until(`generation of ${ids.join(', ')} covering all ${PARTITIONS} partitions`, timeoutMs, () => {
      const byGen = new Map<number, Map<string, Ev<'assigned'>>>();
      for (const e of this.events) {
        if (e.type !== 'assigned' || e.generation <= afterGeneration || !ids.includes(e.id)) continue;
        let g = byGen.get(e.generation);
        if (!g) byGen.set(e.generation, (g = new Map()));
        g.set(e.id, e);
      }
      for (const g of [...byGen.keys()].sort((a, b) => a - b).map((k) => byGen.get(k)!)) {
        if (g.size !== ids.length) continue;
        const parts = [...g.values()].flatMap((e) => e.partitions).sort((a, b) => a - b);
        if (parts.length === PARTITIONS && parts.every((p, i) => p === i)) return g;
      }
      return null;
    });
  }
}

/** One child process hosting group members (lib/group-member.ts). */
class MemberProcess {
  private killed = false;

  private constructor(private readonly child: ChildProcess, readonly name: string) {}

  static start(name: string, log: EventLog): Promise<MemberProcess> {
    const script = join(fileURLToPath(new URL('.', import.meta.url)), 'group-member.js');
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const mp = new MemberProcess(child, name);
    child.on('message', (e: MemberEvent) => log.push(e));
    child.once('exit', (code, signal) => {
      if (!mp.killed) log.fail(new Error(`group member process ${name} exited (code ${code}, signal ${signal})`));
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`group member process ${name} did not start`)), 15_000);
      child.once('message', () => {
        clearTimeout(timer);
        resolve(mp);
      });
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`group member process ${name} exited during start`));
      });
    });
  }

  private send(c: MemberCommand): void {
    this.child.send(c);
  }

  join(config: MemberConfig): void {
    this.send({ cmd: 'join', config });
  }

  leave(id: string): void {
    this.send({ cmd: 'leave', id });
  }

  /** SIGKILL; returns the wall time just before it. */
  kill(): number {
    this.killed = true;
    const t = wallMs();
    this.child.kill('SIGKILL');
    return t;
  }

  /** Leaves the groups of its members cleanly and exits (SIGKILL after a timeout). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killed = true;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    if (this.child.connected) this.send({ cmd: 'exit' });
    else this.child.kill('SIGKILL');
    await exited;
    clearTimeout(timer);
  }
}

/** Creates the topic and writes RECORDS_PER_PARTITION records into each partition; looks the group coordinator up once. */
async function prepareBroker(bootstrap: string, values: readonly Buffer[]): Promise<void> {
  const { Admin, Consumer, Producer, ProduceAcks } = await import('@platformatic/kafka');
  const base = { clientId: 'tributary-bench-groups', bootstrapBrokers: [bootstrap] };
  const admin = new Admin(base);
  try {
    await admin.createTopics({ topics: [TOPIC], partitions: PARTITIONS, replicas: 1 });
  } finally {
    await admin.close();
  }
  const producer = new Producer({ ...base, acks: ProduceAcks.ALL, autocreateTopics: false, compression: 'none' });
  try {
    for (let p = 0; p < PARTITIONS; p++) {
      await producer.send({
        messages: Array.from({ length: RECORDS_PER_PARTITION }, (_, i) => ({ topic: TOPIC, partition: p, value: values[(p * RECORDS_PER_PARTITION + i) % values.length]! })),
      });
    }
  } finally {
    await producer.close();
  }
  // The first FindCoordinator creates __consumer_offsets: not part of any figure.
  const consumer = new Consumer({ ...base, groupId: 'tributary-bench-warmup' });
  try {
    await consumer.findGroupCoordinator();
  } finally {
    await consumer.close();
  }
}

interface FirstRecordStats { assignedMs: number[]; firstRecordMs: number[] }

/** Figure 1: `runs` new groups one after another, one member each. */
async function firstRecordRuns(log: EventLog, proc: MemberProcess, base: Omit<MemberConfig, 'id' | 'groupId'>, prefix: string, runs: number): Promise<FirstRecordStats> {
  const out: FirstRecordStats = { assignedMs: [], firstRecordMs: [] };
  const timeout = DEFAULT_INITIAL_DELAY_MS + 30_000;
  for (let i = 0; i < runs; i++) {
    const id = `${prefix}-${i}`;
    proc.join({ ...base, id, groupId: id });
    const start = await log.event('joining', id, timeout);
    const assigned = await log.event('assigned', id, timeout);
    const record = await log.event('record', id, timeout);
    out.assignedMs.push(assigned.t - start.t);
    out.firstRecordMs.push(record.t - start.t);
    proc.leave(id);
    await log.event('left', id, timeout);
  }
  return out;
}

interface RebalanceRun {
  /** From the three members' start (the first new Consumer()) until all three had their assignments. */
  formedMs: number;
  /** LeaveGroup answered (clean leave only). */
  leaveSentMs: number | null;
  /** Until the last of the remaining members saw REBALANCE_IN_PROGRESS. */
  noticedMs: number;
  /** Until the last of the remaining members had its new assignment. */
  assignedMs: number;
  /** Until the first record from each moved partition (the last of those). */
  movedRecordMs: number;
  /** Per remaining member, from its notice to its new assignment (the longer of the two). */
  rejoinMs: number;
}

/** Figures 2 and 3: `runs` 3-member groups side by side; in each one member leaves (or is killed). */
async function rebalanceRuns(
  kind: 'leave' | 'kill', log: EventLog, stayers: readonly [MemberProcess, MemberProcess], victims: readonly MemberProcess[],
  base: Omit<MemberConfig, 'id' | 'groupId'>, runs: number,
): Promise<RebalanceRun[]> {
  const step = base.heartbeatMs / runs;
  const formTimeout = DEFAULT_INITIAL_DELAY_MS + 3 * base.heartbeatMs + 30_000;
  const rebalanceTimeout = base.sessionMs + 3 * base.heartbeatMs + 30_000;
  const t0 = wallMs();
  const one = async (i: number): Promise<RebalanceRun> => {
    await sleep(t0 + i * step - wallMs());
    const group = `bench-group-${kind}-${i}`;
    const [a, b, v] = [`${group}-a`, `${group}-b`, `${group}-${kind === 'leave' ? 'leaver' : 'killed'}`];
    stayers[0].join({ ...base, id: a, groupId: group });
    stayers[1].join({ ...base, id: b, groupId: group });
    victims[i]!.join({ ...base, id: v, groupId: group });
    const formed = await log.generation([a, b, v], 0, formTimeout);
    const formedAt = Math.max(...[...formed.values()].map((e) => e.t));
    const joinedAt = Math.min(...(await Promise.all([a, b, v].map((id) => log.event('joining', id, formTimeout)))).map((e) => e.t));
    const generation = formed.get(a)!.generation;
    // Every member is reading: it has had a record from each of its partitions.
    for (const [id, e] of formed) {
      for (const p of e.partitions) {
        await log.firstRecord(id, p, e.t, formTimeout);
      }
    }
    const moved = formed.get(v)!.partitions;
    const delay = formedAt + (i + 0.5) * step - wallMs();
    if (delay < 0) throw new Error(`group phase: group ${group} took ${sig(-delay)} ms too long to start reading; use fewer --group-runs`);
    await sleep(delay);
    let start: number;
    let leaveSentMs: number | null = null;
    if (kind === 'leave') {
      victims[i]!.leave(v);
      start = (await log.event('leaving', v, rebalanceTimeout)).t;
      leaveSentMs = (await log.event('leave-sent', v, rebalanceTimeout)).t - start;
    } else {
      start = victims[i]!.kill();
    }
    const after = await log.generation([a, b], generation, rebalanceTimeout);
    const noticed = await Promise.all([a, b].map((id) => log.event('rebalance', id, rebalanceTimeout, start)));
    let movedAt = 0;
    for (const [id, e] of after) {
      for (const p of e.partitions.filter((x) => moved.includes(x))) {
        const r = await log.firstRecord(id, p, e.t, rebalanceTimeout);
        movedAt = Math.max(movedAt, r.t);
      }
    }
    const assignedAt = Math.max(...[...after.values()].map((e) => e.t));
    const rejoinMs = Math.max(...noticed.map((n) => after.get(n.id)!.t - n.t));
    stayers[0].leave(a);
    stayers[1].leave(b);
    await Promise.all([a, b].map((id) => log.event('left', id, rebalanceTimeout)));
    return {
      formedMs: formedAt - joinedAt, leaveSentMs, noticedMs: Math.max(...noticed.map((n) => n.t)) - start, assignedMs: assignedAt - start,
      movedRecordMs: movedAt - start, rejoinMs,
    };
  };
  return Promise.all(Array.from({ length: runs }, (_, i) => one(i)));
}

const median = (xs: readonly number[]): number => quantile([...xs].sort((x, y) => x - y), 0.5);
const max = (xs: readonly number[]): number => Math.max(...xs);
const msCell = (x: number): string => `${sig(x)} ms`;

/** Runs the group phase and prints its section of the output. */
export async function runGroupPhase(o: GroupPhaseOptions): Promise<void> {
  const log = new EventLog();
  const procs: MemberProcess[] = [];
  let delay0: BrokerProcess | null = null;
  const phaseStart = wallMs();
  const base = (bootstrap: string): Omit<MemberConfig, 'id' | 'groupId'> => ({
    bootstrap, topic: TOPIC, heartbeatMs: o.heartbeatMs, sessionMs: o.sessionMs, maxWaitMs: MAX_WAIT_MS,
  });
  try {
    const main = o.broker;
    // The member processes load the client library (about half a CPU second each) meanwhile.
    const starting = [
      MemberProcess.start('stayer-1', log), MemberProcess.start('stayer-2', log),
      ...Array.from({ length: o.runs }, (_, i) => MemberProcess.start(`victim-${i}`, log)),
    ];
    const settled = Promise.allSettled(starting).then((rs) => {
      for (const r of rs) if (r.status === 'fulfilled') procs.push(r.value);
    });
    try {
      await prepareBroker(main.bootstrap, o.values);
      delay0 = await BrokerProcess.start({
        cliPath: o.cliPath, dataDir: join(o.scratch, 'data-groups-delay0'), overrides: { 'group.initial.rebalance.delay.ms': '0' },
      });
      await prepareBroker(delay0.bootstrap, o.values);
    } finally {
      await settled;
    }
    const started = await Promise.all(starting);
    const stayers = [started[0]!, started[1]!] as const;
    const victims = started.slice(2);

    // Warm-up (not measured): every member process joins a group of its own on the 0-delay broker,
    // reads and leaves, so that the library's code is compiled before any figure is taken.
    await Promise.all(started.map(async (p, i) => {
      const id = `bench-group-warmup-${i}`;
      p.join({ ...base(delay0!.bootstrap), id, groupId: id });
      await log.event('record', id, 30_000);
      p.leave(id);
      await log.event('left', id, 30_000);
    }));

    // Figure 1, initial delay 0 (second broker), then the benchmark's broker with the default.
    const first0 = await firstRecordRuns(log, stayers[0], base(delay0.bootstrap), 'bench-group-first-delay0', o.runs);
    await delay0.stop();
    delay0 = null;
    let from = nowUs();
    const firstDefault = await firstRecordRuns(log, stayers[0], base(main.bootstrap), 'bench-group-first', o.runs);
    o.onPhase?.('groups: first record of a new group', from, nowUs());

    from = nowUs();
    const leave = await rebalanceRuns('leave', log, stayers, victims, base(main.bootstrap), o.runs);
    o.onPhase?.('groups: rebalance after a clean leave', from, nowUs());
    let kill: RebalanceRun[] | null = null;
    if (o.kill) {
      from = nowUs();
      kill = await rebalanceRuns('kill', log, stayers, victims, base(main.bootstrap), o.runs);
      o.onPhase?.('groups: rebalance after a kill', from, nowUs());
    }

    const step = o.heartbeatMs / o.runs;
    console.log(`\nConsumer groups: @platformatic/kafka ${packageVersion('@platformatic/kafka')} Consumers (regardless of --client; classic protocol, ` +
      'the library\'s roundrobin assignor), each group member in a child process');
    console.log(`  heartbeat interval ${int(o.heartbeatMs)} ms, session timeout ${int(o.sessionMs)} ms (--group-heartbeat-ms, --group-session-ms), ` +
      `fetch max wait ${MAX_WAIT_MS} ms, no commits (partitions are read from the earliest offset);`);
    console.log(`  topic ${TOPIC}: ${PARTITIONS} partitions of ${int(RECORDS_PER_PARTITION)} records written before the runs; ${o.runs} runs per figure, median and max`);
    console.log('\n  First record of a new member of a new group: from new Consumer() + consume() to its assignment (consumer:group:join)');
    console.log('  and to its first record; runs one after another, each a new group with this one member');
    console.log(table(
      ['group.initial.rebalance.delay.ms', 'assigned: median', 'max', 'first record: median', 'max'],
      [
        [`${int(DEFAULT_INITIAL_DELAY_MS)} (the default: the benchmark's broker)`, msCell(median(firstDefault.assignedMs)), msCell(max(firstDefault.assignedMs)),
          msCell(median(firstDefault.firstRecordMs)), msCell(max(firstDefault.firstRecordMs))],
        ['0 (a second broker child started with --override)', msCell(median(first0.assignedMs)), msCell(max(first0.assignedMs)),
          msCell(median(first0.firstRecordMs)), msCell(max(first0.firstRecordMs))],
      ],
      '    ',
    ));

    console.log(`\n  Rebalance of a 3-member group after one member leaves (close(): LeaveGroup)${kill ? ' or is killed (SIGKILL: its session expires)' : ''},`);
    console.log(`  on the benchmark's broker (default settings; the initial delay applies only to an empty group). The ${o.runs} runs are`);
    console.log(`  separate groups side by side, started ${sig(step)} ms apart; run i's member goes (i + 0.5) x ${sig(step)} ms after its group formed,`);
    console.log('  so the runs sample the heartbeat interval evenly and no two rebalances coincide. The two remaining members of all');
    console.log('  groups share two child processes; the member that goes has a process of its own. Times from close() being called');
    console.log(`  ${kill ? '(from the SIGKILL) ' : ''}until: noticed = both remaining members got REBALANCE_IN_PROGRESS (consumer:group:rebalance, from a`);
    console.log('  heartbeat), assigned = both have the new generation\'s assignment covering all 6 partitions (consumer:group:join), moved');
    console.log(`  record = the first record from every partition that moved (the stream's in-flight fetch, up to ${MAX_WAIT_MS} ms, ends first)`);
    const col = (runsOf: RebalanceRun[] | null, f: (r: RebalanceRun) => number | null): string[] => {
      if (!runsOf) return [];
      const xs = runsOf.map(f).filter((x): x is number => x !== null);
      return xs.length ? [msCell(median(xs)), msCell(max(xs))] : ['-', '-'];
    };
    const rows: [string, (r: RebalanceRun) => number | null][] = [
      ['LeaveGroup answered', (r) => r.leaveSentMs],
      ['noticed by both remaining members', (r) => r.noticedMs],
      ['assigned: the rebalance is done', (r) => r.assignedMs],
      ['first record from every moved partition', (r) => r.movedRecordMs],
      ['(notice -> own assignment: JoinGroup + SyncGroup)', (r) => r.rejoinMs],
    ];
    console.log(table(
      [kill ? 'from the leave / kill to' : 'from the leave to', 'leave: median', 'max', ...(kill ? ['kill: median', 'max'] : [])],
      rows.map(([label, f]) => [label, ...col(leave, f), ...col(kill, f)]),
      '    ',
    ));
    console.log(`    moved record - assigned is mostly the rest of the fetch in flight at the assignment: short here because the members'`);
    console.log(`    heartbeats (${int(o.heartbeatMs)} ms) and idle fetches (${MAX_WAIT_MS} ms) started together and stay nearly in phase; it can be up to ${MAX_WAIT_MS} ms`);
    if (kill) {
      console.log(`    after a kill the coordinator waits the session timeout (${int(o.sessionMs)} ms) from the member's last heartbeat (here its`);
      console.log('    join: it is killed within its first heartbeat interval), then the others notice at their next heartbeat' +
        (o.sessionMs % o.heartbeatMs === 0 ? ',\n    which falls on the expiry itself (the session timeout is a multiple of the heartbeat interval): either may come first' : ''));
    }
    const formedMs = [...leave, ...(kill ?? [])].map((r) => r.formedMs);
    console.log(`  Forming these ${formedMs.length} groups (3 members started together, until all three have their assignments): median ` +
      `${msCell(median(formedMs))}, max ${msCell(max(formedMs))};`);
    console.log('  members that join during group.initial.rebalance.delay.ms extend it by another delay (up to the rebalance timeout), as in Kafka');
    console.log(`  group phase: ${sig((wallMs() - phaseStart) / 1000)} s`);
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    if (delay0) await delay0.stop();
  }
}
