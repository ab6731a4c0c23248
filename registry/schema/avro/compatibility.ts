/**
 * Can a reader schema read data written with a writer schema? The Avro specification's schema
 * resolution rules, applied the way Java Avro's SchemaCompatibility applies them (which is what
 * Confluent runs), reporting every incompatibility rather than the first:
 *
 *  - same primitive: fine; promotions int->long/float/double, long->float/double, float->double,
 *    string<->bytes; anything else is TYPE_MISMATCH.
 *  - named types (record, enum, fixed) match by unqualified name or when a reader alias is the
 *    writer's full name (NAME_MISMATCH); fixed sizes must agree (FIXED_SIZE_MISMATCH); writer enum
 *    symbols the reader lacks are MISSING_ENUM_SYMBOLS unless the reader enum has a default.
 *  - record fields: each reader field is matched to the writer field of the same name or of one
 *    of its aliases and compared; a reader field with no writer counterpart needs a default
 *    (READER_FIELD_MISSING_DEFAULT_VALUE). Writer fields the reader lacks are skipped.
 *  - a writer union: every branch must be readable (by the reader union's branches when the
 *    reader is a union: MISSING_UNION_BRANCH per branch; else each branch's own problems are
 *    reported under its index); a reader union reads a non-union writer if any branch can.
 *  - arrays and maps compare items and values.
 *
 * Recursive schemas terminate: a (reader, writer) pair already being compared counts as compatible
 * (nothing has proved otherwise), and finished pairs are memoized, as in Java.
 *
 * Paths point into the reader schema with fields named, not numbered (Java numbers them), and a
 * field's `type` step shown only at the end: `/fields/address/fields/zip/type`,
 * `/fields/tags/items`, `/fields/kind/1` (branch 1 of the writer's union).
 * Field lookup differs from Java in one corner: a reader field whose name and aliases match two
 * writer fields makes Java throw (Confluent then reports the pair incompatible); we report it as
 * AMBIGUOUS_FIELD_ALIAS.
 */
import type { Incompatibility } from '../provider.js';
import { describe, type AvroSchema, type EnumSchema, type FieldSchema, type NamedSchema, type RecordSchema, typeWord } from './model.js';

export type AvroIncompatibilityRule = 'NAME_MISMATCH' | 'FIXED_SIZE_MISMATCH' | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE' | 'TYPE_MISMATCH' | 'MISSING_UNION_BRANCH' | 'AMBIGUOUS_FIELD_ALIAS';

/** A finding before it is worded: where (relative to the pair that found it) and between what. */
interface Finding {
  readonly tokens: readonly string[];
  readonly rule: AvroIncompatibilityRule;
  readonly reader: AvroSchema;
  readonly writer: AvroSchema;
  readonly field?: FieldSchema;
  readonly symbols?: readonly string[];
}

const PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  long: ['int'], float: ['int', 'long'], double: ['int', 'long', 'float'], bytes: ['string'], string: ['bytes'],
};

const IN_PROGRESS: readonly Finding[] = [];

class Checker {
  private readonly memo = new Map<AvroSchema, Map<AvroSchema, readonly Finding[]>>();

  check(reader: AvroSchema, writer: AvroSchema): readonly Finding[] {
    let byWriter = this.memo.get(reader);
    if (byWriter === undefined) this.memo.set(reader, (byWriter = new Map()));
    const known = byWriter.get(writer);
    if (known !== undefined) return known; // finished, or IN_PROGRESS: compatible until proved not
    byWriter.set(writer, IN_PROGRESS);
    const found = this.compare(reader, writer);
    byWriter.set(writer, found);
    return found;
  }

  private at(token: string, findings: readonly Finding[]): Finding[] {
    return findings.map((f) => ({ ...f, tokens: [token, ...f.tokens] }));
  }

