/**
 * The broker under test, run as a child process (`node build/cli/main.js broker`) so that it
 * and the benchmark's client each have a core. It binds an ephemeral loopback port
 * (`--port 0`, listeners=PLAINTEXT://127.0.0.1:0); the port comes from its ready line:
 *   "Kafka broker started: ... listening on 127.0.0.1:PORT, advertised as HOST:PORT, ..."
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { startChild, stopChild } from './child-process.js';

export interface BrokerProcessOptions {
  /** build/cli/main.js */
  cliPath: string;
  dataDir: string;
  /** Extra `--override key=value` settings. */
  overrides?: Record<string, string>;
  /** Write a V8 CPU profile (node --cpu-prof) into this directory when the broker exits. */
  cpuProfileDir?: string;
  startTimeoutMs?: number;
}

const READY = /listening on (\S+):(\d+), advertised as (\S+):(\d+)/;

export class BrokerProcess {
  /** Every broker child started and not yet exited (for cleanup on Ctrl-C, even mid-start). */
  private static readonly live = new Set<ChildProcess>();

  private constructor(
    private readonly child: ChildProcess,
    readonly host: string,
    readonly port: number,
    private readonly stderrTail: string[],
    private readonly lineListeners: Set<(line: string) => void>,
  ) {}

  get pid(): number { return this.child.pid!; }
  get bootstrap(): string { return `${this.host}:${this.port}`; }

  static async start(opts: BrokerProcessOptions): Promise<BrokerProcess> {
    const args = [opts.cliPath, 'broker', '--data-dir', opts.dataDir, '--port', '0', '--override', 'listeners=PLAINTEXT://127.0.0.1:0'];
    for (const [k, v] of Object.entries(opts.overrides ?? {})) args.push('--override', `${k}=${v}`);
    const lineListeners = new Set<(line: string) => void>();
    let partialLine = '';
    const { child, ready, stderr } = await startChild({
      name: 'broker', args, ready: READY, timeoutMs: opts.startTimeoutMs ?? 15000, cpuProfileDir: opts.cpuProfileDir,
      onSpawn: (c) => {
        BrokerProcess.live.add(c);
        c.once('exit', () => BrokerProcess.live.delete(c));
      },
      onStderr: (s) => {
        if (lineListeners.size === 0) {
          partialLine = '';
          return;
        }
        const lines = (partialLine + s).split('\n');
        partialLine = lines.pop()!;
        for (const line of lines) for (const fn of lineListeners) fn(line);
      },
    });
    return new BrokerProcess(child, ready[3]!, Number(ready[4]), stderr, lineListeners);
  }

  /** SIGTERMs every broker child still running and waits for them to exit (SIGKILL after `timeoutMs`). */
  static async stopAll(timeoutMs = 10000): Promise<void> {
    await Promise.all([...BrokerProcess.live].map((child) => stopChild(child, timeoutMs)));
  }

  /** CPU seconds (user + system, all threads) the broker process has used so far; NaN where /proc is missing. */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  /** CPU seconds of the broker's main (JavaScript) thread only; NaN where /proc is missing. */
  mainThreadCpuSeconds(): number {
    return threadCpuSeconds(this.pid, this.pid);
  }

  /** Resident set size in bytes (NaN where /proc is missing). */
  rssBytes(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) * 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  /** Recent stderr output of the broker (its log), for error reports. */
  log(): string {
    return this.stderrTail.join('');
  }

  /**
   * Calls `fn` with every complete line the broker logs (stderr) from now on, as it arrives;
   * returns the function that unsubscribes. (Lines are only split while someone listens.)
   */
  onLogLine(fn: (line: string) => void): () => void {
    this.lineListeners.add(fn);
    return () => this.lineListeners.delete(fn);
  }

  /** SIGTERM (clean shutdown: the CPU profile is written on exit), SIGKILL after a timeout; the exit code. */
  stop(timeoutMs = 20000): Promise<number | null> {
    return stopChild(this.child, timeoutMs);
  }
}

/**
 * On-CPU time of one thread in seconds, from /proc/PID/task/TID/schedstat (nanoseconds, so
 * precise even over short intervals, unlike the 10 ms ticks of /proc/PID/stat).
 */
export function threadCpuSeconds(pid: number, tid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return NaN;
  }
}

/** On-CPU time of all threads of a process (the JavaScript thread, GC helpers, libuv pool), in seconds. */
export function processCpuSeconds(pid: number): number {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const t = threadCpuSeconds(pid, Number(tid));
      if (Number.isFinite(t)) total += t;
    }
    return total;
  } catch {
    return NaN;
  }
}
