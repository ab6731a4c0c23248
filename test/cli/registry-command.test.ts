// `tributary registry` as a user runs it: one ready line on stdout, serves the REST API, reads
// a properties file, shuts down cleanly on SIGTERM, and fails with one line on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBroker, tributary } from './helpers.js';

const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

test('runs in the foreground, serves the REST API and stops cleanly on SIGTERM', async () => {
  const b = await startBroker({ 'group.initial.rebalance.delay.ms': '0' });
  const dir = mkdtempSync(join(tmpdir(), 'registry-cli-'));
  const props = join(dir, 'schema-registry.properties');
  writeFileSync(props, 'listeners=http://127.0.0.1:0\nkafkastore.topic=_cli_schemas\nschema.compatibility.level=full\ndebug=false\n');
  const child = spawn(process.execPath, [main, 'registry', '--bootstrap-server', b.bootstrap, '--config', props], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('\n')) resolve(out.trim()); });
      void exit.then((code) => reject(new Error(`registry exited with ${code}: ${stderr}`)));
    });
    const m = /^Schema registry started: listening on (http:\/\/127\.0\.0\.1:\d+), schemas in topic _cli_schemas on /.exec(ready);
    assert.ok(m, ready);
    assert.match(stderr, /The configuration 'debug' was supplied but isn't a known config/);
    const url = m[1]!;
    assert.deepEqual(await (await fetch(`${url}/config`)).json(), { compatibilityLevel: 'FULL' });
    const r = await fetch(`${url}/subjects/cli-value/versions`, { method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: '"string"' }) });
    assert.deepEqual(await r.json(), { id: 1 });
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.match(stderr, /Received SIGTERM, shutting down/);
  } finally {
    child.kill('SIGKILL');
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fails with one line for missing or bad settings', async () => {
  const none = await tributary(['registry']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^Error: --bootstrap-server is required/);
  const bad = await tributary(['registry', '--bootstrap-server', 'localhost:9092', '--override', 'kafkastore.timeout.ms=soon']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^Error: Invalid value soon for configuration kafkastore\.timeout\.ms/);
  const help = await tributary(['registry', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: tributary registry --bootstrap-server/);
});
