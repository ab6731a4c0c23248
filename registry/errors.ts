/**
 * The registry's one error type and its catalogue: Confluent Schema Registry's error codes, each
 * with the HTTP status Confluent answers it with. Route handlers and deep helpers throw
 * RegistryError; the REST layer turns it into Confluent's body `{"error_code": N, "message": "..."}`.
 * Classify by `errorCode`, never by message text.
 */

export const RegistryErrorCodes = {
  /** Unknown route (Jersey's 404 in Confluent's error shape). */
  NOT_FOUND: { code: 404, status: 404 },
  METHOD_NOT_ALLOWED: { code: 405, status: 405 },
  /** Body is not JSON, or JSON of the wrong shape. */
  BAD_REQUEST: { code: 400, status: 400 },
  /** The request's Content-Type is not JSON. */
  UNSUPPORTED_MEDIA_TYPE: { code: 415, status: 415 },
  /** Accept header asks for something we cannot produce. */
  NOT_ACCEPTABLE: { code: 406, status: 406 },
  SUBJECT_NOT_FOUND: { code: 40401, status: 404 },
  VERSION_NOT_FOUND: { code: 40402, status: 404 },
  SCHEMA_NOT_FOUND: { code: 40403, status: 404 },
  SUBJECT_SOFT_DELETED: { code: 40404, status: 404 },
  SUBJECT_NOT_SOFT_DELETED: { code: 40405, status: 404 },
  SCHEMA_VERSION_SOFT_DELETED: { code: 40406, status: 404 },
  SCHEMA_VERSION_NOT_SOFT_DELETED: { code: 40407, status: 404 },
  SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED: { code: 40408, status: 404 },
  SUBJECT_LEVEL_MODE_NOT_CONFIGURED: { code: 40409, status: 404 },
  INCOMPATIBLE_SCHEMA: { code: 409, status: 409 },
  INVALID_SCHEMA: { code: 42201, status: 422 },
  INVALID_VERSION: { code: 42202, status: 422 },
  INVALID_COMPATIBILITY_LEVEL: { code: 42203, status: 422 },
  INVALID_MODE: { code: 42204, status: 422 },
  OPERATION_NOT_PERMITTED: { code: 42205, status: 422 },
  REFERENCE_EXISTS: { code: 42206, status: 422 },
  ID_DOES_NOT_MATCH: { code: 42207, status: 422 },
  INVALID_SUBJECT: { code: 42208, status: 422 },
  STORE_ERROR: { code: 50001, status: 500 },
  OPERATION_TIMEOUT: { code: 50002, status: 500 },
  REQUEST_FORWARDING_FAILED: { code: 50003, status: 500 },
  UNKNOWN_LEADER: { code: 50004, status: 500 },
  INTERNAL: { code: 500, status: 500 },
} as const;

export type RegistryErrorName = keyof typeof RegistryErrorCodes;

/** Codes a client may retry after a pause (the store or the leader was briefly unavailable). */
const RETRIABLE: ReadonlySet<RegistryErrorName> = new Set(['STORE_ERROR', 'OPERATION_TIMEOUT', 'REQUEST_FORWARDING_FAILED', 'UNKNOWN_LEADER']);

export class RegistryError extends Error {
  readonly errorCode: number;
  readonly status: number;
  readonly retriable: boolean;
  constructor(readonly errorName: RegistryErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
    this.errorCode = RegistryErrorCodes[errorName].code;
    this.status = RegistryErrorCodes[errorName].status;
    this.retriable = RETRIABLE.has(errorName);
  }

  /** Confluent's error body. */
  toJSON(): { error_code: number; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}
