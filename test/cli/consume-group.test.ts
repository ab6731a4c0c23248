// `tributary consume --group`: consuming as a member of a consumer group, against an in-process
// broker, as child processes.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertOneLineError, lines, spawnTributary, startBroker, tributary, type Result, type TestBroker } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `ok()` holds; fails with `what` after `ms`. */
async function until(ok: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A running `tributary consume --group` and what it printed so far. */
function member(bootstrap: string, ...args: string[]): { printed: () => string[]; stop: () => Promise<Result> } {
  const { child, result } = spawnTributary(['consume', '--bootstrap-server', bootstrap, ...args]);
  let out = '';
  child.stdout!.on('data', (d: Buffer | string) => { out += String(d); });
  return {
    printed: () => lines(out),
    stop: () => { child.kill('SIGINT'); return result; },
  };
}

describe('tributary consume --group', () => {
  let b: TestBroker;
  const consume = (...args: string[]): Promise<Result> => tributary(['consume', '--bootstrap-server', b.bootstrap, ...args]);
  const produce = (topic: string, values: string[], ...args: string[]): Promise<Result> =>
    tributary(['produce', '--bootstrap-server', b.bootstrap, '--topic', topic, ...args], { stdin: values.join('\n') + '\n' });
  const groups = (...args: string[]): Promise<Result> => tributary(['groups', '--bootstrap-server', b.bootstrap, ...args]);
  const seq = (prefix: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
  /** CONSUMER-ID of each describe row. */
  const consumerIds = async (group: string): Promise<string[]> => lines((await groups('--describe', '--group', group)).stdout).slice(2).map((l) => l.split(/ +/)[6]!);
  /** How many members the partitions of `group` are assigned to (0 while it rebalances). */
  const owners = async (group: string): Promise<number> => {
    const ids = await consumerIds(group);
    return ids.length === 4 && !ids.includes('-') ? new Set(ids).size : 0;
  };

  before(async () => { b = await startBroker({ 'group.initial.rebalance.delay.ms': '0' }); });
  after(async () => { await b.close(); });

  it('starts a new group at the end (or the beginning with --from-beginning), then where it committed', async () => {
    assert.equal((await produce('resume', seq('a', 1, 3))).code, 0);
    // No committed offset and no --from-beginning: the end of the log (auto.offset.reset=latest),
    // and that position is committed, as Kafka's auto-commit does.
    const none = await consume('--topic', 'resume', '--group', 'late', '--timeout-ms', '600');
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^Processed a total of 0 messages$/m);
    assert.equal(lines((await groups('--describe', '--group', 'late')).stdout)[2]?.split(/ +/).slice(0, 6).join(' '), 'late resume 0 3 3 0');

    assert.equal((await produce('resume', seq('a', 4, 8))).code, 0);
    // --max-messages commits exactly what was printed: the next run goes on from there.
    const first = await consume('--topic', 'resume', '--group', 'late', '--max-messages', '2');
    assert.deepEqual(lines(first.stdout), ['a4', 'a5']);
    const rest = await consume('--topic', 'resume', '--group', 'late', '--max-messages', '10', '--timeout-ms', '700');
    assert.deepEqual(lines(rest.stdout), ['a6', 'a7', 'a8']);

    // --from-beginning only matters while the group has no committed offset.
    const early = await consume('--topic', 'resume', '--group', 'early', '--from-beginning', '--max-messages', '4',
      '--property', 'print.offset=true');
    assert.deepEqual(lines(early.stdout), ['Offset:0\ta1', 'Offset:1\ta2', 'Offset:2\ta3', 'Offset:3\ta4']);
    const more = await consume('--topic', 'resume', '--group', 'early', '--from-beginning', '--max-messages', '4');
    assert.deepEqual(lines(more.stdout), ['a5', 'a6', 'a7', 'a8']);
  });

  it('splits the partitions between two members, and moves them to the one left after a clean leave', async () => {
    const r = await tributary(['topics', '--bootstrap-server', b.bootstrap, '--create', '--topic', 'shared', '--partitions', '4']);
    assert.equal(r.code, 0, r.stderr);
    const args = ['--topic', 'shared', '--group', 'pair', '--from-beginning', '--property', 'print.partition=true'];
    const one = member(b.bootstrap, ...args);
    let two: ReturnType<typeof member> | undefined;
    try {
      await until(async () => (await owners('pair')) === 1, 'the first member to get all four partitions');
      two = member(b.bootstrap, ...args);
      // The first member learns of the rebalance from its next heartbeat (every second).
      await until(async () => (await owners('pair')) === 2, 'the partitions to be split between two members');
      await sleep(500); // a Fetch the first member sent before the rebalance may still be out (at most 500 ms)

      const keyed = seq('k', 1, 40).map((k, i) => `${k}:v${i + 1}`);
      assert.equal((await produce('shared', keyed, '--property', 'parse.key=true', '--property', 'key.separator=:')).code, 0);
      await until(() => one.printed().length + two!.printed().length >= 40, 'the 40 records to be printed');
      const partitionsOf = (printed: string[]): Set<string> => new Set(printed.map((l) => l.split('\t')[0]!));
      const [p1, p2] = [partitionsOf(one.printed()), partitionsOf(two.printed())];
      assert.ok(p1.size > 0 && p2.size > 0, 'both members got records');
      assert.deepEqual([...p1].filter((p) => p2.has(p)), [], 'no partition is read by both');
      const values = (printed: string[]): string[] => printed.map((l) => l.split('\t')[1]!);
      assert.deepEqual([...values(one.printed()), ...values(two.printed())].sort(), seq('v', 1, 40).sort());

      const left = await two.stop();
      assert.equal(left.code, 0, left.stderr);
      await until(async () => (await owners('pair')) === 1, 'the first member to take all partitions back');
      const before = one.printed().length;
      const more = seq('k', 41, 60).map((k, i) => `${k}:v${i + 41}`);
      assert.equal((await produce('shared', more, '--property', 'parse.key=true', '--property', 'key.separator=:')).code, 0);
      await until(() => one.printed().length >= before + 20, 'the 20 new records to be printed by the member left');
      // Nothing printed twice: the member that left had committed everything it printed.
      assert.deepEqual(values(one.printed().slice(before)).sort(), seq('v', 41, 60).sort());
    } finally {
      await two?.stop();
      const done = await one.stop();
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stderr, /^Processed a total of \d+ messages$/m);
    }
  });

  it('rejects --partition and --offset with --group', async () => {
    const [partition, offset, empty] = await Promise.all([
      consume('--topic', 'resume', '--group', 'g', '--partition', '0'),
      consume('--topic', 'resume', '--group', 'g', '--offset', '3'),
      consume('--topic', 'resume', '--group', ''),
    ]);
    assertOneLineError(partition, /--group reads the partitions the group assigns: leave out --partition and --offset/);
    assertOneLineError(offset, /--group reads the partitions the group assigns/);
    assertOneLineError(empty, /--group must not be empty/);
  });
});
