// `tributary produce` and `tributary consume` against an in-process broker, as child processes.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Producer } from '@platformatic/kafka';
import { assertOneLineError, lines, spawnTributary, startBroker, tributary, type TestBroker } from './helpers.js';
import { partitionForKey } from '../helpers/murmur2.js';

describe('tributary produce and consume', () => {
  let b: TestBroker;
  const produce = (args: string[], stdin: string): ReturnType<typeof tributary> =>
    tributary(['produce', '--bootstrap-server', b.bootstrap, ...args], { stdin });
  const consume = (...args: string[]): ReturnType<typeof tributary> => tributary(['consume', '--bootstrap-server', b.bootstrap, ...args]);

  before(async () => {
    b = await startBroker();
    const r = await tributary(['topics', '--bootstrap-server', b.bootstrap, '--create', '--topic', 'keyed', '--partitions', '4']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => { await b.close(); });

  it('sends lines without keys and reads them back from the beginning', async () => {
    const input = ['first', 'second', '', 'fourth with spaces', 'ünïcødé ✓'];
    const p = await produce(['--topic', 'plain'], input.join('\n') + '\n');
    assert.equal(p.code, 0, p.stderr);
    assert.equal(p.stdout, '');
    const c = await consume('--topic', 'plain', '--from-beginning', '--max-messages', String(input.length));
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(lines(c.stdout), input);
    assert.match(c.stderr, /^Processed a total of 5 messages$/m);
  });

  it('compresses batches with --compression-codec and prints headers with print.headers', async () => {
    const p = await produce(['--topic', 'packed', '--compression-codec', 'gzip', '--acks', '1'], 'zipped 1\nzipped 2\n');
    assert.equal(p.code, 0, p.stderr);
    const producer = new Producer({ clientId: 'test', bootstrapBrokers: [b.bootstrap] });
    try {
      await producer.send({ messages: [{ topic: 'packed', value: Buffer.from('with headers'), headers: new Map([[Buffer.from('h1'), Buffer.from('v1')], [Buffer.from('h2'), Buffer.from('v2')]]) }] });
    } finally {
      await producer.close();
    }
    const c = await consume('--topic', 'packed', '--from-beginning', '--max-messages', '3', '--property', 'print.headers=true');
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(lines(c.stdout), ['NO_HEADERS\tzipped 1', 'NO_HEADERS\tzipped 2', 'h1:v1,h2:v2\twith headers']);
  });

  it('sends keyed lines to the Java murmur2 partition', async () => {
    const keys = Array.from({ length: 24 }, (_, i) => `user-${i}`);
    const input = keys.map((k, i) => `${k}:value ${i}`);
    const p = await produce(['--topic', 'keyed', '--property', 'parse.key=true', '--property', 'key.separator=:', '--acks', 'all'],
      input.join('\n') + '\n');
    assert.equal(p.code, 0, p.stderr);

    const all = await consume('--topic', 'keyed', '--from-beginning', '--max-messages', '24', '--property', 'print.key=true');
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(lines(all.stdout).sort(), keys.map((k, i) => `${k}\tvalue ${i}`).sort());

    const expected = [0, 1, 2, 3].map((partition) => input.filter((_, i) => partitionForKey(keys[i]!, 4) === partition));
    assert.ok(expected.filter((e) => e.length > 0).length >= 3, 'the keys spread over the partitions');
    const got = await Promise.all(expected.map((e, partition) => consume('--topic', 'keyed', '--partition', String(partition),
      '--offset', 'earliest', '--property', 'print.key=true', '--property', 'key.separator=:', '--timeout-ms', '1500',
      ...(e.length > 0 ? ['--max-messages', String(e.length)] : []))));
    got.forEach((c, partition) => {
      assert.equal(c.code, 0, c.stderr);
      assert.deepEqual(lines(c.stdout), expected[partition], `partition ${partition}`);
    });
  });

  it('starts at --offset N in --partition, and at the end by default', async () => {
    const values = ['o0', 'o1', 'o2', 'o3'];
    assert.equal((await produce(['--topic', 'offsets'], values.join('\n'))).code, 0);
    const [from1, latest, byDefault, timestamps, noPartition, badOffset, noSuchPartition] = await Promise.all([
      consume('--topic', 'offsets', '--partition', '0', '--offset', '1', '--max-messages', '2',
        '--property', 'print.offset=true', '--property', 'print.partition=true'),
      consume('--topic', 'offsets', '--partition', '0', '--offset', 'latest', '--timeout-ms', '300'),
      consume('--topic', 'offsets', '--timeout-ms', '300'),
      consume('--topic', 'offsets', '--from-beginning', '--max-messages', '1', '--property', 'print.timestamp=true'),
      consume('--topic', 'offsets', '--offset', '1'),
      consume('--topic', 'offsets', '--partition', '0', '--offset', 'soon'),
      consume('--topic', 'offsets', '--partition', '7'),
    ]);
    assert.equal(from1.code, 0, from1.stderr);
    assert.deepEqual(lines(from1.stdout), ['Partition:0\tOffset:1\to1', 'Partition:0\tOffset:2\to2']);
    assert.equal(latest.code, 0, latest.stderr);
    assert.equal(latest.stdout, '');
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.equal(byDefault.stdout, '');
    assert.match(byDefault.stderr, /Processed a total of 0 messages/);
    assert.match(timestamps.stdout, /^CreateTime:\d{13}\to0\n$/);
    assertOneLineError(noPartition, /--offset needs --partition/);
    assertOneLineError(badOffset, /--offset expects earliest, latest or/);
    assertOneLineError(noSuchPartition, /Topic 'offsets' has no partition 7/);
  });

  it('prints records produced after it started', async () => {
    assert.equal((await produce(['--topic', 'live'], '')).code, 0); // creates the topic (auto.create.topics.enable)
    const { result } = spawnTributary(['consume', '--bootstrap-server', b.bootstrap, '--topic', 'live', '--max-messages', '1',
      '--timeout-ms', '10000']);
    let done = false;
    void result.then(() => { done = true; });
    for (let i = 0; i < 40 && !done; i++) {
      await produce(['--topic', 'live'], 'live\n');
      await new Promise((r) => setTimeout(r, 250));
    }
    const r = await result;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'live\n');
  });

  it('stops after --timeout-ms without records', async () => {
    assert.equal((await produce(['--topic', 'quiet'], '')).code, 0);
    const r = await consume('--topic', 'quiet', '--from-beginning', '--timeout-ms', '500');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /TimeoutException/);
    assert.match(r.stderr, /^Processed a total of 0 messages$/m);
    assert.ok(r.ms < 8000, `took ${r.ms} ms`);
  });

  it('stops on SIGINT and reports what it printed', async () => {
    assert.equal((await produce(['--topic', 'interrupted'], 'one\ntwo\n')).code, 0);
    const { child, result } = spawnTributary(['consume', '--bootstrap-server', b.bootstrap, '--topic', 'interrupted', '--from-beginning']);
    let out = '';
    child.stdout!.on('data', (d: Buffer | string) => {
      out += String(d);
      if (out === 'one\ntwo\n') child.kill('SIGINT');
    });
    const r = await result;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'one\ntwo\n');
    assert.match(r.stderr, /^Processed a total of 2 messages$/m);
  });

  it('fails on a line without the key separator, after sending the lines before it', async () => {
    const r = await produce(['--topic', 'strict', '--property', 'parse.key=true'], 'k1\tv1\nno separator here\nk3\tv3\n');
    assertOneLineError(r, /^Error: No key separator found on line number 2: 'no separator here'.*key\\tvalue/);
    const c = await consume('--topic', 'strict', '--from-beginning', '--property', 'print.key=true', '--timeout-ms', '700');
    assert.deepEqual(lines(c.stdout), ['k1\tv1']);
    const lenient = await produce(['--topic', 'strict', '--property', 'parse.key=true', '--property', 'ignore.error=true',
      '--property', 'null.marker=NULL'], 'just a value\nNULL\tv\nk\tNULL\n');
    assert.equal(lenient.code, 0, lenient.stderr);
    const all = await consume('--topic', 'strict', '--from-beginning', '--max-messages', '4', '--property', 'print.key=true');
    assert.deepEqual(lines(all.stdout), ['k1\tv1', 'null\tjust a value', 'null\tv', 'k\tnull']);
  });

  it('reports errors on one line', async () => {
    const [unknown, group, acks, property, badName, noTopic] = await Promise.all([
      consume('--topic', 'never-created', '--from-beginning'),
      consume('--topic', 'plain', '--group', 'g1', '--partition', '0'),
      produce(['--topic', 'plain', '--acks', '2'], 'x\n'),
      produce(['--topic', 'plain', '--property', 'parse.keys=true'], 'x\n'),
      produce(['--topic', 'bad topic'], 'x\n'),
      produce([], 'x\n'),
    ]);
    assertOneLineError(unknown, /^Error: Topic 'never-created' does not exist \(UNKNOWN_TOPIC_OR_PARTITION\)/);
    assertOneLineError(group, /--group reads the partitions the group assigns/);
    assertOneLineError(acks, /--acks expects all, -1, 1 or 0/);
    assertOneLineError(property, /unknown --property 'parse.keys'/);
    assertOneLineError(badName, /^Error: cannot produce to topic 'bad topic': .*\(INVALID_TOPIC_EXCEPTION\)/);
    assertOneLineError(noTopic, /--topic is required/);
  });

  it('names a missing topic when the broker does not create topics', async () => {
    const strict = await startBroker({ 'auto.create.topics.enable': 'false' });
    try {
      const r = await tributary(['produce', '--bootstrap-server', strict.bootstrap, '--topic', 'absent'], { stdin: 'x\n' });
      assertOneLineError(r, /^Error: cannot produce to topic 'absent': Topic 'absent' does not exist \(UNKNOWN_TOPIC_OR_PARTITION\): create the topic first/);
    } finally {
      await strict.close();
    }
  });
});
