/**
 * A client for the Confluent Schema Registry REST API (ours or Confluent's), with only what the
 * wire-format serde and the runtime's converters need: register, look up, fetch by id and by
 * version, and read or test compatibility. HTTP goes through Node's global fetch (keep-alive
 * connections by default).
 *
 * Caching: ids and subject versions never change meaning once the registry hands them out, so
 * every successful answer to register, lookup, getById and getVersion(subject, <number>) is kept
 * (bounded, least recently used forgotten first) and never expires. `latest`, compatibility and
 * failures are never cached. Concurrent requests for the same thing share one HTTP call.
 *
 * Errors are RegistryClientError: REGISTRY with Confluent's `error_code` kept (classify by it),
 * NETWORK (retriable) when no answer came, BAD_RESPONSE when the answer is not the API's shape.
 * With several URLs, a request that gets no answer from one is sent to the next.
 */
import type { ResolvedReference, SchemaReference, SchemaType } from '../schema/provider.js';
import { BoundedCache } from './bounded-cache.js';
import { RegistryClientError } from './client-error.js';

/** Schema types a registry may answer with; the serde handles AVRO and JSON only. */
export type RegistrySchemaType = SchemaType | 'PROTOBUF';

/** A schema as sent to the registry. `schemaType` defaults to AVRO, as in Confluent's API. */
export interface SchemaInput {
  readonly schema: string;
  readonly schemaType?: RegistrySchemaType;
  readonly references?: readonly SchemaReference[];
}

/** A schema as the registry returns it by id. */
export interface SchemaInfo {
  readonly schema: string;
  readonly schemaType: RegistrySchemaType;
  readonly references: readonly SchemaReference[];
}

/** One version of a subject. */
export interface SubjectVersion extends SchemaInfo {
  readonly subject: string;
  readonly id: number;
  readonly version: number;
}

export interface CompatibilityResult {
  readonly isCompatible: boolean;
  /** The registry's reasons when incompatible (asked for with `verbose=true`). */
  readonly messages: readonly string[];
}

export interface RestClientOptions {
  /** Base URL(s) of the registry: one, several, or a comma-separated list (Confluent's
   * `schema.registry.url`). Credentials in a URL (`http://user:pass@host`) become basic auth. */
  readonly url: string | readonly string[];
  /** Basic auth for every URL (overrides credentials written in the URLs). */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** Per-request time limit, ms (default 30000); past it the request fails with NETWORK. */
  readonly timeoutMs?: number;
  /** Entries per cache (default 1000). */
  readonly cacheCapacity?: number;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch implementation (default: the global one); tests pass a fake. */
  readonly fetch?: typeof fetch;
}

const ACCEPT = 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5';
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const MAX_REFERENCE_DEPTH = 32;

interface Endpoint {
  readonly base: string;
  readonly headers: Readonly<Record<string, string>>;
}

export class SchemaRegistryClient {
  private readonly endpoints: readonly Endpoint[];
  /** Index of the endpoint that answered last; requests start there. */
  private current = 0;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly byId: BoundedCache<number, SchemaInfo>;
  private readonly registered: BoundedCache<string, number>;
  private readonly lookedUp: BoundedCache<string, SubjectVersion>;
  private readonly versions: BoundedCache<string, SubjectVersion>;
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(options: RestClientOptions) {
    const urls = (typeof options.url === 'string' ? [options.url] : options.url).flatMap((u) => u.split(',')).map((u) => u.trim()).filter((u) => u !== '');
    if (urls.length === 0) throw new RegistryClientError('CONFIG', 'No schema registry URL given: set schema.registry.url, e.g. http://localhost:8081');
    this.endpoints = urls.map((u) => endpoint(u, options));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchFn = options.fetch ?? fetch;
    const capacity = options.cacheCapacity ?? 1000;
    this.byId = new BoundedCache(capacity);
    this.registered = new BoundedCache(capacity);
    this.lookedUp = new BoundedCache(capacity);
    this.versions = new BoundedCache(capacity);
  }

  /** Registers `schema` under `subject` (or finds it already there) and returns its global id.
   * With `normalize`, the registry compares and stores the normalized form. */
  async register(subject: string, schema: SchemaInput, options: { normalize?: boolean } = {}): Promise<number> {
    const key = `${subject}\0${options.normalize === true ? 1 : 0}\0${schemaKey(schema)}`;
    const hit = this.registered.get(key);
    if (hit !== undefined) return hit;
    return this.once(`register\0${key}`, async () => {
      const body = await this.request('POST', `/subjects/${enc(subject)}/versions${query({ normalize: options.normalize })}`, requestBody(schema));
      const id = field(body, 'id', isId, 'POST /subjects/{subject}/versions');
      this.registered.set(key, id);
      return id;
    });
  }

