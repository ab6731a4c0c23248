/**
 * The broker's one error type: a Kafka protocol error code plus a message for the client and the
 * log. Handlers throw it from deep helpers and turn it into the API's error fields at the edge;
 * it never crosses the wire as an exception.
 */
import { ErrorCode, type ErrorCodeName } from './protocol/error-codes.js';

export class KafkaError extends Error {
  readonly code: number;
  constructor(readonly errorName: ErrorCodeName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaError';
    this.code = ErrorCode[errorName];
  }
}

/** The Kafka error code of anything thrown (UNKNOWN_SERVER_ERROR for surprises). */
export function errorCodeOf(err: unknown): number {
  return err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR;
}
