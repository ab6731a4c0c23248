/**
 * Schema text -> model (model.ts), validated the way Java Avro's parser validates a new schema in
 * Confluent (strict names, defaults checked), with every error located by a JSON pointer into the
 * document (`/fields/2/type`) and, where the fix is obvious, a hint.
 *
 * Names: a dotted name carries its namespace, otherwise the `namespace` attribute or the
 * enclosing named type's namespace applies. A name is looked up fully qualified first, then as
 * written (Java's fallback, which lets a namespaced schema use a reference that has none). A type
 * must be defined before it is used (avsc's rule; Java 1.12 also resolves forward references).
 * Redefining a name is an error.
 */
import { isValidDefault } from './defaults.js';
import { isJsonObject, JsonNumber, javaDouble, writeJson, type Json, type JsonObject } from './json.js';
import {
  describe, isPrimitiveType, makeName, PRIMITIVE_TYPES,
  type AvroName, type AvroSchema, type FieldSchema, type NamedSchema, type Props, type RecordSchema,
} from './model.js';

/** A schema error at a place in the document. */
export class AvroSchemaError extends Error {
  constructor(readonly path: string, readonly reason: string, readonly fix?: string) {
    super(`${path === '' ? '/' : path}: ${reason}${fix === undefined ? '' : `; ${fix}`}`);
    this.name = 'AvroSchemaError';
  }
}

/** Named types known so far, by full name: those of the references, then the schema's own. */
export type NameTable = Map<string, NamedSchema>;