  private compare(reader: AvroSchema, writer: AvroSchema): Finding[] {
    const mismatch: Finding[] = [{ tokens: [], rule: 'TYPE_MISMATCH', reader, writer }];
    if (reader.kind === 'union' && writer.kind === 'union') {
      return writer.branches.flatMap((branch, i) => (this.check(reader, branch).length === 0 ? []
        : [{ tokens: [String(i)], rule: 'MISSING_UNION_BRANCH' as const, reader, writer: branch }]));
    }
    if (writer.kind === 'union') return writer.branches.flatMap((branch, i) => this.at(String(i), this.check(reader, branch)));
    if (reader.kind === 'union') {
      return reader.branches.some((b) => this.check(b, writer).length === 0) ? [] : [{ tokens: [], rule: 'MISSING_UNION_BRANCH', reader, writer }];
    }
    if (reader.kind === 'primitive') {
      const w = typeWord(writer);
      return w === reader.type || (PROMOTIONS[reader.type] ?? []).includes(w) ? [] : mismatch;
    }
    if (reader.kind !== writer.kind) return mismatch;
    switch (reader.kind) {
      case 'array':
        return this.at('items', this.check(reader.items, (writer as typeof reader).items));
      case 'map':
        return this.at('values', this.check(reader.values, (writer as typeof reader).values));
      case 'fixed': {
        const w = writer as typeof reader;
        return [...this.names(reader, w), ...(reader.size === w.size ? [] : [{ tokens: ['size'], rule: 'FIXED_SIZE_MISMATCH' as const, reader, writer }])];
      }
      case 'enum':
        return [...this.names(reader, writer as NamedSchema), ...this.symbols(reader, writer as EnumSchema)];
      case 'record':
        return [...this.names(reader, writer as NamedSchema), ...this.fields(reader, writer as RecordSchema)];
    }
  }

  private names(reader: NamedSchema, writer: NamedSchema): Finding[] {
    const same = reader.name.name === writer.name.name || reader.aliases.some((a) => a.full === writer.name.full);
    return same ? [] : [{ tokens: ['name'], rule: 'NAME_MISMATCH', reader, writer }];
  }

  private symbols(reader: EnumSchema, writer: EnumSchema): Finding[] {
    const missing = writer.symbols.filter((s) => !reader.symbols.includes(s)).sort();
    if (missing.length === 0 || reader.default !== undefined) return [];
    return [{ tokens: ['symbols'], rule: 'MISSING_ENUM_SYMBOLS', reader, writer, symbols: missing }];
  }

  private fields(reader: RecordSchema, writer: RecordSchema): Finding[] {
    return reader.fields.flatMap((field) => {
      const matches = new Set([field.name, ...field.aliases].flatMap((n) => writer.fields.filter((w) => w.name === n)));
      const here = (findings: readonly Finding[]): Finding[] => this.at('fields', this.at(field.name, findings));
      if (matches.size > 1) return here([{ tokens: [], rule: 'AMBIGUOUS_FIELD_ALIAS', reader, writer, field }]);
      const [match] = matches;
      if (match !== undefined) return here(this.at('type', this.check(field.type, match.type)));
      return field.default !== undefined ? [] : here([{ tokens: [], rule: 'READER_FIELD_MISSING_DEFAULT_VALUE', reader, writer, field }]);
    });
  }
}

/** The contract's path style: a field's `type` step is written only where the finding is the
 * field's type itself (`/fields/address/fields/zip/type`, not `/fields/address/type/fields/...`). */
