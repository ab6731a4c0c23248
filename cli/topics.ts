/**
 * `tributary topics`: create, list, describe, alter and delete topics, like Kafka's
 * kafka-topics.sh, over the Kafka protocol only (Metadata, CreateTopics, DeleteTopics,
 * CreatePartitions, DescribeConfigs, IncrementalAlterConfigs, ListOffsets, DescribeLogDirs), so it
 * works against any cluster.
 */
import { Admin } from '@platformatic/kafka';
import { intOption, keyValues, oneAction, parse, UsageError } from './args.js';
import { attempt, bootstrapServers, CliError, clientOptions, closeQuietly, explain, firstContact, kafkaError, TOPIC_NAME_RULES, topicIdString } from './tools/kafka.js';
import { humanBytes } from './tools/bytes.js';

export const usage = `Usage: tributary topics --bootstrap-server HOST:PORT ACTION [options]

Actions (exactly one):
  --create --topic T [--partitions N] [--replication-factor N] [--config k=v ...] [--if-not-exists]
  --list [--topic PATTERN] [--exclude-internal]
  --describe [--topic PATTERN] [--exclude-internal] [--if-exists]
                            (each partition line also shows LogStartOffset, LogEndOffset and
                            Size on disk)
  --alter --topic PATTERN [--partitions N] [--config k=v ...] [--delete-config k ...] [--if-exists]
  --delete --topic PATTERN [--if-exists]

Options:
  --bootstrap-server HOST:PORT[,HOST:PORT]  the cluster to talk to (required)
  --topic T                 a topic name; for --list/--describe/--alter/--delete also a regular
                            expression matched against whole names (e.g. 'orders-.*')
  --partitions N            partitions of a new topic (default: the broker's num.partitions), or
                            the new, larger partition count with --alter
  --replication-factor N    replicas of each partition (default: the broker's default)
  --config k=v              a topic config override (repeatable), e.g. --config retention.ms=60000
  --delete-config k         with --alter: remove a topic config override (repeatable)
  --if-not-exists           with --create: do nothing if the topic exists
  --if-exists               with --alter/--delete/--describe: do nothing if no topic matches
  --exclude-internal        leave out internal topics (__consumer_offsets, ...)`;

const ACTIONS = ['list', 'describe', 'create', 'alter', 'delete'] as const;

/** Kafka's config source id for a topic's own override (DescribeConfigs). */
const DYNAMIC_TOPIC_CONFIG = 1;
const TOPIC_RESOURCE = 2;

const HINTS: Partial<Record<string, string>> = {
  TOPIC_ALREADY_EXISTS: 'add --if-not-exists to ignore existing topics',
  INVALID_REPLICATION_FACTOR: 'use a --replication-factor no larger than the number of brokers',
  INVALID_CONFIG: 'check the name and value of each --config',
  INVALID_PARTITIONS: '--partitions must be at least 1, and larger than the current count with --alter',
  INVALID_TOPIC_EXCEPTION: TOPIC_NAME_RULES,
  UNKNOWN_TOPIC_OR_PARTITION: "see the topics with 'tributary topics --list'",
  POLICY_VIOLATION: 'the broker refused the request by policy',
};

/** A --topic value is a regular expression when it uses any metacharacter other than '.'. */
function topicMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  if (!/[*?+[\](){}|^$\\]/.test(pattern)) return (name) => name === pattern;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch (err) {
    throw new UsageError(`--topic '${pattern}' is not a valid regular expression: ${(err as Error).message}`);
  }
  return (name) => re.test(name);
}

