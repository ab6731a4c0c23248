// An in-memory stand-in for a schema registry behind a fake `fetch`, for the client and serde
// unit tests that need no server: the routes the client uses, Confluent's answer shapes, and a
// log of every request so tests can count HTTP calls and look at headers.
import type { SchemaReference } from '../../../registry/schema/provider.js';

export interface LoggedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

interface Stored {
  id: number;
  schema: string;
  schemaType: string;
  references: SchemaReference[];
}

export class FakeRegistry {
  readonly requests: LoggedRequest[] = [];
  private readonly byId = new Map<number, Stored>();
  private readonly subjects = new Map<string, Stored[]>();
  /** Answers queued for the next requests, before any routing. */
  private readonly queued: { status: number; body: string }[] = [];
  compatibility = 'BACKWARD';

  /** Makes the next request get this answer (JSON-encoded unless a string). */
  answerNext(status: number, body: unknown): void {
    this.queued.push({ status, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }

  /** Registers directly (as another client would have). */
  add(subject: string, schema: string, schemaType = 'AVRO', references: SchemaReference[] = []): { id: number; version: number } {
    let stored = [...this.byId.values()].find((s) => s.schema === schema && s.schemaType === schemaType && JSON.stringify(s.references) === JSON.stringify(references));
    if (stored === undefined) {
      stored = { id: this.byId.size + 1, schema, schemaType, references };
      this.byId.set(stored.id, stored);
    }
    const versions = this.subjects.get(subject) ?? [];
    this.subjects.set(subject, versions);
    let version = versions.indexOf(stored) + 1;
    if (version === 0) version = versions.push(stored);
    return { id: stored.id, version };
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input as string));
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const method = init?.method ?? 'GET';
    this.requests.push({ method, url: url.href, headers, body });
    const queued = this.queued.shift();
    if (queued !== undefined) return new Response(queued.body, { status: queued.status });
    const [status, answer] = this.route(method, url.pathname.split('/').slice(1).map(decodeURIComponent), body as Record<string, unknown>);
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' } });
  };

  private route(method: string, path: string[], body: Record<string, unknown> | undefined): [number, unknown] {
    const [a, b, c, d] = path;
    const input = (): [string, string, SchemaReference[]] => [body!.schema as string, (body!.schemaType as string | undefined) ?? 'AVRO', (body!.references as SchemaReference[] | undefined) ?? []];
    if (method === 'POST' && a === 'subjects' && c === 'versions' && b !== undefined) {
      return [200, { id: this.add(b, ...input()).id }];
    }
    if (method === 'POST' && a === 'subjects' && b !== undefined && c === undefined) {
      const versions = this.subjects.get(b);
      if (versions === undefined) return [404, { error_code: 40401, message: `Subject '${b}' not found.` }];
      const [schema, schemaType] = input();
      const i = versions.findIndex((s) => s.schema === schema && s.schemaType === schemaType);
      if (i < 0) return [404, { error_code: 40403, message: 'Schema not found' }];
      return [200, this.version(b, i)];
    }
    if (method === 'GET' && a === 'schemas' && b === 'ids' && c !== undefined) {
      const s = this.byId.get(Number(c));
      if (s === undefined) return [404, { error_code: 40403, message: 'Schema not found' }];
      return [200, { schema: s.schema, ...(s.schemaType === 'AVRO' ? {} : { schemaType: s.schemaType }), ...(s.references.length > 0 ? { references: s.references } : {}) }];
    }
    if (method === 'GET' && a === 'subjects' && c === 'versions' && b !== undefined && d !== undefined) {
      const versions = this.subjects.get(b);
      if (versions === undefined) return [404, { error_code: 40401, message: `Subject '${b}' not found.` }];
      const i = d === 'latest' || d === '-1' ? versions.length - 1 : Number(d) - 1;
      if (versions[i] === undefined) return [404, { error_code: 40402, message: `Version ${d} not found.` }];
      return [200, this.version(b, i)];
    }
    if (method === 'GET' && a === 'config') return [200, { compatibilityLevel: this.compatibility }];
    if (method === 'POST' && a === 'compatibility') return [200, { is_compatible: false, messages: ['reader field x has no default'] }];
    return [404, { error_code: 404, message: 'HTTP 404 Not Found' }];
  }

  private version(subject: string, i: number): unknown {
    const s = this.subjects.get(subject)![i]!;
    return { subject, version: i + 1, id: s.id, schema: s.schema, ...(s.schemaType === 'AVRO' ? {} : { schemaType: s.schemaType }), ...(s.references.length > 0 ? { references: s.references } : {}) };
  }

  /** Requests whose path starts with `prefix` (e.g. '/schemas/ids/'). */
  count(method: string, prefix: string): number {
    return this.requests.filter((r) => r.method === method && new URL(r.url).pathname.startsWith(prefix)).length;
  }
}
