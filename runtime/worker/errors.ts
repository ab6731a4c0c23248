/**
 * Errors the herder raises for REST requests, each with the HTTP status Kafka Connect answers
 * (its ConnectRestException family). The plugin contract's own errors map too:
 *   NotFoundException -> 404, AlreadyExistsException -> 409, ConfigException -> 400.
 * Anything else is a 500. The REST layer turns all of them into `{error_code, message}`.
 */
import { AlreadyExistsException, ConfigException, ConnectException, NotFoundException } from '../api/errors.js';

export class WorkerRequestError extends ConnectException {
  constructor(readonly status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class BadRequestError extends WorkerRequestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, message, options);
  }
}

/** 409: a write arrived while the worker group rebalances, or it conflicts with another write. */
export class ConflictError extends WorkerRequestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, message, options);
  }
}

export class ForbiddenError extends WorkerRequestError {
  constructor(message: string) {
    super(403, message);
  }
}

/** The status of any error thrown while serving a request. */
export function httpStatusOf(err: unknown): number {
  if (err instanceof WorkerRequestError) return err.status;
  if (err instanceof NotFoundException) return 404;
  if (err instanceof AlreadyExistsException) return 409;
  if (err instanceof ConfigException) return 400;
  return 500;
}

/** Connect's 409 message while the group rebalances. */
export const REBALANCE_MESSAGE = 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)';

export function connectorNotFound(name: string): NotFoundException {
  return new NotFoundException(`Connector ${name} not found`);
}

/** A stack trace as Connect stores it in status (`trace`): the Error's stack and its causes. */
export function traceOf(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof Error) {
      parts.push(depth === 0 ? (e.stack ?? `${e.name}: ${e.message}`) : `Caused by: ${e.stack ?? `${e.name}: ${e.message}`}`);
      e = (e as { cause?: unknown }).cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join('\n');
}
