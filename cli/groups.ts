/**
 * `tributary groups`: list, describe, reset the offsets of and delete consumer groups, like
 * Kafka's kafka-consumer-groups.sh, over the Kafka protocol only (ListGroups, DescribeGroups,
 * OffsetFetch, ListOffsets, OffsetCommit in its standalone form, DeleteGroups), so it works
 * against any cluster.
 *
 * Output follows Kafka's tool: the describe table (GROUP TOPIC PARTITION CURRENT-OFFSET
 * LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID, `-` where a value is missing) and the reset table
 * (GROUP TOPIC PARTITION NEW-OFFSET) each start with an empty line; notes about the group's state
 * ("has no active members", "is rebalancing") go to stderr, as Kafka prints them.
 */
import type { Admin, Group, ListConsumerGroupOffsetsGroup } from '@platformatic/kafka';
import { intOption, oneAction, parse, UsageError } from './args.js';
import { attempt, bootstrapServers, CliError, clientOptions, closeQuietly, explain, firstContact } from './tools/kafka.js';
import { formatTable } from './tools/table.js';

export const usage = `Usage: tributary groups --bootstrap-server HOST:PORT ACTION [options]

Actions (exactly one):
  --list
  --describe --group G [--group G2 ...]
  --reset-offsets --group G (--topic T[:P,P...] ... | --all-topics) PLAN [--dry-run | --execute]
  --delete --group G [--group G2 ...]

Reset plans (exactly one):
  --to-earliest              the first offset still in the log
  --to-latest                the end of the log
  --to-offset N              offset N
  --shift-by N               the committed offset plus N (N may be negative, e.g. --shift-by -3)
  --to-datetime DATETIME     the first record at or after YYYY-MM-DDTHH:mm:SS.sss, optionally
                             followed by Z or +HH:MM / -HH:MM (UTC without one, as in Kafka);
                             the end of the log if no record is that recent

Options:
  --bootstrap-server HOST:PORT[,HOST:PORT]  the cluster to talk to (required)
  --group G                 a consumer group (repeatable)
  --topic T[:P,P...]        with --reset-offsets: a topic, optionally only some of its partitions
                            (repeatable)
  --all-topics              with --reset-offsets: every topic the group has committed offsets for
  --dry-run                 show the new offsets without committing them (the default)
  --execute                 commit the new offsets

New offsets are kept between the earliest and the latest offset of each partition. Offsets can
only be reset while the group has no active members.`;

const ACTIONS = ['list', 'describe', 'reset-offsets', 'delete'] as const;
const PLANS = ['to-earliest', 'to-latest', 'to-offset', 'shift-by', 'to-datetime'] as const;
type Plan = typeof PLANS[number];

const EARLIEST = -2n;
const LATEST = -1n;
/** Kafka's protocol type of consumer groups; groups of other types (Connect, ...) are not listed. */
const CONSUMER_PROTOCOL = 'consumer';
const MISSING = '-';

const HINTS: Partial<Record<string, string>> = {
  COORDINATOR_NOT_AVAILABLE: 'the group coordinator is starting or unavailable: retry in a moment',
  COORDINATOR_LOAD_IN_PROGRESS: 'the group coordinator is loading its groups: retry in a moment',
  NOT_COORDINATOR: 'the group moved to another broker: retry',
  UNKNOWN_TOPIC_OR_PARTITION: "see the topics with 'tributary topics --list'",
  GROUP_AUTHORIZATION_FAILED: 'this client may not access the group',
  INVALID_GROUP_ID: 'group ids must not be empty',
  UNKNOWN_MEMBER_ID: 'the group has active members again: stop its consumers and retry',
};

/** The states the client reports in upper case, in Kafka's spelling. */
const STATE_NAMES: Record<string, string> = {
  EMPTY: 'Empty', STABLE: 'Stable', DEAD: 'Dead', PREPARINGREBALANCE: 'PreparingRebalance',
  COMPLETINGREBALANCE: 'CompletingRebalance', ASSIGNING: 'Assigning', RECONCILING: 'Reconciling', UNKNOWN: 'Unknown',
};

function stateName(s: string): string {
  return STATE_NAMES[s.toUpperCase()] ?? s;
}

/** Options that take a possibly negative number: Node's parser would read `-3` as an option. */
const SIGNED_VALUE_OPTIONS = new Set(['--shift-by']);

function joinSignedValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (SIGNED_VALUE_OPTIONS.has(a) && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

interface TopicScope { topic: string; partitions: number[] | null }

/** `T` or `T:0,1,2`. */
function topicScope(spec: string): TopicScope {
  const i = spec.indexOf(':');
  if (i < 0) {
    if (spec === '') throw new UsageError('--topic expects T or T:P,P...');
    return { topic: spec, partitions: null };
  }
  const topic = spec.slice(0, i);
  const list = spec.slice(i + 1).split(',').map((s) => s.trim());
  if (topic === '' || list.some((p) => !/^\d+$/.test(p))) throw new UsageError(`--topic expects T or T:P,P... (partitions as numbers), got '${spec}'`);
  return { topic, partitions: [...new Set(list.map(Number))].sort((a, b) => a - b) };
}

/**
 * Kafka's --to-datetime format: YYYY-MM-DDTHH:mm:SS.sss with an optional zone (Z, +HH, +HHMM,
 * +HH:MM); without a zone the time is UTC, as Kafka's Utils.getDateTime reads it. The
 * milliseconds may be left out.
 */
export function parseDateTime(v: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(v.trim());
  if (!m) throw new UsageError(`--to-datetime expects YYYY-MM-DDTHH:mm:SS.sss with an optional zone (Z or +HH:MM), got '${v}'`);
  const [, y, mo, d, h, mi, s, ms = '0', zone = 'Z'] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0'))] as const;
  const utc = Date.UTC(...fields);
  const check = new Date(utc);
  if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
    throw new UsageError(`--to-datetime: '${v}' is not a valid date and time`);
  }
  let offsetMin = 0;
  if (zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
  }
  return utc - offsetMin * 60_000;
}

