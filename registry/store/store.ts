/**
 * The registry's state, built ONLY by applying `_schemas` records in log order: subjects and
 * their versions, global ids, soft deletes, configs, modes and who references whom. It never
 * writes: writers produce records and wait until the tail has applied them here.
 *
 * Determinism: `apply` is a pure function of the current state and the record (no clock, no
 * randomness, no parsing of schema text), so every instance that reads the same log ends in the
 * same state. Like Confluent's store, a SCHEMA record that gives an id already in use by
 * different schema text is refused (skipped), on every instance alike.
 *
 * Lifetimes: a soft-deleted version stays (readable by id, by version with `deleted=true`, and
 * its version number is never handed out again); a tombstone removes the version, and an id no
 * version uses any more is gone.
 */
import type { ConfigValue, Mode, SchemaValue, StoreRecord } from './records.js';

export type StoredVersion = SchemaValue;

/** How the subject listing treats soft-deleted subjects (those with no live version). */
export type DeletedFilter = 'exclude' | 'include' | 'only';

/** What `apply` did with a record, for the tail's logging and the tests. */
export type ApplyResult = { readonly applied: true } | { readonly applied: false; readonly reason: string };

const vkey = (subject: string, version: number): string => `${subject}\u0000${version}`;

/** Identity of schema content: type, references and stored text. */
export function contentKey(v: Pick<SchemaValue, 'schemaType' | 'references' | 'schema'>): string {
  return `${v.schemaType}\n${JSON.stringify(v.references.map((r) => [r.name, r.subject, r.version]))}\n${v.schema}`;
}

export class RegistryStore {
  private readonly subjects = new Map<string, Map<number, StoredVersion>>();
  /** id -> the versions that carry it (subject\0version keys). */
  private readonly idVersions = new Map<number, Set<string>>();
  /** content -> ids with that content, oldest first. */
  private readonly contentIds = new Map<string, number[]>();
  /** referenced version (subject\0version) -> referrer versions. */
  private readonly referrers = new Map<string, Set<string>>();
  private readonly configs = new Map<string | null, ConfigValue>();
  private readonly modes = new Map<string | null, Mode>();
  private highestId = 0;
  /** Goes up with every applied record: caches of answers compare it to know they are current. */
  private rev = 0;

  get revision(): number {
    return this.rev;
  }

  /** Applies one record. Tombstones of unknown keys and records that change nothing are fine. */
  apply(r: StoreRecord): ApplyResult {
    this.rev++;
    switch (r.keytype) {
      case 'SCHEMA':
        return r.value === null ? this.removeVersion(r.subject, r.version) : this.putVersion(r.value);
      case 'CONFIG':
        if (r.value === null) this.configs.delete(r.subject);
        else this.configs.set(r.subject, r.value);
        return { applied: true };
      case 'MODE':
        if (r.value === null) this.modes.delete(r.subject);
        else this.modes.set(r.subject, r.value.mode);
        return { applied: true };
      case 'DELETE_SUBJECT':
        if (r.value !== null) this.softDeleteUpTo(r.subject, r.value.version);
        return { applied: true };
      case 'CLEAR_SUBJECT':
        if (r.value !== null) this.clearDeleted(r.subject);
        return { applied: true };
      case 'NOOP':
        return { applied: true };
    }
  }

  private putVersion(v: StoredVersion): ApplyResult {
    const existing = this.schemaById(v.id);
    if (existing && contentKey(existing) !== contentKey(v)) {
      return { applied: false, reason: `id ${v.id} is already used by a different schema (first at subject '${existing.subject}' version ${existing.version})` };
    }
    this.removeVersion(v.subject, v.version);
    let versions = this.subjects.get(v.subject);
    if (!versions) this.subjects.set(v.subject, (versions = new Map()));
    versions.set(v.version, v);
    const key = vkey(v.subject, v.version);
    let ids = this.idVersions.get(v.id);
    if (!ids) this.idVersions.set(v.id, (ids = new Set()));
    ids.add(key);
    const ck = contentKey(v);
    const list = this.contentIds.get(ck) ?? [];
    if (!list.includes(v.id)) this.contentIds.set(ck, [...list, v.id]);
    for (const ref of v.references) {
      const rk = vkey(ref.subject, ref.version);
      let set = this.referrers.get(rk);
      if (!set) this.referrers.set(rk, (set = new Set()));
      set.add(key);
    }
    if (v.id > this.highestId) this.highestId = v.id;
    return { applied: true };
  }

