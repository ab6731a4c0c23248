/**
 * What the Kafka command-line tools (topics, produce, consume) share: the --bootstrap-server
 * list, client options with bounded retries, a first contact with the cluster under a deadline,
 * and turning @platformatic/kafka's nested errors into one line a user can act on
 * ("<what went wrong> (KAFKA_ERROR_NAME): <how to fix it>").
 *
 * The tools speak only the Kafka protocol, so everything here works against any Kafka cluster.
 */
import type { BaseOptions } from '@platformatic/kafka';
import { UsageError } from '../args.js';

/** A failure already phrased for the user; main prints `Error: <message>` and exits 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** How long the first contact with the cluster may take before we give up. */
export const CONNECT_DEADLINE_MS = 10_000;

/** Parses `host:port[,host:port...]`; a missing flag or a malformed entry is a usage error. */
export function bootstrapServers(v: string | undefined, flag = '--bootstrap-server'): string[] {
  if (v === undefined || v.trim() === '') throw new UsageError(`${flag} is required (for example ${flag} localhost:9092)`);
  const servers = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const s of servers) {
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(s);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UsageError(`${flag} expects host:port[,host:port...], got '${s}'`);
  }
  return servers;
}

/** Client options: short connect timeout, a few quick retries, so nothing waits for long. */
export function clientOptions(servers: string[], clientId: string): BaseOptions {
  return {
    clientId,
    bootstrapBrokers: servers,
    connectTimeout: 5_000,
    requestTimeout: 30_000,
    retries: 3,
    retryDelay: 250,
    metadataMaxAge: 5_000,
  };
}

/** Rejects with `CliError(message())` if `p` has not settled within `ms`. */
export async function withDeadline<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CliError(message())), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the first request of a tool (typically Metadata) under the connect deadline, so an
 * unreachable cluster fails with one clear line instead of retrying forever.
 */
