/**
 * A small model of Avro schemas, parsed from their JSON text (a schema the registry returns, with
 * the texts of its references), for AvroData to walk next to Connect schemas. Names are resolved
 * as Avro's Java parser resolves them: a dotted name is full; a simple one takes the enclosing
 * namespace, and when nothing is defined there, the null namespace. A named type used again is
 * the same object, so recursive records are cycles in the model.
 *
 * Attributes other than the ones the spec defines are kept in `props` (`connect.name`,
 * `logicalType`, `scale`...), with their JSON values as JSON.parse gives them.
 */
import { DataException } from '../../api/errors.js';

export type AvroPrimitiveName = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
export type Props = Readonly<Record<string, unknown>>;

interface Named {
  /** namespace.name, or name alone in the null namespace. */
  readonly fullName: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly doc: string | undefined;
  readonly props: Props;
}

export interface AvroPrimitive {
  readonly kind: 'primitive';
  readonly type: AvroPrimitiveName;
  readonly props: Props;
}
export interface AvroRecord extends Named {
  readonly kind: 'record';
  /** Filled right after the record's name is registered (so fields may refer to the record). */
  fields: AvroField[];
}
export interface AvroEnum extends Named {
  readonly kind: 'enum';
  readonly symbols: readonly string[];
  readonly default: string | undefined;
}
export interface AvroFixed extends Named {
  readonly kind: 'fixed';
  readonly size: number;
}
export interface AvroArray {
  readonly kind: 'array';
  readonly items: AvroType;
  readonly props: Props;
}
export interface AvroMap {
  readonly kind: 'map';
  readonly values: AvroType;
  readonly props: Props;
}
export interface AvroUnion {
  readonly kind: 'union';
  readonly branches: readonly AvroType[];
}
export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  readonly doc: string | undefined;
  /** The default as JSON (null is a default of null); undefined when the field has none. */
  readonly default: unknown;
}
export type AvroType = AvroPrimitive | AvroRecord | AvroEnum | AvroFixed | AvroArray | AvroMap | AvroUnion;
export type AvroNamed = AvroRecord | AvroEnum | AvroFixed;

const PRIMITIVES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const RESERVED: Record<string, ReadonlySet<string>> = {
  primitive: new Set(['type']),
  record: new Set(['type', 'name', 'namespace', 'doc', 'fields', 'aliases']),
  error: new Set(['type', 'name', 'namespace', 'doc', 'fields', 'aliases']),
  enum: new Set(['type', 'name', 'namespace', 'doc', 'symbols', 'aliases', 'default']),
  fixed: new Set(['type', 'name', 'namespace', 'doc', 'size', 'aliases']),
  array: new Set(['type', 'items']),
  map: new Set(['type', 'values']),
};

/** The name avsc gives a union branch holding this type (wrapped unions: `{"<branch>": value}`). */
export function branchName(t: AvroType): string {
  switch (t.kind) {
    case 'primitive':
      return t.type;
    case 'array':
    case 'map':
      return t.kind;
    case 'union':
      throw new DataException('A union cannot be a branch of a union');
    default:
      return t.fullName;
  }
}

/** The avro type's name in messages: `int`, `record com.acme.User`. */
export function describeAvro(t: AvroType): string {
  switch (t.kind) {
    case 'primitive':
      return t.type;
    case 'union':
      return `union [${t.branches.map(describeAvro).join(', ')}]`;
    case 'array':
    case 'map':
      return t.kind;
    default:
      return `${t.kind} ${t.fullName}`;
  }
}

/** A parser with one name table: parse the references first, then the schema that uses them. */
export class AvroSchemaParser {
  readonly #names = new Map<string, AvroNamed>();