export async function main(argv: string[]): Promise<number> {
  const o = parse(joinSignedValues(argv), {
    'bootstrap-server': { type: 'string' },
    list: { type: 'boolean' },
    describe: { type: 'boolean' },
    'reset-offsets': { type: 'boolean' },
    delete: { type: 'boolean' },
    group: { type: 'string', multiple: true },
    topic: { type: 'string', multiple: true },
    'all-topics': { type: 'boolean' },
    'to-earliest': { type: 'boolean' },
    'to-latest': { type: 'boolean' },
    'to-offset': { type: 'string' },
    'shift-by': { type: 'string' },
    'to-datetime': { type: 'string' },
    'dry-run': { type: 'boolean' },
    execute: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) { console.log(usage); return 0; }
  const { action, only } = oneAction(o, ACTIONS);
  const servers = bootstrapServers(o['bootstrap-server']);
  only('group', o.group !== undefined, ['describe', 'reset-offsets', 'delete']);
  for (const flag of ['topic', 'all-topics', 'dry-run', 'execute', ...PLANS] as const) only(flag, o[flag] !== undefined, ['reset-offsets']);
  const groups = [...new Set(o.group ?? [])];
  if (action !== 'list' && groups.length === 0) throw new UsageError(`--${action} requires --group`);
  if (groups.includes('')) throw new UsageError('--group must not be empty');

  let reset: ResetRequest | undefined;
  if (action === 'reset-offsets') {
    const scopes = (o.topic ?? []).map(topicScope);
    if ((scopes.length > 0) === (o['all-topics'] === true)) {
      throw new UsageError('One of the reset scopes should be defined: --all-topics or --topic (not both)');
    }
    const plans = PLANS.filter((p) => o[p] !== undefined);
    if (plans.length !== 1) throw new UsageError(`--reset-offsets takes exactly one of --${PLANS.join(', --')}`);
    if (o['dry-run'] && o.execute) throw new UsageError('--dry-run and --execute cannot be used together');
    const plan: Plan = plans[0]!;
    let value = 0n;
    if (plan === 'to-offset') value = BigInt(intOption('--to-offset', o['to-offset'], 0)!);
    if (plan === 'shift-by') {
      const v = o['shift-by']!.trim();
      if (!/^[+-]?\d+$/.test(v)) throw new UsageError(`--shift-by expects an integer (negative to move back), got '${o['shift-by']}'`);
      value = BigInt(v);
    }
    if (plan === 'to-datetime') value = BigInt(parseDateTime(o['to-datetime']!));
    reset = { scopes: o['all-topics'] ? null : scopes, plan, value, execute: o.execute === true };
  }

  // Loaded only now: --help and bad command lines answer without loading the client.
  const kafka = await import('@platformatic/kafka');
  const admin = new kafka.Admin(clientOptions(servers, 'tributary-consumer-groups'));
  try {
    await firstContact(servers, () => admin.metadata({ topics: [] }));
    switch (action) {
      case 'list':
        return await list(admin);
      case 'describe':
        return await describe(admin, groups);
      case 'reset-offsets':
        return await resetOffsets(admin, groups, reset!, o['dry-run'] === true);
      case 'delete':
        return await remove(admin, groups);
    }
  } finally {
    await closeQuietly(admin);
  }
}

async function list(admin: Admin): Promise<number> {
  const all = await attempt('cannot list consumer groups', () => admin.listGroups(), HINTS);
  const names = [...all.values()]
    .filter((g) => g.protocolType === CONSUMER_PROTOCOL || g.protocolType === '')
    .map((g) => g.id).sort();
  if (names.length > 0) process.stdout.write(names.join('\n') + '\n');
  return 0;
}

async function describeGroup(admin: Admin, group: string): Promise<Group> {
  const described = await attempt(`cannot describe consumer group '${group}'`, () => admin.describeGroups({ groups: [group] }), HINTS);
  const g = described.get(group);
  if (!g) throw new CliError(`cannot describe consumer group '${group}': the coordinator did not answer for it`);
  return g;
}

/** Committed offsets of a group: topic -> partition -> offset (partitions without one left out). */
async function committedOffsets(admin: Admin, group: string): Promise<Map<string, Map<number, bigint>>> {
  const answer: ListConsumerGroupOffsetsGroup[] = await attempt(`cannot fetch the committed offsets of consumer group '${group}'`,
    () => admin.listConsumerGroupOffsets({ groups: [group] }), HINTS);
  const out = new Map<string, Map<number, bigint>>();
  for (const g of answer) {
    if (g.groupId !== group) continue;
    for (const t of g.topics) {
      for (const p of t.partitions) {
        if (p.committedOffset < 0n) continue;
        let m = out.get(t.name);
        if (!m) out.set(t.name, (m = new Map()));
        m.set(p.partitionIndex, p.committedOffset);
      }
    }
  }
  return out;
}

/** Partition counts of the topics that exist among `topics`. */
async function partitionCounts(admin: Admin, topics: Iterable<string>): Promise<Map<string, number>> {
  const wanted = new Set(topics);
  const out = new Map<string, number>();
  if (wanted.size === 0) return out;
  const existing = new Set(await attempt('cannot list topics', () => admin.listTopics({ includeInternals: true }), HINTS));
  const present = [...wanted].filter((t) => existing.has(t));
  if (present.length === 0) return out;
  const md = await attempt('cannot read topic metadata', () => admin.metadata({ topics: present, forceUpdate: true }), HINTS);
  for (const t of present) {
    const m = md.topics.get(t);
    if (m) out.set(t, m.partitionsCount);
  }
  return out;
}

type PartitionOffsets = Map<string, Map<number, bigint>>;

/** ListOffsets for each partition at `timestamp` (-2 earliest, -1 latest, else a time in ms). */
async function listOffsets(admin: Admin, partitions: Map<string, number[]>, timestamp: bigint, what: string): Promise<PartitionOffsets> {
  const topics = [...partitions].filter(([, ps]) => ps.length > 0)
    .map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex, timestamp })) }));
  const out: PartitionOffsets = new Map();
  if (topics.length === 0) return out;
  const answer = await attempt(`cannot look up the ${what} offsets`, () => admin.listOffsets({ topics }), HINTS);
  for (const t of answer) {
    const m = new Map<number, bigint>();
    for (const p of t.partitions) m.set(p.partitionIndex, p.offset);
    out.set(t.name, m);
  }
  return out;
}

interface DescribeRow {
  topic?: string; partition?: number; current?: bigint; logEnd?: bigint; consumerId?: string; host?: string; clientId?: string;
}