export async function main(argv: string[]): Promise<number> {
  const o = parse(argv, {
    'bootstrap-server': { type: 'string' },
    create: { type: 'boolean' },
    list: { type: 'boolean' },
    describe: { type: 'boolean' },
    alter: { type: 'boolean' },
    delete: { type: 'boolean' },
    topic: { type: 'string' },
    partitions: { type: 'string' },
    'replication-factor': { type: 'string' },
    config: { type: 'string', multiple: true },
    'delete-config': { type: 'string', multiple: true },
    'if-not-exists': { type: 'boolean' },
    'if-exists': { type: 'boolean' },
    'exclude-internal': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) { console.log(usage); return 0; }
  const { action, only } = oneAction(o, ACTIONS);
  const servers = bootstrapServers(o['bootstrap-server']);
  only('partitions', o.partitions !== undefined, ['create', 'alter']);
  only('replication-factor', o['replication-factor'] !== undefined, ['create']);
  only('config', o.config !== undefined, ['create', 'alter']);
  only('delete-config', o['delete-config'] !== undefined, ['alter']);
  only('if-not-exists', o['if-not-exists'] === true, ['create']);
  only('if-exists', o['if-exists'] === true, ['alter', 'delete', 'describe']);
  only('exclude-internal', o['exclude-internal'] === true, ['list', 'describe']);
  if (['create', 'alter', 'delete'].includes(action) && o.topic === undefined) {
    throw new UsageError(`--${action} requires --topic`);
  }
  const partitions = intOption('--partitions', o.partitions, 1);
  const replicationFactor = intOption('--replication-factor', o['replication-factor'], 1);
  const configs = keyValues('--config', o.config);
  const deleteConfigs = o['delete-config'] ?? [];
  if (action === 'alter' && partitions === undefined && configs.size === 0 && deleteConfigs.length === 0) {
    throw new UsageError('--alter needs --partitions, --config or --delete-config');
  }

  const admin = new Admin(clientOptions(servers, 'tributary-topics'));
  try {
    await firstContact(servers, () => admin.metadata({ topics: [] }));
    switch (action) {
      case 'create':
        return await create(admin, o.topic!, partitions, replicationFactor, configs, o['if-not-exists'] === true);
      case 'list': {
        const names = await matching(admin, o.topic, o['exclude-internal'] !== true);
        if (names.length > 0) process.stdout.write(names.join('\n') + '\n');
        return 0;
      }
      case 'describe':
        return await describe(admin, await existing(admin, o.topic, o['exclude-internal'] !== true, o['if-exists'] === true));
      case 'alter':
        return await alter(admin, await existing(admin, o.topic, true, o['if-exists'] === true), partitions, configs, deleteConfigs);
      case 'delete':
        return await remove(admin, await existing(admin, o.topic, true, o['if-exists'] === true));
    }
  } finally {
    await closeQuietly(admin);
  }
}

/** Names of the topics matching --topic (all topics without it), sorted. */
async function matching(admin: Admin, pattern: string | undefined, includeInternal: boolean): Promise<string[]> {
  const match = topicMatcher(pattern);
  const names = await attempt('cannot list topics', () => admin.listTopics({ includeInternals: includeInternal }), HINTS);
  return names.filter(match).sort();
}

/** Like `matching`, but a --topic that matches nothing is an error (unless --if-exists). */
async function existing(admin: Admin, pattern: string | undefined, includeInternal: boolean, ifExists: boolean): Promise<string[]> {
  const names = await matching(admin, pattern, includeInternal);
  if (pattern !== undefined && names.length === 0 && !ifExists) {
    throw new CliError(`Topic '${pattern}' does not exist as expected (UNKNOWN_TOPIC_OR_PARTITION): ${HINTS.UNKNOWN_TOPIC_OR_PARTITION}`);
  }
  return names;
}

async function create(admin: Admin, topic: string, partitions: number | undefined, rf: number | undefined,
  configs: Map<string, string>, ifNotExists: boolean): Promise<number> {
  if (ifNotExists && (await matching(admin, undefined, true)).includes(topic)) return 0;
  try {
    await admin.createTopics({
      topics: [topic],
      partitions: partitions ?? -1,
      replicas: rf ?? -1,
      configs: [...configs].map(([name, value]) => ({ name, value })),
    });
  } catch (err) {
    // Another client may have created it between the check and the request.
    if (ifNotExists && kafkaError(err)?.name === 'TOPIC_ALREADY_EXISTS') return 0;
    throw new CliError(explain(err, `cannot create topic '${topic}'`, HINTS));
  }
  console.log(`Created topic ${topic}.`);
  return 0;
}

/** Per partition of each topic: log start and end offsets (ListOffsets earliest / latest). */
type Offsets = Map<string, Map<number, { start: bigint; end: bigint }>>;

async function logOffsets(admin: Admin, topics: { name: string; partitions: number[] }[]): Promise<Offsets> {
  const out: Offsets = new Map();
  const wanted = topics.filter((t) => t.partitions.length > 0);
  if (wanted.length === 0) return out;
  const list = (timestamp: bigint) => attempt('cannot list partition offsets', () => admin.listOffsets({
    topics: wanted.map((t) => ({ name: t.name, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) })),
  }), HINTS);
  const [earliest, latest] = await Promise.all([list(-2n), list(-1n)]);
  for (const t of earliest) {
    const m = new Map<number, { start: bigint; end: bigint }>();
    for (const p of t.partitions) m.set(p.partitionIndex, { start: p.offset, end: -1n });
    out.set(t.name, m);
  }
  for (const t of latest) {
    for (const p of t.partitions) {
      const e = out.get(t.name)?.get(p.partitionIndex);
      if (e) e.end = p.offset;
    }
  }
  return out;
}

/**
 * Size on disk of each partition's leader replica (DescribeLogDirs to every broker), or null
 * when the cluster does not answer it (not authorized, an old broker...): sizes are then left out.
 */
