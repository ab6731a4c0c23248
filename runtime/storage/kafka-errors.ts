/**
 * Reading the errors @platformatic/kafka throws: they nest (AggregateError `errors`, `cause`) and
 * the Kafka error a broker answered with is the `apiId` of one of them. Classify by that name
 * (e.g. TOPIC_ALREADY_EXISTS, UNKNOWN_MEMBER_ID), never by message text.
 */

interface ClientError extends Error {
  errors?: unknown[];
  apiId?: unknown;
  memberId?: unknown;
  code?: unknown;
  canRetry?: unknown;
}

/** The client's codes for failures that say nothing about the request itself. */
const TRANSIENT_CODES = new Set(['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT']);

/** Every error inside `err`, outermost first, each once. */
function flatten(err: unknown): ClientError[] {
  const out: ClientError[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown): void => {
    if (!(e instanceof Error) || seen.has(e)) return;
    seen.add(e);
    const c = e as ClientError;
    out.push(c);
    for (const inner of c.errors ?? []) visit(inner);
    visit(c.cause);
  };
  visit(err);
  return out;
}

/** The first Kafka error name inside a client error (undefined for network and other errors). */
export function kafkaErrorName(err: unknown): string | undefined {
  for (const e of flatten(err)) if (typeof e.apiId === 'string' && e.apiId !== 'NONE') return e.apiId;
  return undefined;
}

/**
 * True when trying again later can succeed: the connection failed or timed out, or the broker
 * answered with an error Kafka marks retriable (NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT...).
 */
export function isTransientKafkaError(err: unknown): boolean {
  const all = flatten(err);
  const named = all.filter((e) => typeof e.apiId === 'string' && e.apiId !== 'NONE');
  if (named.length > 0) return named.every((e) => e.canRetry === true);
  return all.some((e) => typeof e.code === 'string' && TRANSIENT_CODES.has(e.code));
}

/** A member id carried by a MEMBER_ID_REQUIRED answer to JoinGroup (KIP-394). */
export function memberIdIn(err: unknown): string | undefined {
  for (const e of flatten(err)) if (typeof e.memberId === 'string' && e.memberId !== '') return e.memberId;
  return undefined;
}

/** One line for a log or an exception: the innermost message, plus the Kafka error name. */
export function describeKafkaError(err: unknown): string {
  const all = flatten(err);
  if (all.length === 0) return String(err);
  const leaves = all.filter((e) => !e.errors || e.errors.length === 0);
  const message = (leaves[leaves.length - 1] ?? all[0]!).message;
  const name = kafkaErrorName(err);
  return name !== undefined && !message.includes(name) ? `${message} (${name})` : message;
}
