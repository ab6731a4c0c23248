/**
 * Committed offsets: OffsetCommit, OffsetFetch and OffsetDelete, group deletion, expiry, and
 * rebuilding everything from `__consumer_offsets` at start. The offsets themselves live on their
 * Group (as in Kafka); this class validates, persists and applies.
 *
 * Ordering contract: a change is appended to the log first (one batch per request) and applied
 * in memory only once the append succeeded, so what OffsetFetch answers is always what a restart
 * would restore; a commit is answered after its append.
 */
import { BatchValidationError } from '../log/record-batch.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { RecordInput } from '../log/record-codec.js';
import type { TopicManager } from '../topics/topic-manager.js';
import type { Logger } from '../util/logger.js';
import type { GroupCoordinator } from './coordinator.js';
import { CONSUMER_PROTOCOL_TYPE } from './consumer-protocol.js';
import type { Group } from './group.js';
import {
  decodeGroupValue, decodeOffsetValue, encodeGroupKey, encodeOffsetKey, encodeOffsetValue, type GroupValue, type OffsetValue,
} from './offset-records.js';

export interface CommitPartition {
  readonly partitionIndex: number;
  readonly committedOffset: number;
  readonly committedLeaderEpoch: number;
  readonly committedMetadata: string | null;
}

export interface CommitParams {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** OffsetCommit v2-4: -1 = the broker's retention. */
  readonly retentionTimeMs: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly CommitPartition[] }[];
}

export type TopicErrors = { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];

export interface FetchedOffset {
  readonly partitionIndex: number;
  readonly committedOffset: number;
  readonly committedLeaderEpoch: number;
  readonly metadata: string;
  readonly errorCode: number;
}

const NO_OFFSET = { committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.NONE };

export class OffsetStore {
  constructor(private readonly c: GroupCoordinator, private readonly topics: TopicManager, private readonly log: Logger) {}

  private partitionExists(topic: string, partition: number): boolean {
    const t = this.topics.get(topic);
    return t !== undefined && Number.isInteger(partition) && partition >= 0 && partition < t.partitions;
  }

  /** Appends one batch for the group; an error code instead of a throw. */
  private write(groupId: string, records: readonly RecordInput[], what: string, tooLarge: number): number {
    try {
      this.c.offsetsTopic.append(groupId, records, this.c.clock.now());
      return ErrorCode.NONE;
    } catch (err) {
      if (err instanceof BatchValidationError) return tooLarge;
      this.log.error(`Failed to write ${what} of group ${groupId}: ${(err as Error).message}`);
      return ErrorCode.UNKNOWN_SERVER_ERROR;
    }
  }

  commit(p: CommitParams): TopicErrors {
    const codes = p.topics.map((t) => t.partitions.map((): number => ErrorCode.NONE));
    const valid: [number, number][] = [];
    p.topics.forEach((t, ti) => t.partitions.forEach((part, pi) => {
      if (this.c.isClosed) codes[ti][pi] = ErrorCode.COORDINATOR_NOT_AVAILABLE;
      else if (!this.partitionExists(t.name, part.partitionIndex)) codes[ti][pi] = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      else valid.push([ti, pi]);
    }));
    if (valid.length > 0) {
      const existing = this.c.groups.get(p.groupId);
      // No group: a standalone commit creates one; a member's commit comes from a dead generation.
      const group = existing ?? (p.generationId < 0 ? this.c.getOrCreate(p.groupId) : null);
      const error = group ? group.validateOffsetCommit(p.memberId, p.groupInstanceId, p.generationId) : ErrorCode.ILLEGAL_GENERATION;
      if (error !== ErrorCode.NONE) {
        for (const [ti, pi] of valid) codes[ti][pi] = error;
      } else {
        this.store(group!, p, valid, codes);
      }
    }
    return p.topics.map((t, ti) => ({ name: t.name, partitions: t.partitions.map((part, pi) => ({ partitionIndex: part.partitionIndex, errorCode: codes[ti][pi] })) }));
  }

  private store(group: Group, p: CommitParams, valid: readonly [number, number][], codes: number[][]): void {
    const now = this.c.clock.now();
    const expireTimestamp = p.retentionTimeMs >= 0 ? now + p.retentionTimeMs : null;
    const records: RecordInput[] = [];
    const applied: { ti: number; pi: number; topic: string; partition: number; value: OffsetValue }[] = [];
    for (const [ti, pi] of valid) {
      const topic = p.topics[ti].name;
      const part = p.topics[ti].partitions[pi];
      // Kafka compares the metadata's String.length (UTF-16 units) with offset.metadata.max.bytes.
      if (part.committedMetadata !== null && part.committedMetadata.length > this.c.settings.maxMetadataSize) {
        codes[ti][pi] = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        continue;
      }
      const value: OffsetValue = {
        offset: part.committedOffset, leaderEpoch: part.committedLeaderEpoch, metadata: part.committedMetadata ?? '',
        commitTimestamp: now, expireTimestamp,
      };
      records.push({ key: encodeOffsetKey(group.groupId, topic, part.partitionIndex), value: encodeOffsetValue(value), timestamp: now });
      applied.push({ ti, pi, topic, partition: part.partitionIndex, value });
    }
    if (records.length === 0) return;
    const error = this.write(group.groupId, records, 'offsets', ErrorCode.INVALID_COMMIT_OFFSET_SIZE);
    for (const a of applied) {
      codes[a.ti][a.pi] = error;
      if (error === ErrorCode.NONE) group.setOffset(a.topic, a.partition, a.value);
    }
  }

