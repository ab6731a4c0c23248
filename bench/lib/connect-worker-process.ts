/**
 * A Connect worker under test in a child process (connect-worker-child.ts): its REST URL from the
 * ready line, its task counters over IPC, its CPU time from /proc, and optionally a V8 CPU
 * profile written when it exits.
 */
import type { ChildProcess } from 'node:child_process';
import { processCpuSeconds } from './broker-process.js';
import { startChild, stopChild } from './child-process.js';
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

  static async start(childPath: string, bootstrap: string, settings: Record<string, string>, opts: { cpuProfileDir?: string; timeoutMs?: number } = {}): Promise<WorkerProcess> {
    const { child, ready, stderr } = await startChild({
      name: 'Connect worker', args: [childPath, bootstrap, JSON.stringify(settings)], ready: READY, ipc: true,
      timeoutMs: opts.timeoutMs ?? 30_000, cpuProfileDir: opts.cpuProfileDir,
    });
    return new WorkerProcess(child, ready[1]!, stderr);
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
    await stopChild(this.child, timeoutMs);
  }
}
