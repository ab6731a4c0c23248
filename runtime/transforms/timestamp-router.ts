/**
 * TimestampRouter (`org.apache.kafka.connect.transforms.TimestampRouter`): renames the topic to
 * `topic.format` (default `${topic}-${timestamp}`) with `${topic}` replaced by the topic and
 * `${timestamp}` by the record timestamp formatted in UTC with the SimpleDateFormat pattern
 * `timestamp.format` (default `yyyyMMdd`). Mostly for sinks, where the topic names the table or
 * index. A record without a timestamp is a DataException.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { LambdaValidator } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { DataException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { SimpleDateFormat } from './simple-date-format.js';

export const TIMESTAMP_ROUTER_CONFIG = new ConfigDef()
  .define({
    name: 'topic.format',
    type: 'STRING',
    default: '${topic}-${timestamp}',
    importance: 'HIGH',
    documentation: 'The new topic, where ${topic} stands for the original topic and ${timestamp} for the formatted timestamp.',
  })
  .define({
    name: 'timestamp.format',
    type: 'STRING',
    default: 'yyyyMMdd',
    validator: LambdaValidator.with(
      (_name, value) => {
        if (typeof value === 'string') new SimpleDateFormat(value);
      },
      () => 'java.text.SimpleDateFormat pattern',
    ),
    importance: 'HIGH',
    documentation: 'How ${timestamp} is formatted: a java.text.SimpleDateFormat pattern, applied in UTC.',
  });

export class TimestampRouter<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #topicFormat = '';
  #format = new SimpleDateFormat('yyyyMMdd');

  configure(props: Readonly<Record<string, string>>): void {
    const c = TIMESTAMP_ROUTER_CONFIG.parse(props);
    this.#topicFormat = c['topic.format'];
    this.#format = new SimpleDateFormat(c['timestamp.format']);
  }

  apply(record: R): R {
    if (record.timestamp === null) throw new DataException(`Timestamp missing on record: ${String(record)}`);
    const stamp = this.#format.format(new Date(record.timestamp));
    const topic = this.#topicFormat.replaceAll('${topic}', () => record.topic).replaceAll('${timestamp}', () => stamp);
    return record.newRecord({ topic });
  }

  config(): ConfigDef {
    return TIMESTAMP_ROUTER_CONFIG;
  }
}