  /** Committed offsets (-1 where none); `topics` null = every partition the group committed. */
  fetch(groupId: string, topics: readonly { name: string; partitionIndexes: readonly number[] }[] | null): { errorCode: number; topics: { name: string; partitions: FetchedOffset[] }[] } {
    if (this.c.isClosed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, topics: [] };
    const group = this.c.groups.get(groupId);
    const fetched = (topic: string, partitionIndex: number): FetchedOffset => {
      const o = group?.offset(topic, partitionIndex);
      return o ? { partitionIndex, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch, metadata: o.metadata, errorCode: ErrorCode.NONE } : { partitionIndex, ...NO_OFFSET };
    };
    if (topics === null) {
      return {
        errorCode: ErrorCode.NONE,
        topics: [...(group?.offsets ?? new Map<string, Map<number, OffsetValue>>())].map(([name, parts]) => ({ name, partitions: [...parts.keys()].map((p) => fetched(name, p)) })),
      };
    }
    return { errorCode: ErrorCode.NONE, topics: topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((p) => fetched(t.name, p)) })) };
  }

  /**
   * OffsetDelete: allowed for an Empty group; for an active consumer group only for topics none
   * of its members subscribes to (GROUP_SUBSCRIBED_TO_TOPIC otherwise); an active group of
   * another protocol type gets NON_EMPTY_GROUP.
   */
  delete(groupId: string, topics: readonly { name: string; partitions: readonly { partitionIndex: number }[] }[]): { errorCode: number; topics: TopicErrors } {
    if (this.c.isClosed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, topics: [] };
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, topics: [] };
    const group = this.c.groups.get(groupId);
    if (!group || group.is('Dead')) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] };
    let subscribed: Set<string> | null = null;
    if (!group.is('Empty')) {
      if (group.protocolType !== CONSUMER_PROTOCOL_TYPE) return { errorCode: ErrorCode.NON_EMPTY_GROUP, topics: [] };
      subscribed = group.subscribedTopics() ?? new Set();
    }
    const codes = topics.map((t) => t.partitions.map((): number => ErrorCode.NONE));
    const eligible: [number, number][] = [];
    const records: RecordInput[] = [];
    topics.forEach((t, ti) => t.partitions.forEach(({ partitionIndex }, pi) => {
      if (!this.partitionExists(t.name, partitionIndex)) codes[ti][pi] = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      else if (subscribed?.has(t.name)) codes[ti][pi] = ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC;
      else {
        eligible.push([ti, pi]);
        if (group.offset(t.name, partitionIndex)) records.push({ key: encodeOffsetKey(groupId, t.name, partitionIndex), value: null });
      }
    }));
    const error = records.length ? this.write(groupId, records, 'offset tombstones', ErrorCode.UNKNOWN_SERVER_ERROR) : ErrorCode.NONE;
    for (const [ti, pi] of eligible) {
      codes[ti][pi] = error;
      if (error === ErrorCode.NONE) group.removeOffset(topics[ti].name, topics[ti].partitions[pi].partitionIndex);
    }
    return { errorCode: ErrorCode.NONE, topics: topics.map((t, ti) => ({ name: t.name, partitions: t.partitions.map((p, pi) => ({ partitionIndex: p.partitionIndex, errorCode: codes[ti][pi] })) })) };
  }

  /** Tombstones every offset of an Empty group and its metadata, then drops the group. */
  removeGroup(group: Group): number {
    const records: RecordInput[] = [];
    for (const [topic, parts] of group.offsets) for (const p of parts.keys()) records.push({ key: encodeOffsetKey(group.groupId, topic, p), value: null });
    records.push({ key: encodeGroupKey(group.groupId), value: null });
    const error = this.write(group.groupId, records, 'tombstones', ErrorCode.UNKNOWN_SERVER_ERROR);
    if (error === ErrorCode.NONE) this.c.drop(group);
    return error;
  }

  /**
   * Drops every group's committed offsets of a deleted topic (tombstones first), as Kafka does, so
   * a topic re-created under the same name is not read from the old topic's positions.
   */
  removeTopic(topic: string): void {
    for (const group of this.c.groups.values()) {
      const parts = group.offsets.get(topic);
      if (!parts || parts.size === 0) continue;
      const partitions = [...parts.keys()];
      const records: RecordInput[] = partitions.map((p) => ({ key: encodeOffsetKey(group.groupId, topic, p), value: null }));
      if (this.write(group.groupId, records, `offsets of deleted topic ${topic}`, ErrorCode.UNKNOWN_SERVER_ERROR) !== ErrorCode.NONE) continue;
      for (const p of partitions) group.removeOffset(topic, p);
      this.log.info(`Removed ${partitions.length} committed offsets of group ${group.groupId} for deleted topic ${topic}`);
    }
  }

  /**
   * Kafka's expiry rules: an Empty group's offsets expire `offsets.retention.minutes` after it
   * became empty; a group that never had members (standalone commits) expires each offset that
   * long after its commit; a Stable consumer group expires offsets of topics it no longer
   * subscribes to. An offset committed with an explicit retention expires at its own time. An
   * Empty group left without offsets is deleted.
   */
  expire(): void {
    if (this.c.isClosed) return;
    const now = this.c.clock.now();
    const retention = this.c.settings.offsetsRetentionMs;
    for (const group of [...this.c.groups.values()]) {
      let base: ((o: OffsetValue) => number) | null = null;
      let unsubscribedOnly: Set<string> | null = null;
      if (group.protocolType === null) base = (o) => o.commitTimestamp;
      else if (group.is('Empty')) base = () => group.stateTimestamp;
      else if (group.is('Stable') && (unsubscribedOnly = group.subscribedTopics()) !== null) base = (o) => o.commitTimestamp;
      const expired: [string, number][] = [];
      if (base !== null) {
        for (const [topic, parts] of group.offsets) {
          if (unsubscribedOnly?.has(topic)) continue;
          for (const [p, o] of parts) {
            if (o.expireTimestamp !== null ? now >= o.expireTimestamp : now - base(o) >= retention) expired.push([topic, p]);
          }
        }
      }
      const dies = group.is('Empty') && expired.length === countOffsets(group);
      if (expired.length === 0 && !dies) continue;
      const records: RecordInput[] = expired.map(([t, p]) => ({ key: encodeOffsetKey(group.groupId, t, p), value: null }));
      if (dies) records.push({ key: encodeGroupKey(group.groupId), value: null });
      if (this.write(group.groupId, records, 'expired offsets', ErrorCode.UNKNOWN_SERVER_ERROR) !== ErrorCode.NONE) continue;
      for (const [t, p] of expired) group.removeOffset(t, p);
      if (dies) this.c.drop(group);
      this.log.info(`Removed ${expired.length} expired offsets of group ${group.groupId}${dies ? ' and the group, now empty' : ''}`);
    }
  }

  /** Rebuilds groups and offsets from the log (at start, before any request). */
  load(): void {
    if (!this.c.offsetsTopic.exists) return;
    const started = Date.now();
    const now = this.c.clock.now();
    const metas = new Map<string, GroupValue | null>();
    const offsets = new Map<string, Map<string, { topic: string; partition: number; value: OffsetValue }>>();
    const stats = this.c.offsetsTopic.replay((key, value) => {
      if (key.kind === 'group') {
        metas.set(key.group, value === null ? null : decodeGroupValue(value));
        return;
      }
      const k = `${key.topic}\u0000${key.partition}`;
      let m = offsets.get(key.group);
      if (value === null) m?.delete(k);
      else {
        const decoded = decodeOffsetValue(value);
        if (!m) offsets.set(key.group, (m = new Map()));
        m.delete(k); // keep the latest commit last, as a fresh commit would be
        m.set(k, { topic: key.topic, partition: key.partition, value: decoded });
      }
    });
    let count = 0;
    for (const id of new Set([...metas.keys(), ...offsets.keys()])) {
      const meta = metas.get(id) ?? null;
      const committed = offsets.get(id);
      if (meta === null && !committed?.size) continue;
      const g = this.c.getOrCreate(id);
      if (meta !== null) {
        g.generationId = meta.generation;
        g.protocolType = meta.protocolType === '' ? null : meta.protocolType;
        // Members must rejoin: the group restarts Empty, empty since its last recorded change
        // if it was empty then, else since now.
        g.stateTimestamp = meta.members.length === 0 && meta.currentStateTimestamp >= 0 ? meta.currentStateTimestamp : now;
      }
      for (const o of committed?.values() ?? []) g.setOffset(o.topic, o.partition, o.value);
      count++;
    }
    this.log.info(`Loaded ${count} groups (${stats.records} records, ${stats.skipped} skipped) from __consumer_offsets in ${Date.now() - started} ms`);
  }
}

function countOffsets(group: Group): number {
  let n = 0;
  for (const parts of group.offsets.values()) n += parts.size;
  return n;
}
