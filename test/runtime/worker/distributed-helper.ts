// Shared by the distributed-mode tests: a broker that accepts short group session timeouts,
// worker settings for a fast worker group, and a worker in a child process (to SIGKILL it).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { removeDir, startBroker } from '../../helpers/broker.js';
import type { TestBroker } from './worker-helper.js';

/** Kafka-backed stores (hence a worker group), short timeouts, frequent offset commits. */
export const DISTRIBUTED: Readonly<Record<string, string>> = {
  'storage.mode': 'kafka', 'session.timeout.ms': '2000', 'heartbeat.interval.ms': '200', 'rebalance.timeout.ms': '10000', 'offset.flush.interval.ms': '200',
};

/** A broker that accepts the short session timeouts of these tests. */
export async function distributedBroker(): Promise<TestBroker> {
  const { broker, dir } = await startBroker({ settings: { 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '500' } });
  return { broker, bootstrap: broker.bootstrap, close: async () => { await broker.close(); removeDir(dir); } };
}

export interface ChildWorker {
  readonly process: ChildProcess;
  readonly url: string;
  readonly workerId: string;
}

/** A worker (testWorker with `settings`) in its own process; resolves once it has started. */
export function childWorker(bootstrap: string, settings: Readonly<Record<string, string>>): Promise<ChildWorker> {
  const main = fileURLToPath(new URL('./distributed-child.js', import.meta.url));
  const child = spawn(process.execPath, [main, bootstrap, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolve({ process: child, ...(JSON.parse(line) as { url: string; workerId: string }) });
    });
    child.once('exit', (code, signal) => reject(new Error(`the child worker exited (${code ?? signal}) before it started`)));
  });
}
