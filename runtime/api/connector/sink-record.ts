/**
 * A record the runtime consumed from Kafka and hands to a sink task's `put()`.
 *
 * `kafkaPartition` and `kafkaOffset` are where the record sits in Kafka *after* transforms (a
 * transform may rename the topic); `originalTopic`/`originalKafkaPartition`/`originalKafkaOffset`
 * are where it was actually read, which is what offsets are committed against and what the
 * dead-letter context reports. Offsets are JS numbers: Kafka offsets stay far below 2^53.
 */
import { DataException } from '../errors.js';
import { ConnectRecord, type ConnectRecordFields } from './connect-record.js';

export type TimestampType = 'NO_TIMESTAMP_TYPE' | 'CREATE_TIME' | 'LOG_APPEND_TIME';

export interface SinkRecordFields extends ConnectRecordFields {
  readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestampType?: TimestampType;
  /** Defaults to `topic`, `kafkaPartition`, `kafkaOffset` (a record fresh from the consumer). */
  readonly originalTopic?: string;
  readonly originalKafkaPartition?: number;
  readonly originalKafkaOffset?: number;
}

export class SinkRecord extends ConnectRecord<SinkRecord> {
  declare readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;

  constructor(f: SinkRecordFields) {
    super(f);
    if (!Number.isSafeInteger(f.kafkaOffset) || f.kafkaOffset < 0) throw new DataException(`kafkaOffset must be a non-negative integer, got ${f.kafkaOffset}`);
    this.kafkaOffset = f.kafkaOffset;
    this.timestampType = f.timestampType ?? (f.timestamp === null || f.timestamp === undefined ? 'NO_TIMESTAMP_TYPE' : 'CREATE_TIME');
    this.originalTopic = f.originalTopic ?? f.topic;
    this.originalKafkaPartition = f.originalKafkaPartition ?? f.kafkaPartition;
    this.originalKafkaOffset = f.originalKafkaOffset ?? f.kafkaOffset;
  }

  /** A copy with changes; the Kafka offset, timestamp type and original coordinates are kept. */
  newRecord(changes: Partial<ConnectRecordFields>): SinkRecord {
    const base = this.baseFields(changes);
    return new SinkRecord({
      ...base,
      kafkaPartition: base.kafkaPartition ?? this.kafkaPartition,
      kafkaOffset: this.kafkaOffset,
      timestampType: this.timestampType,
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset,
    });
  }
}
