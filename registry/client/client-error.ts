/**
 * The one error type of the registry client library (REST client, wire format, serde). `code`
 * says which kind of failure it is; for REGISTRY errors `errorCode` and `status` keep what the
 * registry answered (Confluent's `error_code`, e.g. 40401, 409, 42201), so callers classify by
 * number, never by message text. `retriable` tells a caller (the runtime's error policy) whether
 * trying again later can succeed; the library itself never loops.
 */
import { RegistryErrorCodes, type RegistryErrorName } from '../errors.js';

export const RegistryClientErrorCodes = {
  /** The registry answered an HTTP error; `errorCode`/`status` say which. */
  REGISTRY: 'REGISTRY',
  /** No answer: connection refused or reset, DNS failure, timeout. Retriable. */
  NETWORK: 'NETWORK',
  /** An answer that is not what the Confluent API promises (not JSON, missing fields). */
  BAD_RESPONSE: 'BAD_RESPONSE',
  /** Bytes that are not Confluent's wire format (wrong magic byte, too short). */
  WIRE_FORMAT: 'WIRE_FORMAT',
  /** A value that does not fit its schema, or a payload that does not decode with it. */
  SERIALIZATION: 'SERIALIZATION',
  /** A schema this library cannot use: text that does not parse, an unsupported schemaType,
   * a reader schema that cannot read the writer's data. */
  SCHEMA: 'SCHEMA',
  /** Bad client or serde settings (unknown strategy, malformed URL, missing schema). */
  CONFIG: 'CONFIG',
} as const;

export type RegistryClientErrorCode = keyof typeof RegistryClientErrorCodes;

/** Confluent error codes worth retrying: the registry's store or leader was briefly unavailable. */
const RETRIABLE_ERROR_CODES: ReadonlySet<number> = new Set([50001, 50002, 50003, 50004]);
/** HTTP statuses worth retrying when the body carries no Confluent error code (a proxy answered). */
const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

const NAME_BY_ERROR_CODE: ReadonlyMap<number, RegistryErrorName> = new Map(
  (Object.entries(RegistryErrorCodes) as [RegistryErrorName, { code: number }][]).map(([name, { code }]) => [code, name]),
);

export interface RegistryClientErrorOptions {
  cause?: unknown;
  /** Confluent's `error_code` (REGISTRY errors; the HTTP status when the body had none). */
  errorCode?: number;
  /** The HTTP status (REGISTRY errors). */
  status?: number;
  /** The registry's own `message`, verbatim (REGISTRY errors). */
  registryMessage?: string;
  /** Overrides the default (true for NETWORK, by code for REGISTRY, false otherwise). */
  retriable?: boolean;
}

export class RegistryClientError extends Error {
  readonly errorCode: number | undefined;
  readonly status: number | undefined;
  /** The registry's `message` as it sent it (`message` adds the request it answered). */
  readonly registryMessage: string | undefined;
  /** The catalogue name of `errorCode` (registry/errors.ts), when it is one we know. */
  readonly errorName: RegistryErrorName | undefined;
  readonly retriable: boolean;

  constructor(readonly code: RegistryClientErrorCode, message: string, options: RegistryClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryClientError';
    this.errorCode = options.errorCode;
    this.status = options.status;
    this.registryMessage = options.registryMessage;
    this.errorName = options.errorCode === undefined ? undefined : NAME_BY_ERROR_CODE.get(options.errorCode);
    this.retriable = options.retriable ?? defaultRetriable(code, options.errorCode, options.status);
  }
}

function defaultRetriable(code: RegistryClientErrorCode, errorCode: number | undefined, status: number | undefined): boolean {
  if (code === 'NETWORK') return true;
  if (code !== 'REGISTRY') return false;
  if (errorCode !== undefined && RETRIABLE_ERROR_CODES.has(errorCode)) return true;
  return errorCode === status && status !== undefined && RETRIABLE_STATUSES.has(status);
}

/** Whether `err` is a registry answer with Confluent error code `errorCode` (e.g. 40401). */
export function isRegistryErrorCode(err: unknown, errorCode: number): boolean {
  return err instanceof RegistryClientError && err.code === 'REGISTRY' && err.errorCode === errorCode;
}
