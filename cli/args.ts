/**
 * Shared command-line parsing for the `tributary` subcommands, on Node's own util.parseArgs.
 * Errors are thrown as UsageError, which main prints with the subcommand's usage and exit code 1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseProperties } from '../broker/config/spec.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: string[], options: O): ReturnType<typeof parseArgs<{ options: O; args: string[]; allowPositionals: false; strict: true }>>['values'] {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values as never;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A file named by a flag, as text; a usage error naming the flag when it cannot be read. */
export function readTextFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${flag} ${path}: ${(err as Error).message}`);
  }
}

/**
 * The settings of a server command: the `--config` properties file, then the `--override k=v`
 * pairs (later wins). The command then applies its own flags (--port, ...) on top.
 */
export function configSettings(configFile: string | undefined, overrides: readonly string[] | undefined): Map<string, string> {
  const settings = new Map<string, string>();
  if (configFile) for (const [k, v] of parseProperties(readTextFile('--config', configFile))) settings.set(k, v);
  for (const [k, v] of keyValues('--override', overrides)) settings.set(k, v);
  return settings;
}

/** Splits repeated `k=v` options into a map; a pair without '=' is a usage error naming the flag. */
export function keyValues(flag: string, pairs: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of pairs ?? []) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag} expects key=value, got '${p}'`);
    out.set(p.slice(0, i).trim(), p.slice(i + 1));
  }
  return out;
}

export function intOption(flag: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} expects an integer >= ${min}, got '${v}'`);
  return Number(v);
}

/**
 * For commands with action flags (kafka-topics style): the one action among `actions` that is set
 * in `values` (a usage error unless exactly one is), and `only`, which refuses a flag that is set
 * but does not go with that action.
 */
export function oneAction<A extends string>(values: Partial<Record<A, unknown>>, actions: readonly A[]): {
  action: A;
  only: (flag: string, set: boolean, allowed: readonly A[]) => void;
} {
  const set = actions.filter((a) => values[a] === true);
  if (set.length !== 1) {
    const flags = actions.map((a) => `--${a}`);
    throw new UsageError(`Command must include exactly one action: ${flags.slice(0, -1).join(', ')} or ${flags[flags.length - 1]}`);
  }
  const action = set[0];
  return {
    action,
    only: (flag, isSet, allowed) => {
      if (isSet && !allowed.includes(action)) throw new UsageError(`Option --${flag} can't be used with option --${action}`);
    },
  };
}