async function describe(admin: Admin, groups: string[]): Promise<number> {
  let code = 0;
  for (const groupId of groups) {
    const g = await describeGroup(admin, groupId);
    const state = stateName(g.state);
    if (state === 'Dead') {
      process.stderr.write(`Error: Consumer group '${groupId}' does not exist.\n`);
      code = 1;
      continue;
    }
    const committed = await committedOffsets(admin, groupId);
    // Assigned partitions, with the member that has each.
    const owners = new Map<string, Map<number, { consumerId: string; host: string; clientId: string }>>();
    const idle: DescribeRow[] = [];
    for (const m of g.members.values()) {
      const who = { consumerId: m.id, host: m.clientHost, clientId: m.clientId };
      let any = false;
      for (const a of m.assignments?.values() ?? []) {
        for (const p of a.partitions) {
          let t = owners.get(a.topic);
          if (!t) owners.set(a.topic, (t = new Map()));
          t.set(p, who);
          any = true;
        }
      }
      if (!any) idle.push(who);
    }
    const partitions = new Map<string, Set<number>>();
    for (const source of [committed, owners]) {
      for (const [topic, parts] of source) {
        let s = partitions.get(topic);
        if (!s) partitions.set(topic, (s = new Set()));
        for (const p of parts.keys()) s.add(p);
      }
    }
    const counts = await partitionCounts(admin, partitions.keys());
    const existing = new Map<string, number[]>();
    for (const [topic, parts] of partitions) {
      const n = counts.get(topic);
      if (n !== undefined) existing.set(topic, [...parts].filter((p) => p < n));
    }
    const logEnd = await listOffsets(admin, existing, LATEST, 'log-end');
    const rows: DescribeRow[] = [];
    for (const topic of [...partitions.keys()].sort()) {
      for (const partition of [...partitions.get(topic)!].sort((a, b) => a - b)) {
        rows.push({
          topic, partition, current: committed.get(topic)?.get(partition), logEnd: logEnd.get(topic)?.get(partition),
          ...owners.get(topic)?.get(partition),
        });
      }
    }
    rows.push(...idle.sort((a, b) => (a.consumerId ?? '').localeCompare(b.consumerId ?? '')));

    if (state === 'Empty') process.stderr.write(`\nConsumer group '${groupId}' has no active members.\n`);
    else if (state !== 'Stable') process.stderr.write(`\nWarning: Consumer group '${groupId}' is rebalancing.\n`);
    if (rows.length === 0) continue;
    const str = (v: string | number | bigint | undefined): string => (v === undefined ? MISSING : String(v));
    const table = formatTable(
      [['GROUP', 15], ['TOPIC', 15], ['PARTITION', 10], ['CURRENT-OFFSET', 15], ['LOG-END-OFFSET', 15], ['LAG', 15], ['CONSUMER-ID', 15], ['HOST', 15], ['CLIENT-ID', 0]],
      rows.map((r) => [
        groupId, str(r.topic), str(r.partition), str(r.current), str(r.logEnd),
        str(r.current !== undefined && r.logEnd !== undefined ? r.logEnd - r.current : undefined),
        str(r.consumerId), str(r.host), str(r.clientId),
      ]));
    process.stdout.write(`\n${table}`);
  }
  return code;
}

interface ResetRequest {
  /** null: every topic the group has committed offsets for (--all-topics). */
  scopes: TopicScope[] | null;
  plan: Plan;
  value: bigint;
  execute: boolean;
}

