// `tributary worker` as a user runs it: one ready line on stdout, the REST API with the bundled
// connectors, a properties file and --connector files, a clean stop on SIGTERM, and one-line
// errors for bad command lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBroker, tributary } from './helpers.js';

const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

test('runs in the foreground, creates --connector files, serves the REST API and stops on SIGTERM', async () => {
  const b = await startBroker({ 'group.initial.rebalance.delay.ms': '0' });
  const dir = mkdtempSync(join(tmpdir(), 'worker-cli-'));
  const props = join(dir, 'worker.properties');
  writeFileSync(props, 'listeners=http://127.0.0.1:0\noffset.flush.interval.ms=500\nvalue.converter=org.apache.kafka.connect.storage.StringConverter\nmystery.setting=1\n');
  writeFileSync(join(dir, 'in.txt'), 'hello\nworld\n');
  writeFileSync(join(dir, 'source.properties'), `name=cli-src\nconnector.class=FileStreamSource\nfile=${join(dir, 'in.txt')}\ntopic=cli-lines\n`);
  writeFileSync(join(dir, 'sink.json'), JSON.stringify({ name: 'cli-sink', config: { 'connector.class': 'FileStreamSink', file: join(dir, 'out.txt'), topics: 'cli-lines' } }));
  const child = spawn(process.execPath, [main, 'worker', '--bootstrap-server', b.bootstrap, '--config', props, '--standalone',
    '--connector', join(dir, 'source.properties'), '--connector', join(dir, 'sink.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('\n')) resolve(out.trim()); });
      void exit.then((code) => reject(new Error(`worker exited with ${code}: ${stderr}`)));
    });
    const m = /^Kafka Connect worker started: REST API on (http:\/\/127\.0\.0\.1:\d+), worker id 127\.0\.0\.1:\d+, group connect-cluster on .* \(state in memory\)$/.exec(ready);
    assert.ok(m, ready);
    const url = m[1]!;
    assert.match(stderr, /The configuration 'mystery.setting' was supplied but isn't a known config/);
    assert.deepEqual(await (await fetch(`${url}/connectors`)).json(), ['cli-sink', 'cli-src']);
    const deadline = Date.now() + 15_000;
    while (!(existsSync(join(dir, 'out.txt')) && readFileSync(join(dir, 'out.txt'), 'utf8') === 'hello\nworld\n')) {
      if (Date.now() > deadline) throw new Error(`no output; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const plugins = (await (await fetch(`${url}/connector-plugins`)).json()) as Array<{ class: string }>;
    assert.ok(plugins.some((p) => p.class === 'io.tributary.connect.datagen.DatagenConnector'));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.match(stderr, /Received SIGTERM, shutting down/);
  } finally {
    child.kill('SIGKILL');
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fails with one line for missing or bad settings; --help', async () => {
  const none = await tributary(['worker']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^Error: --bootstrap-server is required/);
  const bad = await tributary(['worker', '--bootstrap-server', 'localhost:9092', '--override', 'offset.flush.interval.ms=often']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^Error: Invalid value often for configuration offset\.flush\.interval\.ms/);
  const badConnector = await tributary(['worker', '--bootstrap-server', 'localhost:9092', '--connector', '/no/such/file']);
  assert.equal(badConnector.code, 1);
  assert.match(badConnector.stderr, /^Error: cannot read --connector \/no\/such\/file/);
  const help = await tributary(['worker', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: tributary worker --bootstrap-server/);
  const list = await tributary(['--help']);
  assert.match(list.stdout, /worker +run a Kafka Connect worker/);
});
