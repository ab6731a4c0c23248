// Forwarding over HTTP: the leader's answer and errors pass through unchanged; no answer is 50003.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorFromBody, FORWARDED_HEADER, Forwarder } from '../../../registry/cluster/forward.js';
import { rejectsWith } from '../../helpers/registry-writer.js';

it('maps error bodies to the same RegistryError', () => {
  const e = errorFromBody(409, { error_code: 409, message: 'incompatible' });
  assert.deepEqual([e.errorName, e.errorCode, e.status, e.message], ['INCOMPATIBLE_SCHEMA', 409, 409, 'incompatible']);
  assert.equal(errorFromBody(404, { error_code: 40401, message: 'x' }).errorName, 'SUBJECT_NOT_FOUND');
  assert.equal(errorFromBody(422, 'garbage').errorName, 'INTERNAL', 'no catalogue code: an internal error with the status in the message');
  assert.equal(errorFromBody(422, 'garbage').message, 'HTTP 422');
  assert.equal(errorFromBody(502, null).errorName, 'INTERNAL');
});

it('passes the leader\'s answers through and marks the request as forwarded', async () => {
  const seen: { method?: string; url?: string; header?: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, header: req.headers[FORWARDED_HEADER] as string, body });
      if (req.url === '/ok') res.end('{"id":3}');
      else if (req.url === '/err') { res.statusCode = 422; res.end('{"error_code":42205,"message":"read-only"}'); }
      else res.end('not json');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const f = new Forwarder(2000);
    assert.deepEqual(await f.call(url, 'POST', '/ok', { schema: 'x' }), { id: 3 });
    assert.deepEqual(seen[0], { method: 'POST', url: '/ok', header: '1', body: '{"schema":"x"}' });
    await rejectsWith(f.call(url, 'DELETE', '/err'), 42205, /read-only/);
    await rejectsWith(f.call(url, 'GET', '/garbage'), 50003, /not JSON/);
  } finally {
    server.close();
  }
  await rejectsWith(new Forwarder(2000).call(url, 'GET', '/ok'), 50003, /Error while forwarding the request to the leader at http:\/\/127\.0\.0\.1/);
});
