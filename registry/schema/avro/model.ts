/**
 * The provider's own model of a parsed Avro schema: what Java Avro's Schema object holds and
 * avsc's Type does not expose in full (custom attributes in document order, docs, the default as
 * written, aliases as written). canonical.ts prints it, compatibility.ts compares two of them,
 * avsc-type.ts turns it into the avsc Type the serde uses.
 *
 * Named types are shared objects: every use of a name points at the one definition, so a
 * recursive schema is a cyclic graph (walk it with a visited set). A record's `fields` array is
 * filled after the record is registered, which is what makes self-reference possible.
 */
import type { Json } from './json.js';

export const PRIMITIVE_TYPES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];

export function isPrimitiveType(name: string): name is PrimitiveType {
  return (PRIMITIVE_TYPES as readonly string[]).includes(name);
}

/** Custom attributes (anything the spec does not reserve), in document order. */
export type Props = ReadonlyMap<string, Json>;

/** A named type's name as Java splits it: a dotted name carries its own namespace; an empty
 * namespace is no namespace. `full` is what names are looked up and compared by. */
export interface AvroName {
  readonly name: string;
  readonly space: string | undefined;
  readonly full: string;
}

export function makeName(name: string, space: string | undefined): AvroName {
  const dot = name.lastIndexOf('.');
  const ns = dot >= 0 ? name.slice(0, dot) : space;
  const simple = dot >= 0 ? name.slice(dot + 1) : name;
  const nsOrNone = ns === '' ? undefined : ns;
  return { name: simple, space: nsOrNone, full: nsOrNone === undefined ? simple : `${nsOrNone}.${simple}` };
}

const TYPE_WORDS = new Set<string>([...PRIMITIVE_TYPES, 'record', 'enum', 'array', 'map', 'union', 'fixed']);

/** How Java writes a name seen from inside `currentSpace`: short when the namespaces match (and the
 * short form cannot be mistaken for a type keyword), full otherwise. */
export function qualifiedName(n: AvroName, currentSpace: string | undefined): string {
  return n.space !== undefined && n.space === currentSpace && !TYPE_WORDS.has(n.name) ? n.name : n.full;
}

export interface PrimitiveSchema {
  readonly kind: 'primitive';
  readonly type: PrimitiveType;
  readonly props: Props;
}

interface NamedBase {
  readonly name: AvroName;
  readonly doc: string | undefined;
  /** Aliases resolved against the type's namespace, duplicates removed, document order. */
  readonly aliases: readonly AvroName[];
  readonly props: Props;
}

export interface FieldSchema {
  readonly name: string;
  readonly type: AvroSchema;
  readonly doc: string | undefined;
  /** The default as written (a float/double default given as a string already converted to a
   * number, as Java does); undefined when the field has none. */
  readonly default: Json | undefined;
  readonly order: 'ascending' | 'descending' | 'ignore';
  readonly aliases: readonly string[];
  readonly props: Props;
}

export interface RecordSchema extends NamedBase {
  readonly kind: 'record';
  /** Declared as `"type": "error"` (Avro protocols); otherwise a record in every respect. */
  readonly error: boolean;
  readonly fields: FieldSchema[];
}

export interface EnumSchema extends NamedBase {
  readonly kind: 'enum';
  readonly symbols: readonly string[];
  readonly default: string | undefined;
}

export interface FixedSchema extends NamedBase {
  readonly kind: 'fixed';
  readonly size: number;
}

export interface ArraySchema {
  readonly kind: 'array';
  readonly items: AvroSchema;
  readonly props: Props;
}

export interface MapSchema {
  readonly kind: 'map';
  readonly values: AvroSchema;
  readonly props: Props;
}

export interface UnionSchema {
  readonly kind: 'union';
  readonly branches: readonly AvroSchema[];
}

export type NamedSchema = RecordSchema | EnumSchema | FixedSchema;
export type AvroSchema = PrimitiveSchema | NamedSchema | ArraySchema | MapSchema | UnionSchema;

/** The schema's type word: `string`, `record`, `array`... */
export function typeWord(s: AvroSchema): string {
  return s.kind === 'primitive' ? s.type : s.kind;
}

/** A short human description for messages: `string`, `record 'com.acme.Address'`, `array<int>`. */
export function describe(s: AvroSchema): string {
  switch (s.kind) {
    case 'primitive':
      return s.type;
    case 'record':
    case 'enum':
    case 'fixed':
      return `${s.kind} '${s.name.full}'`;
    case 'array':
      return `array<${describe(s.items)}>`;
    case 'map':
      return `map<${describe(s.values)}>`;
    case 'union':
      return `union [${s.branches.map(describe).join(', ')}]`;
  }
}
