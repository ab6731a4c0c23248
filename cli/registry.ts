/**
 * `tributary registry`: runs the schema registry in the foreground until SIGINT/SIGTERM.
 * Prints exactly one line on stdout when it serves requests; logs go to stderr.
 */
import { createLogger } from '../broker/util/logger.js';
import { RegistryConfigError } from '../registry/config.js';
import { Registry } from '../registry/server.js';
import { configSettings, intOption, parse, UsageError } from './args.js';

export const usage = `Usage: tributary registry --bootstrap-server HOST:PORT [--port 8081] [--config schema-registry.properties] [--override key=value ...]

Runs the Confluent-compatible schema registry in the foreground, storing schemas in the
compacted _schemas topic of the given Kafka cluster. Settings use Confluent's names
(listeners, kafkastore.bootstrap.servers, kafkastore.topic, kafkastore.timeout.ms,
schema.compatibility.level, mode.mutability, host.name, schema.registry.group.id,
leader.eligibility, ...); later sources win: --config file, then --override pairs, then
--bootstrap-server (kafkastore.bootstrap.servers) and --port (listeners).`;

export async function main(argv: string[]): Promise<number> {
  const o = parse(argv, {
    'bootstrap-server': { type: 'string' },
    port: { type: 'string' },
    config: { type: 'string' },
    override: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) { console.log(usage); return 0; }
  const settings = configSettings(o.config, o.override);
  if (o['bootstrap-server']) settings.set('kafkastore.bootstrap.servers', o['bootstrap-server']);
  if (!settings.get('kafkastore.bootstrap.servers')) {
    throw new UsageError('--bootstrap-server is required (or kafkastore.bootstrap.servers in --config / --override)');
  }
  const port = intOption('--port', o.port);
  if (port !== undefined) {
    const host = /^https?:\/\/(.*):\d+\/?$/.exec(settings.get('listeners')?.split(',')[0]?.trim() ?? '')?.[1] ?? '0.0.0.0';
    settings.set('listeners', `http://${host}:${port}`);
  }
  let registry: Registry;
  try {
    registry = await Registry.start({ settings, log: createLogger('registry') });
  } catch (err) {
    if (err instanceof RegistryConfigError) throw new UsageError(err.message);
    throw err;
  }
  console.log(`Schema registry started: listening on ${registry.url}, schemas in topic ${registry.config.topic} on ${registry.config.bootstrapServers.join(',')}`);
  await new Promise<void>((done) => {
    const stop = (signal: string): void => {
      process.stderr.write(`Received ${signal}, shutting down\n`);
      void registry.close().then(done);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