  private removeVersion(subject: string, version: number): ApplyResult {
    const versions = this.subjects.get(subject);
    const old = versions?.get(version);
    if (!versions || !old) return { applied: true };
    versions.delete(version);
    if (versions.size === 0) this.subjects.delete(subject);
    const key = vkey(subject, version);
    const ids = this.idVersions.get(old.id)!;
    ids.delete(key);
    if (ids.size === 0) {
      this.idVersions.delete(old.id);
      const ck = contentKey(old);
      const rest = (this.contentIds.get(ck) ?? []).filter((i) => i !== old.id);
      if (rest.length) this.contentIds.set(ck, rest);
      else this.contentIds.delete(ck);
    }
    for (const ref of old.references) {
      const rk = vkey(ref.subject, ref.version);
      const set = this.referrers.get(rk);
      set?.delete(key);
      if (set?.size === 0) this.referrers.delete(rk);
    }
    return { applied: true };
  }

  private softDeleteUpTo(subject: string, upTo: number): void {
    const versions = this.subjects.get(subject);
    if (!versions) return;
    for (const [version, v] of versions) {
      if (version <= upTo && !v.deleted) versions.set(version, { ...v, deleted: true });
    }
  }

  private clearDeleted(subject: string | null): void {
    for (const [s, versions] of [...this.subjects]) {
      if (subject !== null && s !== subject) continue;
      for (const v of [...versions.values()]) if (v.deleted) this.removeVersion(s, v.version);
    }
  }

  // ---- queries (plain reads of the current state) ----

  /** Subject names, sorted; a subject is deleted when none of its versions is live. */
  subjectNames(filter: DeletedFilter = 'exclude', prefix = ''): string[] {
    const out: string[] = [];
    for (const [s, versions] of this.subjects) {
      if (!s.startsWith(prefix)) continue;
      const live = [...versions.values()].some((v) => !v.deleted);
      if (filter === 'include' || (filter === 'exclude' && live) || (filter === 'only' && !live)) out.push(s);
    }
    return out.sort();
  }

  /** Whether the subject has a live version (or any version, with includeDeleted). */
  hasSubject(subject: string, includeDeleted = false): boolean {
    const versions = this.subjects.get(subject);
    return !!versions && [...versions.values()].some((v) => includeDeleted || !v.deleted);
  }

  /** Every stored version of the subject (live and soft-deleted), oldest first. */
  versions(subject: string): StoredVersion[] {
    return [...(this.subjects.get(subject)?.values() ?? [])].sort((a, b) => a.version - b.version);
  }

  version(subject: string, version: number): StoredVersion | undefined {
    return this.subjects.get(subject)?.get(version);
  }

  /** The newest live version, if any. */
  latest(subject: string): StoredVersion | undefined {
    const live = this.versions(subject).filter((v) => !v.deleted);
    return live[live.length - 1];
  }

  /** The number the next version of the subject gets: after every stored one, deleted or not. */
  nextVersion(subject: string): number {
    const all = this.versions(subject);
    return all.length ? all[all.length - 1]!.version + 1 : 1;
  }

  /** A version carrying the id (the first by subject and version), if any version still does. */
  schemaById(id: number): StoredVersion | undefined {
    return this.versionsById(id)[0];
  }

  /** Every version carrying the id, sorted by subject then version. */
  versionsById(id: number): StoredVersion[] {
    const out: StoredVersion[] = [];
    for (const k of this.idVersions.get(id) ?? []) {
      const [s, v] = k.split('\u0000') as [string, string];
      out.push(this.subjects.get(s)!.get(Number(v))!);
    }
    return out.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version));
  }

  /** Ids whose content is exactly this (type, references, stored text), oldest first. */
  idsWithContent(v: Pick<SchemaValue, 'schemaType' | 'references' | 'schema'>): readonly number[] {
    return this.contentIds.get(contentKey(v)) ?? [];
  }

  /** The highest id any record has used (ids are never handed out twice while it stands). */
  get maxId(): number {
    return this.highestId;
  }

  /** Versions whose references name (subject, version); soft-deleted referrers only with includeDeleted. */
  referrersOf(subject: string, version: number, includeDeleted = false): StoredVersion[] {
    const out: StoredVersion[] = [];
    for (const k of this.referrers.get(vkey(subject, version)) ?? []) {
      const [s, v] = k.split('\u0000') as [string, string];
      const r = this.subjects.get(s)?.get(Number(v));
      if (r && (includeDeleted || !r.deleted)) out.push(r);
    }
    return out;
  }

  /** The config set for the subject (null = global), without fallback. */
  config(subject: string | null): ConfigValue | undefined {
    return this.configs.get(subject);
  }

  mode(subject: string | null): Mode | undefined {
    return this.modes.get(subject);
  }

  /** The whole state as plain data, for comparing instances and restarts in tests. */
  snapshot(): { versions: StoredVersion[]; configs: [string | null, ConfigValue][]; modes: [string | null, Mode][]; maxId: number } {
    const order = (a: [string | null, unknown], b: [string | null, unknown]): number => String(a[0]).localeCompare(String(b[0]));
    return {
      versions: [...this.subjects.keys()].sort().flatMap((s) => this.versions(s)),
      configs: [...this.configs.entries()].sort(order),
      modes: [...this.modes.entries()].sort(order),
      maxId: this.highestId,
    };
  }
}

