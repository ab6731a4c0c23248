/**
 * InsertHeader (`org.apache.kafka.connect.transforms.InsertHeader`): appends a header `header`
 * to every record, with `value.literal` read as a typed value (see values-literal.ts: `42` is an
 * INT8, `true` a BOOLEAN, other text a STRING). Existing headers with the same key are kept.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { NonNullValidator } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { SchemaAndValue } from '../api/data/schema.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { parseLiteral } from './values-literal.js';

export const INSERT_HEADER_CONFIG = new ConfigDef()
  .define({ name: 'header', type: 'STRING', validator: new NonNullValidator(), importance: 'HIGH', documentation: 'Key of the header to add.' })
  .define({
    name: 'value.literal',
    type: 'STRING',
    validator: new NonNullValidator(),
    importance: 'HIGH',
    documentation: 'The value of the header on every record, as a literal (a number, true/false, an ISO date or time, or text).',
  });

export class InsertHeader<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #header = '';
  #value: SchemaAndValue = SchemaAndValue.NULL;

  configure(props: Readonly<Record<string, string>>): void {
    const c = INSERT_HEADER_CONFIG.parse(props);
    this.#header = c.header;
    this.#value = parseLiteral(c['value.literal']);
  }

  apply(record: R): R {
    const headers = record.headers.duplicate().addSchemaAndValue(this.#header, this.#value);
    return record.newRecord({ headers });
  }

  config(): ConfigDef {
    return INSERT_HEADER_CONFIG;
  }
}
