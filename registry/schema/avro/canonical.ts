/**
 * The two printed forms of a parsed schema.
 *
 * canonical: what Confluent stores and returns, i.e. Java Avro's Schema.toString with the
 * references' names as already known. Compact JSON; a primitive without attributes collapses to
 * `"string"`; attributes in Java's order (record: type, name, namespace, doc, fields, custom
 * attributes, aliases; field: name, type, doc, default, order, aliases, custom attributes; enum:
 * type, name, namespace, doc, symbols, default, custom attributes, aliases; fixed: ... size ...);
 * custom attributes in document order; a namespace only where it differs from the enclosing one;
 * a named type written in full at its first use and by name after that, and by name only when a
 * reference defines it.
 *
 * normalized: Confluent's `normalize=true` (AvroSchema.normalize: print with full names, sorted
 * custom attributes and aliases, a stable attribute order, defaults converted through the field's
 * type; then parse that again and print it canonically). Printing the model with the "normalized"
 * layout gives the same text in one pass: custom attributes sorted by name (a valid logical type's
 * own attributes first), aliases sorted, empty docs on named types dropped, defaults in the
 * field type's shape (`1` for a double is `1.0`). One deviation: Confluent's round trip moves a
 * type declared with `"namespace": ""` inside a namespaced type into the enclosing namespace; we
 * keep its name as declared.
 */
import { normalizedDefault } from './defaults.js';
import { JsonNumber, quote, writeJson, type Json } from './json.js';
import { qualifiedName, type AvroName, type AvroSchema, type FieldSchema, type NamedSchema, type Props } from './model.js';

interface Layout {
  props(owner: AvroSchema | FieldSchema, props: Props): Array<[string, Json]>;
  aliases(owner: NamedSchema): readonly AvroName[];
  fieldAliases(field: FieldSchema): readonly string[];
  namedDoc(owner: NamedSchema): string | undefined;
  fieldDefault(field: FieldSchema): Json | undefined;
}

const CANONICAL: Layout = {
  props: (_owner, props) => [...props],
  aliases: (owner) => owner.aliases,
  fieldAliases: (field) => field.aliases,
  namedDoc: (owner) => owner.doc,
  fieldDefault: (field) => field.default,
};

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const NORMALIZED: Layout = {
  props: (owner, props) => {
    const first = 'kind' in owner ? logicalTypeKeys(owner).filter((k) => props.has(k)) : [];
    const rest = [...props.keys()].filter((k) => !first.includes(k)).sort(byKey);
    return [...first, ...rest].map((k) => [k, props.get(k) as Json]);
  },
  // Java sorts the aliases' full names, marking a no-namespace alias of a namespaced type with a dot.
  aliases: (owner) => {
    const key = (a: AvroName): string => (a.space === undefined && owner.name.space !== undefined ? `.${a.name}` : a.full);
    return [...owner.aliases].sort((a, b) => byKey(key(a), key(b)));
  },
  fieldAliases: (field) => [...field.aliases].sort(byKey),
  namedDoc: (owner) => (owner.doc === '' ? undefined : owner.doc),
  fieldDefault: (field) => (field.default === undefined ? undefined : normalizedDefault(field.default, field.type)),
};

const LONG_LOGICAL = ['time-micros', 'timestamp-millis', 'timestamp-micros', 'timestamp-nanos', 'local-timestamp-millis', 'local-timestamp-micros', 'local-timestamp-nanos'];

function intProp(props: Props, key: string): number | undefined {
  const v = props.get(key);
  return v instanceof JsonNumber && v.integral && Math.abs(v.value) < 2 ** 31 ? v.value : undefined;
}

