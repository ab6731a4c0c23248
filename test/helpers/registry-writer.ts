/**
 * A LocalWriter over an in-memory log (records applied at once), for planner tests that need
 * no broker, and an assertion for Confluent error codes.
 */
import assert from 'node:assert/strict';
import type { CompatibilityLevel } from '../../registry/compatibility/levels.js';
import { RegistryError } from '../../registry/errors.js';
import { LocalWriter } from '../../registry/service/local-writer.js';
import { Schemas } from '../../registry/service/schemas.js';
import { RegistryStore } from '../../registry/store/store.js';
import { memoryLog } from './registry.js';

export function memoryRegistry(opts: { level?: CompatibilityLevel; modeMutability?: boolean } = {}) {
  const store = new RegistryStore();
  const schemas = new Schemas(store);
  const log = memoryLog(store);
  const defaults = { compatibilityLevel: opts.level ?? 'BACKWARD', mode: 'READWRITE' } as const;
  const writer = new LocalWriter({ store, schemas, defaults, log, modeMutability: opts.modeMutability ?? true });
  return { store, schemas, writer, log, defaults };
}

/** Asserts that `p` rejects with a RegistryError of `code` (and a message matching `message`). */
export async function rejectsWith(p: Promise<unknown>, code: number, message?: RegExp): Promise<RegistryError> {
  let caught: unknown;
  await assert.rejects(p, (err: unknown) => { caught = err; return true; });
  assert.ok(caught instanceof RegistryError, `expected a RegistryError, got ${String(caught)}`);
  assert.equal(caught.errorCode, code, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}
