/**
 * Planning config and mode changes (subject null = global).
 *
 * - Config writes are refused in READONLY mode (42205); a PUT merges into the existing config.
 *   Deleting a subject's config that was never set is 40401; deleting the global config resets
 *   it to the default and answers what it was.
 * - Mode changes need mode.mutability=true (42205). Switching to IMPORT while live schemas
 *   exist is refused (42205) unless force=true; otherwise the soft-deleted versions left are
 *   removed first (tombstones, then CLEAR_SUBJECT), so imported ids and versions cannot collide
 *   with forgotten ones.
 */
import { RegistryError } from '../errors.js';
import type { ConfigValue, Mode, StoreRecord } from '../store/records.js';
import { assertWritable, configBody, effectiveConfig, effectiveMode, subjectNotFound } from './policy.js';
import type { Plan, PlanContext } from './register.js';
import type { ConfigUpdate } from './writer.js';

export function planSetConfig(ctx: PlanContext, subject: string | null, update: ConfigUpdate): Plan<ConfigUpdate> {
  assertWritable(ctx.store, ctx.defaults, subject);
  const old = ctx.store.config(subject) ?? {};
  const value: ConfigValue = {
    ...old,
    ...(update.compatibility !== undefined ? { compatibilityLevel: update.compatibility } : {}),
    ...(update.normalize !== undefined ? { normalize: update.normalize } : {}),
  };
  return { result: update, records: [{ keytype: 'CONFIG', subject, value }] };
}

export function planDeleteConfig(ctx: PlanContext, subject: string | null): Plan<Record<string, unknown>> {
  const current = ctx.store.config(subject);
  if (subject !== null && current === undefined) throw subjectNotFound(subject);
  assertWritable(ctx.store, ctx.defaults, subject);
  const shown = current !== undefined ? configBody(current) : configBody(effectiveConfig(ctx.store, ctx.defaults, null));
  return { result: shown, records: current === undefined ? [] : [{ keytype: 'CONFIG', subject, value: null }] };
}

export function planSetMode(ctx: PlanContext & { readonly modeMutability: boolean }, subject: string | null, mode: Mode, force: boolean): Plan<Mode> {
  const { store } = ctx;
  if (!ctx.modeMutability) {
    throw new RegistryError('OPERATION_NOT_PERMITTED', 'Mode changes are not allowed: this registry runs with mode.mutability=false.');
  }
  const records: StoreRecord[] = [];
  if (mode === 'IMPORT' && effectiveMode(store, ctx.defaults, subject) !== 'IMPORT' && !force) {
    const subjects = subject === null ? store.subjectNames('include') : store.hasSubject(subject, true) ? [subject] : [];
    const live = subjects.filter((s) => store.hasSubject(s, false));
    if (live.length > 0) {
      throw new RegistryError('OPERATION_NOT_PERMITTED', `Cannot import since found existing subjects (${live.slice(0, 5).join(', ')}${live.length > 5 ? ', ...' : ''}). `
        + 'Fix: import into an empty registry or subject, or add ?force=true to switch anyway.');
    }
    for (const s of subjects) {
      for (const v of store.versions(s)) {
        const by = store.referrersOf(s, v.version, true).filter((r) => !subjects.includes(r.subject));
        if (by.length > 0) {
          throw new RegistryError('REFERENCE_EXISTS', `Subject '${s}' version ${v.version} is referenced by subject '${by[0]!.subject}' version ${by[0]!.version}: its soft-deleted versions cannot be cleared for IMPORT.`);
        }
        records.push({ keytype: 'SCHEMA', subject: s, version: v.version, value: null });
      }
    }
    if (subjects.length > 0) records.push({ keytype: 'CLEAR_SUBJECT', subject, value: subject === null ? {} : { subject } });
  }
  records.push({ keytype: 'MODE', subject, value: { mode } });
  return { result: mode, records };
}

export function planDeleteMode(ctx: PlanContext & { readonly modeMutability: boolean }, subject: string | null): Plan<Mode> {
  if (!ctx.modeMutability) {
    throw new RegistryError('OPERATION_NOT_PERMITTED', 'Mode changes are not allowed: this registry runs with mode.mutability=false.');
  }
  const current = ctx.store.mode(subject);
  if (subject !== null && current === undefined) throw subjectNotFound(subject);
  return { result: current ?? ctx.defaults.mode, records: current === undefined ? [] : [{ keytype: 'MODE', subject, value: null }] };
}