  /** The version of `subject` that holds `schema`; REGISTRY 40401 (subject) or 40403 (schema)
   * when there is none. */
  async lookup(subject: string, schema: SchemaInput, options: { normalize?: boolean } = {}): Promise<SubjectVersion> {
    const key = `${subject}\0${options.normalize === true ? 1 : 0}\0${schemaKey(schema)}`;
    const hit = this.lookedUp.get(key);
    if (hit !== undefined) return hit;
    return this.once(`lookup\0${key}`, async () => {
      const body = await this.request('POST', `/subjects/${enc(subject)}${query({ normalize: options.normalize })}`, requestBody(schema));
      const version = subjectVersion(body, 'POST /subjects/{subject}');
      this.lookedUp.set(key, version);
      this.byId.set(version.id, version);
      return version;
    });
  }

  /** The schema with global id `id`; REGISTRY 40403 when there is none. */
  async getById(id: number): Promise<SchemaInfo> {
    const hit = this.byId.get(id);
    if (hit !== undefined) return hit;
    return this.once(`id\0${id}`, async () => {
      const body = await this.request('GET', `/schemas/ids/${id}`);
      const info = schemaInfo(body, 'GET /schemas/ids/{id}');
      this.byId.set(id, info);
      return info;
    });
  }

  /** The newest version of `subject`, always asked of the registry (never cached here). */
  getLatest(subject: string): Promise<SubjectVersion> {
    return this.getVersion(subject, 'latest');
  }

  /** One version of `subject`; numbered versions are cached, `latest` is not. */
  async getVersion(subject: string, version: number | 'latest'): Promise<SubjectVersion> {
    const key = `${subject}\0${version}`;
    if (version !== 'latest') {
      const hit = this.versions.get(key);
      if (hit !== undefined) return hit;
    }
    return this.once(`version\0${key}`, async () => {
      const body = await this.request('GET', `/subjects/${enc(subject)}/versions/${enc(String(version))}`);
      const found = subjectVersion(body, 'GET /subjects/{subject}/versions/{version}');
      this.versions.set(`${subject}\0${found.version}`, found);
      this.byId.set(found.id, found);
      return found;
    });
  }

  /** The compatibility level that applies to `subject` (its own, else the global one), or the
   * global level when no subject is given. */
  async getCompatibility(subject?: string): Promise<string> {
    const path = subject === undefined ? '/config' : `/config/${enc(subject)}?defaultToGlobal=true`;
    const body = await this.request('GET', path);
    return field(body, 'compatibilityLevel', (v): v is string => typeof v === 'string', `GET ${path.split('?')[0]!}`);
  }

  /** Whether `schema` could be registered under `subject` against `version` (default latest). */
  async testCompatibility(subject: string, schema: SchemaInput, version: number | 'latest' = 'latest'): Promise<CompatibilityResult> {
    const body = await this.request('POST', `/compatibility/subjects/${enc(subject)}/versions/${enc(String(version))}?verbose=true`, requestBody(schema));
    const isCompatible = field(body, 'is_compatible', (v): v is boolean => typeof v === 'boolean', 'POST /compatibility/subjects/{subject}/versions/{version}');
    const messages = (body as { messages?: unknown }).messages;
    return { isCompatible, messages: Array.isArray(messages) ? messages.map(String) : [] };
  }

