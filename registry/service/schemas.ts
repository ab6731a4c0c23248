/**
 * Parsing schemas the way the core hands them to providers: references resolved against the
 * store (depth first, each referenced schema before the ones that use it, each version once),
 * and stored versions parsed once and cached by content.
 *
 * References as requested may say version -1 ("the latest"); `resolve` fixes them to the
 * version they resolved to, which is what gets stored.
 */
import { BoundedCache } from '../client/bounded-cache.js';
import type { PreviousVersion } from '../compatibility/check.js';
import { RegistryError } from '../errors.js';
import { providerFor } from '../schema/index.js';
import type { ParsedSchema, ResolvedReference, SchemaReference, SchemaType } from '../schema/provider.js';
import { contentKey, type RegistryStore, type StoredVersion } from '../store/store.js';

const CACHE_LIMIT = 2000;
const MAX_DEPTH = 32;

export interface RequestedSchema {
  readonly schemaType: SchemaType;
  /** The references with every version fixed (no -1). */
  readonly references: SchemaReference[];
  readonly parsed: ParsedSchema;
}

export class Schemas {
  private readonly cache = new BoundedCache<string, ParsedSchema>(CACHE_LIMIT);
  private readonly requestCache = new BoundedCache<string, ParsedSchema>(CACHE_LIMIT);

  constructor(private readonly store: RegistryStore) {}

  /** Parses request text; throws 42201 for an unknown type, a bad reference or invalid text. */
  parseRequest(schemaType: string | undefined, text: string, references: readonly SchemaReference[]): RequestedSchema {
    const provider = providerFor(schemaType);
    if (text.trim() === '') throw new RegistryError('INVALID_SCHEMA', 'Empty schema: send the schema text in the "schema" field');
    const fixed = references.map((r) => this.fix(r));
    const resolved = this.resolve(fixed, new Set(), 0);
    // Clients send the same schema text over and over (lookups, repeated registrations): parse
    // each (type, resolved references, text) once. Invalid text throws and is not cached.
    const key = `${provider.type}\n${JSON.stringify(resolved.map((r) => [r.name, r.subject, r.version, r.schema]))}\n${text}`;
    let parsed = this.requestCache.get(key);
    if (parsed === undefined) {
      parsed = provider.parse(text, resolved);
      this.requestCache.set(key, parsed);
    }
    return { schemaType: provider.type, references: fixed, parsed };
  }

  /** The parsed form of a stored version (cached; stored text was valid when it was written). */
  parseStored(v: Pick<StoredVersion, 'schemaType' | 'references' | 'schema'>): ParsedSchema {
    const key = contentKey(v);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const parsed = providerFor(v.schemaType).parse(v.schema, this.resolve(v.references, new Set(), 0));
    this.cache.set(key, parsed);
    return parsed;
  }

  /** Stored versions as the compatibility check takes them; each is parsed only when the check
   * compares with it (a non-transitive level reads just the latest). */
  previous(versions: readonly StoredVersion[]): PreviousVersion[] {
    return versions.map((v) => {
      const schemas = this;
      return { version: v.version, get schema() { return schemas.parseStored(v); } };
    });
  }

  /** A reference with version -1 pinned to the subject's latest live version. */
  private fix(r: SchemaReference): SchemaReference {
    if (typeof r.name !== 'string' || r.name === '' || typeof r.subject !== 'string' || r.subject === '') {
      throw new RegistryError('INVALID_SCHEMA', 'Invalid schema: every reference needs a non-empty "name", "subject" and a "version"');
    }
    if (r.version === -1) {
      const latest = this.store.latest(r.subject);
      if (!latest) throw new RegistryError('INVALID_SCHEMA', `Invalid schema: reference '${r.name}' names subject '${r.subject}' (latest version), which has no live version. Fix: register that subject first.`);
      return { name: r.name, subject: r.subject, version: latest.version };
    }
    if (!Number.isInteger(r.version) || r.version < 1) {
      throw new RegistryError('INVALID_SCHEMA', `Invalid schema: reference '${r.name}' has version ${JSON.stringify(r.version)}; use a version number >= 1 or -1 for the latest`);
    }
    return { name: r.name, subject: r.subject, version: r.version };
  }

  /** Depth-first, dependencies first, each (subject, version) once. */
  private resolve(refs: readonly SchemaReference[], path: Set<string>, depth: number): ResolvedReference[] {
    const out: ResolvedReference[] = [];
    const seen = new Set<string>();
    const visit = (r: SchemaReference, d: number): void => {
      const key = `${r.subject}\u0000${r.version}`;
      if (seen.has(key)) return;
      if (path.has(key) || d > MAX_DEPTH) {
        throw new RegistryError('INVALID_SCHEMA', `Invalid schema: the references through subject '${r.subject}' version ${r.version} form a cycle (or nest deeper than ${MAX_DEPTH})`);
      }
      const target = this.store.version(r.subject, r.version);
      if (!target) {
        throw new RegistryError('INVALID_SCHEMA', `Invalid schema: reference '${r.name}' names subject '${r.subject}' version ${r.version}, which does not exist. Fix: register it first, or correct the reference.`);
      }
      path.add(key);
      for (const nested of target.references) visit(nested, d + 1);
      path.delete(key);
      seen.add(key);
      out.push({ name: r.name, subject: r.subject, version: r.version, schema: target.schema });
    };
    for (const r of refs) visit(r, depth);
    return out;
  }
}

/** Whether two reference lists name the same versions under the same names, in order. */
export function sameReferences(a: readonly SchemaReference[], b: readonly SchemaReference[]): boolean {
  return a.length === b.length && a.every((r, i) => r.name === b[i]!.name && r.subject === b[i]!.subject && r.version === b[i]!.version);
}
