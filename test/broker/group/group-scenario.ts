/**
 * The consumer-group scenario run with each client library: three members (child processes, see
 * consumer-child.ts) of one group on a 6-partition topic; one is killed, later another leaves
 * cleanly; their partitions must move to the others with no record skipped, and a record may be
 * processed again only if it lies after the last commit of its partition.
 *
 * Records come in phases: committed ones (each member commits after each record) and "nocommit"
 * tails, produced and processed just before a member goes, so that the member's partitions hold
 * processed-but-uncommitted records — those, and only records like them, must be processed again.
 * Every wait is on an event from the children (no fixed sleeps).
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import type { Broker } from '../../../broker/broker.js';
import { encodeRecordBatch } from '../../../broker/log/record-codec.js';
import { produce, RawClient } from '../../helpers/raw-client.js';
import type { ChildConfig, ChildEvent } from './consumer-child.js';

const PARTITIONS = 6;
const CHILD = new URL('./consumer-child.js', import.meta.url);

export class ChildConsumer {
  /** The latest assignment and when it came (the scenario's event sequence number). */
  partitions: number[] = [];
  assignedAt = -1;
  readonly exited: Promise<void>;
  private readonly proc: ChildProcess;

  constructor(readonly name: string, cfg: ChildConfig, onEvent: (c: ChildConsumer, e: ChildEvent) => void) {
    this.proc = fork(CHILD, [JSON.stringify(cfg)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (e: ChildEvent) => onEvent(this, e));
    this.exited = new Promise((resolve) => this.proc.once('exit', () => resolve()));
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Clean shutdown: the client leaves the group. */
  async stop(): Promise<void> {
    this.proc.send({ type: 'stop' });
    await this.exited;
  }

  /** No goodbye: the process dies, its connections drop, its heartbeats stop. */
  async kill(): Promise<void> {
    this.proc.kill('SIGKILL');
    await this.exited;
  }
}

interface Waiter { check(): boolean }

export class GroupScenario {
  readonly consumers: ChildConsumer[] = [];
  /** "partition:offset" -> times processed. */
  readonly processed = new Map<string, number>();
  /** Partition -> highest committed offset reported. */
  readonly committed = new Map<number, number>();
  /** Partition -> offsets produced, with their values. */
  readonly produced = new Map<number, { offset: number; value: string }[]>();
  readonly violations: string[] = [];
  readonly errors: string[] = [];
  private seq = 0;
  private readonly waiters = new Set<Waiter>();

  private constructor(readonly lib: ChildConfig['lib'], readonly broker: Broker, readonly topic: string, readonly groupId: string, private readonly raw: RawClient) {}

  static async create(lib: ChildConfig['lib'], broker: Broker, topic: string, groupId: string): Promise<GroupScenario> {
    broker.topics.createTopic(topic, PARTITIONS, {});
    return new GroupScenario(lib, broker, topic, groupId, await RawClient.connect(broker.bootstrap));
  }

  start(name: string): ChildConsumer {
    const c = new ChildConsumer(name, { lib: this.lib, bootstrap: this.broker.bootstrap, groupId: this.groupId, topic: this.topic, name }, (c2, e) => this.onEvent(c2, e));
    this.consumers.push(c);
    return c;
  }

  private onEvent(c: ChildConsumer, e: ChildEvent): void {
    this.seq++;
    switch (e.type) {
      case 'assigned':
        c.partitions = e.partitions;
        c.assignedAt = this.seq;
        break;
      case 'record': {
        const key = `${e.partition}:${e.offset}`;
        const before = this.processed.get(key) ?? 0;
        // At-least-once: processing again is fine only for what was not committed yet.
        if (before > 0 && e.offset < (this.committed.get(e.partition) ?? 0)) {
          this.violations.push(`${c.name} processed ${key} (${e.value}) again although offset ${this.committed.get(e.partition)} was committed`);
        }
        this.processed.set(key, before + 1);
        break;
      }
      case 'committed':
        this.committed.set(e.partition, Math.max(this.committed.get(e.partition) ?? 0, e.offset));
        break;
      case 'error':
        this.errors.push(`${c.name}: ${e.message}`);
        break;
      case 'stopped':
        break;
    }
    for (const w of this.waiters) w.check();
  }

  /** Resolves once `pred` holds (checked now and after every child event). */
  until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        check: () => {
          if (!pred()) return false;
          clearTimeout(timer);
          this.waiters.delete(w);
          resolve();
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`timed out after ${timeoutMs} ms waiting until ${what}; ${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(w);
      w.check();
    });
  }

  /** A mark in the event sequence (to wait for assignments made after it). */
  get now(): number {
    return this.seq;
  }

  /** The live consumers' latest assignments, all made after `since`, are disjoint and cover every partition. */
  covering(members: readonly ChildConsumer[], since = 0): boolean {
    if (members.some((c) => c.assignedAt <= since || c.partitions.length === 0)) return false;
    const all = members.flatMap((c) => c.partitions).sort((a, b) => a - b);
    return all.length === PARTITIONS && all.every((p, i) => p === i);
  }

  /** Produces `count` records to every partition, values `${prefix}-${partition}-${i}`. */
  async produceAll(prefix: string, count: number): Promise<void> {
    for (let p = 0; p < PARTITIONS; p++) {
      const values = Array.from({ length: count }, (_, i) => `${prefix}-${p}-${i}`);
      const res = await produce(this.raw, this.topic, p, encodeRecordBatch(values.map((value) => ({ value }))));
      assert.equal(res.errorCode, 0);
      const list = this.produced.get(p) ?? [];
      values.forEach((value, i) => list.push({ offset: Number(res.baseOffset) + i, value }));
      this.produced.set(p, list);
    }
  }

  allProcessed(): boolean {
    for (const [p, list] of this.produced) for (const r of list) if (!this.processed.has(`${p}:${r.offset}`)) return false;
    return true;
  }

  /** Every partition committed up to its end (the last phase was a committed one). */
  allCommitted(): boolean {
    for (const [p, list] of this.produced) if ((this.committed.get(p) ?? 0) !== list[list.length - 1].offset + 1) return false;
    return true;
  }

  /** Every record of `partitions` whose value starts with `prefix` was processed at least twice. */
  reprocessed(partitions: readonly number[], prefix: string): boolean {
    return partitions.every((p) => (this.produced.get(p) ?? []).filter((r) => r.value.startsWith(prefix)).every((r) => (this.processed.get(`${p}:${r.offset}`) ?? 0) >= 2));
  }

  describe(): string {
    const assignments = this.consumers.map((c) => `${c.name}${c.alive ? '' : ' (gone)'}=[${c.partitions.join(',')}]@${c.assignedAt}`).join(' ');
    const missing = [...this.produced].flatMap(([p, list]) => list.filter((r) => !this.processed.has(`${p}:${r.offset}`)).map((r) => `${p}:${r.offset}`));
    return `assignments ${assignments}; committed ${JSON.stringify([...this.committed])}; unprocessed ${missing.slice(0, 20).join(' ')}${missing.length > 20 ? '...' : ''}; errors ${this.errors.join(' | ')}`;
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.filter((c) => c.alive).map((c) => c.kill()));
    this.raw.close();
  }
}

/** The whole scenario for one client library. */
export async function runGroupScenario(lib: ChildConfig['lib'], broker: Broker, topic: string, groupId: string): Promise<void> {
  const s = await GroupScenario.create(lib, broker, topic, groupId);
  try {
    const [a, b, c] = [s.start(`${lib}-a`), s.start(`${lib}-b`), s.start(`${lib}-c`)];
    await s.until(() => s.covering([a, b, c]), 30_000, 'three members share the six partitions');
    for (const m of [a, b, c]) assert.equal(m.partitions.length, 2, `${m.name} got two partitions`);

    await s.produceAll('first', 4);
    await s.until(() => s.allProcessed() && s.allCommitted(), 20_000, 'the first records are processed and committed');
    await s.produceAll('nocommit-1', 3);
    await s.until(() => s.allProcessed(), 20_000, 'the first uncommitted tail is processed');

    // Killed: no LeaveGroup; the coordinator notices when its session (6 s) expires.
    const killedParts = c.partitions;
    let mark = s.now;
    await c.kill();
    await s.until(() => s.covering([a, b], mark) && s.reprocessed(killedParts, 'nocommit-1'), 30_000, 'the killed member\'s partitions moved and its uncommitted records were processed again');

    await s.produceAll('second', 3);
    await s.until(() => s.allProcessed() && s.allCommitted(), 20_000, 'the second records are processed and committed');
    await s.produceAll('nocommit-2', 2);
    await s.until(() => s.allProcessed(), 20_000, 'the second uncommitted tail is processed');

    // Clean leave: LeaveGroup, an immediate rebalance.
    const leftParts = b.partitions;
    mark = s.now;
    await b.stop();
    await s.until(() => s.covering([a], mark) && s.reprocessed(leftParts, 'nocommit-2'), 30_000, 'the leaving member\'s partitions moved to the last member');

    await s.produceAll('third', 2);
    await s.until(() => s.allProcessed() && s.allCommitted(), 20_000, 'the last records are processed and committed');
    await a.stop();

    assert.deepEqual(s.violations, [], 'no committed record was processed twice');
    assert.deepEqual(s.errors, []);
    const described = broker.groups.describeGroups([groupId])[0];
    assert.equal(described.state, 'Empty', 'everyone left');
  } finally {
    await s.close();
  }
}
