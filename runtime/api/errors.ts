/**
 * The plugin contract's errors (Kafka Connect's `org.apache.kafka.connect.errors`, as TypeScript).
 *
 * One base class, `ConnectException`, with a stable `code`, a `retriable` flag and a `cause`.
 * A connector or task says only two things through them:
 *  - "try again": throw `RetriableException` (or any error whose `retriable` is true). The runtime
 *    decides how often and how long to retry (`errors.retry.timeout`, back-off); the task is not
 *    restarted and, for a sink, the same batch is offered to `put()` again.
 *  - "this will not get better": anything else. The runtime applies its tolerance policy
 *    (`errors.tolerance`, dead-letter topic) for record-level failures such as `DataException`
 *    raised while converting or transforming, and otherwise fails the task.
 * All retry/tolerance/dead-letter policy lives in the runtime, never in a connector.
 * Classify by `code` (or `retriable`), never by message text.
 */

/** Every code this area uses. Stable: the runtime and tests switch on these. */
export const ConnectErrorCodes = [
  'CONNECT_ERROR',
  'RETRIABLE_ERROR',
  'DATA_ERROR',
  'SCHEMA_BUILDER_ERROR',
  'CONFIG_ERROR',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'ILLEGAL_WORKER_STATE',
] as const;
export type ConnectErrorCode = (typeof ConnectErrorCodes)[number];

export interface ConnectErrorOptions {
  readonly cause?: unknown;
}

/** Base of every error the contract defines: not retriable unless a subclass says so. */
export class ConnectException extends Error {
  readonly code: ConnectErrorCode = 'CONNECT_ERROR';
  readonly retriable: boolean = false;
  constructor(message: string, options?: ConnectErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/**
 * A transient failure (a connection reset, a 429/503 from the external system, a lock timeout).
 * The runtime retries the same operation: `poll()` again for a source task, the same records to
 * `put()` for a sink task. Throw it only when retrying the identical call can succeed.
 */
export class RetriableException extends ConnectException {
  override readonly code: ConnectErrorCode = 'RETRIABLE_ERROR';
  override readonly retriable: boolean = true;
}

/**
 * A value does not fit its schema, or data cannot be converted. Record-level: the runtime's error
 * tolerance decides whether the record is skipped (and sent to the dead-letter topic) or the task
 * fails. The message names the field path, e.g. `user.emails[2]`.
 */
export class DataException extends ConnectException {
  override readonly code: ConnectErrorCode = 'DATA_ERROR';
}

/** A `SchemaBuilder` was used wrongly (a property set twice, a bad default, a duplicate field). */
export class SchemaBuilderException extends DataException {
  override readonly code: ConnectErrorCode = 'SCHEMA_BUILDER_ERROR';
}

/**
 * A configuration is invalid. `errors` holds every problem found, keyed by config name, in
 * definition order; the message is Kafka's wording for the first (or only) problem, e.g.
 * `Invalid value 0 for configuration tasks.max: Value must be at least 1`.
 */
export class ConfigException extends ConnectException {
  override readonly code: ConnectErrorCode = 'CONFIG_ERROR';
  readonly errors: Readonly<Record<string, readonly string[]>>;

  constructor(message: string, options?: ConnectErrorOptions & { errors?: Record<string, readonly string[]> }) {
    super(message, options);
    this.errors = options?.errors ?? {};
  }

  /** Kafka's "Invalid value <v> for configuration <name>: <reason>" for one key. */
  static invalid(name: string, value: unknown, reason?: string): ConfigException {
    const message = `Invalid value ${displayConfigValue(value)} for configuration ${name}${reason === undefined ? '' : `: ${reason}`}`;
    return new ConfigException(message, { errors: { [name]: [message] } });
  }

  /** One exception listing every problem (by key); its message lists them all. */
  static of(errors: Record<string, readonly string[]>): ConfigException {
    const all = Object.values(errors).flat();
    const message = all.length === 1 ? all[0]! : `${all.length} configuration errors: ${all.join('; ')}`;
    return new ConfigException(message, { errors });
  }
}

/** A connector, task, plugin or offset that was asked for does not exist. */
export class NotFoundException extends ConnectException {
  override readonly code: ConnectErrorCode = 'NOT_FOUND';
}

/** Something that must be unique (a connector name, a plugin alias) already exists. */
export class AlreadyExistsException extends ConnectException {
  override readonly code: ConnectErrorCode = 'ALREADY_EXISTS';
}

/** A context method was called when the worker cannot honour it (e.g. after the task stopped). */
export class IllegalWorkerStateException extends ConnectException {
  override readonly code: ConnectErrorCode = 'ILLEGAL_WORKER_STATE';
}

/** True when the runtime should retry the failed operation (by flag, never by message). */
export function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}

/** How a config value appears in messages: lists as Java prints them, secrets hidden. */
function displayConfigValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(String).join(', ')}]`;
  return String(value);
}
