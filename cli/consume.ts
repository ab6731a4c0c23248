/**
 * `tributary consume`: prints the records of a topic, like kafka-console-consumer.
 *
 * Without --group the partitions are assigned manually: start offsets come from ListOffsets
 * (earliest / latest) or --offset, then each partition leader is polled with Fetch (long polls
 * of at most POLL_MS) carrying every assigned partition and its next offset.
 *
 * With --group G the tool is a member of consumer group G subscribed to the topic: the client
 * library runs the membership (JoinGroup, SyncGroup, heartbeats, rejoining after a rebalance),
 * this file fetches the assigned partitions from their committed offsets (else earliest with
 * --from-beginning, latest otherwise: Kafka's auto.offset.reset) and commits what it printed
 * after every round of fetches, so a stop at any point loses nothing and replays at most the
 * last round. On --max-messages, --timeout-ms or Ctrl-C it commits and leaves the group.
 *
 * Either way records are printed in offset order per partition; batches that start before the
 * wanted offset and control batches are skipped, and the position moves past each batch's last
 * offset.
 */
import type { ConnectionPool, Consumer, RecordsBatch } from '@platformatic/kafka';
import { intOption, parse, UsageError } from './args.js';
import {
  attempt, booleanProperty, bootstrapServers, CliError, clientOptions, closeQuietly, explain, firstContact, kafkaError,
  properties, unescape, withDeadline,
} from './tools/kafka.js';

export const usage = `Usage: tributary consume --bootstrap-server HOST:PORT --topic T [options]

Prints each record's value (like kafka-console-consumer), one per line. Without --group every
partition of the topic (or only --partition) is read and no consumer group is joined.

Options:
  --bootstrap-server HOST:PORT[,HOST:PORT]  the cluster to talk to (required)
  --topic T                  the topic to read (required)
  --group G                  consume as a member of consumer group G: read the partitions the
                             group assigns, starting at the group's committed offsets, and commit
                             the offsets of what was printed; the group is left on exit
  --from-beginning           start at the earliest offset instead of the end (with --group: only
                             for partitions without a committed offset)
  --partition N              read only partition N (not with --group)
  --offset earliest|latest|N where to start in --partition (default: latest, or earliest with
                             --from-beginning)
  --max-messages N           stop after N records
  --timeout-ms N             stop when no record arrived for N ms (with --group: counted from
                             when the group assigned the partitions, and again after a rebalance)
  --property print.key=true        also print the key (null keys print 'null')
  --property print.timestamp=true  also print CreateTime:<ms> or LogAppendTime:<ms>
  --property print.partition=true  also print Partition:<n>
  --property print.offset=true     also print Offset:<n>
  --property print.headers=true    also print the headers as k:v,k2:v2 (NO_HEADERS if none)
  --property print.value=false     leave out the value
  --property key.separator=SEP     between the printed fields (default: a tab)
  --property line.separator=SEP    after each record (default: a newline)
  --property headers.separator=SEP, headers.key.separator=SEP  (defaults: ',' and ':')
  --property null.literal=S        printed for null keys and values (default: null)

Ctrl-C stops cleanly (with --group: commits and leaves the group). On exit 'Processed a total of
N messages' is printed on stderr.`;

const PROPERTIES = [
  'print.key', 'print.value', 'print.timestamp', 'print.partition', 'print.offset', 'print.headers',
  'key.separator', 'line.separator', 'headers.separator', 'headers.key.separator', 'null.literal',
] as const;

/** Longest wait of one Fetch at the broker; bounds how late --timeout-ms and Ctrl-C are noticed. */
const POLL_MS = 500;
const FETCH_MAX_BYTES = 52_428_800;
const PARTITION_MAX_BYTES = 1_048_576;
const EARLIEST = -2n;
const LATEST = -1n;
/** Record batch attribute bits. */
const LOG_APPEND_TIME = 0x08;
const CONTROL_BATCH = 0x20;
/**
 * Group membership timings: Kafka's session.timeout.ms; a heartbeat every second (Kafka: 3 s),
 * so that this member notices a rebalance (a member joining or leaving) within a second; the
 * rebalance timeout (max.poll.interval.ms in Kafka) is shorter than Kafka's: the tool never stalls.
 */
const SESSION_TIMEOUT_MS = 45_000;
const HEARTBEAT_INTERVAL_MS = 1_000;
const REBALANCE_TIMEOUT_MS = 60_000;

