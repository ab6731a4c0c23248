/**
 * What the serde needs from one schema type, on top of its registry provider: the record name
 * for the subject strategies, the payload encoder and the payload decoder. One implementation
 * per type (avro-format.ts, json-format.ts); `parseSchema` turns registry text into a parsed
 * schema with the same provider the registry server uses, so both sides agree on what a schema
 * means.
 */
import type { ParsedSchema, SchemaProvider, SchemaType } from '../schema/provider.js';
import { RegistryClientError } from './client-error.js';
import type { SchemaInput, SchemaRegistryClient } from './rest-client.js';

/** Decodes one payload (the bytes after the 5-byte header) into a value. */
export type PayloadReader = (payload: Buffer) => unknown;

export interface SchemaFormat {
  readonly type: SchemaType;
  readonly provider: SchemaProvider;
  /** The name RecordNameStrategy and TopicRecordNameStrategy use, undefined if it has none. */
  recordName(schema: ParsedSchema): string | undefined;
  /** A new buffer the caller owns: `reserve` bytes left for the caller's header (contents
   * unspecified), then the payload for `value`. Reserving saves copying the payload into a
   * frame afterwards. Throws SERIALIZATION naming where the value does not fit the schema. */
  encode(schema: ParsedSchema, value: unknown, reserve: number): Buffer;
  /** A reader for data written with `writer`, read as `reader` when one is given. Built once
   * per (writer, reader) pair and cached by the serde, so expensive set-up belongs here.
   * Throws SCHEMA when `reader` cannot read `writer`'s data. */
  reader(writer: ParsedSchema, reader: ParsedSchema | undefined, options: { validate: boolean }): PayloadReader;
}

/** A parsed schema with the format that handles it. */
export interface FormattedSchema {
  readonly parsed: ParsedSchema;
  readonly format: SchemaFormat;
}

/**
 * Parses `input` (fetching the texts of its references through `client`) with the provider of
 * its type. Throws SCHEMA for an unsupported type or text that does not parse.
 */
export async function parseSchema(formats: ReadonlyMap<string, SchemaFormat>, client: SchemaRegistryClient, input: SchemaInput): Promise<FormattedSchema> {
  const type = input.schemaType ?? 'AVRO';
  const format = formats.get(type);
  if (format === undefined) {
    throw new RegistryClientError('SCHEMA', `Schema type ${type} is not supported by this serde: expected one of ${[...formats.keys()].join(', ')}`);
  }
  const references = input.references !== undefined && input.references.length > 0 ? await client.resolveReferences(input.references) : [];
  try {
    return { parsed: format.provider.parse(input.schema, references), format };
  } catch (err) {
    throw new RegistryClientError('SCHEMA', `Cannot use this ${type} schema: ${(err as Error).message}`, { cause: err });
  }
}
