/**
 * DropHeaders (`org.apache.kafka.connect.transforms.DropHeaders`): removes every header whose
 * key is listed in `headers`; the other headers keep their order.
 */
import { ConfigDef } from '../api/config/config-def.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { Headers } from '../api/header/headers.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { nonEmptyList } from './config-util.js';

export const DROP_HEADERS_CONFIG = new ConfigDef().define({
  name: 'headers',
  type: 'LIST',
  validator: nonEmptyList,
  importance: 'HIGH',
  documentation: 'Keys of the headers to remove.',
});

export class DropHeaders<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #headers = new Set<string>();

  configure(props: Readonly<Record<string, string>>): void {
    this.#headers = new Set(DROP_HEADERS_CONFIG.parse(props).headers);
  }

  apply(record: R): R {
    return record.newRecord({ headers: new Headers(record.headers.toArray().filter((h) => !this.#headers.has(h.key))) });
  }

  config(): ConfigDef {
    return DROP_HEADERS_CONFIG;
  }
}