const HINTS: Partial<Record<string, string>> = {
  UNKNOWN_TOPIC_OR_PARTITION: "see the topics with 'tributary topics --list'",
  TOPIC_AUTHORIZATION_FAILED: 'this client may not read the topic',
  GROUP_AUTHORIZATION_FAILED: 'this client may not use the group',
  COORDINATOR_NOT_AVAILABLE: 'the group coordinator is starting or unavailable: retry in a moment',
  INVALID_SESSION_TIMEOUT: `the broker does not accept a session timeout of ${SESSION_TIMEOUT_MS} ms (group.min/max.session.timeout.ms)`,
  INCONSISTENT_GROUP_PROTOCOL: 'the group is used by another kind of client (its members share no protocol with a consumer)',
  GROUP_MAX_SIZE_REACHED: 'the group has as many members as the broker allows (group.max.size)',
};

interface Format {
  key: boolean; value: boolean; timestamp: boolean; partition: boolean; offset: boolean; headers: boolean;
  separator: string; lineSeparator: string; headersSeparator: string; headerKeySeparator: string; nullLiteral: string;
}

interface Position { partition: number; leader: number; offset: bigint }
type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;

/** What the poll loops share: the stop conditions and the count of printed records. */
class Run {
  processed = 0;
  stopped = false;
  timedOut = false;
  lastRecordAt = Date.now();
  constructor(readonly out: Output, readonly maxMessages: number | undefined, readonly timeoutMs: number | undefined) {}

  /** Long-poll wait for the next Fetch: POLL_MS, or less when --timeout-ms is about to expire. */
  get wait(): number {
    return this.timeoutMs === undefined ? POLL_MS : Math.max(0, Math.min(POLL_MS, this.timeoutMs - (Date.now() - this.lastRecordAt)));
  }

  /** Prints what `response` holds for `mine`; stops at --max-messages. */
  print(response: FetchResponse, mine: Position[]): void {
    for (const part of response.responses[0]?.partitions ?? []) {
      const pos = mine.find((p) => p.partition === part.partitionIndex);
      if (!pos || part.errorCode !== 0) continue;
      for (const batch of part.records ?? []) {
        if (this.stopped) break;
        const n = printBatch(this.out, batch, pos, this.maxMessages === undefined ? Infinity : this.maxMessages - this.processed);
        this.processed += n;
        if (n > 0) this.lastRecordAt = Date.now();
        if (this.maxMessages !== undefined && this.processed >= this.maxMessages) this.stopped = true;
      }
    }
    this.out.flush();
  }

  /** Stops (as timed out) when --timeout-ms passed without a record. */
  checkTimeout(): void {
    if (this.timeoutMs !== undefined && !this.stopped && Date.now() - this.lastRecordAt >= this.timeoutMs) {
      this.timedOut = true;
      this.stopped = true;
    }
  }

