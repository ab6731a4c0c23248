// The `tributary` entry point and the tools' behaviour when the cluster cannot be reached.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { assertOneLineError, tributary } from './helpers.js';

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('tributary', () => {
  it('prints the commands without arguments, or for an unknown command', async () => {
    const none = await tributary([]);
    assert.equal(none.code, 1);
    assert.match(none.stdout, /^Usage: tributary <command>/);
    for (const cmd of ['broker', 'topics', 'produce', 'consume']) assert.match(none.stdout, new RegExp(`^  ${cmd} `, 'm'));
    const unknown = await tributary(['frobnicate']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^Unknown command 'frobnicate'\.\n\nUsage: tributary <command>/);
  });

  it('prints each tool\'s options with --help', async () => {
    for (const cmd of ['topics', 'produce', 'consume']) {
      const r = await tributary([cmd, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: tributary ${cmd} --bootstrap-server`));
    }
  });

  it('fails fast with one clear line when no broker listens', async () => {
    const addr = `127.0.0.1:${await closedPort()}`;
    const runs = await Promise.all([
      tributary(['produce', '--bootstrap-server', addr, '--topic', 't'], { stdin: 'x\n' }),
      tributary(['consume', '--bootstrap-server', addr, '--topic', 't']),
      tributary(['topics', '--bootstrap-server', addr, '--list']),
    ]);
    for (const r of runs) {
      assertOneLineError(r, new RegExp(`^Error: could not connect to ${addr.replace(/\./g, '\\.')}: connection refused \\(ECONNREFUSED\\): is the broker running\\?`));
      assert.ok(r.ms < 12_000, `took ${r.ms} ms`);
      assert.equal(r.stdout, '');
    }
  });

  it('names an unknown host', async () => {
    const r = await tributary(['topics', '--bootstrap-server', 'no-such-host.invalid:9092', '--list']);
    assertOneLineError(r, /^Error: could not connect to no-such-host\.invalid:9092: .*is the broker running\?/);
  });
});
