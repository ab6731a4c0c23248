// `tributary groups` (like kafka-consumer-groups) against an in-process broker, run as child
// processes like a user would, with `tributary consume --group` as the group's consumer.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertOneLineError, lines, spawnTributary, startBroker, tributary, type Result, type TestBroker } from './helpers.js';

/** Kafka's describe header, with its printf widths (15, 15, 10, 15, 15, 15, 15, 15). */
const HEADER = 'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID';
/** Kafka's reset-offsets header (30, 30, 10). */
const RESET_HEADER = 'GROUP                          TOPIC                          PARTITION  NEW-OFFSET';

/** One describe row as Kafka pads it (for values that fit the minimum widths). */
function row(...cells: (string | number)[]): string {
  const widths = [15, 15, 10, 15, 15, 15, 15, 15];
  return cells.map((c, i) => (i < widths.length ? String(c).padEnd(widths[i]!) : String(c))).join(' ');
}

function resetRow(group: string, topic: string, partition: number, offset: number): string {
  return `${group.padEnd(30)} ${topic.padEnd(30)} ${String(partition).padEnd(10)} ${offset}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls `fn` until `ok` accepts its value (or fails with the last value after `ms`). */
async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(150);
  }
}

describe('tributary groups', () => {
  let b: TestBroker;
  const groups = (...args: string[]): Promise<Result> => tributary(['groups', '--bootstrap-server', b.bootstrap, ...args]);
  const consume = (...args: string[]): Promise<Result> => tributary(['consume', '--bootstrap-server', b.bootstrap, ...args]);
  const produce = (topic: string, values: string[], ...args: string[]): Promise<Result> =>
    tributary(['produce', '--bootstrap-server', b.bootstrap, '--topic', topic, ...args], { stdin: values.join('\n') + '\n' });
  const createTopic = async (topic: string, partitions: number): Promise<void> => {
    const r = await tributary(['topics', '--bootstrap-server', b.bootstrap, '--create', '--topic', topic, '--partitions', String(partitions)]);
    assert.equal(r.code, 0, r.stderr);
  };
  const seq = (prefix: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

  /** Produces m1..m10 to a new one-partition topic and consumes them all with the group. */
  const seed = async (topic: string, group: string): Promise<void> => {
    assert.equal((await produce(topic, seq('m', 1, 10))).code, 0); // creates the topic, with one partition
    const c = await consume('--topic', topic, '--group', group, '--from-beginning', '--max-messages', '10');
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(lines(c.stdout), seq('m', 1, 10));
  };

  before(async () => { b = await startBroker({ 'group.initial.rebalance.delay.ms': '0' }); });
  after(async () => { await b.close(); });

  it('lists the groups and describes one without active members in Kafka\'s format', async () => {
    await seed('listed', 'listed-group');
    const list = await groups('--list');
    assert.equal(list.code, 0, list.stderr);
    assert.ok(lines(list.stdout).includes('listed-group'), list.stdout);
    assert.deepEqual(lines(list.stdout), [...lines(list.stdout)].sort());

    const d = await groups('--describe', '--group', 'listed-group');
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout, `\n${HEADER}\n${row('listed-group', 'listed', 0, 10, 10, 0, '-', '-', '-')}\n`);
    assert.equal(d.stderr, "\nConsumer group 'listed-group' has no active members.\n");
  });

  it('resets offsets to earliest, by a shift and to a datetime; consume --group replays what the course says', async () => {
    await seed('course', 'replay');
    const committed = async (): Promise<string> => lines((await groups('--describe', '--group', 'replay')).stdout)[2] ?? '';

    // Neither --dry-run nor --execute: Kafka's warning and a dry run.
    const dflt = await groups('--reset-offsets', '--group', 'replay', '--topic', 'course', '--to-earliest');
    assert.equal(dflt.code, 0, dflt.stderr);
    assert.equal(dflt.stdout, `\n${RESET_HEADER}\n${resetRow('replay', 'course', 0, 0)}\n\n`);
    assert.match(dflt.stderr, /^WARN: No action will be performed as the --execute option is missing/m);
    const dry = await groups('--reset-offsets', '--group', 'replay', '--all-topics', '--to-offset', '4', '--dry-run');
    assert.equal(dry.stdout, `\n${RESET_HEADER}\n${resetRow('replay', 'course', 0, 4)}\n\n`);
    assert.equal(dry.stderr, '');
    assert.equal(await committed(), row('replay', 'course', 0, 10, 10, 0, '-', '-', '-'), 'a dry run changes nothing');

    // --to-earliest: all ten again, then nothing (the replay was committed).
    const earliest = await groups('--reset-offsets', '--group', 'replay', '--topic', 'course', '--to-earliest', '--execute');
    assert.equal(earliest.code, 0, earliest.stderr);
    assert.equal(earliest.stdout, `\n${RESET_HEADER}\n${resetRow('replay', 'course', 0, 0)}\n\n`);
    assert.equal(await committed(), row('replay', 'course', 0, 0, 10, 10, '-', '-', '-'));
    const all = await consume('--topic', 'course', '--group', 'replay', '--max-messages', '10');
    assert.deepEqual(lines(all.stdout), seq('m', 1, 10));

    // --shift-by -3: the last three.
    const shift = await groups('--reset-offsets', '--group', 'replay', '--topic', 'course:0', '--shift-by', '-3', '--execute');
    assert.equal(shift.code, 0, shift.stderr);
    assert.equal(shift.stdout, `\n${RESET_HEADER}\n${resetRow('replay', 'course', 0, 7)}\n\n`);
    const last3 = await consume('--topic', 'course', '--group', 'replay', '--max-messages', '3');
    assert.deepEqual(lines(last3.stdout), ['m8', 'm9', 'm10']);

    // --to-datetime between two batches: from the first record of the second batch.
    await sleep(20);
    const between = new Date();
    await sleep(20);
    assert.equal((await produce('course', seq('n', 1, 5))).code, 0);
    // (Also shows that each replay above was committed: the group goes on right after m10.)
    assert.equal((await consume('--topic', 'course', '--group', 'replay', '--max-messages', '5')).stdout, seq('n', 1, 5).join('\n') + '\n');
    const byTime = await groups('--reset-offsets', '--group', 'replay', '--topic', 'course', '--to-datetime', between.toISOString(), '--execute');
    assert.equal(byTime.code, 0, byTime.stderr);
    assert.equal(byTime.stdout, `\n${RESET_HEADER}\n${resetRow('replay', 'course', 0, 10)}\n\n`);
    const second = await consume('--topic', 'course', '--group', 'replay', '--max-messages', '5');
    assert.deepEqual(lines(second.stdout), seq('n', 1, 5));

    // The same instant written with a zone offset, and without a zone (UTC, as Kafka reads it); no
    // record that recent: the end of the log. Offsets outside the log are clamped, with a warning.
    const local = new Date(between.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    const utc = between.toISOString().replace('Z', '');
    const dryRun = (...plan: string[]): Promise<Result> => groups('--reset-offsets', '--group', 'replay', '--topic', 'course', ...plan, '--dry-run');
    const [zoned, noZone, future, high, low] = await Promise.all([
      dryRun('--to-datetime', local), dryRun('--to-datetime', utc), dryRun('--to-datetime', '2999-01-01T00:00:00.000'),
      dryRun('--to-offset', '99'), dryRun('--shift-by', '-100'),
    ]);
    const table = (offset: number): string => `\n${RESET_HEADER}\n${resetRow('replay', 'course', 0, offset)}\n\n`;
    assert.equal(zoned.stdout, table(10), local);
    assert.equal(noZone.stdout, table(10), utc);
    assert.equal(future.stdout, table(15));
    assert.equal(high.stdout, table(15));
    assert.match(high.stderr, /^WARN: New offset \(99\) is higher than latest offset for topic partition course-0\. Value will be set to 15$/m);
    assert.equal(low.stdout, table(0));
    assert.match(low.stderr, /New offset \(-85\) is lower than earliest offset for topic partition course-0\. Value will be set to 0/);
    assert.equal(await committed(), row('replay', 'course', 0, 15, 15, 0, '-', '-', '-'));
  });

  it('describes active members, refuses to reset or delete while they are active, deletes the group once they left', async () => {
    await createTopic('live', 2);
    const keys = seq('k', 1, 8);
    assert.equal((await produce('live', keys.map((k) => `${k}:v`), '--property', 'parse.key=true', '--property', 'key.separator=:')).code, 0);
    const member = spawnTributary(['consume', '--bootstrap-server', b.bootstrap, '--topic', 'live', '--group', 'active', '--from-beginning']);
    let printed = '';
    member.child.stdout!.on('data', (d: Buffer | string) => { printed += String(d); });
    try {
      // Both partitions assigned to the member, and what it printed committed.
      const described = await eventually(() => groups('--describe', '--group', 'active'),
        (r) => lines(r.stdout).length === 4 && lines(r.stdout).slice(2).every((l) => / 0 +tributary-console-consumer-/.test(l)));
      assert.equal(described.code, 0, described.stderr);
      assert.equal(described.stderr, '');
      const [blank, header, ...rows] = lines(described.stdout);
      assert.equal(blank, '');
      const consumerId = rows[0]!.split(/ +/)[6]!;
      assert.match(consumerId, /^tributary-console-consumer-[0-9a-f-]{36}$/);
      assert.equal(header, HEADER.replace('CONSUMER-ID    ', 'CONSUMER-ID'.padEnd(consumerId.length)));
      const total = rows.map((r, partition) => {
        const [group, topic, p, current, end, lag, id, host, client] = r.split(/ +/);
        assert.deepEqual([group, topic, p, lag, id, host, client], ['active', 'live', String(partition), '0', consumerId, '/127.0.0.1', 'tributary-console-consumer'], r);
        assert.equal(current, end);
        return Number(end);
      }).reduce((a, n) => a + n, 0);
      assert.equal(total, 8);
      assert.equal(lines(printed).length, 8);

      const [execute, dryRun, del] = await Promise.all([
        groups('--reset-offsets', '--group', 'active', '--topic', 'live', '--to-earliest', '--execute'),
        groups('--reset-offsets', '--group', 'active', '--topic', 'live', '--to-earliest', '--dry-run'),
        groups('--delete', '--group', 'active'),
      ]);
      for (const r of [execute, dryRun]) {
        assertOneLineError(r, /^Error: Assignments can only be reset if the group 'active' is inactive, but the current state is Stable\.$/);
      }
      assertOneLineError(del, /^Error: Group 'active' could not be deleted due to: The group is not empty \(NON_EMPTY_GROUP\): stop its consumers first/);
    } finally {
      member.child.kill('SIGINT');
    }
    const stopped = await member.result;
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, /^Processed a total of 8 messages$/m);

    // It left the group (no session timeout to wait for); the offsets stay.
    const left = await groups('--describe', '--group', 'active');
    assert.equal(left.stderr, "\nConsumer group 'active' has no active members.\n");
    assert.deepEqual(lines(left.stdout).slice(2).map((l) => l.split(/ +/).slice(5)), [['0', '-', '-', '-'], ['0', '-', '-', '-']]);

    const deleted = await groups('--delete', '--group', 'active');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout, "Deletion of requested consumer groups ('active') was successful.\n");
    const [gone, list, again] = await Promise.all([groups('--describe', '--group', 'active'), groups('--list'), groups('--delete', '--group', 'active')]);
    assertOneLineError(gone, /^Error: Consumer group 'active' does not exist\.$/);
    assert.ok(!lines(list.stdout).includes('active'), list.stdout);
    assertOneLineError(again, /^Error: Group 'active' could not be deleted due to: The group id does not exist \(GROUP_ID_NOT_FOUND\)/);
  });

  it('resets a group that does not exist yet, creating it with those offsets', async () => {
    await createTopic('wide', 3);
    const r = await groups('--reset-offsets', '--group', 'made-by-reset', '--topic', 'wide:0,2', '--to-offset', '0', '--execute');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `\n${RESET_HEADER}\n${resetRow('made-by-reset', 'wide', 0, 0)}\n${resetRow('made-by-reset', 'wide', 2, 0)}\n\n`);
    const d = await groups('--describe', '--group', 'made-by-reset');
    assert.deepEqual(lines(d.stdout).slice(1), [HEADER, row('made-by-reset', 'wide', 0, 0, 0, 0, '-', '-', '-'), row('made-by-reset', 'wide', 2, 0, 0, 0, '-', '-', '-')]);
    const noOffset = await groups('--reset-offsets', '--group', 'made-by-reset', '--topic', 'wide', '--shift-by', '1');
    assertOneLineError(noOffset, /^Error: Cannot shift offset for partition wide-1 of group 'made-by-reset' since there is no current committed offset/);
  });

  it('reports bad options and unknown topics on one line', async () => {
    await createTopic('opts', 2);
    const [help, noAction, noScope, twoPlans, badDate, noPartition, noTopic] = await Promise.all([
      groups('--help'),
      groups('--group', 'g'),
      groups('--reset-offsets', '--group', 'g', '--to-earliest'),
      groups('--reset-offsets', '--group', 'g', '--all-topics', '--to-earliest', '--to-latest'),
      groups('--reset-offsets', '--group', 'g', '--all-topics', '--to-datetime', 'yesterday'),
      groups('--reset-offsets', '--group', 'g', '--topic', 'opts:7', '--to-latest'),
      groups('--reset-offsets', '--group', 'g', '--topic', 'never-made', '--to-latest'),
    ]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: tributary groups --bootstrap-server/);
    assertOneLineError(noAction, /exactly one action: --list, --describe, --reset-offsets or --delete/);
    assertOneLineError(noScope, /One of the reset scopes should be defined: --all-topics or --topic/);
    assertOneLineError(twoPlans, /--reset-offsets takes exactly one of --to-earliest, --to-latest, --to-offset, --shift-by, --to-datetime/);
    assertOneLineError(badDate, /--to-datetime expects YYYY-MM-DDTHH:mm:SS\.sss/);
    assertOneLineError(noPartition, /^Error: Topic 'opts' has no partition 7: it has 2 \(0 to 1\) \(UNKNOWN_TOPIC_OR_PARTITION\)$/);
    assertOneLineError(noTopic, /^Error: Topic 'never-made' does not exist \(UNKNOWN_TOPIC_OR_PARTITION\)/);
  });
});