function pointer(tokens: readonly string[]): string {
  const shown = tokens.filter((t, i) => !(t === 'type' && i >= 2 && tokens[i - 2] === 'fields' && i < tokens.length - 1));
  return shown.length === 0 ? '/' : shown.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `address.zip` for /fields/address/fields/zip/type; undefined outside any field. */
function fieldPath(tokens: readonly string[]): string | undefined {
  const names = tokens.flatMap((t, i) => (tokens[i - 1] === 'fields' && (i < 2 || tokens[i - 2] !== 'fields') ? [t] : []));
  return names.length > 0 ? names.join('.') : undefined;
}

/** The types that can read `writer`'s type besides itself (the promotions into it), as text. */
function readersOf(writer: AvroSchema): string {
  const readers = Object.entries(PROMOTIONS).filter(([, from]) => from.includes(typeWord(writer))).map(([to]) => to);
  return readers.length === 0 ? '' : ` (${readers.join(' or ')} can also read ${typeWord(writer)})`;
}

function word(f: Finding): Incompatibility {
  const field = fieldPath(f.tokens);
  const path = pointer(f.tokens);
  const where = field !== undefined ? `Field '${field}'` : path === '/' ? 'At the top level' : `At ${path}`;
  const target = field !== undefined ? `field '${field}' in the reader schema` : path === '/' ? 'the reader schema' : `${path} in the reader schema`;
  const r = describe(f.reader);
  const last = f.tokens[f.tokens.length - 1] ?? '';
  const w = `${describe(f.writer)}${/^\d+$/.test(last) ? ` (branch ${last} of the writer's union)` : ''}`;
  const base = { path, rule: f.rule };
  switch (f.rule) {
    case 'TYPE_MISMATCH': {
      const fix = typeWord(f.writer) === 'null'
        ? `make ${target} a union that includes 'null'`
        : `use ${describe(f.writer)} for ${target}${readersOf(f.writer)}, or a union that includes it`;
      return { ...base, message: `${where}: the reader's type ${r} cannot read the writer's type ${w}`, fix };
    }
    case 'NAME_MISMATCH': {
      const writerName = (f.writer as NamedSchema).name;
      return { ...base, message: `${where}: the reader's ${r} does not match the writer's ${w} (the names differ and no reader alias names '${writerName.full}')`, fix: `rename the reader's ${typeWord(f.reader)} to '${writerName.name}' or add the alias '${writerName.full}' to it` };
    }
    case 'FIXED_SIZE_MISMATCH':
      return { ...base, message: `${where}: the reader's ${r} has size ${(f.reader as { size: number }).size} but the writer's ${w} has size ${(f.writer as { size: number }).size}`, fix: `keep the size at ${(f.writer as { size: number }).size}` };
    case 'MISSING_ENUM_SYMBOLS': {
      const list = (f.symbols ?? []).map((s) => `'${s}'`).join(', ');
      return { ...base, message: `${where}: the reader's ${r} lacks the writer's symbols ${list}`, fix: `keep symbol${(f.symbols ?? []).length > 1 ? 's' : ''} ${list} or give the reader enum a default` };
    }
    case 'READER_FIELD_MISSING_DEFAULT_VALUE': {
      const t = (f.field as FieldSchema).type;
      const nullable = t.kind === 'union' && t.branches[0].kind === 'primitive' && t.branches[0].type === 'null';
      return { ...base, message: `${where} (${describe(t)}) is in the reader's ${r} but not in the writer's ${w}, and has no default`, fix: `add a default to field '${field}' in the reader schema${nullable ? ' ("default": null)' : ''}, or keep the field in the writer schema` };
    }
    case 'MISSING_UNION_BRANCH':
      return { ...base, message: `${where}: the writer's type ${w} matches no branch of the reader's ${r}`, fix: `add ${describe(f.writer)} to the reader's union${readersOf(f.writer)}` };
    case 'AMBIGUOUS_FIELD_ALIAS':
      return { ...base, message: `${where}: its name and aliases match more than one field of the writer's ${w}`, fix: `remove the alias of field '${field}' that names another writer field` };
  }
}

/** Every reason `reader` cannot read data written with `writer` (empty: compatible). */
export function checkCompatibility(reader: AvroSchema, writer: AvroSchema): Incompatibility[] {
  return new Checker().check(reader, writer).map(word);
}
