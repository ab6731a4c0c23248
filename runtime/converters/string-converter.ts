/**
 * StringConverter (Kafka's org.apache.kafka.connect.storage.StringConverter): any value as its
 * text, and any bytes back as an optional STRING. Writing ignores the schema and prints the
 * value (numbers, booleans, bigints as usual; a Struct, Map or array in their toString form);
 * reading always yields Schema.OPTIONAL_STRING_SCHEMA. A null value is a null message and back.
 *
 * `converter.encoding` (default UTF8) takes Java charset names: UTF-8/UTF8, UTF-16 (big-endian,
 * with a byte-order mark when writing, as Java), UTF-16BE, UTF-16LE, ISO-8859-1 (latin1) and
 * US-ASCII. Keys, values and headers may use different encodings through the worker's
 * `key.converter.encoding`, `value.converter.encoding` and `header.converter.encoding`.
 */
import type { ConfigDef } from '../api/config/config-def.js';
import { ConfigException } from '../api/errors.js';
import { LambdaValidator } from '../api/config/validators.js';
import { Schema, SchemaAndValue } from '../api/data/schema.js';
import type { Headers } from '../api/header/headers.js';
import type { Converter, HeaderConverter } from '../api/plugins/converter.js';
import { converterConfigDef, converterTypeOf, withConverterType } from './converter-config.js';

interface Charset {
  encode(text: string): Buffer;
  decode(bytes: Uint8Array): string;
}

const node = (encoding: BufferEncoding): Charset => ({
  encode: (text) => Buffer.from(text, encoding),
  decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding),
});

function swap16(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return out.swap16();
}

const UTF16BE: Charset = {
  encode: (text) => Buffer.from(text, 'utf16le').swap16(),
  decode: (bytes) => swap16(bytes).toString('utf16le'),
};

/** Java's "UTF-16": big-endian, a BOM written first; on reading a BOM picks the byte order. */
const UTF16: Charset = {
  encode: (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), UTF16BE.encode(text)]),
  decode: (bytes) => {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return node('utf16le').decode(bytes.subarray(2));
    return UTF16BE.decode(bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2) : bytes);
  },
};

const CHARSETS: ReadonlyMap<string, Charset> = new Map([
  ['UTF8', node('utf8')],
  ['UTF-8', node('utf8')],
  ['UTF-16', UTF16],
  ['UTF16', UTF16],
  ['UTF-16BE', UTF16BE],
  ['UTF-16LE', node('utf16le')],
  ['ISO-8859-1', node('latin1')],
  ['ISO8859_1', node('latin1')],
  ['LATIN1', node('latin1')],
  ['US-ASCII', node('ascii')],
  ['ASCII', node('ascii')],
]);

/** The charset for a Java charset name (any case); ConfigException for others. */
export function charsetFor(name: string, key = 'converter.encoding'): Charset {
  const cs = CHARSETS.get(name.trim().toUpperCase());
  if (cs === undefined) throw ConfigException.invalid(key, name, `Unsupported encoding; use one of ${[...CHARSETS.keys()].join(', ')}`);
  return cs;
}

export const STRING_CONVERTER_CONFIG = converterConfigDef().define({
  name: 'converter.encoding', type: 'STRING', default: 'UTF8', importance: 'HIGH', group: 'Converter', orderInGroup: 0, width: 'MEDIUM',
  displayName: 'Encoding', documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
  validator: LambdaValidator.with((name, value) => void charsetFor(String(value), name), () => [...CHARSETS.keys()].join(', ')),
});

export class StringConverter implements Converter, HeaderConverter {
  #charset: Charset = CHARSETS.get('UTF8')!;

  config(): ConfigDef {
    return STRING_CONVERTER_CONFIG;
  }

  configure(configs: Readonly<Record<string, string>>, isKey?: boolean): void {
    const cfg = STRING_CONVERTER_CONFIG.parse(withConverterType(configs, converterTypeOf(configs, isKey)));
    this.#charset = charsetFor(cfg['converter.encoding']);
  }

  fromConnectData(_topic: string, _headers: Headers, schema: Schema | null, value: unknown): Buffer | null {
    return this.serialize(value);
  }

  toConnectData(_topic: string, _headers: Headers, bytes: Buffer | null): SchemaAndValue {
    return this.deserialize(bytes);
  }

  fromConnectHeader(_topic: string, _headerKey: string, _schema: Schema | null, value: unknown): Buffer | null {
    return this.serialize(value);
  }

  toConnectHeader(_topic: string, _headerKey: string, bytes: Buffer | null): SchemaAndValue {
    return this.deserialize(bytes);
  }

  serialize(value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    return this.#charset.encode(textOf(value));
  }

  deserialize(bytes: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, bytes === null ? null : this.#charset.decode(bytes));
  }

  close(): void {}
}

/** Java's toString, as near as JS allows: Dates as ISO-8601, bytes as their base64. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return `[${value.map(textOf).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${textOf(k)}=${textOf(v)}`).join(', ')}}`;
  return String(value);
}
