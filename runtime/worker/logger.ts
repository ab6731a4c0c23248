/**
 * The worker's loggers: named, hierarchical (dot-separated, like log4j's), with levels that can be
 * changed at run time through GET/PUT /admin/loggers. Lines use the layout of Kafka's log4j config,
 * so a Kafka user reads them at a glance:
 *   [2026-11-22 20:14:52,123] INFO Created connector file-src (org.apache.kafka.connect.runtime.Worker)
 *
 * Contract:
 * - `LoggerRegistry.logger(name)` returns the same Logger for the same name; its effective level
 *   is the level set on the nearest named ancestor (`a.b` for `a.b.c`), else the root level.
 * - `setLevel(namespace, level)` sets the level of `namespace` and of every known logger below it
 *   (Connect's semantics) and returns the names it changed, sorted. `root` changes every logger.
 * - Output goes to one sink (stderr by default; tests pass their own).
 */

export const LOG_LEVELS = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const RANK: Record<LogLevel, number> = { OFF: 0, FATAL: 1, ERROR: 2, WARN: 3, INFO: 4, DEBUG: 5, TRACE: 6 };

export interface Logger {
  readonly name: string;
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
  trace(msg: string): void;
  /** A logger named `<this name>.<component>`. */
  child(component: string): Logger;
  isEnabled(level: LogLevel): boolean;
}

export const ROOT_LOGGER = 'root';

/** A level name as the REST API accepts it (any case), or undefined if it is not one. */
export function parseLogLevel(s: string): LogLevel | undefined {
  const up = s.trim().toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(up) ? (up as LogLevel) : undefined;
}

function stamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

interface Explicit {
  level: LogLevel;
  lastModified: number | null;
}

export class LoggerRegistry {
  readonly #loggers = new Map<string, Logger>();
  readonly #explicit = new Map<string, Explicit>();
  readonly #listeners = new Set<(namespace: string, level: LogLevel) => void>();
  #root: Explicit;

  constructor(
    rootLevel: LogLevel = parseLogLevel(process.env.TRIBUTARY_LOG_LEVEL ?? '') ?? 'INFO',
    private readonly sink: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {
    this.#root = { level: rootLevel, lastModified: null };
  }

  logger(name: string): Logger {
    let l = this.#loggers.get(name);
    if (l === undefined) {
      l = this.#make(name);
      this.#loggers.set(name, l);
    }
    return l;
  }

  /** The effective level of a logger name. */
  level(name: string): LogLevel {
    if (name === ROOT_LOGGER) return this.#root.level;
    for (let n: string | undefined = name; n !== undefined; n = parent(n)) {
      const e = this.#explicit.get(n);
      if (e !== undefined) return e.level;
    }
    return this.#root.level;
  }

  /** Known logger names (created or given a level), sorted. */
  names(): string[] {
    return [...new Set([...this.#loggers.keys(), ...this.#explicit.keys()])].sort();
  }

  /** GET /admin/loggers/{name}: undefined for an unknown name. */
  describe(name: string): { level: LogLevel; last_modified: number | null } | undefined {
    if (name === ROOT_LOGGER) return { level: this.#root.level, last_modified: this.#root.lastModified };
    if (!this.#loggers.has(name) && !this.#explicit.has(name)) return undefined;
    return { level: this.level(name), last_modified: this.#explicit.get(name)?.lastModified ?? null };
  }

  /** GET /admin/loggers: root and every logger with a level of its own. */
  describeAll(): Record<string, { level: LogLevel; last_modified: number | null }> {
    const out: Record<string, { level: LogLevel; last_modified: number | null }> = {};
    out[ROOT_LOGGER] = { level: this.#root.level, last_modified: this.#root.lastModified };
    for (const name of [...this.#explicit.keys()].sort()) out[name] = this.describe(name)!;
    return out;
  }

  /** Writes a line formatted elsewhere (a task thread's logger) to this registry's output. */
  write(line: string): void {
    this.sink(line);
  }

  /** The levels set so far (root first), to give a task thread's registry the same ones. */
  levels(): Array<[string, LogLevel]> {
    return [[ROOT_LOGGER, this.#root.level], ...[...this.#explicit].map(([n, e]): [string, LogLevel] => [n, e.level])];
  }

  /** Calls `fn` after every setLevel (task threads follow the worker's levels); returns an unsubscribe. */
  onLevelChange(fn: (namespace: string, level: LogLevel) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Sets `namespace` and every known logger below it; returns the changed names, sorted. */
  setLevel(namespace: string, level: LogLevel): string[] {
    for (const fn of this.#listeners) fn(namespace, level);
    const now = Date.now();
    if (namespace === ROOT_LOGGER) {
      this.#root = { level, lastModified: now };
      const all = this.names();
      for (const n of all) this.#explicit.set(n, { level, lastModified: now });
      return [ROOT_LOGGER, ...all].sort();
    }
    const affected = this.names().filter((n) => n === namespace || n.startsWith(`${namespace}.`));
    if (!affected.includes(namespace)) affected.push(namespace);
    for (const n of affected) this.#explicit.set(n, { level, lastModified: now });
    return affected.sort();
  }

  #make(name: string): Logger {
    const emit = (l: LogLevel, msg: string): void => {
      if (RANK[l] <= RANK[this.level(name)]) this.sink(`[${stamp(new Date())}] ${l} ${msg} (${name})`);
    };
    return {
      name,
      error: (m) => emit('ERROR', m),
      warn: (m) => emit('WARN', m),
      info: (m) => emit('INFO', m),
      debug: (m) => emit('DEBUG', m),
      trace: (m) => emit('TRACE', m),
      child: (c) => this.logger(`${name}.${c}`),
      isEnabled: (l) => l !== 'OFF' && RANK[l] <= RANK[this.level(name)],
    };
  }
}

function parent(name: string): string | undefined {
  const i = name.lastIndexOf('.');
  return i <= 0 ? undefined : name.slice(0, i);
}

/** A registry whose lines go nowhere (tests that do not look at logs). */
export function silentLoggers(): LoggerRegistry {
  return new LoggerRegistry('OFF', () => {});
}
