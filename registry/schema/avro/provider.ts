/**
 * The AVRO schema provider: parse (json.ts -> parse.ts), print (canonical.ts), compare
 * (compatibility.ts), and the avsc Type the wire-format serde encodes and decodes with
 * (avsc-type.ts).
 *
 * References: the core hands them over resolved and in dependency order. Each is parsed first,
 * into one name table, so the main schema (which may be nothing but a referenced type's name,
 * e.g. `"com.acme.Address"`) can use their named types; the printed forms write those types by
 * name, never inline, as Confluent does.
 */
import avsc from 'avsc';
import { RegistryError } from '../../errors.js';
import type { Incompatibility, ParsedSchema, ResolvedReference, SchemaProvider } from '../provider.js';
import { AvscSchemaPrinter, buildAvscType } from './avsc-type.js';
import { canonicalForm, normalizedForm } from './canonical.js';
import { checkCompatibility } from './compatibility.js';
import { JsonSyntaxError, parseJson } from './json.js';
import type { AvroSchema } from './model.js';
import { AvroSchemaError, SchemaParser, type NameTable } from './parse.js';

/** A schema parsed by avroProvider. `avsc` is the avsc Type (references' named types registered
 * in the same avsc registry), ready to encode and decode; `model` is the provider's own view. */
export interface AvroParsedSchema extends ParsedSchema {
  readonly type: 'AVRO';
  readonly avsc: avsc.Type;
  readonly model: AvroSchema;
}

export function isAvroParsedSchema(schema: ParsedSchema): schema is AvroParsedSchema {
  return schema.type === 'AVRO' && (schema as Partial<AvroParsedSchema>).avsc instanceof avsc.Type
    && (schema as Partial<AvroParsedSchema>).model !== undefined;
}

/** The avsc Type of a schema parsed by avroProvider; throws TypeError for anything else. */
export function avscTypeOf(schema: ParsedSchema): avsc.Type {
  return asAvro(schema).avsc;
}

function asAvro(schema: ParsedSchema): AvroParsedSchema {
  if (!isAvroParsedSchema(schema)) throw new TypeError(`not a schema parsed by avroProvider (type ${schema.type})`);
  return schema;
}

function invalid(what: string, err: unknown): RegistryError {
  if (err instanceof JsonSyntaxError) {
    return new RegistryError('INVALID_SCHEMA', `Invalid Avro schema${what}: not valid JSON: ${err.message}`, { cause: err });
  }
  if (err instanceof AvroSchemaError) {
    return new RegistryError('INVALID_SCHEMA', `Invalid Avro schema${what}: ${err.message}`, { cause: err });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new RegistryError('INVALID_SCHEMA', `Invalid Avro schema${what}: ${reason}`, { cause: err });
}

function parse(text: string, references: readonly ResolvedReference[]): AvroParsedSchema {
  const names: NameTable = new Map();
  const parser = new SchemaParser(names);
  const printer = new AvscSchemaPrinter(new Set());
  const registry: Record<string, avsc.Type> = {};
  const load = (source: string, what: string): { model: AvroSchema; type: avsc.Type } => {
    let model: AvroSchema;
    try {
      model = parser.parse(parseJson(source), undefined, '');
    } catch (err) {
      throw invalid(what, err);
    }
    try {
      return { model, type: buildAvscType(model, printer, registry) };
    } catch (err) {
      // Our checks passed but avsc refused: report avsc's reason (there is no path to give).
      throw invalid(what, err);
    }
  };
  // A schema reachable through two references (a diamond) may be handed over twice: parse it once.
  const seen = new Set<string>();
  for (const ref of references) {
    if (seen.has(ref.schema)) continue;
    seen.add(ref.schema);
    load(ref.schema, ` (reference '${ref.name}', subject '${ref.subject}' version ${ref.version})`);
  }
  const fromReferences = [...names.keys()];
  const { model, type } = load(text, '');
  return {
    type: 'AVRO',
    canonical: canonicalForm(model, fromReferences),
    normalized: normalizedForm(model, fromReferences),
    references: [...references],
    avsc: type,
    model,
  };
}

function compatibility(reader: ParsedSchema, writer: ParsedSchema): Incompatibility[] {
  return checkCompatibility(asAvro(reader).model, asAvro(writer).model);
}

export const avroProvider: SchemaProvider = { type: 'AVRO', parse, compatibility };
