/**
 * Page-cache pre-warming. On some virtual machines (this benchmark's reference machine is one)
 * guest memory is backed by the host lazily: the first time the kernel hands out a page that
 * was never touched, the write into it costs several times what a write into a recycled page
 * does (measured there: ~300 µs instead of ~30 µs per 110 KB pwrite). The broker's log writes
 * would then measure the VM's first touch of memory rather than the broker. Writing and
 * deleting a scratch file of about the size the run will write leaves that many touched pages on
 * the kernel's free lists, which the log files then reuse.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes and deletes `bytes` of scratch data in `dir`; returns the seconds it took. */
export function prewarmPageCache(dir: string, bytes: number): number {
  if (bytes <= 0) return 0;
  const file = path.join(dir, 'prewarm.tmp');
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  const start = process.hrtime.bigint();
  const fd = fs.openSync(file, 'w');
  try {
    for (let pos = 0; pos < bytes; pos += chunk.length) fs.writeSync(fd, chunk, 0, chunk.length, pos);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}