/** The attributes Java writes first for a logical type it recognises as valid (none otherwise). */
function logicalTypeKeys(s: AvroSchema): string[] {
  if (s.kind === 'union') return [];
  const lt = s.props.get('logicalType');
  const base = s.kind === 'primitive' ? s.type : s.kind;
  const size = s.kind === 'fixed' ? s.size : -1;
  switch (lt) {
    case 'decimal': {
      const precision = intProp(s.props, 'precision');
      const scale = s.props.has('scale') ? intProp(s.props, 'scale') : 0;
      const maxPrecision = base === 'fixed' ? Math.floor(Math.log10(2) * (8 * size - 1)) : Infinity;
      const valid = (base === 'bytes' || base === 'fixed') && precision !== undefined && scale !== undefined
        && precision > 0 && precision <= maxPrecision && scale >= 0 && scale <= precision;
      return !valid ? [] : scale === 0 ? ['logicalType', 'precision'] : ['logicalType', 'precision', 'scale'];
    }
    case 'uuid':
      return base === 'string' || size === 16 ? ['logicalType'] : [];
    case 'date':
    case 'time-millis':
      return base === 'int' ? ['logicalType'] : [];
    case 'duration':
      return size === 12 ? ['logicalType'] : [];
    case 'big-decimal':
      return base === 'bytes' ? ['logicalType'] : [];
    default:
      return typeof lt === 'string' && LONG_LOGICAL.includes(lt) && base === 'long' ? ['logicalType'] : [];
  }
}

class Printer {
  private readonly known: Set<string>;

  constructor(private readonly layout: Layout, known: Iterable<string>) {
    this.known = new Set(known);
  }

  private members(entries: Array<[string, Json | string | undefined]>, raw: Array<[string, string]> = []): string[] {
    return [
      ...entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${quote(k)}:${writeJson(v as Json)}`),
      ...raw.map(([k, v]) => `${quote(k)}:${v}`),
    ];
  }

  private props(owner: AvroSchema | FieldSchema, props: Props): string[] {
    return this.members(this.layout.props(owner, props));
  }

  private nameAttrs(n: AvroName, space: string | undefined): string[] {
    const namespace = n.space !== undefined ? (n.space !== space ? n.space : undefined) : space !== undefined ? '' : undefined;
    return this.members([['name', n.name], ['namespace', namespace]]);
  }

  print(s: AvroSchema, space: string | undefined): string {
    switch (s.kind) {
      case 'primitive':
        return s.props.size === 0 ? quote(s.type) : `{${[`"type":${quote(s.type)}`, ...this.props(s, s.props)].join(',')}}`;
      case 'array':
        return `{${['"type":"array"', `"items":${this.print(s.items, space)}`, ...this.props(s, s.props)].join(',')}}`;
      case 'map':
        return `{${['"type":"map"', `"values":${this.print(s.values, space)}`, ...this.props(s, s.props)].join(',')}}`;
      case 'union':
        return `[${s.branches.map((b) => this.print(b, space)).join(',')}]`;
      default:
        return this.named(s, space);
    }
  }

  private named(s: NamedSchema, space: string | undefined): string {
    if (this.known.has(s.name.full)) return quote(qualifiedName(s.name, space));
    this.known.add(s.name.full);
    const head = [`"type":${quote(s.kind === 'record' && s.error ? 'error' : s.kind)}`, ...this.nameAttrs(s.name, space), ...this.members([['doc', this.layout.namedDoc(s)]])];
    const aliases = this.layout.aliases(s).map((a) => qualifiedName(a, s.name.space));
    const tail = [...this.props(s, s.props), ...this.members([['aliases', aliases.length > 0 ? aliases : undefined]])];
    switch (s.kind) {
      case 'record':
        return `{${[...head, `"fields":[${s.fields.map((f) => this.field(f, s.name.space)).join(',')}]`, ...tail].join(',')}}`;
      case 'enum':
        return `{${[...head, ...this.members([['symbols', s.symbols], ['default', s.default]]), ...tail].join(',')}}`;
      case 'fixed':
        return `{${[...head, `"size":${s.size}`, ...tail].join(',')}}`;
    }
  }

  private field(f: FieldSchema, space: string | undefined): string {
    const aliases = this.layout.fieldAliases(f);
    return `{${[
      ...this.members([['name', f.name]], [['type', this.print(f.type, space)]]),
      ...this.members([
        ['doc', f.doc],
        ['default', this.layout.fieldDefault(f)],
        ['order', f.order === 'ascending' ? undefined : f.order],
        ['aliases', aliases.length > 0 ? aliases : undefined],
      ]),
      ...this.props(f, f.props),
    ].join(',')}}`;
  }
}

/** Java's Schema.toString(references, false). `known`: full names the references define. */
export function canonicalForm(schema: AvroSchema, known: Iterable<string>): string {
  return new Printer(CANONICAL, known).print(schema, undefined);
}

/** Confluent's normalized form (see the file comment). */
export function normalizedForm(schema: AvroSchema, known: Iterable<string>): string {
  return new Printer(NORMALIZED, known).print(schema, undefined);
}
