/**
 * `__consumer_offsets` as the coordinator's durable store: where a group's records go, appending
 * them, and replaying the whole topic at start. Records are written straight into the partition
 * logs (`encodeRecordBatch` + `PartitionLog.append`), never through Produce, which refuses
 * internal topics.
 *
 * Ordering: every record of a group lands in the one partition `partitionForGroup` picks, so a
 * group's history is totally ordered; each `append` is one batch (all offsets of one commit, or
 * all tombstones of one deletion) and is in the log when `append` returns.
 *
 * The topic is created the first time it is needed, as Kafka does, with Kafka's settings for it:
 * `offsets.topic.num.partitions` partitions, cleanup.policy=compact, segment.bytes from
 * `offsets.topic.segment.bytes` (104857600). The log cleaner compacts it like any compacted topic.
 */
import { KafkaError } from '../errors.js';
import { decodeRecordBatches, encodeRecordBatch, type RecordInput } from '../log/record-codec.js';
import type { TopicManager } from '../topics/topic-manager.js';
import type { Logger } from '../util/logger.js';
import { decodeKey, partitionForGroup, type RecordKey } from './offset-records.js';

export const OFFSETS_TOPIC = '__consumer_offsets';

const CONTROL_BATCH = 0x20;
const REPLAY_READ_BYTES = 4 << 20;

export class OffsetsTopic {
  constructor(
    private readonly topics: TopicManager,
    private readonly configuredPartitions: number,
    private readonly segmentBytes: number,
    private readonly log: Logger,
  ) {}

  get exists(): boolean {
    return this.topics.get(OFFSETS_TOPIC) !== undefined;
  }

  /** The existing topic's partition count (it wins over the setting, as in Kafka), else the setting. */
  get partitions(): number {
    return this.topics.get(OFFSETS_TOPIC)?.partitions ?? this.configuredPartitions;
  }

  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.partitions);
  }

  /** Creates the topic if it does not exist yet. */
  ensure(): void {
    if (this.exists) return;
    const configs = this.topics.validateConfigs({ 'cleanup.policy': 'compact', 'segment.bytes': String(this.segmentBytes), 'compression.type': 'producer' });
    this.topics.createTopic(OFFSETS_TOPIC, this.configuredPartitions, configs);
  }

  /**
   * Appends `records` (keys and values already encoded) as one batch to the group's partition.
   * Throws (BatchValidationError for a batch too large, KafkaError, I/O errors) if nothing was
   * written.
   */
  append(groupId: string, records: readonly RecordInput[], now: number): void {
    this.ensure();
    const p = this.partitionFor(groupId);
    const log = this.topics.partition(OFFSETS_TOPIC, p);
    if (!log) throw new KafkaError('COORDINATOR_NOT_AVAILABLE', `${OFFSETS_TOPIC}-${p} is not available`);
    log.append(encodeRecordBatch(records, { baseTimestamp: now }), now);
    this.topics.notify();
  }

  /**
   * Calls `visit` for every record of the topic, partition by partition, in log order. Records
   * with keys this broker does not know are skipped (counted), control batches ignored.
   */
  replay(visit: (key: RecordKey, value: Buffer | null) => void): { records: number; skipped: number } {
    let records = 0;
    let skipped = 0;
    for (let p = 0; p < this.partitions; p++) {
      const log = this.topics.partition(OFFSETS_TOPIC, p);
      if (!log) continue;
      let offset = log.logStartOffset;
      const end = log.logEndOffset;
      while (offset < end) {
        let batches;
        try {
          batches = decodeRecordBatches(log.read(offset, REPLAY_READ_BYTES, true).records);
        } catch (err) {
          this.log.error(`Cannot read ${OFFSETS_TOPIC}-${p} at offset ${offset}, the rest of this partition is not loaded: ${(err as Error).message}`);
          break;
        }
        if (batches.length === 0) break;
        for (const b of batches) {
          offset = b.lastOffset + 1;
          if ((b.attributes & CONTROL_BATCH) !== 0) continue;
          for (const r of b.records) {
            let key: RecordKey | null = null;
            try {
              key = r.key === null ? null : decodeKey(r.key);
            } catch { /* counted below */ }
            if (key === null) {
              skipped++;
              continue;
            }
            try {
              visit(key, r.value);
              records++;
            } catch (err) {
              skipped++;
              this.log.warn(`Skipping an unreadable record at ${OFFSETS_TOPIC}-${p} offset ${r.offset}: ${(err as Error).message}`);
            }
          }
        }
      }
    }
    return { records, skipped };
  }
}
