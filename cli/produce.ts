/**
 * `tributary produce`: sends each line of stdin as one record, like kafka-console-producer.
 *
 * Keyed records are partitioned as the Java client does, `(murmur2(key) & 0x7fffffff) %
 * partitions`, so they land where Java, librdkafka (murmur2_random) and Kafka Streams put them;
 * unkeyed records stick to one partition per batch and move on with the next batch.
 * Lines are batched (up to BATCH_RECORDS records / BATCH_BYTES bytes, or LINGER_MS after the first
 * line of a batch) with a few batches in flight; EOF flushes everything and exits 0.
 */
import { createInterface } from 'node:readline';
import { compatibilityPartitioner, compressionsAlgorithms, Producer, type MessageToProduce } from '@platformatic/kafka';
import { parse, UsageError } from './args.js';
import {
  booleanProperty, bootstrapServers, CliError, clientOptions, closeQuietly, explain, firstContact, properties, TOPIC_NAME_RULES, unescape,
} from './tools/kafka.js';

export const usage = `Usage: tributary produce --bootstrap-server HOST:PORT --topic T [options] < lines

Reads lines from stdin and sends each line as one record (like kafka-console-producer).

Options:
  --bootstrap-server HOST:PORT[,HOST:PORT]  the cluster to talk to (required)
  --topic T                       the topic to write to (required; created if the broker
                                  auto-creates topics)
  --acks all|-1|1|0               acknowledgements to wait for (default: all)
  --compression-codec CODEC       none (default), gzip, snappy, lz4 or zstd
  --property parse.key=true       split each line into key and value at key.separator
  --property key.separator=SEP    the key separator (default: a tab; \\t and \\n are understood)
  --property ignore.error=true    with parse.key: send a line without separator as a value
                                  without key instead of failing
  --property null.marker=S        a key or value equal to S is sent as null`;

const PROPERTIES = ['parse.key', 'key.separator', 'ignore.error', 'null.marker'] as const;
const ACKS: Record<string, number> = { all: -1, '-1': -1, '1': 1, '0': 0 };
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
type Codec = typeof CODECS[number];

const BATCH_RECORDS = 1000;
const BATCH_BYTES = 512 * 1024;
const LINGER_MS = 5;
const MAX_IN_FLIGHT = 5;

const HINTS: Partial<Record<string, string>> = {
  UNKNOWN_TOPIC_OR_PARTITION: "create the topic first with 'tributary topics --create --topic ...'",
  INVALID_TOPIC_EXCEPTION: TOPIC_NAME_RULES,
  MESSAGE_TOO_LARGE: "a line is larger than the topic's max.message.bytes",
  RECORD_LIST_TOO_LARGE: "a batch is larger than the topic's max.message.bytes",
  INVALID_REQUIRED_ACKS: 'use --acks all, 1 or 0',
  TOPIC_AUTHORIZATION_FAILED: 'this client may not write to the topic',
  NOT_ENOUGH_REPLICAS: 'too few in-sync replicas for --acks all',
};

type Record_ = MessageToProduce<Buffer, Buffer>;

