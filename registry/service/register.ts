/**
 * Planning a registration: given the current store, decide the answer and the records to write
 * (none when the schema is already there). Pure with respect to the store: the caller holds the
 * write lock, has synced the store to the end of the log, and appends the records.
 *
 * Semantics (Confluent's):
 * - the same schema already live in the subject -> its id, nothing written (even in READONLY
 *   mode, so producers that always "register" keep working);
 * - the same schema under another subject (or soft-deleted here) -> a new version reusing its id;
 * - otherwise a new id after the highest ever used, and version = after every stored version,
 *   soft-deleted ones included (numbers are never reused);
 * - compatibility per the subject's level (falling back to global) against live versions,
 *   except in IMPORT mode; IMPORT requires explicit ids and accepts explicit versions.
 */
import { checkCompatibility } from '../compatibility/check.js';
import { RegistryError } from '../errors.js';
import { providerFor } from '../schema/index.js';
import type { StoreRecord } from '../store/records.js';
import { contentKey } from '../store/store.js';
import { findInSubject, type LookupContext } from './lookup.js';
import { effectiveConfig, effectiveMode, isReadOnly, type Defaults } from './policy.js';
import type { RegisterRequest } from './writer.js';

export interface PlanContext extends LookupContext {
  readonly defaults: Defaults;
}

export interface Plan<T> {
  readonly result: T;
  readonly records: StoreRecord[];
}

export function planRegister(ctx: PlanContext, subject: string, req: RegisterRequest, normalize: boolean): Plan<{ id: number }> {
  const { store, schemas } = ctx;
  const requested = schemas.parseRequest(req.schemaType, req.schema, req.references);
  const explicitId = req.id !== undefined && req.id >= 0 ? req.id : undefined;
  const explicitVersion = req.version !== undefined && req.version > 0 ? req.version : undefined;
  const text = normalize ? requested.parsed.normalized : requested.parsed.canonical;
  const candidate = { schemaType: requested.schemaType, references: requested.references, schema: text };

  const existing = findInSubject(ctx, subject, requested, normalize, false);
  if (existing && (explicitId === undefined || explicitId === existing.id) && (explicitVersion === undefined || explicitVersion === existing.version)) {
    return { result: { id: existing.id }, records: [] };
  }

  const mode = effectiveMode(store, ctx.defaults, subject);
  if (isReadOnly(mode)) {
    throw new RegistryError('OPERATION_NOT_PERMITTED', `Subject '${subject}' is in ${mode} mode: new schemas are refused. Fix: PUT /mode/${subject} {"mode":"READWRITE"}.`);
  }
  if (explicitId !== undefined && mode !== 'IMPORT') {
    throw new RegistryError('OPERATION_NOT_PERMITTED', `Subject '${subject}' is not in IMPORT mode: a schema id can only be given in IMPORT mode. Fix: leave out "id", or PUT /mode/${subject} {"mode":"IMPORT"}.`);
  }
  if (explicitId === undefined && mode !== 'READWRITE') {
    throw new RegistryError('OPERATION_NOT_PERMITTED', `Subject '${subject}' is in ${mode} mode: registrations must give the schema's "id" (and may give its "version"). Fix: add "id", or PUT /mode/${subject} {"mode":"READWRITE"}.`);
  }

  let id: number;
  if (explicitId !== undefined) {
    if (existing && existing.id !== explicitId) {
      throw new RegistryError('ID_DOES_NOT_MATCH', `Schema already registered under subject '${subject}' (version ${existing.version}) with id ${existing.id}, not the given id ${explicitId}. Fix: import it with id ${existing.id}.`);
    }
    const holder = store.schemaById(explicitId);
    if (holder && contentKey(holder) !== contentKey(candidate)) {
      throw new RegistryError('OPERATION_NOT_PERMITTED', `Id ${explicitId} is already used by another schema (subject '${holder.subject}' version ${holder.version}): overwriting it is not permitted. Fix: import this schema with its own id.`);
    }
    id = explicitId;
  } else {
    id = store.idsWithContent(candidate)[0] ?? store.maxId + 1;
  }

  const next = store.nextVersion(subject);
  let version = next;
  if (explicitVersion !== undefined) {
    if (mode !== 'IMPORT' && explicitVersion !== next) {
      throw new RegistryError('INVALID_SCHEMA', `Version ${explicitVersion} is not one more than the subject's previous version: the next version of '${subject}' is ${next}. Fix: leave out "version".`);
    }
    const taken = store.version(subject, explicitVersion);
    if (taken && (taken.id !== id || contentKey(taken) !== contentKey(candidate))) {
      throw new RegistryError('OPERATION_NOT_PERMITTED', `Version ${explicitVersion} of subject '${subject}' already holds another schema (id ${taken.id}): overwriting it is not permitted. Fix: import into the next free version (${next}).`);
    }
    version = explicitVersion;
  }

  if (mode !== 'IMPORT') {
    const level = effectiveConfig(store, ctx.defaults, subject).compatibilityLevel;
    const previous = schemas.previous(store.versions(subject).filter((v) => !v.deleted));
    const messages = checkCompatibility(providerFor(requested.schemaType), level, requested.parsed, previous);
    if (messages.length > 0) throw incompatible(subject, level, messages);
  }

  const records: StoreRecord[] = [];
  // A soft-deleted version of this subject with the same id is superseded by the new version:
  // tombstone it (as Confluent does), unless something still references it.
  for (const old of store.versions(subject)) {
    if (old.deleted && old.id === id && old.version < version && store.referrersOf(subject, old.version, true).length === 0) {
      records.push({ keytype: 'SCHEMA', subject, version: old.version, value: null });
    }
  }
  records.push({ keytype: 'SCHEMA', subject, version, value: { subject, version, id, ...candidate, deleted: false } });
  return { result: { id }, records };
}

export function incompatible(subject: string, level: string, messages: readonly string[]): RegistryError {
  return new RegistryError('INCOMPATIBLE_SCHEMA', `The schema is incompatible with subject "${subject}" under compatibility ${level} `
    + `(${messages.length} problem(s)): ${messages.join(' | ')}`);
}
