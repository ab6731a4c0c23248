/**
 * What every record carries between connectors, transforms and converters (Java's ConnectRecord).
 * Records are immutable: a transform makes a changed copy with `newRecord()`, which keeps the
 * subclass's own fields (source partition/offset, Kafka offset) and duplicates the headers.
 *
 * `null` means "absent" throughout, as in Java: a null kafkaPartition lets the producer choose
 * the partition (by key), a null timestamp lets the runtime use the current time, a null key
 * schema/value schema means schemaless data.
 */
import { DataException } from '../errors.js';
import { ConnectSchema, type Schema } from '../data/schema.js';
import { Header, Headers } from '../header/headers.js';

export interface ConnectRecordFields {
  readonly topic: string;
  /** Partition number; null for "let the producer's partitioner decide". */
  readonly kafkaPartition?: number | null;
  readonly keySchema?: Schema | null;
  readonly key?: unknown;
  readonly valueSchema?: Schema | null;
  readonly value?: unknown;
  /** Milliseconds since the epoch; null for none. */
  readonly timestamp?: number | null;
  readonly headers?: Headers | Iterable<Header>;
}

export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  /** This record's own headers; mutate only on a record you created and have not handed over. */
  readonly headers: Headers;

  protected constructor(f: ConnectRecordFields) {
    if (f.kafkaPartition !== undefined && f.kafkaPartition !== null && (!Number.isInteger(f.kafkaPartition) || f.kafkaPartition < 0)) {
      throw new DataException(`kafkaPartition must be a non-negative integer or null, got ${f.kafkaPartition}`);
    }
    this.topic = f.topic;
    this.kafkaPartition = f.kafkaPartition ?? null;
    this.keySchema = f.keySchema ?? null;
    this.key = f.key ?? null;
    this.valueSchema = f.valueSchema ?? null;
    this.value = f.value ?? null;
    this.timestamp = f.timestamp ?? null;
    this.headers = f.headers instanceof Headers ? f.headers : new Headers(f.headers);
  }

  /**
   * A copy with some fields replaced (the rest, including subclass fields, kept). Headers are
   * duplicated unless given. This is how transforms change a record.
   */
  abstract newRecord(changes: Partial<ConnectRecordFields>): R;

  /** Checks key and value against their schemas; DataException naming `key`/`value` and the path. */
  validate(): void {
    ConnectSchema.validateValue(this.keySchema, this.key, 'key');
    ConnectSchema.validateValue(this.valueSchema, this.value, 'value');
  }

  /** The fields newRecord() starts from. */
  protected baseFields(changes: Partial<ConnectRecordFields>): ConnectRecordFields {
    return {
      topic: changes.topic ?? this.topic,
      kafkaPartition: 'kafkaPartition' in changes ? changes.kafkaPartition : this.kafkaPartition,
      keySchema: 'keySchema' in changes ? changes.keySchema : this.keySchema,
      key: 'key' in changes ? changes.key : this.key,
      valueSchema: 'valueSchema' in changes ? changes.valueSchema : this.valueSchema,
      value: 'value' in changes ? changes.value : this.value,
      timestamp: 'timestamp' in changes ? changes.timestamp : this.timestamp,
      headers: changes.headers ?? this.headers.duplicate(),
    };
  }

  toString(): string {
    return `${this.constructor.name}{topic='${this.topic}', kafkaPartition=${this.kafkaPartition}, key=${String(this.key)}, value=${String(this.value)}, timestamp=${this.timestamp}, headers=${String(this.headers)}}`;
  }
}
