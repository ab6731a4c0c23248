/**
 * Avro payloads: the value in Avro binary encoding (no container-file header), through the avsc
 * Type the registry's Avro provider builds. Decoded `bytes` and `fixed` values are copies (avsc
 * copies them out of the payload), so a decoded value never shares memory with the Kafka record.
 */
import type avsc from 'avsc';
import { avroProvider, avscTypeOf } from '../schema/avro/provider.js';
import type { ParsedSchema } from '../schema/provider.js';
import { RegistryClientError } from './client-error.js';
import type { PayloadReader, SchemaFormat } from './schema-format.js';

/** Encoding goes through one scratch buffer, then one copy into a buffer of the exact size.
 * It is used synchronously only and never escapes; it grows to fit the largest value seen, up
 * to SCRATCH_MAX (larger values get a scratch of their own). */
const SCRATCH_MAX = 1 << 20;
let scratch = Buffer.allocUnsafe(16 * 1024);

function encode(schema: ParsedSchema, value: unknown, reserve: number): Buffer {
  const type = avscTypeOf(schema);
  try {
    // avsc checks each value as it writes it, so a bad value throws here rather than encoding
    // garbage; the slower isValid pass only runs to explain a failure.
    let buf = scratch;
    let end = type.encode(value, buf, reserve);
    if (end < 0) {
      // A negative result is the number of bytes that did not fit.
      buf = Buffer.allocUnsafe(Math.max(2 * buf.length, buf.length - end));
      if (buf.length <= SCRATCH_MAX) scratch = buf;
      end = type.encode(value, buf, reserve);
    }
    const out = Buffer.allocUnsafe(end);
    buf.copy(out, 0, 0, end);
    return out;
  } catch (err) {
    throw new RegistryClientError('SERIALIZATION', `Value does not match Avro schema ${describeType(type)}: ${explain(type, value, err)}`, { cause: err });
  }
}

function explain(type: avsc.Type, value: unknown, err: unknown): string {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path: string[], found: unknown, expected: avsc.Type) => {
      if (problems.length < 5) problems.push(`at ${path.length === 0 ? '/' : '/' + path.join('/')}: expected ${describeType(expected)}, got ${preview(found)}`);
    },
  });
  return problems.length > 0 ? problems.join('; ') : (err as Error).message;
}

function reader(writer: ParsedSchema, readerSchema: ParsedSchema | undefined): PayloadReader {
  const writerType = avscTypeOf(writer);
  if (readerSchema === undefined || readerSchema.canonical === writer.canonical) {
    return (payload) => decodeWith(writerType, payload, undefined);
  }
  const readerType = avscTypeOf(readerSchema);
  let resolver: avsc.Resolver;
  try {
    resolver = readerType.createResolver(writerType);
  } catch (err) {
    throw new RegistryClientError('SCHEMA',
      `Reader schema ${describeType(readerType)} cannot read data written with ${describeType(writerType)}: ${(err as Error).message}`, { cause: err });
  }
  return (payload) => decodeWith(readerType, payload, resolver);
}

function decodeWith(type: avsc.Type, payload: Buffer, resolver: avsc.Resolver | undefined): unknown {
  try {
    return type.fromBuffer(payload, resolver);
  } catch (err) {
    throw new RegistryClientError('SERIALIZATION',
      `Cannot decode ${payload.length} payload byte(s) as Avro ${describeType(type)}: ${(err as Error).message}`, { cause: err });
  }
}

const describeType = (type: avsc.Type): string => type.name ?? type.typeName;

function preview(value: unknown): string {
  const text = typeof value === 'bigint' ? `${value}n` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}

export const avroFormat: SchemaFormat = {
  type: 'AVRO',
  provider: avroProvider,
  recordName: (schema) => avscTypeOf(schema).name,
  encode,
  reader: (writer, readerSchema) => reader(writer, readerSchema),
};
