// `tributary topics` against an in-process broker, run as a child process like a user would.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assertOneLineError, lines, startBroker, tributary, type TestBroker } from './helpers.js';

describe('tributary topics', () => {
  let b: TestBroker;
  const topics = (...args: string[]): ReturnType<typeof tributary> => tributary(['topics', '--bootstrap-server', b.bootstrap, ...args]);
  const topicId = (name: string): string => b.broker.topics.get(name)!.id;
  /** Bytes of a partition's segment (.log) files on disk. */
  const logFileBytes = (topic: string, p: number): number => {
    const d = join(b.broker.config.logDir, `${topic}-${p}`);
    return readdirSync(d).filter((n) => n.endsWith('.log')).reduce((sum, n) => sum + statSync(join(d, n)).size, 0);
  };

  before(async () => { b = await startBroker(); });
  after(async () => { await b.close(); });

  it('creates topics and lists them sorted', async () => {
    for (const name of ['list-zeta', 'list-alpha']) {
      const r = await topics('--create', '--topic', name, '--partitions', '2');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `Created topic ${name}.\n`);
    }
    const r = await topics('--list');
    assert.equal(r.code, 0, r.stderr);
    const names = lines(r.stdout);
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('list-alpha') && names.includes('list-zeta'), r.stdout);
    const filtered = await topics('--list', '--topic', 'list-.*');
    assert.deepEqual(lines(filtered.stdout), ['list-alpha', 'list-zeta']);
  });

  it('describes a topic in kafka-topics format, with only its config overrides, offsets and sizes', async () => {
    const c = await topics('--create', '--topic', 'described', '--partitions', '3', '--replication-factor', '1',
      '--config', 'segment.bytes=1000000', '--config', 'retention.ms=5');
    assert.equal(c.code, 0, c.stderr);
    const empty = await topics('--describe', '--topic', 'described');
    assert.equal(empty.code, 0, empty.stderr);
    const id = topicId('described'); // Kafka's text form: 22 characters of URL-safe base64
    // Kafka's lines, with LogStartOffset, LogEndOffset and Size appended to each partition line.
    const head = `Topic: described\tTopicId: ${id}\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=5,segment.bytes=1000000`;
    assert.equal(empty.stdout, [
      head,
      '\tTopic: described\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: 0\tLogEndOffset: 0\tSize: 0 B (0 bytes)',
      '\tTopic: described\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: 0\tLogEndOffset: 0\tSize: 0 B (0 bytes)',
      '\tTopic: described\tPartition: 2\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: 0\tLogEndOffset: 0\tSize: 0 B (0 bytes)',
      '',
    ].join('\n'));
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);

    // 25 keyed records: each key goes to one partition (murmur2, as the Java client does).
    const records = Array.from({ length: 25 }, (_, i) => `key-${i}:${'v'.repeat(200)}-${i}`);
    const p = await tributary(['produce', '--bootstrap-server', b.bootstrap, '--topic', 'described',
      '--property', 'parse.key=true', '--property', 'key.separator=:'], { stdin: records.join('\n') + '\n' });
    assert.equal(p.code, 0, p.stderr);
    const counts = [0, 1, 2].map((i) => b.broker.topics.partition('described', i)!.logEndOffset);
    assert.equal(counts.reduce((a, n) => a + n, 0), 25);
    const r = await topics('--describe', '--topic', 'described');
    assert.equal(r.code, 0, r.stderr);
    const out = lines(r.stdout);
    assert.equal(out.length, 4);
    assert.equal(out[0], head);
    for (const i of [0, 1, 2]) {
      const m = /^\tTopic: described\tPartition: (\d)\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: (\d+)\tLogEndOffset: (\d+)\tSize: (\S+ (?:B|KB|MB)) \((\d+) bytes\)$/.exec(out[i + 1]!);
      assert.ok(m, out[i + 1]);
      const [, partition, start, end, human, size] = m;
      assert.equal(Number(partition), i);
      assert.equal(Number(start), 0);
      assert.equal(Number(end), counts[i]);
      const bytes = Number(size);
      assert.equal(bytes, logFileBytes('described', i));
      assert.equal(bytes > 0, counts[i]! > 0);
      assert.equal(human, bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} KB`);
    }
  });

  it('describes every topic without --topic', async () => {
    const r = await topics('--describe');
    assert.equal(r.code, 0, r.stderr);
    const heads = lines(r.stdout).filter((l) => l.startsWith('Topic: ')).map((l) => l.split('\t')[0]);
    assert.ok(heads.includes('Topic: described') && heads.includes('Topic: list-alpha'), r.stdout);
    assert.match(r.stdout, /^Topic: list-alpha\tTopicId: \S+\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: $/m);
  });

  it('alters the partition count and configs', async () => {
    await topics('--create', '--topic', 'altered', '--partitions', '3');
    const grow = await topics('--alter', '--topic', 'altered', '--partitions', '5');
    assert.equal(grow.code, 0, grow.stderr);
    const shrink = await topics('--alter', '--topic', 'altered', '--partitions', '2');
    assertOneLineError(shrink, /^Error: cannot change the partition count of topic 'altered': .*\(INVALID_PARTITIONS\)/);
    const cfg = await topics('--alter', '--topic', 'altered', '--config', 'retention.ms=1000', '--config', 'segment.ms=60000');
    assert.equal(cfg.code, 0, cfg.stderr);
    const del = await topics('--alter', '--topic', 'altered', '--delete-config', 'segment.ms');
    assert.equal(del.code, 0, del.stderr);
    const r = await topics('--describe', '--topic', 'altered');
    const out = lines(r.stdout);
    assert.match(out[0]!, /\tPartitionCount: 5\tReplicationFactor: 1\tConfigs: retention\.ms=1000$/);
    assert.equal(out.length, 6);
    assert.equal(out[5], '\tTopic: altered\tPartition: 4\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: 0\tLogEndOffset: 0\tSize: 0 B (0 bytes)');
  });

  it('deletes a topic', async () => {
    await topics('--create', '--topic', 'doomed');
    const r = await topics('--delete', '--topic', 'doomed');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!lines((await topics('--list')).stdout).includes('doomed'));
    assertOneLineError(await topics('--delete', '--topic', 'doomed'), /^Error: Topic 'doomed' does not exist as expected \(UNKNOWN_TOPIC_OR_PARTITION\)/);
    const quiet = await topics('--delete', '--topic', 'doomed', '--if-exists');
    assert.equal(quiet.code, 0, quiet.stderr);
  });

  it('explains refused requests on one line with the Kafka error name', async () => {
    await topics('--create', '--topic', 'twice');
    assertOneLineError(await topics('--create', '--topic', 'twice'),
      /^Error: cannot create topic 'twice': Topic 'twice' already exists \(TOPIC_ALREADY_EXISTS\): add --if-not-exists/);
    const again = await topics('--create', '--topic', 'twice', '--if-not-exists');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, '');
    assertOneLineError(await topics('--create', '--topic', 'replicated', '--replication-factor', '3'),
      /^Error: cannot create topic 'replicated': .*replication factor of 3.*\(INVALID_REPLICATION_FACTOR\)/);
    assertOneLineError(await topics('--create', '--topic', 'badcfg', '--config', 'segment.bytes=lots'),
      /^Error: cannot create topic 'badcfg': .*segment\.bytes.*\(INVALID_CONFIG\)/);
    assertOneLineError(await topics('--create', '--topic', 'badcfg', '--config', 'no.such.config=1'),
      /^Error: cannot create topic 'badcfg': .*no\.such\.config.*\(INVALID_CONFIG\)/);
    assertOneLineError(await topics('--describe', '--topic', 'missing'),
      /^Error: Topic 'missing' does not exist as expected \(UNKNOWN_TOPIC_OR_PARTITION\)/);
    assertOneLineError(await topics('--alter', '--topic', 'missing', '--partitions', '4'),
      /^Error: Topic 'missing' does not exist as expected/);
    assert.ok(!lines((await topics('--list')).stdout).some((n) => n === 'replicated' || n === 'badcfg'));
  });

  it('rejects bad command lines with the usage', async () => {
    const none = await topics();
    assertOneLineError(none, /exactly one action/);
    assert.match(none.stderr, /^Usage: tributary topics/m);
    assertOneLineError(await topics('--list', '--describe'), /exactly one action/);
    assertOneLineError(await topics('--create'), /--create requires --topic/);
    assertOneLineError(await topics('--create', '--topic', 'x', '--partitions', 'two'), /--partitions expects an integer/);
    assertOneLineError(await topics('--list', '--partitions', '3'), /--partitions can't be used with option --list/);
    assertOneLineError(await tributary(['topics', '--list']), /--bootstrap-server is required/);
    assertOneLineError(await tributary(['topics', '--bootstrap-server', 'nohostport', '--list']), /host:port/);
  });
});
