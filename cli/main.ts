#!/usr/bin/env node
/**
 * The `tributary` command: one binary with Kafka-style subcommands.
 */
import { UsageError } from './args.js';

interface Command { readonly summary: string; load(): Promise<{ main(argv: string[]): Promise<number>; usage: string }> }

const commands: Record<string, Command> = {
  broker: { summary: 'run the single-node Kafka-protocol broker', load: () => import('./broker.js') },
  registry: { summary: 'run the Confluent-compatible schema registry (schemas in the _schemas topic)', load: () => import('./registry.js') },
  topics: { summary: 'create, list, describe, alter and delete topics (like kafka-topics)', load: () => import('./topics.js') },
  produce: { summary: 'send lines from stdin to a topic (like kafka-console-producer)', load: () => import('./produce.js') },
  consume: { summary: 'print records of a topic, alone or in a consumer group (like kafka-console-consumer)', load: () => import('./consume.js') },
  groups: { summary: 'list, describe, reset the offsets of and delete consumer groups (like kafka-consumer-groups)', load: () => import('./groups.js') },
  worker: { summary: 'run a Kafka Connect worker (REST API on 8083, bundled connectors, converters, transforms)', load: () => import('./worker.js') },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return `Usage: tributary <command> [options]\n\nCommands:\n${Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`).join('\n')}\n\nRun 'tributary <command> --help' for a command's options.`;
}

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`Unknown command '${name}'.\n\n${help()}`);
    return 1;
  }
  const mod = await cmd.load();
  try {
    return await mod.main(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`Error: ${err.message}\n\n${mod.usage}`);
      return 1;
    }
    console.error(`Error: ${(err as Error).message}`);
    return 1;
  }
}

run(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
