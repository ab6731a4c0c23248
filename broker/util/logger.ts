/**
 * Log lines in the layout Kafka's log4j config prints, so a Kafka user reads them at a glance:
 *   [2026-11-22 20:14:52,123] INFO Accepted connection from 127.0.0.1:53022 (network)
 * Output goes to stderr; stdout is kept for the one "ready" line and for tools' data.
 */
export type Level = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
const ORDER: Record<Level, number> = { ERROR: 0, WARN: 1, INFO: 2, DEBUG: 3 };

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
  child(component: string): Logger;
}

function stamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

export function createLogger(
  component = 'broker',
  level: Level = (process.env.TRIBUTARY_LOG_LEVEL?.toUpperCase() as Level | undefined) ?? 'INFO',
  sink: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const max = ORDER[level] ?? ORDER.INFO;
  const emit = (l: Level, msg: string): void => {
    if (ORDER[l] <= max) sink(`[${stamp(new Date())}] ${l} ${msg} (${component})`);
  };
  return {
    error: (m) => emit('ERROR', m),
    warn: (m) => emit('WARN', m),
    info: (m) => emit('INFO', m),
    debug: (m) => emit('DEBUG', m),
    child: (c) => createLogger(c, level, sink),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = {
  error() {}, warn() {}, info() {}, debug() {},
  child() { return silentLogger; },
};
