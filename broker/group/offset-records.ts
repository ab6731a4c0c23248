/**
 * The record formats of `__consumer_offsets`, byte for byte Kafka's own (its OffsetCommitKey /
 * OffsetCommitValue / GroupMetadataKey / GroupMetadataValue message definitions), so that Kafka's
 * tools could read this topic. Keys and values start with an int16 version; integers are
 * big-endian, `string` is an int16 length + UTF-8 (-1 = null where nullable), `bytes` an int32
 * length + bytes; flexible versions (value v4) use the compact forms and tagged fields.
 *
 *   OffsetCommitKey   (version 0 or 1; written as 1) => group string, topic string, partition int32
 *   GroupMetadataKey  (version 2)                    => group string
 *
 *   OffsetCommitValue version 3 (written) =>
 *     offset int64, leaderEpoch int32, metadata string, commitTimestamp int64
 *   (v0, v2: offset, metadata, commitTimestamp; v1 adds expireTimestamp int64 at the end — written
 *    when a v2-4 OffsetCommit asked for a retention time, as Kafka does; v4 = v3 flexible)
 *
 *   GroupMetadataValue version 3 (written) =>
 *     protocolType string, generation int32, protocol nullable string, leader nullable string,
 *     currentStateTimestamp int64 (v2+), members [
 *       memberId string, groupInstanceId nullable string (v3+), clientId string, clientHost string,
 *       rebalanceTimeout int32 (v1+), sessionTimeout int32, subscription bytes, assignment bytes ]
 *   (v4 = v3 flexible)
 *
 * A null value (tombstone) deletes the key: an offset, or a whole group's metadata.
 */
import { Reader } from '../protocol/reader.js';
import { Writer } from '../protocol/writer.js';

export interface OffsetKey {
  readonly kind: 'offset';
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
}

export interface GroupKey {
  readonly kind: 'group';
  readonly group: string;
}

export type RecordKey = OffsetKey | GroupKey;

export interface OffsetValue {
  readonly offset: number;
  /** -1 when unknown. */
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestamp: number;
  /** Set only by commits with an explicit retention time (OffsetCommit v2-4). */
  readonly expireTimestamp: number | null;
}

export interface MemberValue {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeout: number;
  readonly sessionTimeout: number;
  readonly subscription: Buffer;
  readonly assignment: Buffer;
}

export interface GroupValue {
  readonly protocolType: string;
  readonly generation: number;
  readonly protocol: string | null;
  readonly leader: string | null;
  /** -1 when unknown (values before v2). */
  readonly currentStateTimestamp: number;
  readonly members: readonly MemberValue[];
}

export const OFFSET_KEY_VERSION = 1;
export const GROUP_KEY_VERSION = 2;

export function encodeOffsetKey(group: string, topic: string, partition: number): Buffer {
  const w = new Writer(64);
  w.writeInt16(OFFSET_KEY_VERSION);
  w.writeString(group);
  w.writeString(topic);
  w.writeInt32(partition);
  return w.toBuffer();
}

export function encodeGroupKey(group: string): Buffer {
  const w = new Writer(32);
  w.writeInt16(GROUP_KEY_VERSION);
  w.writeString(group);
  return w.toBuffer();
}

/** The key, or null for a key version this broker does not know (newer Kafka record types). */
export function decodeKey(buf: Buffer): RecordKey | null {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version === 0 || version === 1) return { kind: 'offset', group: r.readString(), topic: r.readString(), partition: r.readInt32() };
  if (version === 2) return { kind: 'group', group: r.readString() };
  return null;
}

export function encodeOffsetValue(v: OffsetValue): Buffer {
  const w = new Writer(64 + v.metadata.length * 3);
  if (v.expireTimestamp !== null) {
    w.writeInt16(1);
    w.writeInt64(v.offset);
    w.writeString(v.metadata);
    w.writeInt64(v.commitTimestamp);
    w.writeInt64(v.expireTimestamp);
  } else {
    w.writeInt16(3);
    w.writeInt64(v.offset);
    w.writeInt32(v.leaderEpoch);
    w.writeString(v.metadata);
    w.writeInt64(v.commitTimestamp);
  }
  return w.toBuffer();
}

export function decodeOffsetValue(buf: Buffer): OffsetValue {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version < 0 || version > 4) throw new RangeError(`unknown offset commit value version ${version}`);
  const flex = version >= 4;
  const offset = r.readInt64();
  const leaderEpoch = version >= 3 ? r.readInt32() : -1;
  const metadata = flex ? r.readCompactString() : r.readString();
  const commitTimestamp = r.readInt64();
  const expireTimestamp = version === 1 ? r.readInt64() : null;
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}

export function encodeGroupValue(v: GroupValue): Buffer {
  const w = new Writer(256);
  w.writeInt16(3);
  w.writeString(v.protocolType);
  w.writeInt32(v.generation);
  w.writeNullableString(v.protocol);
  w.writeNullableString(v.leader);
  w.writeInt64(v.currentStateTimestamp);
  w.writeArrayLength(v.members.length);
  for (const m of v.members) {
    w.writeString(m.memberId);
    w.writeNullableString(m.groupInstanceId);
    w.writeString(m.clientId);
    w.writeString(m.clientHost);
    w.writeInt32(m.rebalanceTimeout);
    w.writeInt32(m.sessionTimeout);
    w.writeBytes(m.subscription);
    w.writeBytes(m.assignment);
  }
  return w.toBuffer();
}

export function decodeGroupValue(buf: Buffer): GroupValue {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version < 0 || version > 4) throw new RangeError(`unknown group metadata value version ${version}`);
  const flex = version >= 4;
  const str = (): string => (flex ? r.readCompactString() : r.readString());
  const nstr = (): string | null => (flex ? r.readCompactNullableString() : r.readNullableString());
  const bytes = (): Buffer => Buffer.from(flex ? r.readCompactBytes() : r.readBytes());
  const protocolType = str();
  const generation = r.readInt32();
  const protocol = nstr();
  const leader = nstr();
  const currentStateTimestamp = version >= 2 ? r.readInt64() : -1;
  const n = flex ? r.readCompactArrayLength() : r.readArrayLength();
  const members: MemberValue[] = [];
  for (let i = 0; i < n; i++) {
    const memberId = str();
    const groupInstanceId = version >= 3 ? nstr() : null;
    const clientId = str();
    const clientHost = str();
    const rebalanceTimeout = version >= 1 ? r.readInt32() : -1;
    const sessionTimeout = r.readInt32();
    const subscription = bytes();
    const assignment = bytes();
    if (flex) r.skipTaggedFields();
    members.push({ memberId, groupInstanceId, clientId, clientHost, rebalanceTimeout: rebalanceTimeout < 0 ? sessionTimeout : rebalanceTimeout, sessionTimeout, subscription, assignment });
  }
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}

/**
 * Java's String.hashCode (31-polynomial over UTF-16 code units, 32-bit wrap-around) and the
 * partition Kafka picks for a group: Utils.abs(hashCode) % partitions, where Utils.abs maps
 * Integer.MIN_VALUE to 0 and is otherwise Math.abs — not `hash & 0x7fffffff`, which differs for
 * every other negative hash code.
 */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export function partitionForGroup(groupId: string, partitions: number): number {
  const h = javaStringHashCode(groupId);
  const abs = h === -2147483648 ? 0 : Math.abs(h);
  return abs % partitions;
}
