/**
 * "Is this schema already a version of that subject?" — used by POST /subjects/{subject}
 * (lookup) and by registration (an identical schema gets its existing id and version back).
 *
 * Two schemas are the same when their types and references are equal and their canonical
 * forms are (their normalized forms, with normalize=true). Stored text is compared first
 * (cheap); stored versions are parsed (cached) only when the text differs, which covers
 * schemas stored in another layout (normalized, or written by another registry).
 */
import type { RegistryStore, StoredVersion } from '../store/store.js';
import { sameReferences, type RequestedSchema, type Schemas } from './schemas.js';

export interface LookupContext {
  readonly store: RegistryStore;
  readonly schemas: Schemas;
}

/** The newest version of `subject` holding the same schema (live ones only unless includeDeleted). */
export function findInSubject(ctx: LookupContext, subject: string, requested: RequestedSchema, normalize: boolean, includeDeleted: boolean): StoredVersion | undefined {
  const text = normalize ? requested.parsed.normalized : requested.parsed.canonical;
  const candidates = ctx.store.versions(subject).filter((v) => includeDeleted || !v.deleted).reverse();
  const comparable = candidates.filter((v) => v.schemaType === requested.schemaType && sameReferences(v.references, requested.references));
  const exact = comparable.find((v) => v.schema === text);
  if (exact) return exact;
  return comparable.find((v) => {
    try {
      const stored = ctx.schemas.parseStored(v);
      return normalize ? stored.normalized === requested.parsed.normalized : stored.canonical === requested.parsed.canonical;
    } catch {
      return false;
    }
  });
}