export async function firstContact<T>(servers: string[], request: () => Promise<T>): Promise<T> {
  const where = servers.join(',');
  try {
    return await withDeadline(request(), CONNECT_DEADLINE_MS,
      () => `could not connect to ${where} within ${CONNECT_DEADLINE_MS / 1000}s: is the broker running? Check --bootstrap-server.`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    const net = networkProblem(err);
    if (net) throw new CliError(`could not connect to ${net.address ?? where}: ${net.reason}: is the broker running? Check --bootstrap-server.`);
    throw err;
  }
}

/** Closes a client without letting a stuck socket keep the tool alive. */
export async function closeQuietly(client: { close(): Promise<void> } | undefined): Promise<void> {
  if (!client) return;
  try {
    await withDeadline(client.close(), 1_000, () => 'close timed out');
  } catch {
    // Closing is best effort: the tool has already done (or failed) its work.
  }
}

interface LibError extends Error {
  errors?: unknown[];
  apiId?: string;
  serverErrorMessage?: string | null;
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/** Every error of a nested library error (AggregateError.errors and causes), depth first. */
function* walk(err: unknown, seen = new Set<unknown>()): Generator<LibError> {
  if (!(err instanceof Error) || seen.has(err)) return;
  seen.add(err);
  const e = err as LibError;
  yield e;
  for (const x of e.errors ?? []) yield* walk(x, seen);
  if (e.cause !== undefined) yield* walk(e.cause, seen);
}

export interface KafkaFailure {
  /** Kafka's error name, e.g. TOPIC_ALREADY_EXISTS. */
  readonly name: string;
  /** The broker's message if it sent one, else the client's description of the error code. */
  readonly message: string;
}

/**
 * The first Kafka protocol error (an error code in a response) inside a library error. The
 * client reports an unknown topic in Metadata as its own error; that one is mapped back too.
 */
export function kafkaError(err: unknown): KafkaFailure | null {
  let unknownTopic: KafkaFailure | null = null;
  for (const e of walk(err)) {
    if (typeof e.apiId === 'string' && e.apiId !== 'NONE') {
      return { name: e.apiId, message: e.serverErrorMessage || e.message };
    }
    const m = /^Unknown topic (.*)\.$/.exec(e.message);
    if (m) unknownTopic ??= { name: 'UNKNOWN_TOPIC_OR_PARTITION', message: `Topic '${m[1]}' does not exist` };
  }
  return unknownTopic;
}

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
};

/** A connection-level failure (refused, unknown host, timeout, closed) inside a library error. */
export function networkProblem(err: unknown): { address?: string; reason: string } | null {
  let address: string | undefined;
  let reason: string | undefined;
  for (const e of walk(err)) {
    const m = /Connection to (\S+) failed/.exec(e.message);
    if (m && !address) address = m[1];
    if (e.syscall && e.code) {
      reason ??= `${SOCKET_REASONS[e.code] ?? e.message} (${e.code})`;
      if (!address && e.address) address = e.port ? `${e.address}:${e.port}` : e.address;
    } else if (e.code === 'PLT_KFK_NETWORK') {
      if (/timed out/i.test(e.message)) reason ??= 'connection timed out';
      else if (/closed/i.test(e.message)) reason ??= 'the connection was closed by the server';
    }
  }
  if (reason === undefined && address === undefined) return null;
  return { address, reason: reason ?? 'connection failed' };
}

function stripDot(s: string): string {
  return s.trim().replace(/\.+$/, '');
}

/**
 * One line describing a failed request: `<context>: <broker message> (<ERROR_NAME>)`, then the
 * hint for that error name when the broker's message does not already say what to do.
 */
export function explain(err: unknown, context: string, hints: Partial<Record<string, string>> = {}): string {
  if (err instanceof CliError || err instanceof UsageError) return err.message;
  const k = kafkaError(err);
  if (k) {
    const hint = hints[k.name];
    const msg = `${context}: ${stripDot(k.message)} (${k.name})`;
    return hint && !k.message.includes('--') ? `${msg}: ${hint}` : `${msg}.`;
  }
  const net = networkProblem(err);
  if (net) return `${context}: lost connection to ${net.address ?? 'the broker'}: ${net.reason}: is the broker still running?`;
  const leaves = [...walk(err)].filter((e) => !(e.errors && e.errors.length > 0));
  const detail = leaves.length > 0 ? leaves[leaves.length - 1]!.message : String(err);
  return `${context}: ${stripDot(detail)}.`;
}

/** Rethrows any failure of `fn` as a CliError phrased by `explain`. */
export async function attempt<T>(context: string, fn: () => Promise<T>, hints: Partial<Record<string, string>> = {}): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new CliError(explain(err, context, hints));
  }
}

/** What makes a topic name legal, for INVALID_TOPIC_EXCEPTION. */
export const TOPIC_NAME_RULES = 'topic names are up to 249 characters of ASCII letters, digits, ".", "_" and "-"';

/** Kafka prints topic ids as URL-safe base64 without padding; the client gives a dashed hex UUID. */
export function topicIdString(id: string): string {
  const hex = id.replace(/-/g, '');
  return /^[0-9a-f]{32}$/i.test(hex) ? Buffer.from(hex, 'hex').toString('base64url') : id;
}

/** Parses repeated `--property k=v` against the known names; unknown names are usage errors. */
export function properties(pairs: readonly string[] | undefined, known: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of pairs ?? []) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`--property expects key=value, got '${p}'`);
    const k = p.slice(0, i).trim();
    if (!known.includes(k)) throw new UsageError(`unknown --property '${k}'; supported: ${known.join(', ')}`);
    out.set(k, p.slice(i + 1));
  }
  return out;
}

export function booleanProperty(props: Map<string, string>, name: string, dflt: boolean): boolean {
  const v = props.get(name);
  if (v === undefined) return dflt;
  if (/^true$/i.test(v.trim())) return true;
  if (/^false$/i.test(v.trim())) return false;
  throw new UsageError(`--property ${name} expects true or false, got '${v}'`);
}

/** Kafka-style separators given on the command line may spell escapes: \t, \n, \r, \\. */
export function unescape(v: string): string {
  return v.replace(/\\([tnr\\])/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c]!);
}
