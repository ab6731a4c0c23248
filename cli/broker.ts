/**
 * `tributary broker`: runs the single-node broker in the foreground until SIGINT/SIGTERM.
 * Prints exactly one line on stdout when it accepts connections; logs go to stderr.
 */
import { resolve } from 'node:path';
import { Broker } from '../broker/broker.js';
import { configSettings, intOption, parse, UsageError } from './args.js';

export const usage = `Usage: tributary broker --data-dir DIR [--port 9092] [--config server.properties] [--override key=value ...]

Runs a single-node Kafka-protocol broker in the foreground. Settings use Kafka's names
(log.dirs, num.partitions, auto.create.topics.enable, log.segment.bytes, log.retention.hours,
message.max.bytes, socket.request.max.bytes, listeners, advertised.listeners, ...); later sources
win: --config file, then --override pairs, then --data-dir (log.dirs) and --port (listeners).`;

export async function main(argv: string[]): Promise<number> {
  const o = parse(argv, {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    config: { type: 'string' },
    override: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) { console.log(usage); return 0; }
  const settings = configSettings(o.config, o.override);
  if (o['data-dir']) settings.set('log.dirs', resolve(o['data-dir']));
  if (!settings.has('log.dirs') && !settings.has('log.dir')) {
    throw new UsageError('--data-dir is required (or log.dirs in --config / --override)');
  }
  const port = intOption('--port', o.port);
  if (port !== undefined) {
    const host = /^PLAINTEXT:\/\/(.*):\d+$/.exec(settings.get('listeners') ?? '')?.[1] ?? '';
    settings.set('listeners', `PLAINTEXT://${host}:${port}`);
  }
  const broker = await Broker.start({ settings });
  console.log(`Kafka broker started: node ${broker.config.nodeId} of cluster ${broker.clusterId} listening on ${broker.host}:${broker.port}, advertised as ${broker.bootstrap}, data in ${broker.config.logDir}`);
  await new Promise<void>((done) => {
    const stop = (signal: string): void => {
      process.stderr.write(`Received ${signal}, shutting down\n`);
      void broker.close().then(done);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
