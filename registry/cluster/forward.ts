/**
 * Forwarding a write to the leader over its REST API, as Confluent's followers do. The leader's
 * answer is passed on unchanged: its result, or its {error_code, message} as the same
 * RegistryError. Only a failure to get an answer at all is 50003 (REQUEST_FORWARDING_FAILED).
 *
 * Forwarded requests carry FORWARDED_HEADER; an instance that receives one while it is not the
 * leader (leadership just moved) answers 50003 instead of forwarding again, so a request never
 * bounces between instances.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { RegistryError, RegistryErrorCodes, type RegistryErrorName } from '../errors.js';

export const FORWARDED_HEADER = 'x-tributary-forwarded';

/** True inside the handling of a request another instance forwarded here. */
export const forwardedRequest = new AsyncLocalStorage<boolean>();

const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';

/** The RegistryError for an error body a registry answered. */
export function errorFromBody(status: number, body: unknown): RegistryError {
  const b = body as { error_code?: unknown; message?: unknown } | null;
  const code = typeof b?.error_code === 'number' ? b.error_code : status;
  const message = typeof b?.message === 'string' ? b.message : `HTTP ${status}`;
  const name = (Object.keys(RegistryErrorCodes) as RegistryErrorName[]).find((n) => RegistryErrorCodes[n].code === code)
    ?? (Object.keys(RegistryErrorCodes) as RegistryErrorName[]).find((n) => RegistryErrorCodes[n].code === status)
    ?? 'INTERNAL';
  return new RegistryError(name, message);
}

export class Forwarder {
  constructor(private readonly timeoutMs: number) {}

  /** Sends the request to `leaderUrl` + `path` and returns the parsed JSON answer. */
  async call(leaderUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(leaderUrl + path, {
        method,
        headers: { [FORWARDED_HEADER]: '1', accept: MEDIA_TYPE, ...(body !== undefined ? { 'content-type': MEDIA_TYPE } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : ((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message);
      throw new RegistryError('REQUEST_FORWARDING_FAILED', `Error while forwarding the request to the leader at ${leaderUrl}: ${reason}. Retry; the leader may be changing.`, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RegistryError('REQUEST_FORWARDING_FAILED', `The leader at ${leaderUrl} answered ${res.status} with a body that is not JSON`);
    }
    if (!res.ok) throw errorFromBody(res.status, parsed);
    return parsed;
  }
}