  /**
   * The texts of `references` and, recursively, of what they reference, in the order a provider
   * needs them (each schema after the ones it uses; each subject version once).
   */
  async resolveReferences(references: readonly SchemaReference[]): Promise<ResolvedReference[]> {
    const out: ResolvedReference[] = [];
    const seen = new Set<string>();
    const visit = async (ref: SchemaReference, depth: number): Promise<void> => {
      const key = `${ref.name}\0${ref.subject}\0${ref.version}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (depth > MAX_REFERENCE_DEPTH) {
        throw new RegistryClientError('SCHEMA', `Schema references nest deeper than ${MAX_REFERENCE_DEPTH} levels at '${ref.subject}' version ${ref.version}; is there a cycle?`);
      }
      const target = await this.getVersion(ref.subject, ref.version);
      for (const sub of target.references) await visit(sub, depth + 1);
      out.push({ name: ref.name, subject: ref.subject, version: target.version, schema: target.schema });
    };
    for (const ref of references) await visit(ref, 1);
    return out;
  }

  /** Forgets everything cached (e.g. after the registry was wiped in a test). */
  clearCaches(): void {
    this.byId.clear();
    this.registered.clear();
    this.lookedUp.clear();
    this.versions.clear();
  }

  /** Runs `fn` unless the same request is already under way, in which case its result is shared. */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running !== undefined) return running as Promise<T>;
    const promise = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  /** One API call: the parsed JSON body of a 2xx answer, else a RegistryClientError. */
  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let lastError: RegistryClientError | undefined;
    for (let attempt = 0; attempt < this.endpoints.length; attempt += 1) {
      const index = (this.current + attempt) % this.endpoints.length;
      const { base, headers } = this.endpoints[index]!;
      let text: string;
      let res: Response;
      try {
        res = await this.fetchFn(base + path, {
          method,
          headers: body === undefined ? headers : { ...headers, 'Content-Type': CONTENT_TYPE },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await res.text();
      } catch (err) {
        lastError = new RegistryClientError('NETWORK', `No answer from the schema registry at ${base} to ${method} ${path}: ${describe(err)}`, { cause: err });
        continue;
      }
      this.current = index;
      return parseAnswer(res, text, method, path);
    }
    throw lastError!;
  }
}

function endpoint(url: string, options: RestClientOptions): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new RegistryClientError('CONFIG', `Malformed schema registry URL '${url}': expected e.g. http://localhost:8081`, { cause: err });
  }
  const headers: Record<string, string> = { Accept: ACCEPT, ...options.headers };
  const user = options.basicAuth ?? (parsed.username !== '' ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : undefined);
  if (user !== undefined) headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  // fetch refuses URLs with credentials in them; they travel in the header instead.
  parsed.username = '';
  parsed.password = '';
  return { base: parsed.href.replace(/\/+$/, ''), headers };
}

function parseAnswer(res: Response, text: string, method: string, path: string): unknown {
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (res.ok) {
    if (body === undefined) throw new RegistryClientError('BAD_RESPONSE', `The schema registry answered ${method} ${path} with status ${res.status} but no JSON body: ${snippet(text)}`);
    return body;
  }
  const code = (body as { error_code?: unknown } | undefined)?.error_code;
  const message = (body as { message?: unknown } | undefined)?.message;
  const registryMessage = typeof message === 'string' ? message : snippet(text);
  const errorCode = typeof code === 'number' && Number.isInteger(code) ? code : res.status;
  throw new RegistryClientError('REGISTRY', `Schema registry error ${errorCode} (HTTP ${res.status}) for ${method} ${path}: ${registryMessage}`,
    { errorCode, status: res.status, registryMessage });
}

function requestBody(schema: SchemaInput): Record<string, unknown> {
  const body: Record<string, unknown> = { schema: schema.schema };
  // Confluent's own clients leave schemaType out for AVRO, its default; older registries
  // reject the field, so we do the same.
  if (schema.schemaType !== undefined && schema.schemaType !== 'AVRO') body.schemaType = schema.schemaType;
  if (schema.references !== undefined && schema.references.length > 0) body.references = schema.references;
  return body;
}

/** Cache key of a schema as sent: type, text and references. */
export function schemaKey(schema: SchemaInput): string {
  const refs = schema.references !== undefined && schema.references.length > 0 ? `\0${JSON.stringify(schema.references)}` : '';
  return `${schema.schemaType ?? 'AVRO'}\0${schema.schema}${refs}`;
}

function schemaInfo(body: unknown, what: string): SchemaInfo {
  const schema = field(body, 'schema', (v): v is string => typeof v === 'string', what);
  const type = (body as { schemaType?: unknown }).schemaType ?? 'AVRO';
  if (type !== 'AVRO' && type !== 'JSON' && type !== 'PROTOBUF') throw badResponse(what, `unknown schemaType ${JSON.stringify(type)}`);
  const refs = (body as { references?: unknown }).references ?? [];
  if (!Array.isArray(refs) || !refs.every(isReference)) throw badResponse(what, 'references is not a list of {name, subject, version}');
  return { schema, schemaType: type, references: refs.map((r) => ({ name: r.name, subject: r.subject, version: r.version })) };
}

function subjectVersion(body: unknown, what: string): SubjectVersion {
  return {
    ...schemaInfo(body, what),
    subject: field(body, 'subject', (v): v is string => typeof v === 'string', what),
    id: field(body, 'id', isId, what),
    version: field(body, 'version', isId, what),
  };
}

function field<T>(body: unknown, name: string, check: (v: unknown) => v is T, what: string): T {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (!check(value)) throw badResponse(what, `field '${name}' is ${JSON.stringify(value) ?? 'missing'}`);
  return value;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isReference = (v: unknown): v is SchemaReference => typeof v === 'object' && v !== null &&
  typeof (v as SchemaReference).name === 'string' && typeof (v as SchemaReference).subject === 'string' && isId((v as SchemaReference).version);

const badResponse = (what: string, why: string): RegistryClientError =>
  new RegistryClientError('BAD_RESPONSE', `Unexpected answer from the schema registry to ${what}: ${why}`);

const enc = encodeURIComponent;
const query = (params: { normalize?: boolean | undefined }): string => (params.normalize === true ? '?normalize=true' : '');
const snippet = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}...` : text === '' ? '(empty body)' : text);

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'timed out';
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}
