/**
 * A Connect worker under test in a child process (connect-worker-child.ts): its REST URL from the
 * ready line, its task counters over IPC, its CPU time from /proc, and optionally a V8 CPU
 * profile written when it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { processCpuSeconds } from './broker-process.js';
import type { WorkerStats } from './connect-instrumented.js';
import type { WorkerReply, WorkerRequest } from './connect-worker-child.js';

const READY = /^connect worker ready at (\S+)$/;

type Omit2<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class WorkerProcess {
  #nextId = 1;
  readonly #waiting = new Map<number, (r: WorkerReply) => void>();

  private constructor(private readonly child: ChildProcess, readonly url: string, private readonly stderr: string[]) {
    child.on('message', (r: WorkerReply) => {
      const w = this.#waiting.get(r.id);
      this.#waiting.delete(r.id);
      w?.(r);
    });
  }

  get pid(): number { return this.child.pid!; }

  static start(childPath: string, bootstrap: string, settings: Record<string, string>, opts: { cpuProfileDir?: string; timeoutMs?: number } = {}): Promise<WorkerProcess> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const args = opts.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`];
    const child = spawn(process.execPath, [...args, childPath, bootstrap, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const stderr: string[] = [];
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => {
      stderr.push(s);
      if (stderr.length > 50) stderr.shift();
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`Connect worker did not start within ${timeoutMs} ms:\n${stderr.join('')}`));
      }, timeoutMs);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = READY.exec(line);
        if (!m) return;
        clearTimeout(timer);
        resolve(new WorkerProcess(child, m[1]!, stderr));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Connect worker exited during start (code ${code}, signal ${signal}):\n${stderr.join('')}`));
      });
    });
  }

  #ask(req: Omit2<WorkerRequest, 'id'>): Promise<WorkerReply> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`Connect worker did not answer ${req.cmd} within 10 s`));
      }, 10_000);
      this.#waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.send({ ...req, id } as WorkerRequest);
    });
  }

  async stats(): Promise<WorkerStats> {
    return (await this.#ask({ cmd: 'stats' })).stats!;
  }

  async forget(connectors: string[]): Promise<void> {
    await this.#ask({ cmd: 'forget', connectors });
  }

  /** CPU seconds (all threads) the worker process has used so far (NaN where /proc is missing). */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  log(): string {
    return this.stderr.join('');
  }

  /** SIGTERM (tasks stop, the profile is written), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    this.child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  }
}
