/**
 * Which half of a record a transform works on. Kafka ships most transforms twice, as `X$Key` and
 * `X$Value`; here one class takes the part in its constructor and reads and writes only that
 * part (schema and value), leaving the other half, the topic, partition, timestamp and headers as
 * they were (unless `headers` is given).
 */
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { Schema } from '../api/data/schema.js';
import type { Headers } from '../api/header/headers.js';

export type RecordPart = 'key' | 'value';

/** The parts of a record a transform reads (any ConnectRecord has them). */
export interface RecordParts {
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
}

export function operatingSchema(record: RecordParts, part: RecordPart): Schema | null {
  return part === 'key' ? record.keySchema : record.valueSchema;
}

export function operatingValue(record: RecordParts, part: RecordPart): unknown {
  return part === 'key' ? record.key : record.value;
}

/** A copy of `record` whose part is replaced by `schema` and `value` (and headers, if given). */
export function withPart<R extends ConnectRecord<R>>(record: R, part: RecordPart, schema: Schema | null, value: unknown, headers?: Headers): R {
  const extra = headers === undefined ? {} : { headers };
  return part === 'key' ? record.newRecord({ keySchema: schema, key: value, ...extra }) : record.newRecord({ valueSchema: schema, value, ...extra });
}
