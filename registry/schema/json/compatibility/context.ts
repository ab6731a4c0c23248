/**
 * What every keyword family's checker is handed: a way to compare two subschemas (recursively,
 * with `$ref`s followed), to try a comparison without reporting it, and to report a finding.
 * Paths are JSON pointers into the reader schema, `/` for the root.
 */
import type { Incompatibility } from '../../provider.js';
import { pointerToken } from '../schema-walk.js';

export interface Ctx {
  /** Reports every reason `reader` cannot read what `writer` allows, found at `path`. */
  compare(reader: unknown, writer: unknown, path: string): void;
  /** The same comparison, returning its findings instead of reporting them. */
  trial(reader: unknown, writer: unknown, path: string): Incompatibility[];
  /** A checker with the roles swapped (for `not`, whose inner schemas are read the other way). */
  reversed(): Ctx;
  /** Follows `$ref`s of a reader (or writer) node. */
  derefReader(schema: unknown): unknown;
  derefWriter(schema: unknown): unknown;
  report(path: string, rule: string, message: string, fix: string): void;
  reportAll(found: readonly Incompatibility[]): void;
}

/** `path` extended by raw (unescaped) tokens. */
export function child(path: string, ...tokens: (string | number)[]): string {
  return `${path === '/' ? '' : path}/${tokens.map((t) => pointerToken(String(t))).join('/')}`;
}

/**
 * A location for messages: `property 'address.zip'` for a path made only of `properties`
 * steps, `the root schema` for the root, else `'/items/0'`.
 */
export function where(path: string): string {
  if (path === '/') return 'the root schema';
  const tokens = path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (tokens.length % 2 === 0 && tokens.every((t, i) => i % 2 === 1 || t === 'properties')) {
    return `property '${tokens.filter((_, i) => i % 2 === 1).join('.')}'`;
  }
  return `'${path}'`;
}

/** A value for messages, short. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Compares a subschema both sides may omit (items, additionalProperties, contains...). No reader
 * subschema constrains nothing; no writer subschema allowed anything, so the reader's must accept
 * anything (`true`), else `rule` is reported.
 */
export function compareOptional(ctx: Ctx, reader: unknown, writer: unknown, path: string, rule: string, keyword: string): void {
  if (reader === undefined) return;
  if (writer !== undefined) {
    ctx.compare(reader, writer, path);
    return;
  }
  if (ctx.trial(reader, true, path).length === 0) return;
  ctx.report(path, rule, `The reader adds ${keyword} ${show(reader)} at ${where(path)}; the writer had none, so any value was allowed there`,
    `remove ${keyword} from the reader, or add the same ${keyword} to the writer's schema first`);
}
