/**
 * The logger the storage and cluster code writes to. The runtime must not import broker/ or
 * registry/ (lint rule), so this is the runtime's own copy of the shape every logger in this
 * package has (error/warn/info/debug/child); the worker passes its logger, tests a silent one.
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