  /** Parses one schema text; DataException when it is not JSON or not a valid Avro schema. */
  parse(text: string): AvroType {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new DataException(`Avro schema is not JSON: ${(e as Error).message}`, { cause: e });
    }
    return this.#type(json, undefined, '');
  }

  #fail(path: string, why: string): never {
    throw new DataException(`Invalid Avro schema${path === '' ? '' : ` at ${path}`}: ${why}`);
  }

  #type(json: unknown, space: string | undefined, path: string): AvroType {
    if (typeof json === 'string') return this.#reference(json, space, path);
    if (Array.isArray(json)) return { kind: 'union', branches: json.map((b, i) => this.#type(b, space, `${path}/${i}`)) };
    if (typeof json !== 'object' || json === null) this.#fail(path, `expected a type name, an object or an array, got ${JSON.stringify(json)}`);
    const o = json as Record<string, unknown>;
    const type = o['type'];
    if (typeof type !== 'string') {
      // {"type": {...}} or {"type": [...]}: the attribute holds the type itself.
      if (type !== undefined && type !== null && typeof type === 'object') return this.#type(type, space, `${path}/type`);
      this.#fail(path, 'missing "type"');
    }
    if (PRIMITIVES.has(type)) return { kind: 'primitive', type: type as AvroPrimitiveName, props: props(o, 'primitive') };
    switch (type) {
      case 'array':
        return { kind: 'array', items: this.#type(o['items'], space, `${path}/items`), props: props(o, 'array') };
      case 'map':
        return { kind: 'map', values: this.#type(o['values'], space, `${path}/values`), props: props(o, 'map') };
      case 'record':
      case 'error':
      case 'enum':
      case 'fixed':
        return this.#named(o, type, space, path);
      default:
        return this.#reference(type, space, path);
    }
  }

  #reference(name: string, space: string | undefined, path: string): AvroType {
    if (PRIMITIVES.has(name)) return { kind: 'primitive', type: name as AvroPrimitiveName, props: {} };
    const found = (name.includes('.') ? undefined : space !== undefined ? this.#names.get(`${space}.${name}`) : undefined) ?? this.#names.get(name);
    if (found === undefined) this.#fail(path, `unknown type "${name}"`);
    return found;
  }

  #named(o: Record<string, unknown>, type: string, space: string | undefined, path: string): AvroNamed {
    const rawName = o['name'];
    if (typeof rawName !== 'string' || rawName === '') this.#fail(path, `a ${type} needs a "name"`);
    const ns = typeof o['namespace'] === 'string' ? (o['namespace'] as string) || undefined : space;
    const dot = rawName.lastIndexOf('.');
    const name = dot >= 0 ? rawName.slice(dot + 1) : rawName;
    const namespace = dot >= 0 ? rawName.slice(0, dot) : ns;
    const fullName = namespace === undefined ? name : `${namespace}.${name}`;
    if (this.#names.has(fullName)) this.#fail(path, `can't redefine ${fullName}`);
    const doc = typeof o['doc'] === 'string' ? (o['doc'] as string) : undefined;
    const base = { fullName, name, namespace, doc, props: props(o, type) };
    if (type === 'enum') {
      const symbols = o['symbols'];
      if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string')) this.#fail(path, `enum ${fullName} needs "symbols" (strings)`);
      const e: AvroEnum = { ...base, kind: 'enum', symbols, default: typeof o['default'] === 'string' ? (o['default'] as string) : undefined };
      this.#names.set(fullName, e);
      return e;
    }
    if (type === 'fixed') {
      const size = o['size'];
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) this.#fail(path, `fixed ${fullName} needs an integer "size"`);
      const f: AvroFixed = { ...base, kind: 'fixed', size };
      this.#names.set(fullName, f);
      return f;
    }
    const r: AvroRecord = { ...base, kind: 'record', fields: [] };
    this.#names.set(fullName, r);
    const fields = o['fields'];
    if (!Array.isArray(fields)) this.#fail(path, `record ${fullName} needs "fields" (an array)`);
    r.fields = fields.map((f: unknown, i) => {
      const fo = (typeof f === 'object' && f !== null ? f : {}) as Record<string, unknown>;
      if (typeof fo['name'] !== 'string') this.#fail(`${path}/fields/${i}`, 'a field needs a "name"');
      return {
        name: fo['name'] as string,
        type: this.#type(fo['type'], namespace, `${path}/fields/${fo['name'] as string}`),
        doc: typeof fo['doc'] === 'string' ? (fo['doc'] as string) : undefined,
        default: fo['default'],
      };
    });
    return r;
  }
}

function props(o: Record<string, unknown>, kind: string): Props {
  const reserved = RESERVED[kind]!;
  // fromEntries defines own properties, so even a "__proto__" attribute stays a plain property.
  return Object.fromEntries(Object.entries(o).filter(([k]) => !reserved.has(k)));
}

/** Parses `text` after the texts of its references (each before the ones that use it). */
export function parseAvroSchema(text: string, references: readonly string[] = []): AvroType {
  const parser = new AvroSchemaParser();
  for (const ref of references) parser.parse(ref);
  return parser.parse(text);
}
