/**
 * `tributary consume`: prints the records of a topic, like kafka-console-consumer.
 *
 * No consumer group is used: the partitions are assigned manually. Start offsets come from
 * ListOffsets (earliest / latest) or --offset, then each partition leader is polled with Fetch
 * (long polls of at most POLL_MS) carrying every assigned partition and its next offset. Records
 * are printed in offset order per partition; batches that start before the wanted offset and
 * control batches are skipped, and the position moves past each batch's last offset.
 */
import { Consumer, type RecordsBatch } from '@platformatic/kafka';
import { intOption, parse, UsageError } from './args.js';
import {
  attempt, booleanProperty, bootstrapServers, CliError, clientOptions, closeQuietly, explain, firstContact, kafkaError,
  properties, unescape,
} from './tools/kafka.js';

export const usage = `Usage: tributary consume --bootstrap-server HOST:PORT --topic T [options]

Prints each record's value (like kafka-console-consumer), one per line. Without --partition
every partition of the topic is read; no consumer group is joined.

Options:
  --bootstrap-server HOST:PORT[,HOST:PORT]  the cluster to talk to (required)
  --topic T                  the topic to read (required)
  --from-beginning           start at the earliest offset instead of the end
  --partition N              read only partition N
  --offset earliest|latest|N where to start in --partition (default: latest, or earliest with
                             --from-beginning)
  --max-messages N           stop after N records
  --timeout-ms N             stop when no record arrived for N ms
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
  --group G                  consumer groups are not supported yet (see below)

Ctrl-C stops cleanly. On exit 'Processed a total of N messages' is printed on stderr.`;

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

const HINTS: Partial<Record<string, string>> = {
  UNKNOWN_TOPIC_OR_PARTITION: "see the topics with 'tributary topics --list'",
  TOPIC_AUTHORIZATION_FAILED: 'this client may not read the topic',
};

interface Format {
  key: boolean; value: boolean; timestamp: boolean; partition: boolean; offset: boolean; headers: boolean;
  separator: string; lineSeparator: string; headersSeparator: string; headerKeySeparator: string; nullLiteral: string;
}

interface Position { partition: number; leader: number; offset: bigint }
type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;

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
  if (o.group !== undefined) {
    throw new CliError(`consumer groups are not supported yet (--group ${o.group}): the bundled broker has no group coordinator `
      + '(FindCoordinator, JoinGroup, OffsetCommit). Leave out --group to read with manual partition assignment.');
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
  const startAt = offsetArg ?? (o['from-beginning'] ? EARLIEST : LATEST);
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

  const consumer = new Consumer({ ...clientOptions(servers, 'tributary-console-consumer'), groupId: 'tributary-console-consumer' });
  let processed = 0;
  let started = false;
  let stopped = false;
  const stop = (): void => { stopped = true; };
  const onStdoutError = (): void => { stopped = true; };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.on('error', onStdoutError);
  try {
    const apis = await firstContact(servers, () => consumer.listApis());
    // Fetch v13+ names topics by id, older versions by name.
    const fetchByTopicId = (apis.find((a) => a.name === 'Fetch')?.maxVersion ?? 0) >= 13;
    const noTopic = `Topic '${topic}' does not exist (UNKNOWN_TOPIC_OR_PARTITION): ${HINTS.UNKNOWN_TOPIC_OR_PARTITION}`;
    const md = await attempt(`cannot read topic '${topic}'`, () => consumer.metadata({ topics: [topic] }).catch((err: unknown) => {
      throw kafkaError(err)?.name === 'UNKNOWN_TOPIC_OR_PARTITION' ? new CliError(noTopic) : err;
    }), HINTS);
    const meta = md.topics.get(topic);
    if (!meta) throw new CliError(noTopic);
    if (partitionArg !== undefined && partitionArg >= meta.partitionsCount) {
      throw new CliError(`Topic '${topic}' has no partition ${partitionArg}: it has ${meta.partitionsCount} (0 to ${meta.partitionsCount - 1}) (UNKNOWN_TOPIC_OR_PARTITION)`);
    }
    const wanted = partitionArg !== undefined ? [partitionArg] : [...Array(meta.partitionsCount).keys()];
    const positions = await startPositions(consumer, topic, wanted, meta.partitions.map((p) => p.leader), startAt);

    started = true;
    const out = new Output(format);
    let lastRecordAt = Date.now();
    let timedOut = false;
    const fetchTopic = fetchByTopicId ? meta.id : topic;
    const leaders = [...new Set(positions.map((p) => p.leader))];
    // One poll loop per leader; they share the stop conditions.
    const poll = async (leader: number): Promise<void> => {
      const mine = positions.filter((p) => p.leader === leader);
      while (!stopped) {
        const wait = timeoutMs === undefined ? POLL_MS : Math.max(0, Math.min(POLL_MS, timeoutMs - (Date.now() - lastRecordAt)));
        const response = await fetchOnce(consumer, leader, fetchTopic, mine, wait, topic, o['from-beginning'] === true);
        if (stopped) break;
        for (const part of response.responses[0]?.partitions ?? []) {
          const pos = mine.find((p) => p.partition === part.partitionIndex);
          if (!pos || part.errorCode !== 0) continue;
          for (const batch of part.records ?? []) {
            if (stopped) break;
            const n = printBatch(out, batch, pos, maxMessages === undefined ? Infinity : maxMessages - processed);
            processed += n;
            if (n > 0) lastRecordAt = Date.now();
            if (maxMessages !== undefined && processed >= maxMessages) stopped = true;
          }
        }
        out.flush();
        if (timeoutMs !== undefined && !stopped && Date.now() - lastRecordAt >= timeoutMs) {
          timedOut = true;
          stopped = true;
        }
      }
    };
    await Promise.all(leaders.map((leader) => poll(leader).catch((err: unknown) => { stopped = true; throw err; })));
    out.flush();
    if (timedOut) {
      process.stderr.write(`Error processing message, terminating consumer process: TimeoutException: no record received within --timeout-ms ${timeoutMs} ms\n`);
    }
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.stdout.off('error', onStdoutError);
    await closeQuietly(consumer);
    if (started) process.stderr.write(`Processed a total of ${processed} messages\n`);
  }
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
async function fetchOnce(consumer: Consumer, leader: number, fetchTopic: string, mine: Position[], waitMs: number,
  topic: string, fromBeginning: boolean): Promise<FetchResponse> {
  const topics = [{
    topicId: fetchTopic,
    partitions: mine.map((p) => ({
      partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, lastFetchedEpoch: -1, partitionMaxBytes: PARTITION_MAX_BYTES,
    })),
  }];
  let response: FetchResponse;
  try {
    response = await consumer.fetch({ node: leader, topics, maxWaitTime: waitMs, minBytes: 1, maxBytes: FETCH_MAX_BYTES });
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