export async function main(argv: string[]): Promise<number> {
  const o = parse(argv, {
    'bootstrap-server': { type: 'string' },
    'broker-list': { type: 'string' },
    topic: { type: 'string' },
    acks: { type: 'string' },
    'request-required-acks': { type: 'string' },
    'compression-codec': { type: 'string' },
    property: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) { console.log(usage); return 0; }
  const servers = bootstrapServers(o['bootstrap-server'] ?? o['broker-list']);
  const topic = o.topic;
  if (topic === undefined || topic === '') throw new UsageError('--topic is required');
  const acksArg = o.acks ?? o['request-required-acks'] ?? 'all';
  const acks = ACKS[acksArg.toLowerCase()];
  if (acks === undefined) throw new UsageError(`--acks expects all, -1, 1 or 0, got '${acksArg}'`);
  const codec = (o['compression-codec'] ?? 'none').toLowerCase() as Codec;
  if (!CODECS.includes(codec)) throw new UsageError(`--compression-codec expects ${CODECS.join(', ')}, got '${o['compression-codec']}'`);
  if (!compressionsAlgorithms[codec].available) {
    throw new UsageError(`--compression-codec ${codec} is not available in Node.js ${process.versions.node} (zstd needs Node.js 22.15 or later)`);
  }
  const props = properties(o.property, PROPERTIES);
  const parseKey = booleanProperty(props, 'parse.key', false);
  const ignoreError = booleanProperty(props, 'ignore.error', false);
  const separator = unescape(props.get('key.separator') ?? '\t');
  if (separator === '') throw new UsageError('--property key.separator must not be empty');
  const nullMarker = props.get('null.marker');

  // Unkeyed records go to one partition per batch ("sticky"), the next batch to the next one.
  let sticky = Math.floor(Math.random() * 0x7fffffff);
  const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({
    ...clientOptions(servers, 'tributary-console-producer'),
    autocreateTopics: true,
    acks,
    compression: codec,
    partitioner: (message, key) => key !== undefined && key !== null ? compatibilityPartitioner(message, key) : sticky,
  });

  const toBuffer = (s: string): Buffer | undefined => (nullMarker !== undefined && s === nullMarker ? undefined : Buffer.from(s, 'utf8'));
  let lineNumber = 0;
  const record = (line: string): Record_ => {
    if (!parseKey) return { topic, value: toBuffer(line) };
    const i = line.indexOf(separator);
    if (i < 0) {
      if (ignoreError) return { topic, value: toBuffer(line) };
      throw new CliError(`No key separator found on line number ${lineNumber}: '${line}' (parse.key=true expects key${JSON.stringify(separator).slice(1, -1)}value; `
        + 'set --property key.separator=... to the separator used, or --property ignore.error=true to send such lines without a key)');
    }
    return { topic, key: toBuffer(line.slice(0, i)), value: toBuffer(line.slice(i + separator.length)) };
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let sent = 0;
  let batch: Record_[] = [];
  let batchBytes = 0;
  let linger: NodeJS.Timeout | undefined;
  const dispatch = (): void => {
    clearTimeout(linger);
    linger = undefined;
    if (batch.length === 0 || failure !== null) return;
    const messages = batch;
    batch = [];
    batchBytes = 0;
    const p = producer.send({ messages }).then(
      () => { sent += messages.length; },
      (err: unknown) => { failure ??= err; },
    ).finally(() => inFlight.delete(p));
    inFlight.add(p);
    sticky = (sticky + 1) & 0x7fffffff;
  };

  const prompt = process.stdin.isTTY ? (): void => { process.stdout.write('>'); } : (): void => {};
  let rl: ReturnType<typeof createInterface> | undefined;
  const stop = (): void => rl?.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let parseError: CliError | null = null;
  try {
    await firstContact(servers, () => producer.metadata({ topics: [topic], autocreateTopics: true }))
      .catch((err: unknown) => { throw new CliError(explain(err, `cannot produce to topic '${topic}'`, HINTS)); });
    // Only now start reading: lines read while nobody iterates would be lost.
    rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
    prompt();
    for await (const line of rl) {
      lineNumber++;
      try {
        const r = record(line);
        batch.push(r);
        batchBytes += (r.key?.length ?? 0) + (r.value?.length ?? 0) + 16;
      } catch (err) {
        parseError = err as CliError;
        break;
      }
      if (batch.length >= BATCH_RECORDS || batchBytes >= BATCH_BYTES) dispatch();
      else linger ??= setTimeout(dispatch, LINGER_MS);
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      if (failure !== null) break;
      prompt();
    }
    dispatch();
    await Promise.all(inFlight);
    if (failure !== null) {
      const what = `cannot send to topic '${topic}' (${sent} record${sent === 1 ? '' : 's'} sent before the failure)`;
      throw new CliError(explain(failure, what, HINTS));
    }
    if (parseError) throw parseError;
    return 0;
  } finally {
    clearTimeout(linger);
    rl?.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await closeQuietly(producer);
  }
}
