/**
 * The contract between the registry's core and one schema type (AVRO, JSON). The core owns
 * subjects, versions, ids, compatibility levels and modes; a provider only knows how to parse
 * one kind of schema text, give it a canonical form, and compare two parsed schemas.
 *
 * Lifecycle: the core resolves a schema's references (recursively, depth first, each referenced
 * schema before the ones that use it) and passes them in; `parse` is pure and may be called
 * for every register, lookup and replayed record, so providers cache nothing global.
 */
export type SchemaType = 'AVRO' | 'JSON';

/** A reference as sent in a request and stored: `name` is how the schema text refers to it
 * (an Avro full name, a JSON Schema `$ref` URL), `subject`/`version` where it is registered. */
export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A reference with the text it resolves to, as the core hands it to a provider. */
export interface ResolvedReference extends SchemaReference {
  readonly schema: string;
}

export interface ParsedSchema {
  readonly type: SchemaType;
  /** The schema as the registry stores and returns it: compact JSON in the type's canonical
   * layout (Avro: primitives as `"string"`, attributes kept, whitespace removed; JSON Schema:
   * compact JSON of the document as given). Two registrations are "the same schema" when their
   * canonical strings and reference lists are equal. */
  readonly canonical: string;
  /** The normalized form used when a request asks for `normalize=true` (Confluent: Avro with
   * full names and defaults made explicit in a stable order; JSON Schema with keys sorted). */
  readonly normalized: string;
  /** The references this schema was parsed with (empty when none). */
  readonly references: readonly ResolvedReference[];
}

/** One reason a reader cannot read data written with a writer. */
export interface Incompatibility {
  /** Where in the schema, as a JSON-pointer-like path: `/fields/address/fields/zip/type`. */
  readonly path: string;
  /** A stable rule name, e.g. READER_FIELD_MISSING_DEFAULT_VALUE, TYPE_MISMATCH, NAME_MISMATCH,
   * FIXED_SIZE_MISMATCH, MISSING_ENUM_SYMBOLS, MISSING_UNION_BRANCH (Avro, as Java's checker
   * names them); TYPE_CHANGED, PROPERTY_REMOVED, MAX_LENGTH_DECREASED... (JSON Schema). */
  readonly rule: string;
  /** What is wrong, in a sentence that names the field and both sides. */
  readonly message: string;
  /** How to fix it, e.g. "add a default to field 'zip'". */
  readonly fix: string;
}

export interface SchemaProvider {
  readonly type: SchemaType;
  /**
   * Parse and validate schema text. Throws RegistryError('INVALID_SCHEMA', ...) (42201) whose
   * message names the parser's reason and, where known, the location (a path or line:column).
   */
  parse(text: string, references: readonly ResolvedReference[]): ParsedSchema;
  /**
   * Every reason `reader` cannot read data written with `writer` (empty = compatible).
   * Reports all of them, not just the first. Direction and version numbers are the core's job.
   */
  compatibility(reader: ParsedSchema, writer: ParsedSchema): Incompatibility[];
}
