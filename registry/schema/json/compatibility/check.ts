/**
 * JSON Schema compatibility: every reason `reader` cannot read data valid under `writer`.
 *
 * The rules are Karapace's (whose test pairs are this checker's conformance suite), with
 * Confluent's rule names and some of its refinements; see kinds.ts for the type model and each
 * keyword family's file for its rules. The comparison walks both schemas together; `$ref`s are
 * followed on each side with that side's resolver, and a pair of nodes already being compared
 * deeper in the walk counts as compatible, so recursive schemas terminate.
 *
 * Not compared (as in Karapace and Confluent): propertyNames, if/then/else, format, content*.
 */
import type { Incompatibility, ParsedSchema } from '../../provider.js';
import { RefResolver } from '../ref-resolver.js';
import { ANNOTATIONS, isObject } from '../schema-walk.js';
import { checkArrays } from './arrays.js';
import { checkCombined, checkNot } from './combined.js';
import { where, type Ctx } from './context.js';
import { checkValues } from './enums.js';
import { allowedValues, describeKind, isCombined, isObjectLike, kindOf, type Kind } from './kinds.js';
import { checkNumbers } from './numbers.js';
import { checkObjects } from './objects.js';
import { checkStrings } from './strings.js';

export function checkCompatibility(reader: ParsedSchema, writer: ParsedSchema): Incompatibility[] {
  const r = documentsOf(reader);
  const w = documentsOf(writer);
  const checker = new Checker(new RefResolver(r.document, r.references), new RefResolver(w.document, w.references), new Map(), []);
  checker.compare(r.document, w.document, '/');
  return dedupe(checker.found);
}

/** The documents of a parsed schema (re-read from its canonical text, so any ParsedSchema works). */
function documentsOf(schema: ParsedSchema): { document: unknown; references: { name: string; document: unknown }[] } {
  const parsed = schema as ParsedSchema & { document?: unknown };
  return {
    document: 'document' in parsed ? parsed.document : JSON.parse(schema.canonical),
    references: schema.references.map((ref) => ({ name: ref.name, document: JSON.parse(ref.schema) as unknown })),
  };
}

/** The same finding reached by two routes (e.g. a branch tried twice) is reported once. */
function dedupe(found: Incompatibility[]): Incompatibility[] {
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${f.path}\u0000${f.rule}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A combined or `not` schema without that keyword, if anything constraining is left. */
function siblingsOf(schema: unknown, kind: Kind): Record<string, unknown> | undefined {
  if (!isObject(schema) || Array.isArray(schema.type) || !(isCombined(kind) || kind === 'not')) return undefined;
  const rest = Object.fromEntries(Object.entries(schema).filter(([k]) => k !== kind && !ANNOTATIONS.has(k)));
  return Object.keys(rest).length > 0 ? rest : undefined;
}

class Checker implements Ctx {
  constructor(
    private readonly readerRefs: RefResolver,
    private readonly writerRefs: RefResolver,
    /** reader node -> writer nodes being compared with it further up the walk. */
    private readonly active: Map<object, Set<object>>,
    readonly found: Incompatibility[],
  ) {}

  derefReader(schema: unknown): unknown {
    return this.readerRefs.deref(schema);
  }

  derefWriter(schema: unknown): unknown {
    return this.writerRefs.deref(schema);
  }

  report(path: string, rule: string, message: string, fix: string): void {
    this.found.push({ path, rule, message, fix });
  }

  reportAll(found: readonly Incompatibility[]): void {
    this.found.push(...found);
  }

  trial(reader: unknown, writer: unknown, path: string): Incompatibility[] {
    const scratch = new Checker(this.readerRefs, this.writerRefs, this.active, []);
    scratch.compare(reader, writer, path);
    return scratch.found;
  }

  reversed(): Ctx {
    return new Checker(this.writerRefs, this.readerRefs, new Map(), []);
  }

  compare(readerSchema: unknown, writerSchema: unknown, path: string): void {
    // Merged `$ref`-with-siblings nodes are fresh objects the cycle guard cannot recognise;
    // bound the depth so such a recursive schema still ends.
    if (path.length > 4000) return;
    const reader = this.derefReader(readerSchema);
    const writer = this.derefWriter(writerSchema);
    if (isObject(reader) && isObject(writer)) {
      const partners = this.active.get(reader) ?? new Set<object>();
      if (partners.has(writer)) return;
      this.active.set(reader, partners.add(writer));
      try {
        this.compareResolved(reader, writer, path);
      } finally {
        partners.delete(writer);
      }
    } else {
      this.compareResolved(reader, writer, path);
    }
  }

  private compareResolved(reader: unknown, writer: unknown, path: string): void {
    const rk = kindOf(reader);
    const wk = kindOf(writer);
    // Keywords beside a combinator or `not` also constrain (Karapace ignores them): the reader's
    // must read the writer's, or the whole writer when it has none.
    const readerSiblings = siblingsOf(reader, rk);
    if (readerSiblings) this.compare(readerSiblings, siblingsOf(writer, wk) ?? writer, path);
    if (isCombined(rk) || isCombined(wk)) {
      checkCombined(this, reader, writer, path);
      return;
    }
    if (rk === 'enum' || (wk === 'enum' && allowedValues(reader))) {
      // An enum/const reads any writer whose values it lists, whatever the writer's type.
      if (allowedValues(writer)) checkValues(this, reader, writer, path);
      else this.typeChanged(reader, writer, path);
      return;
    }
    const numeric = (k: string): boolean => k === 'number' || k === 'integer';
    if (numeric(rk) && numeric(wk)) {
      checkNumbers(this, reader as Record<string, unknown>, writer as Record<string, unknown>, path);
    } else if (isObjectLike(reader, rk) && isObjectLike(writer, wk)) {
      checkObjects(this, isObject(reader) ? reader : { type: 'object' }, isObject(writer) ? writer : { type: 'object' }, path);
    } else if (rk !== wk) {
      this.typeChanged(reader, writer, path);
      return;
    } else if (rk === 'string') {
      checkStrings(this, reader as Record<string, unknown>, writer as Record<string, unknown>, path);
    } else if (rk === 'array') {
      checkArrays(this, reader as Record<string, unknown>, writer as Record<string, unknown>, path);
    } else if (rk === 'not') {
      checkNot(this, reader as Record<string, unknown>, writer as Record<string, unknown>, path);
    }
    // boolean schemas (true/false in any pairing, as Karapace), boolean and null: nothing more.
    checkValues(this, reader, writer, path);
  }

  private typeChanged(reader: unknown, writer: unknown, path: string): void {
    const r = describeKind(reader, kindOf(reader));
    const w = describeKind(writer, kindOf(writer));
    this.report(path, 'TYPE_CHANGED', `${where(path)} is ${r} in the reader but ${w} in the writer`,
      `keep ${where(path)} as the writer's ${w} (or a union that includes it)`);
  }
}
