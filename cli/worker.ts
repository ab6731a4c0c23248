/**
 * `tributary worker`: runs a Kafka Connect worker in the foreground until SIGINT/SIGTERM, with
 * the bundled connectors (FileStreamSource/Sink, Datagen). Prints exactly one line on stdout when
 * its REST API serves requests; logs go to stderr.
 */
import { parseProperties } from '../broker/config/spec.js';
import { plugins as datagenPlugins } from '../connectors/datagen/index.js';
import { plugins as filePlugins } from '../connectors/file/index.js';
import { ConfigException } from '../runtime/api/errors.js';
import { ConnectWorker } from '../runtime/worker/connect-worker.js';
import { configSettings, intOption, parse, readTextFile, UsageError } from './args.js';
import { bootstrapServers } from './tools/kafka.js';

export const usage = `Usage: tributary worker --bootstrap-server HOST:PORT [--port 8083] [--config worker.properties] [--override key=value ...]
                        [--standalone] [--connector connector.properties|connector.json ...]

Runs a Kafka Connect worker in the foreground: Kafka Connect's REST API (default port 8083),
the bundled connectors (FileStreamSource, FileStreamSink, Datagen), converters and transforms.
Settings use Kafka Connect's names (bootstrap.servers, group.id, listeners, key.converter,
value.converter, config.storage.topic, offset.storage.topic, status.storage.topic,
offset.flush.interval.ms, task.shutdown.graceful.timeout.ms, ...); later sources win: --config
file, then --override pairs, then --bootstrap-server (bootstrap.servers) and --port (listeners).

  --standalone   keep connector configs, offsets and status in this process only
                 (storage.mode=memory) instead of the compacted storage topics
  --connector F  create (or update) the connector described by F at start: a properties file
                 (name=..., connector.class=...) or a JSON file ({"name", "config"} or a config)`;

export async function main(argv: string[]): Promise<number> {
  const o = parse(argv, {
    'bootstrap-server': { type: 'string' },
    port: { type: 'string' },
    config: { type: 'string' },
    override: { type: 'string', multiple: true },
    standalone: { type: 'boolean' },
    connector: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) { console.log(usage); return 0; }
  const settings: Record<string, string> = Object.fromEntries(configSettings(o.config, o.override));
  if (o['bootstrap-server']) settings['bootstrap.servers'] = bootstrapServers(o['bootstrap-server']).join(',');
  if (!settings['bootstrap.servers']) throw new UsageError('--bootstrap-server is required (or bootstrap.servers in --config / --override)');
  const port = intOption('--port', o.port);
  if (port !== undefined) {
    const host = /^https?:\/\/(.*):\d+\/?$/.exec(settings.listeners?.split(',')[0]?.trim() ?? '')?.[1] ?? '';
    settings.listeners = `http://${host}:${port}`;
  }
  if (o.standalone) settings['storage.mode'] = 'memory';
  const connectors = (o.connector ?? []).map(readConnectorFile);
  let worker: ConnectWorker;
  try {
    worker = await ConnectWorker.start({ settings, connectorPlugins: [...filePlugins, ...datagenPlugins] });
  } catch (err) {
    if (err instanceof ConfigException) throw new UsageError(err.message);
    throw err;
  }
  try {
    for (const c of connectors) await worker.herder.putConnectorConfig(c.name, c.config, true);
  } catch (err) {
    await worker.close();
    throw err;
  }
  const mode = settings['storage.mode'] === 'memory' ? 'state in memory' : `state in ${worker.config.values['config.storage.topic']}, ${worker.config.values['offset.storage.topic']}, ${worker.config.values['status.storage.topic']}`;
  console.log(`Kafka Connect worker started: REST API on ${worker.url}, worker id ${worker.workerId}, group ${worker.config.groupId} on ${worker.config.bootstrapServers.join(',')} (${mode})`);
  await new Promise<void>((done) => {
    const stop = (signal: string): void => {
      process.stderr.write(`Received ${signal}, shutting down\n`);
      void worker.close().then(done);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

/** A connector file: properties (name, connector.class, ...) or JSON ({name, config} or a flat config). */
function readConnectorFile(path: string): { name: string; config: Record<string, string> } {
  const text = readTextFile('--connector', path);
  let config: Record<string, string>;
  if (text.trimStart().startsWith('{')) {
    let json: Record<string, unknown>;
    try { json = JSON.parse(text) as Record<string, unknown>; } catch (err) { throw new UsageError(`--connector ${path} is not valid JSON: ${(err as Error).message}`); }
    const raw = (typeof json.config === 'object' && json.config !== null ? json.config : json) as Record<string, unknown>;
    config = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
    if (typeof json.name === 'string') config.name = json.name;
  } else {
    config = Object.fromEntries(parseProperties(text));
  }
  if (!config.name) throw new UsageError(`--connector ${path} has no connector name (name=...)`);
  return { name: config.name, config };
}
