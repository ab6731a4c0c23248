/**
 * Starting and stopping in-process brokers for the integration tests: temporary data
 * directories, a logger that captures lines, and a fingerprint of a data directory to check that
 * bad input left the stored data alone.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Broker } from '../../broker/broker.js';
import { createLogger, silentLogger, type Logger } from '../../broker/util/logger.js';

export function tempDir(prefix = 'tributary-it-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A DEBUG logger whose lines are kept in `lines` (and printed when TRIBUTARY_TEST_LOG is set). */
export function captureLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const echo = process.env.TRIBUTARY_TEST_LOG !== undefined;
  return {
    lines,
    log: createLogger('t', 'DEBUG', (line) => {
      lines.push(line);
      if (echo) process.stderr.write(line + '\n');
    }),
  };
}

export interface StartOptions {
  /** Data directory; a new temporary one when omitted. */
  dir?: string;
  settings?: Record<string, string>;
  log?: Logger;
}

/** A broker on 127.0.0.1 with a free port. */
export async function startBroker(opts: StartOptions = {}): Promise<{ broker: Broker; dir: string }> {
  const dir = opts.dir ?? tempDir();
  const broker = await Broker.start({
    settings: { 'log.dirs': dir, listeners: 'PLAINTEXT://127.0.0.1:0', ...opts.settings },
    log: opts.log ?? silentLogger,
  });
  return { broker, dir };
}

/** Path -> SHA-256 of every file under `dir` (sizes and contents: any change shows). */
export function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out.set(relative(dir, p) + '/', 'dir');
        walk(p);
      } else {
        out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
      }
    }
  };
  walk(dir);
  return out;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A topic name unique within this process. */
let counter = 0;
export function uniqueTopic(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A broker running as a child process (`tributary broker`), for tests that kill it. */
export interface ChildBroker {
  readonly port: number;
  /** Resolves with the signal that ended the process (null for a normal exit). */
  readonly exited: Promise<NodeJS.Signals | null>;
  /** SIGKILL: no shutdown, no flush, as in a crash. */
  kill(): void;
}

/** Spawns `tributary broker` on `dir`, bound to a free loopback port; resolves once it is ready. */
export async function spawnBroker(dir: string): Promise<ChildBroker> {
  const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
  const child = spawn(process.execPath, [main, 'broker', '--data-dir', dir, '--override', 'listeners=PLAINTEXT://127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out);
    });
    void exited.then(() => reject(new Error('broker exited before it was ready')));
  });
  child.stdout!.resume();
  const port = /listening on 127\.0\.0\.1:(\d+)/.exec(ready)?.[1];
  if (!port) throw new Error(`unexpected ready line: ${ready}`);
  return { port: Number(port), exited, kill: () => child.kill('SIGKILL') };
}
