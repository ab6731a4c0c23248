/**
 * Applying raw `_schemas` records (key and value bytes, as read from the topic) to the store.
 * Shared by the tail that follows the topic and by the tests. Never throws: a malformed record,
 * a record of an unknown key type or one the store refuses is skipped with a log line, so one
 * bad record (from a buggy or newer writer) cannot stop a registry from starting.
 */
import type { Logger } from '../logger.js';
import { decodeRecord } from './records.js';
import type { RegistryStore } from './store.js';

export type ReplayOutcome = 'applied' | 'unknown' | 'invalid' | 'refused';

export function applyRaw(store: RegistryStore, key: Buffer | null, value: Buffer | null, offset: number, log?: Logger): ReplayOutcome {
  const d = decodeRecord(key, value);
  if (!d.ok) {
    if (d.unknown) {
      log?.debug(`Skipping record at offset ${offset} of unknown key type ${d.keytype}`);
      return 'unknown';
    }
    log?.warn(`Skipping malformed record at offset ${offset}: ${d.reason}`);
    return 'invalid';
  }
  const r = store.apply(d.record);
  if (!r.applied) {
    log?.warn(`Skipping record at offset ${offset}: ${r.reason}`);
    return 'refused';
  }
  return 'applied';
}
