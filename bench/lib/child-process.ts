/**
 * What the benchmarks' child processes (broker, registry, Connect worker) have in common: each is
 * `node [--cpu-prof] <script> <args>`, announces itself with one ready line on stdout, logs to
 * stderr (the last chunks are kept for error reports) and stops cleanly on SIGTERM (SIGKILL after
 * a timeout; a clean exit is also when a CPU profile is written).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildOptions {
  /** Names the child in errors: "broker", "registry", "Connect worker". */
  readonly name: string;
  /** The script and its arguments (after node's own options). */
  readonly args: readonly string[];
  /** The stdout line that says the child is ready; its match is handed back. */
  readonly ready: RegExp;
  readonly timeoutMs: number;
  /** Run under `node --cpu-prof`, writing the profile into this directory on exit. */
  readonly cpuProfileDir?: string | undefined;
  /** Open an IPC channel (child.send / 'message'). */
  readonly ipc?: boolean;
  /** Called at once with the spawned child (before it is ready), e.g. to track it for cleanup. */
  readonly onSpawn?: (child: ChildProcess) => void;
  /** Every chunk of stderr as it arrives (after it was added to the kept tail). */
  readonly onStderr?: (chunk: string) => void;
}

export interface StartedChild {
  readonly child: ChildProcess;
  /** The match of `ready` on the ready line. */
  readonly ready: RegExpExecArray;
  /** The last chunks of stderr, kept up to date while the child runs. */
  readonly stderr: string[];
}

const STDERR_CHUNKS_KEPT = 50;

/** Spawns the child and resolves once its ready line came; rejects (and kills it) on a timeout, or when it exits first. */
export function startChild(o: ChildOptions): Promise<StartedChild> {
  const profile = o.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`];
  const child = spawn(process.execPath, [...profile, ...o.args], { stdio: ['ignore', 'pipe', 'pipe', ...(o.ipc === true ? ['ipc' as const] : [])] });
  o.onSpawn?.(child);
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    stderr.push(s);
    if (stderr.length > STDERR_CHUNKS_KEPT) stderr.shift();
    o.onStderr?.(s);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${o.name} did not start within ${o.timeoutMs} ms:\n${stderr.join('')}`));
    }, o.timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = o.ready.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve({ child, ready: m, stderr });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${o.name} exited during start (code ${code}, signal ${signal}):\n${stderr.join('')}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** SIGTERM, SIGKILL after `timeoutMs`; resolves with the exit code once the child has exited. */
export function stopChild(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