async function resetOffsets(admin: Admin, groups: string[], req: ResetRequest, dryRunAsked: boolean): Promise<number> {
  const results: { group: string; topic: string; partition: number; offset: bigint }[] = [];
  // Every group is checked and planned before anything is committed.
  const plans: { groupId: string; topics: { name: string; partitionOffsets: { partition: number; offset: bigint }[] }[] }[] = [];
  for (const groupId of groups) {
    const g = await describeGroup(admin, groupId);
    const state = stateName(g.state);
    if (state !== 'Empty' && state !== 'Dead') {
      throw new CliError(`Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${state}.`);
    }
    const committed = await committedOffsets(admin, groupId);
    const targets = new Map<string, number[]>();
    if (req.scopes === null) {
      const counts = await partitionCounts(admin, committed.keys());
      for (const [topic, parts] of committed) {
        const n = counts.get(topic);
        if (n === undefined) {
          process.stderr.write(`WARN: Topic '${topic}' no longer exists: the offsets consumer group '${groupId}' committed for it are left as they are.\n`);
          continue;
        }
        targets.set(topic, [...parts.keys()].filter((p) => p < n).sort((a, b) => a - b));
      }
      if (targets.size === 0) {
        process.stderr.write(`Consumer group '${groupId}' has no committed offsets for existing topics: nothing to reset with --all-topics (name the topics with --topic).\n`);
        continue;
      }
    } else {
      const counts = await partitionCounts(admin, req.scopes.map((s) => s.topic));
      for (const s of req.scopes) {
        const n = counts.get(s.topic);
        if (n === undefined) {
          throw new CliError(`Topic '${s.topic}' does not exist (UNKNOWN_TOPIC_OR_PARTITION): ${HINTS.UNKNOWN_TOPIC_OR_PARTITION}`);
        }
        const bad = (s.partitions ?? []).filter((p) => p >= n);
        if (bad.length > 0) {
          throw new CliError(`Topic '${s.topic}' has no partition ${bad.join(', ')}: it has ${n} (0 to ${n - 1}) (UNKNOWN_TOPIC_OR_PARTITION)`);
        }
        const merged = new Set([...(targets.get(s.topic) ?? []), ...(s.partitions ?? [...Array(n).keys()])]);
        targets.set(s.topic, [...merged].sort((a, b) => a - b));
      }
    }
    const earliest = await listOffsets(admin, targets, EARLIEST, 'earliest');
    const latest = await listOffsets(admin, targets, LATEST, 'latest');
    const byTime = req.plan === 'to-datetime' ? await listOffsets(admin, targets, req.value, 'by-time') : null;
    const commits: { name: string; partitionOffsets: { partition: number; offset: bigint }[] }[] = [];
    for (const [topic, parts] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
      const partitionOffsets: { partition: number; offset: bigint }[] = [];
      for (const partition of parts) {
        const lo = earliest.get(topic)?.get(partition) ?? 0n;
        const hi = latest.get(topic)?.get(partition) ?? 0n;
        let wanted: bigint;
        switch (req.plan) {
          case 'to-earliest': wanted = lo; break;
          case 'to-latest': wanted = hi; break;
          case 'to-offset': wanted = req.value; break;
          case 'shift-by': {
            const current = committed.get(topic)?.get(partition);
            if (current === undefined) {
              throw new CliError(`Cannot shift offset for partition ${topic}-${partition} of group '${groupId}' since there is no current committed offset: use --to-earliest, --to-latest or --to-offset for it`);
            }
            wanted = current + req.value;
            break;
          }
          case 'to-datetime': {
            const found = byTime!.get(topic)?.get(partition) ?? -1n;
            wanted = found < 0n ? hi : found;
            break;
          }
        }
        let offset = wanted;
        if (offset > hi) {
          process.stderr.write(`WARN: New offset (${offset}) is higher than latest offset for topic partition ${topic}-${partition}. Value will be set to ${hi}\n`);
          offset = hi;
        } else if (offset < lo) {
          process.stderr.write(`WARN: New offset (${offset}) is lower than earliest offset for topic partition ${topic}-${partition}. Value will be set to ${lo}\n`);
          offset = lo;
        }
        partitionOffsets.push({ partition, offset });
        results.push({ group: groupId, topic, partition, offset });
      }
      commits.push({ name: topic, partitionOffsets });
    }
    if (commits.length > 0) plans.push({ groupId, topics: commits });
  }
  if (req.execute) {
    for (const { groupId, topics } of plans) {
      await attempt(`cannot commit the new offsets of consumer group '${groupId}'`,
        () => admin.alterConsumerGroupOffsets({ groupId, topics }), HINTS);
    }
  }
  if (!req.execute && !dryRunAsked) {
    process.stderr.write('WARN: No action will be performed as the --execute option is missing. Add --execute to commit the new offsets, or --dry-run to only show them.\n');
  }
  if (results.length > 0) {
    const table = formatTable([['GROUP', 30], ['TOPIC', 30], ['PARTITION', 10], ['NEW-OFFSET', 0]],
      results.map((r) => [r.group, r.topic, String(r.partition), String(r.offset)]));
    process.stdout.write(`\n${table}\n`);
  }
  return 0;
}

async function remove(admin: Admin, groups: string[]): Promise<number> {
  const deleted: string[] = [];
  const failures: string[] = [];
  for (const groupId of groups) {
    try {
      await admin.deleteGroups({ groups: [groupId] });
      deleted.push(groupId);
    } catch (err) {
      failures.push(explain(err, `Group '${groupId}' could not be deleted due to`, {
        ...HINTS,
        NON_EMPTY_GROUP: `stop its consumers first (see 'tributary groups --describe --group ${groupId}')`,
        GROUP_ID_NOT_FOUND: "see the groups with 'tributary groups --list'",
      }));
    }
  }
  const quoted = (ids: string[]): string => ids.map((g) => `'${g}'`).join(', ');
  if (failures.length === 0) {
    console.log(`Deletion of requested consumer groups (${quoted(deleted)}) was successful.`);
    return 0;
  }
  if (deleted.length > 0) console.log(`These consumer groups were deleted successfully: ${quoted(deleted)}`);
  if (failures.length === 1) throw new CliError(failures[0]!);
  throw new CliError(`Deletion of some consumer groups failed: ${failures.join('; ')}`);
}
