/**
 * Fluent construction of schemas, as Java's SchemaBuilder:
 *
 *   const user = SchemaBuilder.struct().name('com.example.User').version(1)
 *     .field('id', Schema.INT64_SCHEMA)
 *     .field('email', SchemaBuilder.string().optional())
 *     .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).defaultValue([]))
 *     .build();
 *
 * Each property can be set once (setting it again to the same value is allowed); a second,
 * different value throws SchemaBuilderException. A default value is checked against the schema
 * when it is set, so set it after `name`/`parameter`/`field` calls it depends on. Anywhere a
 * Schema is expected by the builder, an unfinished builder may be passed: it is built there.
 */
import { DataException, SchemaBuilderException } from '../errors.js';
import { Field } from './field.js';
import { ConnectSchema, type Schema, type SchemaType } from './schema.js';
import { validateValue } from './validate-value.js';

export type SchemaLike = Schema | SchemaBuilder;

export class SchemaBuilder {
  readonly type: SchemaType;
  #optional: boolean | undefined;
  #default: unknown;
  #name: string | undefined;
  #version: number | undefined;
  #doc: string | undefined;
  #parameters: Record<string, string> | undefined;
  readonly #fields = new Map<string, Field>();
  #keySchema: Schema | undefined;
  #valueSchema: Schema | undefined;

  constructor(type: SchemaType) {
    this.type = type;
  }

  static type(type: SchemaType): SchemaBuilder {
    return new SchemaBuilder(type);
  }
  static int8(): SchemaBuilder {
    return new SchemaBuilder('INT8');
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder('INT16');
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder('INT32');
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder('INT64');
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder('FLOAT32');
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder('FLOAT64');
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder('BOOLEAN');
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder('STRING');
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder('BYTES');
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder('STRUCT');
  }
  static array(valueSchema: SchemaLike): SchemaBuilder {
    const b = new SchemaBuilder('ARRAY');
    b.#valueSchema = resolve(valueSchema, 'the array value schema');
    return b;
  }
  static map(keySchema: SchemaLike, valueSchema: SchemaLike): SchemaBuilder {
    const b = new SchemaBuilder('MAP');
    b.#keySchema = resolve(keySchema, 'the map key schema');
    b.#valueSchema = resolve(valueSchema, 'the map value schema');
    return b;
  }

  /** Null is a valid value. */
  optional(): this {
    this.#optional = checkOnce('optional', this.#optional, true);
    return this;
  }
  /** Null is not a valid value (the default). */
  required(): this {
    this.#optional = checkOnce('optional', this.#optional, false);
    return this;
  }
  /** The value used when none is given; checked against the schema as built so far. */
  defaultValue(value: unknown): this {
    if (this.#default !== undefined) throw new SchemaBuilderException('SchemaBuilder: the default value is already set; it can be set once');
    try {
      validateValue(this.#snapshot(), value, '');
    } catch (e) {
      const why = e instanceof DataException ? e.message : String(e);
      throw new SchemaBuilderException(`SchemaBuilder: invalid default value: ${why}`, { cause: e });
    }
    this.#default = value ?? undefined;
    return this;
  }
  name(name: string): this {
    this.#name = checkOnce('name', this.#name, name);
    return this;
  }
  version(version: number): this {
    if (!Number.isInteger(version)) throw new SchemaBuilderException(`SchemaBuilder: version must be an integer, got ${version}`);
    this.#version = checkOnce('version', this.#version, version);
    return this;
  }
  doc(doc: string): this {
    this.#doc = checkOnce('doc', this.#doc, doc);
    return this;
  }
  /** Adds one parameter (later calls with the same key replace it, as in Java). */
  parameter(key: string, value: string): this {
    this.#parameters = { ...this.#parameters, [key]: value };
    return this;
  }
  parameters(params: Readonly<Record<string, string>>): this {
    this.#parameters = { ...this.#parameters, ...params };
    return this;
  }

  /** STRUCT only: appends a field. Names must be non-empty and unique. */
  field(name: string, schema: SchemaLike): this {
    if (this.type !== 'STRUCT') throw new SchemaBuilderException(`SchemaBuilder: cannot add field "${name}" to a ${this.type} schema: only STRUCTs have fields`);
    if (typeof name !== 'string' || name === '') throw new SchemaBuilderException('SchemaBuilder: a field name must be a non-empty string');
    if (this.#fields.has(name)) throw new SchemaBuilderException(`SchemaBuilder: the struct already has a field named "${name}"`);
    this.#fields.set(name, new Field(name, this.#fields.size, resolve(schema, `field "${name}"`)));
    return this;
  }

  build(): Schema {
    return this.#snapshot();
  }
  /** Java's name for build(). */
  schema(): Schema {
    return this.build();
  }

  #snapshot(): Schema {
    return new ConnectSchema({
      type: this.type,
      optional: this.#optional ?? false,
      defaultValue: this.#default,
      name: this.#name,
      version: this.#version,
      doc: this.#doc,
      parameters: this.#parameters,
      fields: [...this.#fields.values()],
      ...(this.#keySchema !== undefined ? { keySchema: this.#keySchema } : {}),
      ...(this.#valueSchema !== undefined ? { valueSchema: this.#valueSchema } : {}),
    });
  }
}

function resolve(schema: SchemaLike | null | undefined, what: string): Schema {
  if (schema === null || schema === undefined) throw new SchemaBuilderException(`SchemaBuilder: ${what} must not be null`);
  return schema instanceof SchemaBuilder ? schema.build() : schema;
}

function checkOnce<T>(what: string, current: T | undefined, next: T): T {
  if (current !== undefined && current !== next) {
    throw new SchemaBuilderException(`SchemaBuilder: ${what} is already set (to ${String(current)}); it can be set once`);
  }
  return next;
}
