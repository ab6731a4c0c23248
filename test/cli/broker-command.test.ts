// `tributary broker` as a user runs it: a child process that prints one ready line, serves real
// clients, and shuts down cleanly on SIGTERM/SIGINT with everything acknowledged kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

interface Running { child: ChildProcess; ready: string; stderr: () => string; exit: Promise<number | null> }

function startBroker(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [main, 'broker', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ child, ready: out.trim(), stderr: () => err, exit });
    });
    void exit.then((code) => reject(new Error(`broker exited with ${code} before it was ready: ${err}`)));
  });
}

test('runs in the foreground, serves clients, shuts down cleanly and keeps the data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'broker-cli-'));
  const props = join(dir, 'server.properties');
  writeFileSync(props, '# a Kafka server.properties\nnum.partitions=2\nlog.segment.bytes=100000\nnum.network.threads=3\n');
  try {
    const b = await startBroker(['--data-dir', join(dir, 'data'), '--config', props, '--override', 'listeners=PLAINTEXT://127.0.0.1:0']);
    const m = /listening on 127\.0\.0\.1:(\d+), advertised as 127\.0\.0\.1:(\d+)/.exec(b.ready);
    assert.ok(m, b.ready);
    assert.equal(b.ready.split('\n').length, 1, 'exactly one line on stdout');
    assert.match(b.stderr(), /The configuration 'num.network.threads' was supplied but isn't a known config/);
    const kafka = new Kafka({ brokers: [`127.0.0.1:${m[1]}`], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic: 'cli-orders', acks: -1, messages: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }] });
    await producer.disconnect();
    b.child.kill('SIGTERM');
    assert.equal(await b.exit, 0);
    assert.match(b.stderr(), /Shut down completed/);

    const again = await startBroker(['--data-dir', join(dir, 'data'), '--override', 'listeners=PLAINTEXT://127.0.0.1:0']);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(again.ready)![1];
    const admin = new Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets('cli-orders');
    assert.equal(offsets.length, 2, 'auto-created with num.partitions=2 from server.properties');
    assert.equal(offsets.reduce((n, o) => n + Number(o.high), 0), 3, 'all three records are still there');
    await admin.disconnect();
    again.child.kill('SIGINT');
    assert.equal(await again.exit, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refuses a bad setting with the key, the value and what is accepted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'broker-cli-'));
  try {
    await assert.rejects(startBroker(['--data-dir', dir, '--override', 'num.partitions=lots']),
      /exited with 1 .*Invalid value lots for configuration num.partitions: Not a number of type INT/s);
    await assert.rejects(startBroker(['--port', '9092']), /exited with 1 .*--data-dir is required/s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
