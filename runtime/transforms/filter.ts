/**
 * Filter (`org.apache.kafka.connect.transforms.Filter`): drops every record it is applied to.
 * Useful only with a predicate: `transforms.drop.predicate=isTombstone` drops tombstones, and
 * `transforms.drop.negate=true` keeps only the records the predicate matches.
 */
import { ConfigDef } from '../api/config/config-def.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';

export const FILTER_CONFIG = new ConfigDef();

export class Filter<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  configure(): void {}

  apply(): null {
    return null;
  }

  config(): ConfigDef {
    return FILTER_CONFIG;
  }
}