  /** `p`, or undefined as soon as the run stops (Ctrl-C) while waiting for it. */
  until<T>(p: Promise<T>): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        if (this.stopped) {
          clearInterval(timer);
          resolve(undefined);
        }
      }, 50);
      p.then((v) => { clearInterval(timer); resolve(v); }, (err: unknown) => { clearInterval(timer); reject(err); });
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  const o = parse(argv, {
    'bootstrap-server': { type: 'string' },
    topic: { type: 'string' },
    'from-beginning': { type: 'boolean' },
    partition: { type: 'string' },
    offset: { type: 'string' },
    'max-messages': { type: 'string' },
    'timeout-ms': { type: 'string' },
    property: { type: 'string', multiple: true },
    group: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) { console.log(usage); return 0; }
  const servers = bootstrapServers(o['bootstrap-server']);
  const topic = o.topic;
  if (topic === undefined || topic === '') throw new UsageError('--topic is required');
  const groupId = o.group;
  if (groupId !== undefined) {
    if (groupId.trim() === '') throw new UsageError('--group must not be empty');
    if (o.partition !== undefined || o.offset !== undefined) {
      throw new UsageError('--group reads the partitions the group assigns: leave out --partition and --offset (or --group)');
    }
  }
  const partitionArg = intOption('--partition', o.partition, 0);
  if (o.offset !== undefined && partitionArg === undefined) throw new UsageError('The partition is required when offset is specified (--offset needs --partition)');
  if (o.offset !== undefined && o['from-beginning']) throw new UsageError("Options from-beginning and offset can't be specified together");
  let offsetArg: bigint | undefined;
  if (o.offset !== undefined) {
    const v = o.offset.toLowerCase();
    if (v === 'earliest') offsetArg = EARLIEST;
    else if (v === 'latest') offsetArg = LATEST;
    else if (/^\d+$/.test(v)) offsetArg = BigInt(v);
    else throw new UsageError(`--offset expects earliest, latest or a non-negative integer, got '${o.offset}'`);
  }
  const fromBeginning = o['from-beginning'] === true;
  const startAt = offsetArg ?? (fromBeginning ? EARLIEST : LATEST);
  const maxMessages = intOption('--max-messages', o['max-messages'], 1);
  const timeoutMs = intOption('--timeout-ms', o['timeout-ms'], 0);
  const props = properties(o.property, PROPERTIES);
  const format: Format = {
    key: booleanProperty(props, 'print.key', false),
    value: booleanProperty(props, 'print.value', true),
    timestamp: booleanProperty(props, 'print.timestamp', false),
    partition: booleanProperty(props, 'print.partition', false),
    offset: booleanProperty(props, 'print.offset', false),
    headers: booleanProperty(props, 'print.headers', false),
    separator: unescape(props.get('key.separator') ?? '\t'),
    lineSeparator: unescape(props.get('line.separator') ?? '\n'),
    headersSeparator: unescape(props.get('headers.separator') ?? ','),
    headerKeySeparator: unescape(props.get('headers.key.separator') ?? ':'),
    nullLiteral: props.get('null.literal') ?? 'null',
  };

  // Loaded only now: --help and bad command lines answer without loading the client.
  const kafka = await import('@platformatic/kafka');
  const consumer = new kafka.Consumer({
    ...clientOptions(servers, 'tributary-console-consumer'),
    groupId: groupId ?? 'tributary-console-consumer',
    autocommit: false,
    sessionTimeout: SESSION_TIMEOUT_MS,
    heartbeatInterval: HEARTBEAT_INTERVAL_MS,
    rebalanceTimeout: REBALANCE_TIMEOUT_MS,
  });
  const run = new Run(new Output(format), maxMessages, timeoutMs);
  let started = false;
  const stop = (): void => { run.stopped = true; };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.on('error', stop);
  try {
    const apis = await firstContact(servers, () => consumer.listApis());
    // Fetch v13+ names topics by id, older versions by name.
    const fetchByTopicId = (apis.find((a) => a.name === 'Fetch')?.maxVersion ?? 0) >= 13;
    const meta = await topicMetadata(consumer, topic);
    if (partitionArg !== undefined && partitionArg >= meta.partitionsCount) {
      throw new CliError(`Topic '${topic}' has no partition ${partitionArg}: it has ${meta.partitionsCount} (0 to ${meta.partitionsCount - 1}) (UNKNOWN_TOPIC_OR_PARTITION)`);
    }
    started = true;
    run.lastRecordAt = Date.now();
    if (groupId !== undefined) {
      await consumeInGroup(consumer, run, groupId, topic, fetchByTopicId, fromBeginning);
    } else {
      const wanted = partitionArg !== undefined ? [partitionArg] : [...Array(meta.partitionsCount).keys()];
      const positions = await startPositions(consumer, topic, wanted, meta.partitions.map((p) => p.leader), startAt);
      run.lastRecordAt = Date.now();
      const fetchTopic = fetchByTopicId ? meta.id : topic;
      const leaders = [...new Set(positions.map((p) => p.leader))];
      // One poll loop per leader; they share the stop conditions.
      const poll = async (leader: number): Promise<void> => {
        const mine = positions.filter((p) => p.leader === leader);
        while (!run.stopped) {
          const response = await fetchOnce(consumer, undefined, leader, fetchTopic, mine, run.wait, topic, fromBeginning);
          if (run.stopped) break;
          run.print(response, mine);
          run.checkTimeout();
        }
      };
      await Promise.all(leaders.map((leader) => poll(leader).catch((err: unknown) => { run.stopped = true; throw err; })));
    }
    run.out.flush();
    if (run.timedOut) {
      process.stderr.write(`Error processing message, terminating consumer process: TimeoutException: no record received within --timeout-ms ${timeoutMs} ms\n`);
    }
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.stdout.off('error', stop);
    await closeQuietly(consumer);
    if (started) process.stderr.write(`Processed a total of ${run.processed} messages\n`);
  }
}

