// Several workers in one Connect cluster against a real broker: they share the connectors and
// tasks evenly, never run a task twice, move only the work of a worker that leaves, take over
// a killed worker's work after its session timeout, and rebalance when the config changes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Connection, describeGroupsV5 } from '@platformatic/kafka';
import type { Broker } from '../../../broker/broker.js';
import type { Work } from '../../../runtime/cluster/protocol.js';
import { WorkerGroupMember, type WorkerAssignment, type Workload } from '../../../runtime/cluster/worker-group-member.js';
import type { ConnectorTaskId } from '../../../runtime/storage/stores.js';
import { removeDir, sleep, startBroker } from '../../helpers/broker.js';

const key = (t: ConnectorTaskId): string => `${t.connector}-${t.task}`;
const tasks = (connector: string, n: number): ConnectorTaskId[] => Array.from({ length: n }, (_, task) => ({ connector, task }));

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A shared config (what the leader assigns) and who runs what, checked on every callback. */
class Cluster {
  workload: Workload;
  readonly owners = new Map<string, string>();
  readonly violations: string[] = [];
  readonly members = new Map<string, Worker>();

  constructor(readonly groupId: string, readonly bootstrap: string, work: Work) {
    this.workload = { configOffset: 0, ...work };
  }

  start(name: string): Worker {
    const w = new Worker(this, name);
    this.members.set(name, w);
    w.member.start();
    return w;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.members.values()].map((w) => w.member.stop()));
  }

  /** Every task and connector run by exactly one of `names`, and nothing by anyone else. */
  settled(names: string[], counts?: number[]): boolean {
    const ws = names.map((n) => this.members.get(n)!);
    const all = ws.flatMap((w) => [...w.tasks]);
    const conns = ws.flatMap((w) => [...w.connectors]);
    if (all.length !== this.workload.tasks.length || new Set(all).size !== all.length) return false;
    if (conns.length !== this.workload.connectors.length || new Set(conns).size !== conns.length) return false;
    if (counts && JSON.stringify(ws.map((w) => w.tasks.size).sort()) !== JSON.stringify([...counts].sort())) return false;
    return ws.every((w) => w.member.assignment !== undefined);
  }
}

class Worker {
  readonly tasks = new Set<string>();
  readonly connectors = new Set<string>();
  readonly revoked: string[] = [];
  readonly assignments: WorkerAssignment[] = [];
  configOffset = 0;
  readonly member: WorkerGroupMember;

  constructor(cluster: Cluster, readonly name: string) {
    this.member = new WorkerGroupMember({
      bootstrapServers: [cluster.bootstrap], groupId: cluster.groupId, url: `http://${name}:8083`,
      sessionTimeoutMs: 1000, heartbeatIntervalMs: 100, rebalanceTimeoutMs: 5000,
      configOffset: () => this.configOffset,
      workload: () => cluster.workload,
      onAssignment: async (a) => {
        this.assignments.push(a);
        for (const t of a.tasks) {
          const owner = cluster.owners.get(key(t));
          if (owner !== undefined && owner !== name) cluster.violations.push(`${key(t)} given to ${name} while ${owner} runs it`);
          cluster.owners.set(key(t), name);
          this.tasks.add(key(t));
        }
        for (const c of a.connectors) this.connectors.add(c);
      },
      onRevoked: async (w) => {
        await sleep(50); // stopping takes a moment; nobody may start the work meanwhile
        for (const t of w.tasks) {
          if (cluster.owners.get(key(t)) === name) cluster.owners.delete(key(t));
          this.tasks.delete(key(t));
          this.revoked.push(key(t));
        }
        for (const c of w.connectors) this.connectors.delete(c);
      },
    });
  }
}

