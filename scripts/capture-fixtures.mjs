#!/usr/bin/env node
// Records the request frames real Kafka clients send, as codec fixtures for
// test/broker/protocol/client-fixtures.test.ts. Not used by the build or the tests.
//
// Usage: node scripts/capture-fixtures.mjs CLIENT-NAME BROKER-HOST:PORT LISTEN-PORT OUT.json
// then point the client at 127.0.0.1:LISTEN-PORT (the broker must advertise that address too, so
// start it with advertised.listeners=PLAINTEXT://127.0.0.1:LISTEN-PORT). Stop with Ctrl-C: the
// first frame of every (api key, version) seen is written to OUT.json (merged with what is there).
import { createServer, connect } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [client, target, listenPort, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: capture-fixtures.mjs CLIENT BROKER-HOST:PORT LISTEN-PORT OUT.json');
  process.exit(1);
}
const [host, port] = target.split(':');
const seen = new Map();
if (existsSync(out)) for (const f of JSON.parse(readFileSync(out, 'utf8'))) seen.set(`${f.client}/${f.apiKey}/${f.apiVersion}`, f);

createServer((down) => {
  const up = connect(Number(port), host);
  let buf = Buffer.alloc(0);
  down.on('data', (chunk) => {
    up.write(chunk);
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
      const size = buf.readInt32BE(0);
      const frame = buf.subarray(4, 4 + size);
      buf = buf.subarray(4 + size);
      const apiKey = frame.readInt16BE(0);
      const apiVersion = frame.readInt16BE(2);
      const k = `${client}/${apiKey}/${apiVersion}`;
      if (!seen.has(k)) {
        seen.set(k, { client, apiKey, apiVersion, hex: frame.toString('hex') });
        console.error(`captured ${k} (${size} bytes)`);
      }
    }
  });
  up.on('data', (c) => down.write(c));
  up.on('close', () => down.destroy());
  down.on('close', () => up.destroy());
  up.on('error', () => down.destroy());
  down.on('error', () => up.destroy());
}).listen(Number(listenPort), '127.0.0.1');

const save = () => {
  writeFileSync(out, JSON.stringify([...seen.values()].sort((a, b) => a.client.localeCompare(b.client) || a.apiKey - b.apiKey || a.apiVersion - b.apiVersion), null, 1) + '\n');
  process.exit(0);
};
process.on('SIGINT', save);
process.on('SIGTERM', save);
