/**
 * What applies to a subject: its compatibility level and mode (the subject's own setting, else
 * the global one, else the configured default), plus the checks every route shares (subject
 * names, read-only mode) and the not-found errors, phrased once.
 */
import { parseCompatibilityLevel, type CompatibilityLevel } from '../compatibility/levels.js';
import { RegistryError } from '../errors.js';
import type { ConfigValue, Mode } from '../store/records.js';
import type { RegistryStore } from '../store/store.js';

export interface Defaults {
  readonly compatibilityLevel: CompatibilityLevel;
  readonly mode: Mode;
}

/** The config in force for a subject (null = global): subject fields over global ones over defaults. */
export function effectiveConfig(store: RegistryStore, defaults: Defaults, subject: string | null): { compatibilityLevel: CompatibilityLevel; normalize?: boolean } {
  const global = store.config(null);
  const own = subject === null ? undefined : store.config(subject);
  const level = parseCompatibilityLevel(own?.compatibilityLevel) ?? parseCompatibilityLevel(global?.compatibilityLevel) ?? defaults.compatibilityLevel;
  const normalize = own?.normalize ?? global?.normalize;
  return normalize === undefined ? { compatibilityLevel: level } : { compatibilityLevel: level, normalize };
}

/** The config as GET /config shows it: {"compatibilityLevel": L[, "normalize": B]}. */
export function configBody(c: ConfigValue | { compatibilityLevel: CompatibilityLevel; normalize?: boolean }): Record<string, unknown> {
  const level = parseCompatibilityLevel(c.compatibilityLevel);
  return { ...(level ? { compatibilityLevel: level } : {}), ...(c.normalize !== undefined ? { normalize: c.normalize } : {}) };
}

export function effectiveMode(store: RegistryStore, defaults: Defaults, subject: string | null): Mode {
  return (subject !== null ? store.mode(subject) : undefined) ?? store.mode(null) ?? defaults.mode;
}

export function isReadOnly(mode: Mode): boolean {
  return mode === 'READONLY' || mode === 'READONLY_OVERRIDE';
}

/** Refuses writes to a subject (null = global) in READONLY mode with 42205. */
export function assertWritable(store: RegistryStore, defaults: Defaults, subject: string | null): void {
  const mode = effectiveMode(store, defaults, subject);
  if (isReadOnly(mode)) {
    const where = subject === null ? 'The registry' : `Subject '${subject}'`;
    const fix = subject === null ? 'PUT /mode {"mode":"READWRITE"}' : `PUT /mode/${subject} {"mode":"READWRITE"} (or DELETE it to use the global mode)`;
    throw new RegistryError('OPERATION_NOT_PERMITTED', `${where} is in ${mode} mode: writes are refused. Fix: ${fix}.`);
  }
}

/** Confluent refuses empty subject names and names with control characters (42208). */
export function assertValidSubject(subject: string): void {
  if (subject.trim() === '' || /[\u0000-\u001f\u007f-\u009f]/.test(subject)) {
    throw new RegistryError('INVALID_SUBJECT', `Invalid subject ${JSON.stringify(subject)}: a subject name must be non-empty and contain no control characters`);
  }
}

export function subjectNotFound(subject: string): RegistryError {
  return new RegistryError('SUBJECT_NOT_FOUND', `Subject '${subject}' not found. Fix: check the name with GET /subjects (add ?deleted=true to see soft-deleted subjects).`);
}

export function versionNotFound(subject: string, version: number): RegistryError {
  return new RegistryError('VERSION_NOT_FOUND', `Version ${version} not found for subject '${subject}'. Fix: list its versions with GET /subjects/${subject}/versions.`);
}

export function schemaNotFound(id?: number): RegistryError {
  return new RegistryError('SCHEMA_NOT_FOUND', id === undefined ? 'Schema not found' : `Schema ${id} not found`);
}