type TopicMetadata = NonNullable<ReturnType<Awaited<ReturnType<Consumer['metadata']>>['topics']['get']>>;

async function topicMetadata(consumer: Consumer, topic: string, forceUpdate = false): Promise<TopicMetadata> {
  const noTopic = `Topic '${topic}' does not exist (UNKNOWN_TOPIC_OR_PARTITION): ${HINTS.UNKNOWN_TOPIC_OR_PARTITION}`;
  const md = await attempt(`cannot read topic '${topic}'`, () => consumer.metadata({ topics: [topic], forceUpdate }).catch((err: unknown) => {
    throw kafkaError(err)?.name === 'UNKNOWN_TOPIC_OR_PARTITION' ? new CliError(noTopic) : err;
  }), HINTS);
  const meta = md.topics.get(topic);
  if (!meta) throw new CliError(noTopic);
  return meta;
}

/**
 * The group member's loop. Each round fetches every assigned partition (one Fetch per leader, on
 * connections of its own so that a JoinGroup waiting for a rebalance does not hold them up),
 * prints, then commits the positions that moved. After the library rejoined the group (a
 * rebalance), the positions are rebuilt from the new assignment and the committed offsets.
 * Positions of partitions that are no longer assigned are not committed: their new owner
 * starts from the last commit, so records are at worst printed twice, never skipped.
 */
async function consumeInGroup(consumer: Consumer, run: Run, groupId: string, topic: string, fetchByTopicId: boolean,
  fromBeginning: boolean): Promise<void> {
  let reassigned = true;
  let groupFailure: unknown;
  const onJoin = (): void => { reassigned = true; };
  const onError = (err: unknown): void => { groupFailure ??= err; run.stopped = true; };
  consumer.on('consumer:group:join', onJoin);
  consumer.on('error', onError);
  const kafka = await import('@platformatic/kafka');
  const fetchPool = new kafka.ConnectionPool('tributary-console-consumer', { connectTimeout: 5_000, requestTimeout: 30_000 });
  const committed = new Map<number, bigint>();
  let positions: Position[] = [];
  let failure: unknown;
  try {
    consumer.topics.track(topic);
    const member = await run.until(attempt(`cannot join consumer group '${groupId}'`, () => consumer.joinGroup({}), HINTS));
    let fetchTopic = topic;
    while (member !== undefined && !run.stopped) {
      if (reassigned) {
        reassigned = false;
        const meta = await topicMetadata(consumer, topic, true);
        fetchTopic = fetchByTopicId ? meta.id : topic;
        positions = await groupPositions(consumer, groupId, topic, meta.partitions.map((p) => p.leader), fromBeginning, committed);
        // --timeout-ms counts from when the member has its partitions: joining (which waits for
        // the other members, group.initial.rebalance.delay.ms on a new group) is not idleness.
        run.lastRecordAt = Date.now();
        continue;
      }
      if (positions.length === 0) {
        // Nothing assigned (more members than partitions): stay in the group, keep heartbeating.
        await new Promise((r) => setTimeout(r, run.wait));
        run.checkTimeout();
        continue;
      }
      const leaders = [...new Set(positions.map((p) => p.leader))];
      const wait = run.wait;
      const responses = await Promise.all(leaders.map((leader) => {
        const mine = positions.filter((p) => p.leader === leader);
        return fetchOnce(consumer, fetchPool, leader, fetchTopic, mine, wait, topic, fromBeginning).then((r) => ({ r, mine }));
      }));
      if (!run.stopped) for (const { r, mine } of responses) run.print(r, mine);
      await commitPositions(consumer, groupId, topic, positions, committed);
      run.checkTimeout();
    }
    if (groupFailure !== undefined) failure = new CliError(explain(groupFailure, `lost the membership of consumer group '${groupId}'`, HINTS));
  } catch (err) {
    failure = err;
  }
  consumer.off('consumer:group:join', onJoin);
  await closeQuietly(fetchPool);
  // A last commit of what was printed, then a clean LeaveGroup (also after Ctrl-C during the join:
  // the broker may already count this member).
  try {
    await withDeadline(commitPositions(consumer, groupId, topic, positions, committed), 15_000,
      () => `cannot commit the offsets of consumer group '${groupId}': no answer within 15 s`);
  } catch (err) {
    failure ??= err;
  }
  try {
    await withDeadline(leaveGroup(consumer), 5_000, () => 'no answer within 5 s');
  } catch (err) {
    process.stderr.write(`${explain(err, `WARN: could not leave consumer group '${groupId}' (the broker drops the member after ${SESSION_TIMEOUT_MS / 1000} s)`)}\n`);
  }
  consumer.off('error', onError);
  if (failure !== undefined) throw failure;
}

