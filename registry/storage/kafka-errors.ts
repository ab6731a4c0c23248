/**
 * Reading @platformatic/kafka's nested errors (AggregateError.errors and causes): the Kafka
 * error name a broker answered with, and the innermost message, for one line a user can act on.
 * Classify by the error name, never by message text.
 */

interface LibError extends Error {
  errors?: unknown[];
  apiId?: string;
  memberId?: unknown;
}

function* walk(err: unknown, seen = new Set<unknown>()): Generator<LibError> {
  if (!(err instanceof Error) || seen.has(err)) return;
  seen.add(err);
  const e = err as LibError;
  yield e;
  for (const x of e.errors ?? []) yield* walk(x, seen);
  if (e.cause !== undefined) yield* walk(e.cause, seen);
}

/** The first Kafka error name (e.g. TOPIC_ALREADY_EXISTS) inside a client error, if any. */
export function kafkaErrorName(err: unknown): string | undefined {
  for (const e of walk(err)) if (typeof e.apiId === 'string' && e.apiId !== 'NONE') return e.apiId;
  return undefined;
}

/** The member id a JoinGroup error carries (MEMBER_ID_REQUIRED hands one out), if any. */
export function kafkaErrorMemberId(err: unknown): string | undefined {
  for (const e of walk(err)) if (typeof e.memberId === 'string' && e.memberId !== '') return e.memberId;
  return undefined;
}

/** The most specific message inside a client error, with the Kafka error name when there is one. */
export function describeKafkaError(err: unknown): string {
  const all = [...walk(err)];
  const leaves = all.filter((e) => !(e.errors && e.errors.length > 0));
  const msg = (leaves[leaves.length - 1] ?? all[0])?.message ?? String(err);
  const name = kafkaErrorName(err);
  return name && !msg.includes(name) ? `${msg} (${name})` : msg;
}
