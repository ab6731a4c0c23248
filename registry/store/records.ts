/**
 * The records of the `_schemas` topic, in Confluent Schema Registry's layout, so a registry and
 * Confluent's can read each other's topic. Keys and values are JSON strings (UTF-8):
 *
 *   SCHEMA          key {"keytype":"SCHEMA","subject":S,"version":V,"magic":1}
 *                   value {"subject":S,"version":V,"id":N,["schemaType":T,]["references":[...],]"schema":TEXT,"deleted":B}
 *                   (schemaType is left out for AVRO, references when there are none);
 *                   a tombstone (null value) is a hard delete of that version.
 *   CONFIG          key {"keytype":"CONFIG",["subject":S,]"magic":0}  (no subject = the global config)
 *                   value {["subject":S,]"compatibilityLevel":L[,"normalize":B]}; tombstone = config removed
 *   MODE            key {"keytype":"MODE",["subject":S,]"magic":0}    value {["subject":S,]"mode":M}; tombstone = removed
 *   DELETE_SUBJECT  key {"keytype":"DELETE_SUBJECT","subject":S,"magic":0}  value {"subject":S,"version":V}:
 *                   versions 1..V of S are soft-deleted
 *   CLEAR_SUBJECT   key {"keytype":"CLEAR_SUBJECT","subject":S,"magic":0}   value {"subject":S}:
 *                   forget the soft-deleted versions of S (every subject when S is absent)
 *   NOOP            key {"keytype":"NOOP","magic":0}: a marker, no state
 *
 * Key bytes matter: compaction keeps the last record per key, so keys are written with a fixed
 * field order (keytype, subject, version, magic) and the global subject left out, as Confluent's
 * serializer does. Decoding is lenient where Confluent is (unknown fields, a null or absent
 * subject) and reports anything else as `invalid` so replay can skip it and go on.
 */
import type { SchemaReference, SchemaType } from '../schema/provider.js';

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

export interface SchemaValue {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schemaType: SchemaType;
  readonly references: readonly SchemaReference[];
  /** The schema text as stored (canonical or normalized form at registration). */
  readonly schema: string;
  readonly deleted: boolean;
}

export interface ConfigValue {
  /** As written; validated where it is used (an unknown level from a newer writer is ignored). */
  readonly compatibilityLevel?: string;
  readonly normalize?: boolean;
}

export type StoreRecord =
  | { readonly keytype: 'SCHEMA'; readonly subject: string; readonly version: number; readonly value: SchemaValue | null }
  | { readonly keytype: 'CONFIG'; readonly subject: string | null; readonly value: ConfigValue | null }
  | { readonly keytype: 'MODE'; readonly subject: string | null; readonly value: { readonly mode: Mode } | null }
  | { readonly keytype: 'DELETE_SUBJECT'; readonly subject: string; readonly value: { readonly version: number } | null }
  | { readonly keytype: 'CLEAR_SUBJECT'; readonly subject: string | null; readonly value: object | null }
  | { readonly keytype: 'NOOP' };

export type Decoded =
  | { readonly ok: true; readonly record: StoreRecord }
  /** A record of a key type this registry does not know (a newer writer's): skipped. */
  | { readonly ok: false; readonly unknown: true; readonly keytype: string }
  /** A malformed record: skipped, with the reason logged. */
  | { readonly ok: false; readonly unknown: false; readonly reason: string };

