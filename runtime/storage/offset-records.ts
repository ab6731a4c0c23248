/**
 * The records of the offsets topic, in Kafka Connect's format (KafkaOffsetBackingStore through
 * its internal JsonConverter, schemas disabled):
 *
 *   key    ["<connector>",{"<partition field>":<value>,...}]     a JSON array of two elements
 *   value  {"<offset field>":<value>,...}                        null: the offset was reset
 *
 * Field values are JSON primitives (string, number, boolean, null). Connect looks offsets up by
 * the key's exact bytes; this worker compares partitions by content (`partitionId`: fields in
 * sorted order), so a field order that differs between writers does not hide an offset.
 */
import type { SourceOffset, SourcePartition } from '../api/index.js';

export interface OffsetRecord {
  readonly connector: string;
  readonly partition: SourcePartition;
  readonly offset: SourceOffset | null;
}

export type DecodedOffsetRecord = { readonly ok: true; readonly record: OffsetRecord } | { readonly ok: false; readonly reason: string };

export function encodeOffsetKey(connector: string, partition: SourcePartition): Buffer {
  return Buffer.from(JSON.stringify([connector, partition]), 'utf8');
}

export function encodeOffsetValue(offset: SourceOffset | null): Buffer | null {
  return offset === null ? null : Buffer.from(JSON.stringify(offset), 'utf8');
}

/** Identities of frozen partition maps (records hold frozen ones: their content cannot change). */
const frozenIds = new WeakMap<SourcePartition, string>();

/** A partition's identity: its fields sorted by name, as JSON. */
export function partitionId(partition: SourcePartition): string {
  let id = frozenIds.get(partition);
  if (id !== undefined) return id;
  id = JSON.stringify(Object.keys(partition).sort().map((k) => [k, partition[k]]));
  if (Object.isFrozen(partition)) frozenIds.set(partition, id);
  return id;
}

export function decodeOffsetRecord(key: Buffer | null, value: Buffer | null): DecodedOffsetRecord {
  if (key === null) return { ok: false, reason: 'the record has no key' };
  let k: unknown;
  try {
    k = JSON.parse(key.toString('utf8'));
  } catch {
    return { ok: false, reason: `the key ${key.toString('utf8')} is not JSON` };
  }
  if (!Array.isArray(k) || k.length !== 2) return { ok: false, reason: `the key ${key.toString('utf8')} is not a [connector, partition] array` };
  const [connector, partition] = k as [unknown, unknown];
  if (typeof connector !== 'string') return { ok: false, reason: `the key ${key.toString('utf8')} does not start with a connector name` };
  if (!isFlatObject(partition)) return { ok: false, reason: `the partition in ${key.toString('utf8')} is not an object of primitive values` };
  if (value === null) return { ok: true, record: { connector, partition, offset: null } };
  let v: unknown;
  try {
    v = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, reason: `the offset of ${key.toString('utf8')} is not JSON` };
  }
  if (v !== null && !isFlatObject(v)) return { ok: false, reason: `the offset of ${key.toString('utf8')} is not an object of primitive values` };
  return { ok: true, record: { connector, partition, offset: v } };
}

function isFlatObject(v: unknown): v is Readonly<Record<string, string | number | boolean | null>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean');
}
