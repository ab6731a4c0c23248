/**
 * Child-process entry for the Connect benchmark: `node build/bench/lib/connect-worker-child.js
 * <bootstrap> [settings JSON]` starts a standalone Connect worker (state in memory, REST API on
 * a free loopback port) with the instrumented datagen and FileStreamSink (connect-instrumented.ts)
 * and prints one line `connect worker ready at <url>` on stdout.
 * Over the IPC channel it answers {cmd: 'stats'} with the counters of its tasks and obeys
 * {cmd: 'forget', connectors}. SIGTERM closes the worker (tasks stop with a last commit) and exits.
 */
import { ConnectWorker } from '../../runtime/worker/connect-worker.js';
import { LoggerRegistry } from '../../runtime/worker/logger.js';
import { forget, instrumentedPlugins, stats } from './connect-instrumented.js';

export type WorkerRequest = { cmd: 'stats'; id: number } | { cmd: 'forget'; id: number; connectors: string[] };
export interface WorkerReply { id: number; stats?: ReturnType<typeof stats>; ok?: boolean }

const bootstrap = process.argv[2];
if (bootstrap === undefined) {
  process.stderr.write('usage: connect-worker-child.js <bootstrap host:port> [settings JSON]\n');
  process.exit(2);
}
const extra = JSON.parse(process.argv[3] ?? '{}') as Record<string, string>;
const worker = await ConnectWorker.start({
  settings: {
    'bootstrap.servers': bootstrap, listeners: 'http://127.0.0.1:0', 'storage.mode': 'memory',
    'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
    ...extra,
  },
  connectorPlugins: instrumentedPlugins,
  loggers: new LoggerRegistry('WARN', (line) => process.stderr.write(`${line}\n`)),
});
process.on('message', (m: WorkerRequest) => {
  const reply: WorkerReply = { id: m.id };
  if (m.cmd === 'stats') reply.stats = stats();
  else if (m.cmd === 'forget') {
    forget(m.connectors);
    reply.ok = true;
  }
  process.send?.(reply);
});
process.stdout.write(`connect worker ready at ${worker.url}\n`);
process.once('SIGTERM', () => {
  void worker.close().finally(() => process.exit(0));
});
