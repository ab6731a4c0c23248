/**
 * Runs one step of a record's processing under the connector's error policy (Kafka Connect's
 * RetryWithToleranceOperator):
 *
 * - A retriable failure (`isRetriable`: RetriableException, or a retriable Kafka error) is retried
 *   until `errors.retry.timeout` ms have passed since the first attempt (0: no retry, -1: forever),
 *   waiting 300 ms, 600 ms, ... doubling up to `errors.retry.delay.max.ms`, each wait with ±20 %
 *   jitter so that tasks do not retry in lock step.
 * - A failure that remains: with `errors.tolerance=all` the record is reported (log, dead letter
 *   queue) and skipped: `execute` resolves with SKIPPED. With `none` it rejects with
 *   ToleranceExceededError (the task fails; its cause is the original error).
 * - A task that is stopping ends the retries at once (the step then fails with the last error).
 *
 * Every attempt that failed counts in total_record_errors; retries in total_retries; a final
 * failure in total_record_failures; a skipped record in total_records_skipped.
 */
import { ConnectException, isRetriable } from '../api/errors.js';
import type { ErrorSettings } from './connector-config.js';
import type { ErrorContext, ErrorReporter } from './error-reporting.js';
import { isTransientKafkaError } from '../storage/kafka-errors.js';
import type { TaskMetrics } from '../metrics/task-metrics.js';

export const SKIPPED: unique symbol = Symbol('skipped');
export type Skipped = typeof SKIPPED;

export const RETRY_DELAY_MIN_MS = 300;

export class ToleranceExceededError extends ConnectException {
  constructor(readonly context: Omit<ErrorContext, 'error'>, cause: unknown) {
    super(`Tolerance exceeded in error handler (stage ${context.stage}, class ${context.className})`, { cause });
  }
}

/** The wait before retry number `attempt` (1-based): doubling, capped, ±20 % jitter. */
export function retryDelay(attempt: number, maxDelayMs: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_DELAY_MIN_MS * 2 ** Math.min(attempt - 1, 30), Math.max(maxDelayMs, 0));
  return Math.max(0, Math.round(base * (0.8 + 0.4 * random())));
}

/** Whether a step answered a promise (to be awaited) rather than its result. */
export function isThenable<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

export interface RetryOperatorOptions {
  readonly settings: ErrorSettings;
  readonly reporter: ErrorReporter;
  readonly metrics: TaskMetrics;
  readonly stopping: () => boolean;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class RetryWithToleranceOperator {
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: RetryOperatorOptions) {
    this.#sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get tolerateAll(): boolean {
    return this.o.settings.tolerance === 'all';
  }

  /**
   * Runs `op` with retries; SKIPPED when it failed and the failure is tolerated. Synchronous when
   * `op` is and succeeds at once (every converter and transform of a healthy pipeline, per
   * record): no promise, no clock read. Otherwise a promise; the retry deadline counts from the
   * first attempt.
   */
  execute<T>(op: () => T | Promise<T>, ctx: Omit<ErrorContext, 'error'>): T | Skipped | Promise<T | Skipped> {
    let result: T | Promise<T>;
    try {
      result = op();
    } catch (err) {
      return this.#recover(err, op, ctx, Date.now());
    }
    if (!isThenable(result)) return result;
    const started = Date.now();
    return Promise.resolve(result).catch((err: unknown) => this.#recover(err, op, ctx, started));
  }

  /** After a first attempt failed with `err`: retries while allowed, then reports (SKIPPED) or rejects. */
  async #recover<T>(err: unknown, op: () => T | Promise<T>, ctx: Omit<ErrorContext, 'error'>, started: number): Promise<T | Skipped> {
    for (let attempt = 1; ; attempt++) {
      this.o.metrics.recordError();
      if (!this.#mayRetry(err, started, attempt)) break;
      this.o.metrics.retry();
      await this.#sleep(this.#boundedDelay(attempt, started));
      try {
        return await op();
      } catch (e) {
        err = e;
      }
    }
    await this.failed({ ...ctx, error: err });
    return SKIPPED;
  }

  /**
   * A failure found outside `execute` (a produce that failed, the errant record reporter): reports
   * and resolves when tolerated, rejects with ToleranceExceededError when not.
   */
  async failed(ctx: ErrorContext): Promise<void> {
    this.o.metrics.recordFailure();
    if (!this.tolerateAll) throw new ToleranceExceededError(ctx, ctx.error);
    await this.o.reporter.report(ctx);
    this.o.metrics.recordSkipped();
  }

  /** Whether a retriable failure of an operation started at `started` may be tried again. */
  mayRetry(err: unknown, started: number, attempt: number): boolean {
    return this.#mayRetry(err, started, attempt);
  }

  /** The wait before the next attempt, never past the retry deadline. */
  delay(attempt: number, started: number): number {
    return this.#boundedDelay(attempt, started);
  }

  #mayRetry(err: unknown, started: number, attempt: number): boolean {
    if (this.o.stopping()) return false;
    if (!(isRetriable(err) || isTransientKafkaError(err))) return false;
    const timeout = this.o.settings.retryTimeoutMs;
    if (timeout === 0) return false;
    if (timeout < 0) return true;
    return attempt >= 1 && Date.now() - started < timeout;
  }

  #boundedDelay(attempt: number, started: number): number {
    const d = retryDelay(attempt, this.o.settings.retryDelayMaxMs);
    const timeout = this.o.settings.retryTimeoutMs;
    if (timeout < 0) return d;
    return Math.max(0, Math.min(d, started + timeout - Date.now()));
  }
}