async function partitionSizes(admin: Admin, topics: { name: string; partitions: number[]; leaders: number[] }[]):
  Promise<Map<string, Map<number, bigint>> | null> {
  const wanted = topics.filter((t) => t.partitions.length > 0);
  if (wanted.length === 0) return new Map();
  let described;
  try {
    described = await admin.describeLogDirs({ topics: wanted.map((t) => ({ name: t.name, partitions: t.partitions })) });
  } catch {
    return null;
  }
  const leaderOf = new Map(wanted.map((t) => [t.name, new Map(t.partitions.map((p, i) => [p, t.leaders[i]!]))]));
  const sizes = new Map<string, Map<number, bigint>>();
  for (const b of described) {
    for (const dir of b.results) {
      for (const t of dir.topics) {
        for (const p of t.partitions) {
          if (p.isFutureKey || leaderOf.get(t.name)?.get(p.partitionIndex) !== b.broker) continue;
          let m = sizes.get(t.name);
          if (!m) sizes.set(t.name, m = new Map());
          m.set(p.partitionIndex, (m.get(p.partitionIndex) ?? 0n) + BigInt(p.partitionSize));
        }
      }
    }
  }
  return sizes;
}

async function describe(admin: Admin, topics: string[]): Promise<number> {
  if (topics.length === 0) return 0;
  const md = await attempt('cannot describe topics', () => admin.metadata({ topics, forceUpdate: true }), HINTS);
  const described = await attempt('cannot describe topic configs', () =>
    admin.describeConfigs({ resources: topics.map((name) => ({ resourceType: TOPIC_RESOURCE, resourceName: name })) }), HINTS);
  const overrides = new Map<string, string>();
  for (const r of described) {
    overrides.set(r.resourceName, r.configs
      .filter((c) => c.configSource === DYNAMIC_TOPIC_CONFIG)
      .map((c) => `${c.name}=${c.isSensitive ? 'sensitive=true' : c.value ?? 'null'}`).join(','));
  }
  // Partitions with a leader: only those can be asked for offsets and sizes.
  const led = topics.flatMap((name) => {
    const t = md.topics.get(name);
    if (!t) return [];
    const parts = t.partitions.map((p, i) => ({ i, leader: p.leader })).filter((p) => p.leader >= 0);
    return [{ name, partitions: parts.map((p) => p.i), leaders: parts.map((p) => p.leader) }];
  });
  const [offsets, sizes] = await Promise.all([logOffsets(admin, led), partitionSizes(admin, led)]);
  const out: string[] = [];
  for (const name of topics) {
    const t = md.topics.get(name);
    if (!t) continue;
    const rf = t.partitions[0]?.replicas.length ?? 0;
    out.push(`Topic: ${name}\tTopicId: ${topicIdString(t.id)}\tPartitionCount: ${t.partitionsCount}\tReplicationFactor: ${rf}\tConfigs: ${overrides.get(name) ?? ''}`);
    t.partitions.forEach((p, i) => {
      const leader = p.leader >= 0 ? String(p.leader) : 'none';
      const offline = p.offlineReplicas.length > 0 ? `\tOffline: ${p.offlineReplicas.join(',')}` : '';
      const o = offsets.get(name)?.get(i);
      const range = o && o.start >= 0n && o.end >= 0n ? `\tLogStartOffset: ${o.start}\tLogEndOffset: ${o.end}` : '';
      const size = sizes?.get(name)?.get(i);
      const onDisk = size !== undefined ? `\tSize: ${humanBytes(size)} (${size} bytes)` : '';
      out.push(`\tTopic: ${name}\tPartition: ${i}\tLeader: ${leader}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}${offline}${range}${onDisk}`);
    });
  }
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
  return 0;
}

async function alter(admin: Admin, topics: string[], partitions: number | undefined,
  configs: Map<string, string>, deleteConfigs: string[]): Promise<number> {
  for (const name of topics) {
    if (partitions !== undefined) {
      await attempt(`cannot change the partition count of topic '${name}'`,
        () => admin.createPartitions({ topics: [{ name, count: partitions, assignments: null }] }), HINTS);
    }
    if (configs.size > 0 || deleteConfigs.length > 0) {
      await attempt(`cannot change the configs of topic '${name}'`, () => admin.incrementalAlterConfigs({
        resources: [{
          resourceType: TOPIC_RESOURCE,
          resourceName: name,
          configs: [
            ...[...configs].map(([k, value]) => ({ name: k, configOperation: 0 as const, value })),
            ...deleteConfigs.map((k) => ({ name: k, configOperation: 1 as const })),
          ],
        }],
      }), HINTS);
    }
  }
  return 0;
}

async function remove(admin: Admin, topics: string[]): Promise<number> {
  if (topics.length === 0) return 0;
  const internal = new Set(topics);
  for (const n of await matching(admin, undefined, false)) internal.delete(n);
  const [first] = internal;
  if (first !== undefined) throw new CliError(`Topic ${first} is a kafka internal topic and is not allowed to be marked for deletion.`);
  await attempt(`cannot delete ${topics.length === 1 ? `topic '${topics[0]}'` : `topics ${topics.join(', ')}`}`,
    () => admin.deleteTopics({ topics }), HINTS);
  return 0;
}