const SCHEMA_RESERVED = new Set(['doc', 'fields', 'items', 'name', 'namespace', 'size', 'symbols', 'values', 'type', 'aliases']);
const ENUM_RESERVED = new Set([...SCHEMA_RESERVED, 'default']);
const FIELD_RESERVED = new Set(['default', 'doc', 'name', 'order', 'type', 'aliases']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_RULE = "a name starts with a letter or '_' and has only letters, digits and '_'";
/** What Java's Double.parseDouble takes from a string default of a float/double field. */
const JAVA_DOUBLE_TEXT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/;

const child = (path: string, token: string | number): string =>
  `${path}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;

function props(node: JsonObject, reserved: ReadonlySet<string>): Props {
  return new Map([...node].filter(([k]) => !reserved.has(k)));
}

/** Java's getOptionalText: a non-string value reads as absent. */
function text(node: JsonObject, key: string): string | undefined {
  const v = node.get(key);
  return typeof v === 'string' ? v : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Parses one document into `names` (which it extends with the document's named types). */
export class SchemaParser {
  constructor(private readonly names: NameTable) {}

  parse(node: Json, space: string | undefined, path: string): AvroSchema {
    if (typeof node === 'string') return this.reference(node, space, path);
    if (Array.isArray(node)) return this.union(node, space, path);
    if (!isJsonObject(node)) {
      throw new AvroSchemaError(path, `a schema must be a type name, an object or an array (union), not ${writeJson(node)}`);
    }
    const type = node.get('type');
    if (type === undefined) throw new AvroSchemaError(path, "a schema object needs a 'type'");
    if (typeof type !== 'string') {
      const hint = isJsonObject(type) || Array.isArray(type) ? 'write the nested schema directly in place of this object' : undefined;
      throw new AvroSchemaError(child(path, 'type'), "'type' must be a string naming the kind of schema", hint);
    }
    if (isPrimitiveType(type)) return { kind: 'primitive', type, props: props(node, SCHEMA_RESERVED) };
    switch (type) {
      case 'record':
      case 'error':
        return this.record(node, space, path, type === 'error');
      case 'enum':
        return this.enumeration(node, space, path);
      case 'fixed':
        return this.fixed(node, space, path);
      case 'array':
        if (!node.has('items')) throw new AvroSchemaError(path, "an array needs 'items'");
        return { kind: 'array', items: this.parse(node.get('items') as Json, space, child(path, 'items')), props: props(node, SCHEMA_RESERVED) };
      case 'map':
        if (!node.has('values')) throw new AvroSchemaError(path, "a map needs 'values'");
        return { kind: 'map', values: this.parse(node.get('values') as Json, space, child(path, 'values')), props: props(node, SCHEMA_RESERVED) };
      default:
        // {"type": "SomeName"} refers to a defined type, as Avro 1.11 allowed (1.12 refuses it).
        if (this.lookup(type, space) !== undefined) return this.reference(type, space, child(path, 'type'));
        throw this.unknownType(type, child(path, 'type'), "a schema's 'type' is a primitive type or record, enum, array, map or fixed");
    }
  }

  private lookup(name: string, space: string | undefined): NamedSchema | undefined {
    const full = space !== undefined && !name.includes('.') ? `${space}.${name}` : name;
    return this.names.get(full) ?? this.names.get(name);
  }

  private reference(name: string, space: string | undefined, path: string): AvroSchema {
    if (isPrimitiveType(name)) return { kind: 'primitive', type: name, props: new Map() };
    const found = this.lookup(name, space);
    if (found === undefined) throw this.unknownType(name, path, undefined);
    return found;
  }

  private unknownType(name: string, path: string, rule: string | undefined): AvroSchemaError {
    const candidates = [...PRIMITIVE_TYPES, 'record', 'enum', 'array', 'map', 'fixed', ...this.names.keys()];
    const best = candidates.map((c) => ({ c, d: editDistance(name, c) })).sort((a, b) => a.d - b.d)[0];
    const sameShort = [...this.names.values()].find((t) => t.name.name === name.slice(name.lastIndexOf('.') + 1));
    const fix = sameShort !== undefined ? `did you mean '${sameShort.name.full}'?`
      : best !== undefined && best.d <= 2 && best.d * 2 < name.length ? `did you mean '${best.c}'?`
        : (rule ?? 'define the named type before its first use, or add the schema that defines it as a reference');
    return new AvroSchemaError(path, `unknown type '${name}'`, fix);
  }

  private union(node: readonly Json[], space: string | undefined, path: string): AvroSchema {
    const seen = new Map<string, number>();
    const branches = node.map((b, i) => {
      const branch = this.parse(b, space, child(path, i));
      if (branch.kind === 'union') throw new AvroSchemaError(child(path, i), 'a union may not directly contain another union', 'merge the branches into one union');
      const key = branch.kind === 'primitive' ? branch.type : 'name' in branch ? branch.name.full : branch.kind;
      const first = seen.get(key);
      if (first !== undefined) {
        throw new AvroSchemaError(child(path, i), `the union already has a '${key}' branch (at ${child(path, first)})`, 'a union may hold each type (and each array or map) only once');
      }
      seen.set(key, i);
      return branch;
    });
    return { kind: 'union', branches };
  }

  /** Java's parseName: validated, not a primitive's name, not defined yet. */
  private name(node: JsonObject, space: string | undefined, path: string): AvroName {
    const given = text(node, 'name');
    if (given === undefined) throw new AvroSchemaError(path, `a ${String(node.get('type'))} needs a 'name' string`);
    const name = makeName(given, text(node, 'namespace') ?? space);
    for (const part of name.full.split('.')) {
      if (!NAME.test(part)) throw new AvroSchemaError(child(path, 'name'), `invalid name '${name.full}'`, NAME_RULE);
    }
    if (isPrimitiveType(name.full)) throw new AvroSchemaError(child(path, 'name'), `a named type may not be called '${name.full}'`, 'pick a name that is not a primitive type');
    if (this.names.has(name.full)) {
      throw new AvroSchemaError(child(path, 'name'), `type '${name.full}' is already defined`, 'refer to it by name instead of defining it again');
    }
    return name;
  }

  private aliases(node: JsonObject, path: string): string[] {
    const list = node.get('aliases');
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw new AvroSchemaError(child(path, 'aliases'), "'aliases' must be an array of strings");
    return [...new Set(list.map((a: Json, i: number) => {
      if (typeof a !== 'string') throw new AvroSchemaError(child(child(path, 'aliases'), i), 'an alias must be a string');
      return a;
    }))];
  }

  private namedAliases(node: JsonObject, name: AvroName, path: string): AvroName[] {
    const out = new Map<string, AvroName>();
    for (const [i, alias] of this.aliases(node, path).entries()) {
      const n = makeName(alias, name.space);
      if (!n.full.split('.').every((part) => NAME.test(part))) {
        throw new AvroSchemaError(child(child(path, 'aliases'), i), `invalid alias '${alias}'`, NAME_RULE);
      }
      if (!out.has(n.full)) out.set(n.full, n);
    }
    return [...out.values()];
  }

  private record(node: JsonObject, space: string | undefined, path: string, error: boolean): RecordSchema {
    const name = this.name(node, space, path);
    const list = node.get('fields');
    if (!Array.isArray(list)) throw new AvroSchemaError(child(path, 'fields'), "a record needs a 'fields' array");
    const record: RecordSchema = {
      kind: 'record', error, name, doc: text(node, 'doc'), fields: [],
      aliases: this.namedAliases(node, name, path), props: props(node, SCHEMA_RESERVED),
    };
    this.names.set(name.full, record);
    list.forEach((f: Json, i: number) => {
      const field = this.field(f, name.space, child(child(path, 'fields'), i));
      if (record.fields.some((g) => g.name === field.name)) {
        throw new AvroSchemaError(child(child(path, 'fields'), i), `duplicate field '${field.name}' in record '${name.full}'`, 'rename or remove one of them');
      }
      record.fields.push(field);
    });
    return record;
  }

  private field(node: Json, space: string | undefined, path: string): FieldSchema {
    if (!isJsonObject(node)) throw new AvroSchemaError(path, 'a field must be an object with a name and a type');
    const name = text(node, 'name');
    if (name === undefined) throw new AvroSchemaError(path, "a field needs a 'name' string");
    if (!NAME.test(name)) throw new AvroSchemaError(child(path, 'name'), `invalid field name '${name}'`, NAME_RULE);
    if (!node.has('type')) throw new AvroSchemaError(path, `field '${name}' needs a 'type'`);
    const type = this.parse(node.get('type') as Json, space, child(path, 'type'));
    const order = node.get('order') ?? 'ascending';
    const orderName = typeof order === 'string' ? order.toLowerCase() : '';
    if (orderName !== 'ascending' && orderName !== 'descending' && orderName !== 'ignore') {
      throw new AvroSchemaError(child(path, 'order'), `invalid order ${JSON.stringify(order)} for field '${name}'`, "use 'ascending', 'descending' or 'ignore'");
    }
    let dflt = node.get('default');
    if (typeof dflt === 'string' && type.kind === 'primitive' && (type.type === 'float' || type.type === 'double')) {
      // Java reads a string default of a float/double field as a number.
      const t = dflt.trim();
      if (!JAVA_DOUBLE_TEXT.test(t)) throw new AvroSchemaError(child(path, 'default'), `invalid default for field '${name}': ${JSON.stringify(dflt)} is not a ${type.type}`);
      dflt = new JsonNumber(javaDouble(Number(t.replace(/[fFdD]$/, ''))));
    }
    if (dflt !== undefined && !isValidDefault(type, dflt)) {
      throw new AvroSchemaError(child(path, 'default'), `invalid default for field '${name}': ${writeJson(dflt)} is not a valid ${describe(type)}`, `give ${expectedValue(type)}, or remove the default`);
    }
    return {
      name, type, doc: text(node, 'doc'), default: dflt, order: orderName,
      aliases: this.aliases(node, path), props: props(node, FIELD_RESERVED),
    };
  }

  private enumeration(node: JsonObject, space: string | undefined, path: string): NamedSchema {
    const name = this.name(node, space, path);
    const list = node.get('symbols');
    if (!Array.isArray(list) || list.length === 0) throw new AvroSchemaError(child(path, 'symbols'), `enum '${name.full}' needs a non-empty 'symbols' array`);
    const symbols = list.map((s: Json, i: number) => {
      if (typeof s !== 'string' || !NAME.test(s)) throw new AvroSchemaError(child(child(path, 'symbols'), i), `invalid enum symbol ${writeJson(s)}`, NAME_RULE);
      if (list.indexOf(s) !== i) throw new AvroSchemaError(child(child(path, 'symbols'), i), `duplicate enum symbol '${s}'`);
      return s;
    });
    const dflt = node.get('default');
    if (dflt !== undefined && (typeof dflt !== 'string' || !symbols.includes(dflt))) {
      throw new AvroSchemaError(child(path, 'default'), `enum default ${writeJson(dflt)} is not one of the symbols of '${name.full}'`, 'use one of the enum\'s symbols');
    }
    const result: NamedSchema = {
      kind: 'enum', name, doc: text(node, 'doc'), symbols, default: dflt,
      aliases: this.namedAliases(node, name, path), props: props(node, ENUM_RESERVED),
    };
    this.names.set(name.full, result);
    return result;
  }

  private fixed(node: JsonObject, space: string | undefined, path: string): NamedSchema {
    const name = this.name(node, space, path);
    const size = node.get('size');
    if (!(size instanceof JsonNumber) || !size.integral || size.value < 0 || size.value > 2 ** 31 - 1) {
      throw new AvroSchemaError(child(path, 'size'), `fixed '${name.full}' needs a 'size' that is a non-negative integer`);
    }
    const result: NamedSchema = {
      kind: 'fixed', name, doc: text(node, 'doc'), size: size.value,
      aliases: this.namedAliases(node, name, path), props: props(node, SCHEMA_RESERVED),
    };
    this.names.set(name.full, result);
    return result;
  }
}

/** What a default of this type looks like, for the hint of an invalid-default error. */
function expectedValue(type: AvroSchema): string {
  switch (type.kind) {
    case 'primitive':
      return {
        null: 'null', boolean: 'true or false', int: 'a whole number in the int range', long: 'a whole number in the long range',
        float: 'a number', double: 'a number', bytes: 'a string', string: 'a string',
      }[type.type];
    case 'enum':
    case 'fixed':
      return 'a string';
    case 'array':
      return 'a JSON array of item values';
    case 'map':
      return 'a JSON object of values';
    case 'record':
      return "a JSON object with a value for each of the record's fields that has no default";
    case 'union':
      return "a value of one of the union's branches (null for a 'null' branch)";
  }
}
