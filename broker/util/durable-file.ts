/**
 * Small durable-file helpers shared by everything that keeps state next to the logs (topic table,
 * producer-id allocator, producer-state snapshots, segment rolls).
 */
import { closeSync, fsync, fsyncSync, openSync, promises as fsp, renameSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname } from 'node:path';

/** fsyncs a directory, so that file creations, renames and deletions in it survive power loss. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` with `data` so that a crash leaves either the old or the new content, never a
 * torn mix: write a temporary file, fsync it, rename it over `path`, fsync the directory.
 */
export function writeFileAtomically(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp`;
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const fd = openSync(tmp, 'w');
  try {
    let done = 0;
    while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncDir(dirname(path));
}

const fsyncAsync = promisify(fsync);

/** fsyncs a file or directory without blocking the event loop. */
export async function fsyncPathAsync(path: string): Promise<void> {
  const fh = await fsp.open(path, 'r');
  try {
    await fsyncAsync(fh.fd);
  } finally {
    await fh.close();
  }
}

/** writeFileAtomically without blocking the event loop (for background work such as the cleaner). */
export async function writeFileAtomicallyAsync(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.tmp`;
  await fsp.writeFile(tmp, data);
  await fsyncPathAsync(tmp);
  await fsp.rename(tmp, path);
  await fsyncPathAsync(dirname(path));
}
