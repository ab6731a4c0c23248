/**
 * The command-line plumbing the benchmark entry points (bench/*.ts) share: integer options,
 * --help and usage errors, and cleanup on Ctrl-C.
 */

/** A bad command-line option: readOptions() prints its message with the usage. */
export class UsageError extends Error {}

/** The integer value of option `--name` (`1_000_000` allowed), `def` when it is absent; UsageError below `min`. */
export function intOption(name: string, s: string | undefined, def: number, min = 1): number {
  if (s === undefined) return def;
  const n = Number(s.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got '${s}'`);
  return n;
}

/**
 * The options from `parse` (which returns null for --help), or the exit code once the usage was
 * printed: 0 after --help, 2 after a bad option (a UsageError, or the TypeError of node:util parseArgs).
 */
export function readOptions<O>(parse: (argv: string[]) => O | null, usage: string, argv = process.argv.slice(2)): O | number {
  let o: O | null;
  try {
    o = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof TypeError)) throw err;
    console.error(`Error: ${err.message}\n\n${usage}`);
    return 2;
  }
  if (o === null) {
    console.log(usage);
    return 0;
  }
  return o;
}

/** Until the returned function is called, SIGINT and SIGTERM run `cleanup`, then exit with 130. */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  const handler = (): void => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