/** Consumer.leaveGroup() returns a promise without a callback; its first overload hides that. */
function leaveGroup(consumer: Consumer): Promise<void> {
  return (consumer.leaveGroup as (this: Consumer, force?: boolean) => Promise<void>).call(consumer, false);
}

/**
 * Where each assigned partition starts: its committed offset, else earliest (--from-beginning)
 * or latest. Refreshes `committed` with what the group has committed.
 */
async function groupPositions(consumer: Consumer, groupId: string, topic: string, leaders: number[], fromBeginning: boolean,
  committed: Map<number, bigint>): Promise<Position[]> {
  const assigned = [...(consumer.assignments?.find((a) => a.topic === topic)?.partitions ?? [])].sort((a, b) => a - b);
  committed.clear();
  if (assigned.length === 0) return [];
  const fetched = await attempt(`cannot fetch the committed offsets of consumer group '${groupId}'`,
    () => consumer.listCommittedOffsets({ topics: [{ topic, partitions: assigned }] }), HINTS);
  const offsets = fetched.get(topic) ?? [];
  for (const p of assigned) {
    const o = offsets[p];
    if (o !== undefined && o >= 0n) committed.set(p, o);
  }
  const missing = assigned.filter((p) => !committed.has(p));
  const reset = new Map<number, bigint>();
  if (missing.length > 0) {
    const listed = await attempt(`cannot look up offsets of topic '${topic}'`, () => consumer.listOffsets({
      topics: [topic], partitions: { [topic]: missing }, timestamp: fromBeginning ? EARLIEST : LATEST,
    }), HINTS);
    const byPartition = listed.get(topic) ?? [];
    for (const p of missing) reset.set(p, byPartition[p] ?? 0n);
  }
  return assigned.map((partition) => ({ partition, leader: leaders[partition] ?? -1, offset: committed.get(partition) ?? reset.get(partition)! }));
}

/** Commits the positions that moved since the last commit, for the partitions still assigned. */
async function commitPositions(consumer: Consumer, groupId: string, topic: string, positions: Position[],
  committed: Map<number, bigint>): Promise<void> {
  const assigned = new Set(consumer.assignments?.find((a) => a.topic === topic)?.partitions ?? []);
  const offsets = positions.filter((p) => assigned.has(p.partition) && committed.get(p.partition) !== p.offset)
    .map((p) => ({ topic, partition: p.partition, offset: p.offset, leaderEpoch: -1 }));
  if (offsets.length === 0) return;
  await attempt(`cannot commit the offsets of consumer group '${groupId}'`, () => consumer.commit({ offsets }), HINTS);
  for (const o of offsets) committed.set(o.partition, o.offset);
}

/** Start offset of each partition: earliest, latest, or an explicit offset kept inside the log. */
async function startPositions(consumer: Consumer, topic: string, partitions: number[], leaders: number[], startAt: bigint): Promise<Position[]> {
  const list = (timestamp: bigint): Promise<bigint[]> => attempt(`cannot look up offsets of topic '${topic}'`, async () =>
    (await consumer.listOffsets({ topics: [topic], partitions: { [topic]: partitions }, timestamp })).get(topic) ?? [], HINTS);
  const earliest = await list(EARLIEST);
  const latest = await list(LATEST);
  return partitions.map((partition) => {
    const lo = earliest[partition] ?? 0n;
    const hi = latest[partition] ?? 0n;
    let offset = startAt === EARLIEST ? lo : startAt === LATEST ? hi : startAt;
    if (offset < lo || offset > hi) {
      const to = offset < lo ? lo : hi;
      process.stderr.write(`Offset ${offset} is out of range for partition ${partition} of '${topic}' (${lo} to ${hi}); starting at ${to}\n`);
      offset = to;
    }
    return { partition, leader: leaders[partition] ?? -1, offset };
  });
}

