/**
 * Planning soft and hard deletes (Confluent's rules, checked in Confluent's order):
 * - a soft delete marks versions deleted: they stay readable by id (and by version with
 *   ?deleted=true), keep their numbers, and stop counting for compatibility and listings;
 * - a hard delete (permanent=true) is allowed only on what was soft-deleted first (40405,
 *   40407) and writes tombstones; removing the last version of a subject also removes its
 *   own config and mode;
 * - a version another schema references cannot be deleted (42206); for a hard delete, soft-
 *   deleted referrers count too (they can still be restored... or read by id).
 */
import { RegistryError } from '../errors.js';
import type { StoreRecord } from '../store/records.js';
import type { RegistryStore, StoredVersion } from '../store/store.js';
import { assertWritable, subjectNotFound, versionNotFound } from './policy.js';
import type { Plan, PlanContext } from './register.js';
import type { VersionRef } from './writer.js';

function referenced(store: RegistryStore, v: StoredVersion, includeDeleted: boolean, ignoreSubject?: string): void {
  const by = store.referrersOf(v.subject, v.version, includeDeleted).filter((r) => r.subject !== ignoreSubject);
  if (by.length > 0) {
    const names = by.map((r) => `'${r.subject}' version ${r.version}`).join(', ');
    throw new RegistryError('REFERENCE_EXISTS', `Subject '${v.subject}' version ${v.version} is referenced by ${names}: it cannot be deleted. Fix: delete those versions first.`);
  }
}

/** Tombstones of the subject's own config and mode, for when its last version goes. */
function subjectSettingsGone(store: RegistryStore, subject: string): StoreRecord[] {
  const out: StoreRecord[] = [];
  if (store.mode(subject) !== undefined) out.push({ keytype: 'MODE', subject, value: null });
  if (store.config(subject) !== undefined) out.push({ keytype: 'CONFIG', subject, value: null });
  return out;
}

export function planDeleteVersion(ctx: PlanContext, subject: string, ref: VersionRef, permanent: boolean): Plan<number> {
  const { store } = ctx;
  const stored = ref === 'latest' ? undefined : store.version(subject, ref);
  if (stored?.deleted && !permanent) {
    throw new RegistryError('SCHEMA_VERSION_SOFT_DELETED', `Subject '${subject}' version ${ref} was soft deleted. Fix: set permanent=true to delete it permanently.`);
  }
  const target = ref === 'latest' ? store.latest(subject) : stored;
  if (!target) {
    if (!store.hasSubject(subject, true)) throw subjectNotFound(subject);
    throw versionNotFound(subject, ref === 'latest' ? -1 : ref);
  }
  assertWritable(store, ctx.defaults, subject);
  referenced(store, target, permanent);
  if (permanent && !target.deleted) {
    throw new RegistryError('SCHEMA_VERSION_NOT_SOFT_DELETED', `Subject '${subject}' version ${target.version} was not deleted first before being permanently deleted. Fix: DELETE it without permanent=true, then again with permanent=true.`);
  }
  if (!permanent) {
    return { result: target.version, records: [{ keytype: 'SCHEMA', subject, version: target.version, value: { ...target, deleted: true } }] };
  }
  const records: StoreRecord[] = [{ keytype: 'SCHEMA', subject, version: target.version, value: null }];
  if (store.versions(subject).length === 1) records.push(...subjectSettingsGone(store, subject));
  return { result: target.version, records };
}

export function planDeleteSubject(ctx: PlanContext, subject: string, permanent: boolean): Plan<number[]> {
  const { store } = ctx;
  if (!store.hasSubject(subject, true)) throw subjectNotFound(subject);
  if (!permanent && !store.hasSubject(subject, false)) {
    throw new RegistryError('SUBJECT_SOFT_DELETED', `Subject '${subject}' was soft deleted. Fix: set permanent=true to delete it permanently.`);
  }
  assertWritable(store, ctx.defaults, subject);
  const targets = store.versions(subject).filter((v) => permanent || !v.deleted);
  for (const v of targets) {
    referenced(store, v, permanent, subject);
    if (permanent && !v.deleted) {
      throw new RegistryError('SUBJECT_NOT_SOFT_DELETED', `Subject '${subject}' was not deleted first before being permanently deleted. Fix: DELETE /subjects/${subject} without permanent=true, then again with permanent=true.`);
    }
  }
  const versions = targets.map((v) => v.version);
  if (!permanent) {
    return { result: versions, records: [{ keytype: 'DELETE_SUBJECT', subject, value: { version: versions[versions.length - 1]! } }] };
  }
  // Newest first, so references within the subject never point at a removed version.
  const records: StoreRecord[] = [...versions].reverse().map((version) => ({ keytype: 'SCHEMA', subject, version, value: null }));
  records.push(...subjectSettingsGone(store, subject));
  return { result: versions, records };
}
