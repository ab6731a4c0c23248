/**
 * Child-process entry for the registry bench: `node build/bench/lib/registry-child.js <bootstrap>`
 * starts a registry on a free loopback port, storing in the broker at <bootstrap>, and prints
 * one line `registry ready at <url>` on stdout. SIGTERM closes it cleanly and exits.
 * It runs in its own process so that the server and the load generator each get a core.
 */
import { Registry } from '../../registry/server.js';
import { silentLogger } from '../../registry/logger.js';

const bootstrap = process.argv[2];
if (bootstrap === undefined) {
  process.stderr.write('usage: registry-child.js <bootstrap host:port>\n');
  process.exit(2);
}
const registry = await Registry.start({
  settings: { listeners: 'http://127.0.0.1:0', 'kafkastore.bootstrap.servers': bootstrap, 'kafkastore.topic.replication.factor': '1' },
  log: silentLogger,
});
process.stdout.write(`registry ready at ${registry.url}\n`);
process.once('SIGTERM', () => {
  void registry.close().finally(() => process.exit(0));
});
