/**
 * JSON Schema payloads: the value as UTF-8 JSON text. Values are checked against the schema
 * before they are written (a record that breaks its topic's contract never reaches Kafka);
 * checking on read is optional (Confluent's `json.fail.invalid.schema`).
 */
import { jsonProvider, type JsonParsedSchema } from '../schema/json/provider.js';
import type { ParsedSchema } from '../schema/provider.js';
import { RegistryClientError } from './client-error.js';
import type { SchemaFormat } from './schema-format.js';

function asJson(schema: ParsedSchema): JsonParsedSchema {
  const candidate = schema as Partial<JsonParsedSchema>;
  if (schema.type !== 'JSON' || typeof candidate.validate !== 'function') throw new TypeError(`not a JSON Schema parsed by jsonProvider (type ${schema.type})`);
  return schema as JsonParsedSchema;
}

function check(schema: JsonParsedSchema, value: unknown, doing: string): void {
  const problems = schema.validate(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    const title = titleOf(schema);
    throw new RegistryClientError('SERIALIZATION', `${doing}: value does not match JSON Schema${title === undefined ? '' : ` '${title}'`}: ${shown}`);
  }
}

function titleOf(schema: JsonParsedSchema): string | undefined {
  const doc = schema.document as { title?: unknown } | boolean;
  return typeof doc === 'object' && typeof doc.title === 'string' ? doc.title : undefined;
}

export const jsonFormat: SchemaFormat = {
  type: 'JSON',
  provider: jsonProvider,
  recordName: (schema) => titleOf(asJson(schema)),
  encode(schema, value, reserve) {
    const json = asJson(schema);
    check(json, value, 'Cannot serialize');
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new RegistryClientError('SERIALIZATION', `Cannot serialize a ${typeof value} as JSON`);
    const out = Buffer.allocUnsafe(reserve + Buffer.byteLength(text, 'utf8'));
    out.write(text, reserve, 'utf8');
    return out;
  },
  reader(writer, readerSchema, { validate }) {
    const against = asJson(readerSchema ?? writer);
    return (payload) => {
      let value: unknown;
      try {
        value = JSON.parse(payload.toString('utf8'));
      } catch (err) {
        throw new RegistryClientError('SERIALIZATION', `Payload of ${payload.length} byte(s) is not JSON text: ${(err as Error).message}`, { cause: err });
      }
      if (validate) check(against, value, 'Cannot deserialize');
      return value;
    };
  },
};
