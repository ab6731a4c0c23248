/**
 * The registry under test as a child process (registry-child.ts), pointed at a broker child.
 * Its URL comes from the child's ready line.
 */
import type { ChildProcess } from 'node:child_process';
import { processCpuSeconds } from './broker-process.js';
import { startChild, stopChild } from './child-process.js';

const READY = /^registry ready at (\S+)$/;

export class RegistryProcess {
  private constructor(private readonly child: ChildProcess, readonly url: string, private readonly stderr: string[]) {}

  get pid(): number { return this.child.pid!; }

  /** With `cpuProfileDir`, the child runs under `node --cpu-prof` and writes its profile there on exit. */
  static async start(childPath: string, bootstrap: string, opts: { cpuProfileDir?: string; timeoutMs?: number } = {}): Promise<RegistryProcess> {
    const { child, ready, stderr } = await startChild({
      name: 'registry', args: [childPath, bootstrap], ready: READY, timeoutMs: opts.timeoutMs ?? 30_000, cpuProfileDir: opts.cpuProfileDir,
    });
    return new RegistryProcess(child, ready[1]!, stderr);
  }

  /** CPU seconds the registry process has used so far (NaN where /proc is missing). */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  log(): string {
    return this.stderr.join('');
  }

  /** SIGTERM, SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await stopChild(this.child, timeoutMs);
  }
}