describe('WorkerGroupMember', () => {
  let broker: Broker;
  let dir: string;
  const clusters: Cluster[] = [];
  const cluster = (groupId: string, work: Work): Cluster => {
    const c = new Cluster(groupId, broker.bootstrap, work);
    clusters.push(c);
    return c;
  };
  const work: Work = { connectors: ['a', 'b', 'c'], tasks: [...tasks('a', 4), ...tasks('b', 3), ...tasks('c', 2)] };

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '500' } }));
  });
  after(async () => {
    for (const c of clusters) await c.stopAll();
    await broker.close();
    removeDir(dir);
  });

  it('balances the work as workers join, never running a task twice; everyone knows the leader', async () => {
    const c = cluster('connect-join', work);
    const one = c.start('one');
    await until('one worker to run everything', () => c.settled(['one'], [9]));
    assert.equal(one.member.isLeader, true);
    c.start('two');
    await until('two workers to share the work', () => c.settled(['one', 'two'], [4, 5]));
    c.start('three');
    await until('three workers to share the work', () => c.settled(['one', 'two', 'three'], [3, 3, 3]));
    assert.deepEqual(c.violations, []);
    for (const w of c.members.values()) assert.equal(w.connectors.size, 1);
    const last = [...c.members.values()].map((w) => w.member.assignment!);
    assert.equal(last.filter((a) => a.isLeader).length, 1);
    assert.equal(new Set(last.map((a) => a.leaderUrl)).size, 1);
    assert.equal(last[0]!.leaderUrl, 'http://one:8083');
    assert.equal(new Set(last.map((a) => a.generation)).size, 1, 'one generation');
    // A raw DescribeGroups: client libraries decode member metadata as the consumer protocol's.
    const conn = new Connection('test');
    const [host, port] = broker.bootstrap.split(':') as [string, string];
    await conn.connect(host, Number(port));
    const [group] = (await describeGroupsV5.api.async(conn, [c.groupId], false)).groups;
    await conn.close();
    assert.equal(group?.protocolType, 'connect');
    assert.equal(group?.protocolData, 'tributary-v1');
    assert.equal(group?.members.length, 3);
    const moved = [...c.members.values()].reduce((n, w) => n + w.revoked.length, 0);
    assert.equal(moved, 4 + 3, 'only the newcomers\' shares moved (9 -> 5+4 -> 3+3+3)');
  });

  it('moves only the work of a worker that leaves', async () => {
    const c = cluster('connect-leave', work);
    c.start('one');
    await until('one', () => c.settled(['one']));
    c.start('two');
    c.start('three');
    await until('three workers', () => c.settled(['one', 'two', 'three'], [3, 3, 3]));
    const [one, two, three] = ['one', 'two', 'three'].map((n) => c.members.get(n)!) as [Worker, Worker, Worker];
    const before = { one: new Set(one.tasks), two: new Set(two.tasks) };
    const revokedBefore = one.revoked.length + two.revoked.length;
    await three.member.stop();
    c.members.delete('three');
    assert.equal(three.tasks.size, 0, 'the leaving worker stopped its work');
    await until('the others to take over', () => c.settled(['one', 'two'], [4, 5]));
    assert.equal(one.revoked.length + two.revoked.length, revokedBefore, 'nothing else moved');
    for (const t of before.one) assert.ok(one.tasks.has(t));
    for (const t of before.two) assert.ok(two.tasks.has(t));
    assert.deepEqual(c.violations, []);
  });

  it('takes over the work of a killed worker after its session timeout', async () => {
    const c = cluster('connect-kill', work);
    c.start('one');
    await until('one', () => c.settled(['one']));
    const main = fileURLToPath(new URL('./member-child.js', import.meta.url));
    const child = spawn(process.execPath, [main, broker.bootstrap, c.groupId, 'http://child:8083', JSON.stringify(work)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let childWork: Work = { connectors: [], tasks: [] };
      child.stdout!.on('data', (d: Buffer) => {
        for (const line of d.toString().split('\n').filter((l) => l.trim() !== '')) childWork = JSON.parse(line) as Work;
      });
      const one = c.members.get('one')!;
      await until('the child to run its share', () => childWork.tasks.length === 4 && one.tasks.size === 5);
      child.kill('SIGKILL');
      const killed = Date.now();
      await until('the survivor to take over', () => c.settled(['one'], [9]));
      const took = Date.now() - killed;
      assert.ok(took >= 500 && took < 6000, `took ${took} ms (session timeout 1000 ms)`);
      assert.deepEqual(c.violations, []);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('rebalances when the config changes and a worker asks for it', async () => {
    const c = cluster('connect-config', work);
    c.start('one');
    await until('one', () => c.settled(['one']));
    const two = c.start('two');
    await until('two', () => c.settled(['one', 'two'], [4, 5]));
    c.workload = { configOffset: 1, connectors: [...work.connectors, 'd'], tasks: [...work.tasks, ...tasks('d', 3)] };
    for (const w of c.members.values()) w.configOffset = 1;
    two.member.requestRejoin('new connector d');
    await until('the new connector to be assigned', () => c.settled(['one', 'two'], [6, 6]));
    c.workload = { configOffset: 2, connectors: ['d'], tasks: tasks('d', 3) };
    c.members.get('one')!.member.requestRejoin('connectors deleted');
    await until('deleted work to be revoked', () => c.settled(['one', 'two'], [1, 2]));
    assert.deepEqual(c.violations, []);
  });

  it('asks everyone to rejoin while the leader has read less of the config than a member', async () => {
    const c = cluster('connect-mismatch', work);
    const one = c.start('one');
    await until('one', () => c.settled(['one']));
    const two = c.start('two');
    two.configOffset = 5; // two has read further than the leader's snapshot (offset 0)
    await sleep(1500);
    assert.equal(two.member.assignment, undefined, 'no work while the leader is behind');
    assert.equal(one.tasks.size, 9, 'the leader keeps its work meanwhile');
    c.workload = { ...c.workload, configOffset: 5 };
    await until('work for both once the leader caught up', () => c.settled(['one', 'two'], [4, 5]));
  });
});
