/**
 * SchemaWriter: the one door every write goes through. The REST routes validate the request's
 * shape and call it; an implementation decides where the write happens:
 * - LocalWriter (local-writer.ts) plans the records against the store and appends them to the
 *   log, one write at a time;
 * - when several instances share the topic, the non-leaders' writer forwards the same call to
 *   the leader over HTTP (cluster/), so only one instance ever decides versions and ids.
 *
 * Every method resolves only after the write is in this instance's store (or was answered by
 * the leader), and rejects with a RegistryError carrying Confluent's error code.
 */
import type { CompatibilityLevel } from '../compatibility/levels.js';
import type { SchemaReference } from '../schema/provider.js';
import type { Mode } from '../store/records.js';

/** The body of POST /subjects/{subject}/versions, after shape checks. */
export interface RegisterRequest {
  readonly schema: string;
  /** Absent = AVRO. */
  readonly schemaType?: string;
  readonly references: readonly SchemaReference[];
  /** An explicit id (IMPORT mode only); absent or negative = assign one. */
  readonly id?: number;
  /** An explicit version; absent or <= 0 = the next one. */
  readonly version?: number;
}

export interface ConfigUpdate {
  readonly compatibility?: CompatibilityLevel;
  readonly normalize?: boolean;
}

/** A version as the delete routes name it: a number or the latest live one. */
export type VersionRef = number | 'latest';

export interface SchemaWriter {
  register(subject: string, request: RegisterRequest, normalize: boolean): Promise<{ id: number }>;
  /** Returns the deleted version's number. */
  deleteVersion(subject: string, version: VersionRef, permanent: boolean): Promise<number>;
  /** Returns the deleted versions, oldest first. */
  deleteSubject(subject: string, permanent: boolean): Promise<number[]>;
  /** subject null = global. Returns what was set. */
  setConfig(subject: string | null, update: ConfigUpdate): Promise<ConfigUpdate>;
  /** Returns the config that was removed, as GET showed it. */
  deleteConfig(subject: string | null): Promise<Record<string, unknown>>;
  setMode(subject: string | null, mode: Mode, force: boolean): Promise<Mode>;
  /** Returns the mode that was removed. */
  deleteMode(subject: string | null): Promise<Mode>;
}
