/**
 * `$ref` resolution over one schema and its references, for the compatibility checker (ajv does
 * its own resolution when validating; it does not expose the resolved subschemas).
 *
 * Base URIs follow the JSON Schema core spec: a document's base is its `$id` (draft-04: `id`)
 * resolved against where it was loaded from; a nested `$id` starts a new resource; `$anchor`
 * (and draft-06/07 `$id: "#name"`) names a location. The main schema is loaded from
 * `mem://input/` (Confluent's default base URI) and each reference from its name resolved against
 * the main schema's base, which is how Confluent registers them.
 */
import { dialectOf } from './dialect.js';
import { ANNOTATIONS, forEachSubschema, isObject, type JsonObject } from './schema-walk.js';

export const DEFAULT_BASE = 'mem://input/';

function tryUrl(ref: string, base: string): URL | undefined {
  try {
    return new URL(ref, base);
  } catch {
    return undefined;
  }
}

export class RefResolver {
  /** Absolute URI (no fragment) -> the resource's root node. */
  private readonly resources = new Map<string, unknown>();
  /** "uri#name" -> the node carrying that anchor. */
  private readonly anchors = new Map<string, unknown>();
  /** Each object node -> its base URI. */
  private readonly bases = new WeakMap<object, string>();
  private readonly mainBase: string;

  constructor(document: unknown, references: readonly { name: string; document: unknown }[]) {
    const id = isObject(document) ? document.$id : undefined;
    this.mainBase = (typeof id === 'string' && tryUrl(id, DEFAULT_BASE)?.href) || `${DEFAULT_BASE}schema`;
    this.index(document, `${DEFAULT_BASE}schema`, dialectOf(document) === 'draft-04');
    for (const ref of references) {
      const at = tryUrl(ref.name, this.mainBase);
      if (at) this.index(ref.document, at.href, dialectOf(ref.document) === 'draft-04');
    }
  }

  /** Records `node` and everything below it; `base` is the URI `node` was loaded from. */
  private index(node: unknown, base: string, draft04: boolean): void {
    const visit = (n: unknown, inherited: string, root: boolean): void => {
      let here = inherited;
      if (isObject(n)) {
        const id = draft04 ? n.id : n.$id;
        if (typeof id === 'string') {
          if (id.startsWith('#') && !draft04) {
            this.anchors.set(`${stripHash(here)}${id}`, n);
          } else {
            const url = tryUrl(id, inherited);
            if (url) {
              here = stripHash(url.href);
              this.resources.set(here, n);
              if (url.hash.length > 1) this.anchors.set(url.href, n);
            }
          }
        }
        if (root) this.resources.set(stripHash(inherited), n);
        for (const key of ['$anchor', '$dynamicAnchor']) {
          if (typeof n[key] === 'string') this.anchors.set(`${stripHash(here)}#${n[key] as string}`, n);
        }
        this.bases.set(n, here);
      }
      forEachSubschema(n, (sub) => visit(sub, here, false));
    };
    visit(node, base, true);
  }

  /** A node made from `origin` (a copy or merge) resolves its refs where `origin` does. */
  adopt<T extends object>(copy: T, origin: unknown): T {
    if (isObject(origin)) this.bases.set(copy, this.bases.get(origin) ?? this.mainBase);
    return copy;
  }

  /** The node `ref` (written inside `from`) points at, or undefined if nothing is there. */
  resolve(ref: string, from: unknown): unknown {
    const base = (isObject(from) && this.bases.get(from)) || this.mainBase;
    const url = tryUrl(ref, base);
    if (!url) return undefined;
    const fragment = decodeURIComponent(url.hash.slice(1));
    const resourceUri = stripHash(url.href);
    const resource = this.resources.get(resourceUri);
    if (fragment === '') return resource;
    if (!fragment.startsWith('/')) return this.anchors.get(`${resourceUri}#${fragment}`);
    let node: unknown = resource;
    for (const raw of fragment.slice(1).split('/')) {
      const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(node)) node = node[Number(token)];
      else if (isObject(node)) node = node[token];
      else return undefined;
    }
    return node;
  }

  /**
   * `schema` with `$ref`s followed until a node without one. A `$ref` beside other assertions
   * (allowed from 2019-09) is merged: the siblings are added to the target's keywords. An
   * unresolvable or circular chain leaves the siblings alone (parse already rejected schemas whose
   * refs ajv could not resolve).
   */
  deref(schema: unknown): unknown {
    let current = schema;
    for (let hops = 0; hops < 32 && isObject(current) && typeof current.$ref === 'string'; hops++) {
      const target = this.resolve(current.$ref, current);
      const siblings = Object.entries(current).filter(([k]) => !ANNOTATIONS.has(k));
      if (target === undefined) return this.adopt(withoutRef(current), current);
      if (siblings.length === 0 || target === false) {
        current = target;
      } else if (target === true) {
        current = this.adopt(Object.fromEntries(siblings), current);
      } else if (isObject(target)) {
        current = this.adopt({ ...target, ...Object.fromEntries(siblings) }, target);
      } else {
        return this.adopt(withoutRef(current), current);
      }
    }
    return current;
  }
}

function stripHash(uri: string): string {
  const i = uri.indexOf('#');
  return i < 0 ? uri : uri.slice(0, i);
}

function withoutRef(schema: JsonObject): JsonObject {
  const { $ref: _ignored, ...rest } = schema;
  return rest;
}