/**
 * One Fetch for the partitions led by `leader`. A response carrying partition errors is still
 * used for the other partitions; OFFSET_OUT_OF_RANGE (the log was truncated or deleted under us)
 * moves that partition to earliest with --from-beginning, else latest, as Kafka's reset does.
 */
async function fetchOnce(consumer: Consumer, pool: ConnectionPool | undefined, leader: number, fetchTopic: string, mine: Position[],
  waitMs: number, topic: string, fromBeginning: boolean): Promise<FetchResponse> {
  const topics = [{
    topicId: fetchTopic,
    partitions: mine.map((p) => ({
      partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, lastFetchedEpoch: -1, partitionMaxBytes: PARTITION_MAX_BYTES,
    })),
  }];
  let response: FetchResponse;
  try {
    response = await consumer.fetch({
      node: leader, topics, maxWaitTime: waitMs, minBytes: 1, maxBytes: FETCH_MAX_BYTES, ...(pool ? { connectionPool: pool } : {}),
    });
  } catch (err) {
    const partial = (err as { response?: FetchResponse }).response;
    const k = kafkaError(err);
    if (!partial || !partial.responses || k?.name !== 'OFFSET_OUT_OF_RANGE') {
      throw new CliError(explain(err, `cannot fetch from topic '${topic}'`, HINTS));
    }
    response = partial;
    for (const part of partial.responses[0]?.partitions ?? []) {
      const pos = mine.find((p) => p.partition === part.partitionIndex);
      if (!pos || part.errorCode === 0) continue;
      if (part.errorCode !== 1) throw new CliError(explain(err, `cannot fetch partition ${pos.partition} of topic '${topic}'`, HINTS));
      const to = fromBeginning ? part.logStartOffset : part.highWatermark;
      process.stderr.write(`Offset ${pos.offset} is out of range for partition ${pos.partition} of '${topic}'; resetting to ${to}\n`);
      pos.offset = to;
    }
  }
  return response;
}

/** Prints the records of `batch` at or after the partition's position, at most `limit`; returns how many. */
function printBatch(out: Output, batch: RecordsBatch, pos: Position, limit: number): number {
  const next = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
  if (next <= pos.offset) return 0;
  if ((batch.attributes & CONTROL_BATCH) !== 0) {
    pos.offset = next;
    return 0;
  }
  const logAppendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
  let printed = 0;
  for (const r of batch.records) {
    const offset = batch.firstOffset + BigInt(r.offsetDelta);
    if (offset < pos.offset) continue;
    if (printed >= limit) return printed;
    const timestamp = logAppendTime ? batch.maxTimestamp : batch.firstTimestamp + r.timestampDelta;
    out.record(pos.partition, offset, logAppendTime ? 'LogAppendTime' : 'CreateTime', timestamp, r.key, r.value, r.headers);
    pos.offset = offset + 1n;
    printed++;
  }
  if (printed < limit) pos.offset = next;
  return printed;
}

/** Kafka's DefaultMessageFormatter layout, buffered and written once per fetch. */
class Output {
  private chunks: string[] = [];
  constructor(private readonly f: Format) {}

  record(partition: number, offset: bigint, timestampType: string, timestamp: bigint, key: Buffer | null, value: Buffer | null,
    headers: [Buffer | null, Buffer | null][]): void {
    const f = this.f;
    const fields: string[] = [];
    if (f.timestamp) fields.push(`${timestampType}:${timestamp}`);
    if (f.partition) fields.push(`Partition:${partition}`);
    if (f.offset) fields.push(`Offset:${offset}`);
    if (f.headers) {
      fields.push(headers.length === 0 ? 'NO_HEADERS'
        : headers.map(([k, v]) => `${this.text(k)}${f.headerKeySeparator}${this.text(v)}`).join(f.headersSeparator));
    }
    if (f.key) fields.push(this.text(key));
    if (f.value) fields.push(this.text(value));
    this.chunks.push(fields.join(f.separator) + f.lineSeparator);
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    process.stdout.write(this.chunks.join(''));
    this.chunks = [];
  }

  private text(b: Buffer | null): string {
    return b === null ? this.f.nullLiteral : b.toString('utf8');
  }
}
