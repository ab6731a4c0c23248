/**
 * The worker's converters, under Kafka's and Confluent's class names so that existing worker and
 * connector configs (`key.converter`, `value.converter`, `header.converter`) work unchanged.
 * Aliases follow Kafka's plugin rules: the simple class name, and that name without the plugin
 * type's suffix ("Converter" for key/value converters, "HeaderConverter" for header converters).
 *
 *   value.converter=io.confluent.connect.avro.AvroConverter      (or AvroConverter, Avro)
 *   value.converter.schema.registry.url=http://localhost:8081
 *   key.converter=org.apache.kafka.connect.storage.StringConverter
 *   header.converter=org.apache.kafka.connect.storage.SimpleHeaderConverter   (the default)
 */
import { NotFoundException } from '../api/errors.js';
import type { Converter, HeaderConverter } from '../api/plugins/converter.js';
import { AvroConverter } from './avro-converter.js';
import { ByteArrayConverter } from './byte-array-converter.js';
import { JsonConverter } from './json-converter.js';
import { BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter } from './number-converters.js';
import { SimpleHeaderConverter } from './simple-header-converter.js';
import { StringConverter } from './string-converter.js';

export { AvroConverter, AVRO_CONVERTER_CONFIG } from './avro-converter.js';
export { AvroData, type AvroDataSettings, type AvroSchemaInfo } from './avro/avro-data.js';
export { DEFAULT_AVRO_DATA_OPTIONS, type AvroDataOptions } from './avro/avro-data-config.js';
export { ByteArrayConverter } from './byte-array-converter.js';
export { CONVERTER_TYPE_CONFIG, type ConverterType } from './converter-config.js';
export { JsonConverter, JSON_CONVERTER_CONFIG } from './json-converter.js';
export { BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter } from './number-converters.js';
export { SimpleHeaderConverter } from './simple-header-converter.js';
export { StringConverter, STRING_CONVERTER_CONFIG } from './string-converter.js';
export { parseString, valueToString } from './values-text.js';

export interface ConverterPlugin<T> {
  /** Kafka's (or Confluent's) fully qualified class name. */
  readonly className: string;
  readonly aliases: readonly string[];
  readonly doc: string;
  /** A fresh, unconfigured instance. */
  create(): T;
}

function plugin<T>(className: string, suffix: string, doc: string, create: () => T): ConverterPlugin<T> {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const aliases = simple.endsWith(suffix) && simple.length > suffix.length ? [simple, simple.slice(0, -suffix.length)] : [simple];
  return Object.freeze({ className, aliases: Object.freeze(aliases), doc, create });
}

const JSON_DOC = 'Connect data as JSON, with the schema in an envelope unless schemas.enable=false.';
const STRING_DOC = 'Values as text in converter.encoding (UTF-8 by default); reads as an optional STRING.';
const BYTES_DOC = 'BYTES passed through unchanged.';
const NUMBER_DOC = (t: string): string => `${t} values in the fixed-width big-endian form of Kafka's ${t.toLowerCase()} serializer.`;

/** Key and value converters (`key.converter`, `value.converter`). */
export const converters: readonly ConverterPlugin<Converter>[] = Object.freeze([
  plugin('io.confluent.connect.avro.AvroConverter', 'Converter', 'Avro in Confluent wire format, schemas in a schema registry.', () => new AvroConverter()),
  plugin('org.apache.kafka.connect.json.JsonConverter', 'Converter', JSON_DOC, () => new JsonConverter()),
  plugin('org.apache.kafka.connect.storage.StringConverter', 'Converter', STRING_DOC, () => new StringConverter()),
  plugin('org.apache.kafka.connect.converters.ByteArrayConverter', 'Converter', BYTES_DOC, () => new ByteArrayConverter()),
  plugin('org.apache.kafka.connect.converters.BooleanConverter', 'Converter', NUMBER_DOC('Boolean'), () => new BooleanConverter()),
  plugin('org.apache.kafka.connect.converters.ShortConverter', 'Converter', NUMBER_DOC('Short'), () => new ShortConverter()),
  plugin('org.apache.kafka.connect.converters.IntegerConverter', 'Converter', NUMBER_DOC('Integer'), () => new IntegerConverter()),
  plugin('org.apache.kafka.connect.converters.LongConverter', 'Converter', NUMBER_DOC('Long'), () => new LongConverter()),
  plugin('org.apache.kafka.connect.converters.FloatConverter', 'Converter', NUMBER_DOC('Float'), () => new FloatConverter()),
  plugin('org.apache.kafka.connect.converters.DoubleConverter', 'Converter', NUMBER_DOC('Double'), () => new DoubleConverter()),
]);

/** Header converters (`header.converter`); SimpleHeaderConverter is the worker's default. */
export const headerConverters: readonly ConverterPlugin<HeaderConverter>[] = Object.freeze([
  plugin('org.apache.kafka.connect.storage.SimpleHeaderConverter', 'HeaderConverter', 'Header values as text, read back with inferred schemas.', () => new SimpleHeaderConverter()),
  plugin('org.apache.kafka.connect.json.JsonConverter', 'HeaderConverter', JSON_DOC, () => new JsonConverter()),
  plugin('org.apache.kafka.connect.storage.StringConverter', 'HeaderConverter', STRING_DOC, () => new StringConverter()),
  plugin('org.apache.kafka.connect.converters.ByteArrayConverter', 'HeaderConverter', BYTES_DOC, () => new ByteArrayConverter()),
  plugin('org.apache.kafka.connect.converters.BooleanConverter', 'HeaderConverter', NUMBER_DOC('Boolean'), () => new BooleanConverter()),
  plugin('org.apache.kafka.connect.converters.ShortConverter', 'HeaderConverter', NUMBER_DOC('Short'), () => new ShortConverter()),
  plugin('org.apache.kafka.connect.converters.IntegerConverter', 'HeaderConverter', NUMBER_DOC('Integer'), () => new IntegerConverter()),
  plugin('org.apache.kafka.connect.converters.LongConverter', 'HeaderConverter', NUMBER_DOC('Long'), () => new LongConverter()),
  plugin('org.apache.kafka.connect.converters.FloatConverter', 'HeaderConverter', NUMBER_DOC('Float'), () => new FloatConverter()),
  plugin('org.apache.kafka.connect.converters.DoubleConverter', 'HeaderConverter', NUMBER_DOC('Double'), () => new DoubleConverter()),
]);

function find<T>(table: readonly ConverterPlugin<T>[], classOrAlias: string, what: string): ConverterPlugin<T> {
  const name = classOrAlias.trim();
  const found = table.find((p) => p.className === name) ?? table.find((p) => p.aliases.includes(name));
  if (found === undefined) throw new NotFoundException(`No ${what} named "${name}"; available: ${table.map((p) => p.className).join(', ')}`);
  return found;
}

/** The key/value converter plugin for a class name or alias; NotFoundException listing the rest. */
export function converterPlugin(classOrAlias: string): ConverterPlugin<Converter> {
  return find(converters, classOrAlias, 'converter');
}

/** The header converter plugin for a class name or alias; NotFoundException listing the rest. */
export function headerConverterPlugin(classOrAlias: string): ConverterPlugin<HeaderConverter> {
  return find(headerConverters, classOrAlias, 'header converter');
}
