/**
 * A closed-loop HTTP load generator for the registry bench: `concurrency` workers, each with
 * one request in flight at a time over its own keep-alive connection (node:http, which costs
 * the client less CPU per request than fetch, so that on a small machine the figures describe
 * the server more than the client). Each request's latency is from write to the end of the
 * response body. A non-2xx answer counts as an error and does not stop the run.
 */
import { Agent, request } from 'node:http';

export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** JSON text (sent with the Schema Registry content type). */
  readonly body?: string;
}

export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:8081 */
  readonly url: string;
  readonly concurrency: number;
  /** Stop after this many requests in total... */
  readonly requests?: number;
  /** ...or after this long (whichever comes first; at least one of the two). */
  readonly durationMs?: number;
  /** The i-th request of the run (i counts from 0 across all workers). */
  readonly call: (i: number) => HttpCall;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  /** The first error's status and body, for the report. */
  readonly firstError: string | undefined;
  readonly seconds: number;
  /** Per-request latencies in seconds, ascending. */
  readonly latencies: readonly number[];
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  if (opts.requests === undefined && opts.durationMs === undefined) throw new Error('runLoad needs requests or durationMs');
  const target = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const limit = opts.requests ?? Infinity;
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = process.hrtime.bigint();
  const deadline = opts.durationMs === undefined ? Infinity : Date.now() + opts.durationMs;

  const one = (call: HttpCall): Promise<void> => new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const headers: Record<string, string | number> = { Accept: CONTENT_TYPE };
    if (call.body !== undefined) {
      headers['Content-Type'] = CONTENT_TYPE;
      headers['Content-Length'] = Buffer.byteLength(call.body);
    }
    const req = request({ host: target.hostname, port: target.port, method: call.method, path: call.path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e9);
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          errors += 1;
          firstError ??= `${call.method} ${call.path} -> ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`;
        }
        resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(call.body);
  });

  const worker = async (): Promise<void> => {
    while (next < limit && Date.now() < deadline) {
      const i = next;
      next += 1;
      await one(opts.call(i));
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { requests: latencies.length, errors, firstError, seconds, latencies: latencies.sort((a, b) => a - b) };
}