export interface EncodedRecord {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

function json(o: unknown): Buffer {
  return Buffer.from(JSON.stringify(o), 'utf8');
}

/** The key of a record, as bytes (field order fixed: see the file comment). */
export function encodeKey(r: StoreRecord): Buffer {
  switch (r.keytype) {
    case 'SCHEMA':
      return json({ keytype: 'SCHEMA', subject: r.subject, version: r.version, magic: 1 });
    case 'CONFIG':
    case 'MODE':
    case 'CLEAR_SUBJECT':
      return json(r.subject === null ? { keytype: r.keytype, magic: 0 } : { keytype: r.keytype, subject: r.subject, magic: 0 });
    case 'DELETE_SUBJECT':
      return json({ keytype: 'DELETE_SUBJECT', subject: r.subject, magic: 0 });
    case 'NOOP':
      return json({ keytype: 'NOOP', magic: 0 });
  }
}

function encodeValue(r: StoreRecord): Buffer | null {
  switch (r.keytype) {
    case 'SCHEMA': {
      const v = r.value;
      if (!v) return null;
      return json({
        subject: r.subject, version: r.version, id: v.id,
        ...(v.schemaType !== 'AVRO' ? { schemaType: v.schemaType } : {}),
        ...(v.references.length > 0 ? { references: v.references.map((x) => ({ name: x.name, subject: x.subject, version: x.version })) } : {}),
        schema: v.schema, deleted: v.deleted,
      });
    }
    case 'CONFIG':
      return r.value ? json({ ...(r.subject !== null ? { subject: r.subject } : {}), ...r.value }) : null;
    case 'MODE':
      return r.value ? json({ ...(r.subject !== null ? { subject: r.subject } : {}), mode: r.value.mode }) : null;
    case 'DELETE_SUBJECT':
      return r.value ? json({ subject: r.subject, version: r.value.version }) : null;
    case 'CLEAR_SUBJECT':
      return r.value ? json(r.subject !== null ? { subject: r.subject } : {}) : null;
    case 'NOOP':
      return null;
  }
}

export function encodeRecord(r: StoreRecord): EncodedRecord {
  return { key: encodeKey(r), value: encodeValue(r) };
}

type Obj = Record<string, unknown>;

function parseObject(b: Buffer, what: string): Obj {
  let o: unknown;
  try {
    o = JSON.parse(b.toString('utf8'));
  } catch (err) {
    throw new Error(`${what} is not JSON: ${(err as Error).message}`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error(`${what} is not a JSON object`);
  return o as Obj;
}

const isVersion = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 2147483647;

/** `subject` of a key: null for the global CONFIG/MODE (absent, null or empty). */
function optionalSubject(o: Obj): string | null {
  const s = o.subject;
  if (s === undefined || s === null || s === '') return null;
  if (typeof s !== 'string') throw new Error('key field subject is not a string');
  return s;
}

function requiredSubject(o: Obj): string {
  if (typeof o.subject !== 'string' || o.subject === '') throw new Error('key has no subject');
  return o.subject;
}

function references(v: unknown): SchemaReference[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error('value field references is not an array');
  return v.map((r: unknown) => {
    const o = r as Obj;
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || typeof o.subject !== 'string' || !isVersion(o.version)) {
      throw new Error('a reference needs a name, a subject and a version');
    }
    return { name: o.name, subject: o.subject, version: o.version };
  });
}

function schemaValue(subject: string, version: number, o: Obj): SchemaValue {
  if (!Number.isInteger(o.id) || (o.id as number) < 0) throw new Error('value field id is not a non-negative integer');
  if (typeof o.schema !== 'string') throw new Error('value field schema is not a string');
  const t = o.schemaType === undefined || o.schemaType === null ? 'AVRO' : o.schemaType;
  if (typeof t !== 'string') throw new Error('value field schemaType is not a string');
  return {
    subject, version, id: o.id as number,
    schemaType: t.toUpperCase() as SchemaType,
    references: references(o.references),
    schema: o.schema,
    deleted: o.deleted === true,
  };
}

function decodeKnown(keytype: string, k: Obj, value: Buffer | null): StoreRecord | undefined {
  const v = value === null ? null : parseObject(value, `${keytype} value`);
  switch (keytype) {
    case 'SCHEMA': {
      const subject = requiredSubject(k);
      if (!isVersion(k.version)) throw new Error('SCHEMA key has no valid version');
      return { keytype, subject, version: k.version, value: v === null ? null : schemaValue(subject, k.version, v) };
    }
    case 'CONFIG': {
      if (v === null) return { keytype, subject: optionalSubject(k), value: null };
      const level = v.compatibilityLevel ?? v.compatibility;
      if (level !== undefined && level !== null && typeof level !== 'string') throw new Error('CONFIG value compatibilityLevel is not a string');
      return {
        keytype, subject: optionalSubject(k),
        value: { ...(typeof level === 'string' ? { compatibilityLevel: level } : {}), ...(typeof v.normalize === 'boolean' ? { normalize: v.normalize } : {}) },
      };
    }
    case 'MODE': {
      if (v === null) return { keytype, subject: optionalSubject(k), value: null };
      const mode = typeof v.mode === 'string' ? v.mode.toUpperCase() : undefined;
      if (!mode || !(MODES as readonly string[]).includes(mode)) throw new Error(`MODE value has an unknown mode ${JSON.stringify(v.mode)}`);
      return { keytype, subject: optionalSubject(k), value: { mode: mode as Mode } };
    }
    case 'DELETE_SUBJECT': {
      const subject = requiredSubject(k);
      if (v === null) return { keytype, subject, value: null };
      if (!isVersion(v.version)) throw new Error('DELETE_SUBJECT value has no valid version');
      return { keytype, subject, value: { version: v.version } };
    }
    case 'CLEAR_SUBJECT':
      return { keytype, subject: optionalSubject(k), value: v };
    case 'NOOP':
      return { keytype };
    default:
      return undefined;
  }
}

/** Decodes one record of the topic; never throws. */
export function decodeRecord(key: Buffer | null, value: Buffer | null): Decoded {
  if (key === null) return { ok: false, unknown: false, reason: 'record without a key' };
  try {
    const k = parseObject(key, 'key');
    if (typeof k.keytype !== 'string') return { ok: false, unknown: false, reason: 'key has no keytype' };
    const record = decodeKnown(k.keytype, k, value);
    return record ? { ok: true, record } : { ok: false, unknown: true, keytype: k.keytype };
  } catch (err) {
    return { ok: false, unknown: false, reason: (err as Error).message };
  }
}
