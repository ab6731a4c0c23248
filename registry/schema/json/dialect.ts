/**
 * JSON Schema dialects: which one a document declares with `$schema`, and the ajv instance that
 * validates it. Like Confluent, a document without `$schema` (or with one we do not know) is
 * draft-07.
 *
 * ajv 8 has no draft-04 mode, so a draft-04 document is compiled as a draft-06 one after
 * rewriting the two keywords draft-06 changed (`id` -> `$id`; boolean `exclusiveMaximum` /
 * `exclusiveMinimum` -> numeric limits). The rewrite is a copy used only for compiling; the
 * stored text and the compatibility checker see the document as written.
 */
import { createRequire } from 'node:module';
import { Ajv, type AnySchema } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isObject, walkSchema, type JsonObject } from './schema-walk.js';

export type Dialect = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

const require = createRequire(import.meta.url);
const DRAFT_06_META = require('ajv/dist/refs/json-schema-draft-06.json') as JsonObject;
const DRAFT_07_META = require('ajv/dist/refs/json-schema-draft-07.json') as JsonObject;

const URLS: Record<string, Dialect> = {
  'json-schema.org/draft-04/schema': 'draft-04',
  'json-schema.org/draft-06/schema': 'draft-06',
  'json-schema.org/draft-07/schema': 'draft-07',
  'json-schema.org/draft/2019-09/schema': '2019-09',
  'json-schema.org/draft/2020-12/schema': '2020-12',
};

/** The dialect a `$schema` value names, or undefined for none or an unknown one. */
export function dialectOfUrl(url: unknown): Dialect | undefined {
  if (typeof url !== 'string') return undefined;
  const bare = url.replace(/^https?:\/\//, '').replace(/#$/, '');
  return URLS[bare];
}

export function dialectOf(document: unknown): Dialect {
  return (isObject(document) && dialectOfUrl(document.$schema)) || 'draft-07';
}

/** Unknown keywords and formats are annotations (as in Confluent), ignored without a log line. */
const OPTIONS = { strict: false, allErrors: true, validateFormats: true, logger: false } as const;

function newAjv(dialect: Dialect, validateSchema: boolean): Ajv {
  const options = { ...OPTIONS, validateSchema };
  const ajv = dialect === '2019-09' ? new Ajv2019(options) : dialect === '2020-12' ? new Ajv2020(options) : new Ajv(options);
  addFormats.default(ajv);
  return ajv;
}

/**
 * A fresh ajv for compiling one schema with its references (providers cache nothing global:
 * references are added to it). It does not re-check the meta-schema: metaAjv does that.
 */
export function createAjv(dialect: Dialect): Ajv {
  return newAjv(dialect, false);
}

const metaCheckers = new Map<Dialect, Ajv>();

/**
 * The ajv that checks documents against the meta-schema of `dialect`. Shared, because compiling a
 * meta-schema costs ~6 ms and never varies: nothing but meta-schemas is ever added to it.
 */
export function metaAjv(dialect: Dialect): Ajv {
  let ajv = metaCheckers.get(dialect);
  if (!ajv) {
    ajv = newAjv(dialect, true);
    metaCheckers.set(dialect, ajv);
  }
  return ajv;
}

/**
 * The copy of `document` to hand to ajv instances for the `main` dialect: `$schema` kept when ajv
 * knows the dialect (see ensureMetaSchema), dropped otherwise; draft-04 rewritten.
 */
export function prepareForAjv(document: unknown, main: Dialect): AnySchema {
  if (!isObject(document)) return document as AnySchema;
  const own = dialectOfUrl(document.$schema);
  const copy: JsonObject = structuredClone(document);
  if (own === 'draft-04') {
    upgradeDraft04(copy);
    delete copy.$schema;
  } else if (own === undefined || (own !== main && own !== 'draft-06' && own !== 'draft-07')) {
    // Unknown dialect URL (Confluent falls back to draft-07), or a 2019-09/2020-12 document
    // referenced from the other modern dialect: validate it with the main dialect's rules.
    delete copy.$schema;
  }
  return copy;
}

/** Adds the draft-06/07 meta-schema a prepared copy names, if `ajv` lacks it. */
export function ensureMetaSchema(ajv: Ajv, prepared: AnySchema): void {
  if (!isObject(prepared)) return;
  const own = dialectOfUrl(prepared.$schema);
  if (own !== 'draft-06' && own !== 'draft-07') return;
  const meta = own === 'draft-06' ? DRAFT_06_META : DRAFT_07_META;
  // Asking ajv.getSchema would compile the meta-schema (~6 ms); adding is lazy, and the only
  // way it fails is that the meta-schema is already there (draft-07's is built into Ajv).
  try {
    ajv.addMetaSchema(meta);
  } catch {
    // already present
  }
}

/** Rewrites draft-04 keywords in place to their draft-06 spelling. */
function upgradeDraft04(root: JsonObject): void {
  walkSchema(root, (node) => {
    if (!isObject(node)) return;
    if (typeof node.id === 'string' && node.$id === undefined) {
      node.$id = node.id;
      delete node.id;
    }
    for (const [flag, limit] of [['exclusiveMaximum', 'maximum'], ['exclusiveMinimum', 'minimum']] as const) {
      if (typeof node[flag] !== 'boolean') continue;
      if (node[flag] === true && typeof node[limit] === 'number') {
        node[flag] = node[limit];
        delete node[limit];
      } else {
        delete node[flag];
      }
    }
  });
}
