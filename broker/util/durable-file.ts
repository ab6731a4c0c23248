/**
 * Small durable-file helpers shared by everything that keeps state next to the logs (topic table,
 * producer-id allocator, producer-state snapshots, segment rolls).
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
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
