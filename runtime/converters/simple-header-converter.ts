/**
 * SimpleHeaderConverter (Kafka's org.apache.kafka.connect.storage.SimpleHeaderConverter, the
 * worker's default `header.converter`): a header value is written as its text in UTF-8 and read
 * back by inferring the schema from that text (values-text.ts has the table): `42` reads as INT8,
 * `true` as BOOLEAN, `[1,2]` as an ARRAY, `2024-01-31` as a Date, anything else as a STRING.
 * A null value is a header without bytes, and back. Empty bytes read as the empty STRING.
 * Bytes that are not UTF-8 are a DataException naming the header and topic.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { SchemaAndValue, type Schema } from '../api/data/schema.js';
import { DataException } from '../api/errors.js';
import type { HeaderConverter } from '../api/plugins/converter.js';
import { parseString, valueToString } from './values-text.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CONFIG = new ConfigDef();

export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConfigDef {
    return CONFIG;
  }

  configure(): void {}

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    const text = valueToString(schema, value);
    return text === null ? null : Buffer.from(text, 'utf8');
  }

  toConnectHeader(topic: string, headerKey: string, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null) return SchemaAndValue.NULL;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch (e) {
      throw new DataException(`Failed to deserialize value for header '${headerKey}' on topic '${topic}': the bytes are not UTF-8`, { cause: e });
    }
    return parseString(text);
  }

  close(): void {}
}
