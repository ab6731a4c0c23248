/**
 * The logger the registry writes to. Registry code must not import broker/, so this is the
 * registry's own copy of the shape; the command line passes the process's logger (the same
 * log4j-like lines as the broker's), tests pass a silent or capturing one.
 */
export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
  child(component: string): Logger;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  error() {}, warn() {}, info() {}, debug() {},
  child() { return silentLogger; },
};
