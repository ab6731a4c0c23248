/**
 * Shared setup of the command-line tool tests: an in-process broker on a free port, and a runner
 * for `build/cli/main.js` as a child process (stdin text in; exit code, stdout, stderr out).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Broker } from '../../broker/broker.js';
import { silentLogger } from '../../broker/util/logger.js';

/** The repository root: this file runs from build/test/cli/. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const mainJs = join(root, 'build', 'cli', 'main.js');

export interface TestBroker {
  readonly broker: Broker;
  readonly bootstrap: string;
  close(): Promise<void>;
}

export async function startBroker(settings: Record<string, string> = {}): Promise<TestBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-test-'));
  const broker = await Broker.start({ settings: { 'log.dirs': dir, listeners: 'PLAINTEXT://127.0.0.1:0', ...settings }, log: silentLogger });
  return {
    broker,
    bootstrap: broker.bootstrap,
    async close() {
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs `tributary ...args`; kills it (and fails) after `timeoutMs`. */
export function tributary(args: string[], opts: { stdin?: string; timeoutMs?: number } = {}): Promise<Result> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [mainJs, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`tributary ${args.join(' ')} did not finish within ${opts.timeoutMs ?? 15000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 15000);
    child.on('error', (err) => { clearTimeout(timer); fail(err); });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.on('error', () => { /* the tool may exit before reading all of stdin */ });
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Starts `tributary ...args` without waiting; `result` settles when it exits. */
export function spawnTributary(args: string[]): { child: ReturnType<typeof spawn>; result: Promise<Result> } {
  const started = Date.now();
  const child = spawn(process.execPath, [mainJs, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const result = new Promise<Result>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
  });
  return { child, result };
}

/** stdout split into lines, without the final empty one. */
export function lines(s: string): string[] {
  return s === '' ? [] : s.replace(/\n$/, '').split('\n');
}

/** A user-facing failure: exit 1, exactly one `Error: ...` line on stderr, no stack trace. */
export function assertOneLineError(r: Result, pattern: RegExp): void {
  const problems: string[] = [];
  if (r.code !== 1) problems.push(`exit code ${r.code}, expected 1`);
  const errorLines = lines(r.stderr).filter((l) => l.startsWith('Error: '));
  if (errorLines.length !== 1) problems.push(`${errorLines.length} 'Error: ' lines, expected 1`);
  if (/^\s+at /m.test(r.stderr)) problems.push('a stack trace');
  if (!pattern.test(errorLines[0] ?? '')) problems.push(`the error line does not match ${pattern}`);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\nstderr:\n${r.stderr}`);
}
