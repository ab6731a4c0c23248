/**
 * The registry under test as a child process (registry-child.ts), pointed at a broker child.
 * Its URL comes from the child's ready line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { processCpuSeconds } from './broker-process.js';

const READY = /^registry ready at (\S+)$/;

export class RegistryProcess {
  private constructor(private readonly child: ChildProcess, readonly url: string, private readonly stderr: string[]) {}

  get pid(): number { return this.child.pid!; }

  /** With `cpuProfileDir`, the child runs under `node --cpu-prof` and writes its profile there on exit. */
  static start(childPath: string, bootstrap: string, opts: { cpuProfileDir?: string; timeoutMs?: number } = {}): Promise<RegistryProcess> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const args = opts.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`];
    const child = spawn(process.execPath, [...args, childPath, bootstrap], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => {
      stderr.push(s);
      if (stderr.length > 50) stderr.shift();
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`registry did not start within ${timeoutMs} ms:\n${stderr.join('')}`));
      }, timeoutMs);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = READY.exec(line);
        if (!m) return;
        clearTimeout(timer);
        resolve(new RegistryProcess(child, m[1]!, stderr));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`registry exited during start (code ${code}, signal ${signal}):\n${stderr.join('')}`));
      });
    });
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
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    this.child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  }
}
