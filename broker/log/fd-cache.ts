// Process-wide LRU of read-only file descriptors for CLOSED segments' .log files.
// The active segment of each partition keeps its own fd (not counted here); reads of older
// segments open lazily through this cache, so the number of fds stays bounded however many
// partitions and segments there are. The broker is single-threaded and every use of an fd
// returned by get() completes synchronously before the next get(), so an eviction can never
// close an fd that is in use.
import * as fs from 'node:fs';

export class FdCache {
  private readonly fds = new Map<string, number>();

  constructor(private capacity: number) {
    if (capacity < 1) throw new RangeError('FdCache capacity must be at least 1');
  }

  get size(): number {
    return this.fds.size;
  }

  setCapacity(capacity: number): void {
    if (capacity < 1) throw new RangeError('FdCache capacity must be at least 1');
    this.capacity = capacity;
    this.evict();
  }

  /** An open fd for `path`, opened read-only on a miss; marks it most recently used. */
  get(path: string): number {
    let fd = this.fds.get(path);
    if (fd !== undefined) {
      this.fds.delete(path);
    } else {
      fd = fs.openSync(path, 'r');
    }
    this.fds.set(path, fd);
    this.evict();
    return fd;
  }

  /** Takes ownership of an already-open fd for `path` (a segment that was just rolled). */
  adopt(path: string, fd: number): void {
    const old = this.fds.get(path);
    if (old !== undefined && old !== fd) fs.closeSync(old);
    this.fds.delete(path);
    this.fds.set(path, fd);
    this.evict();
  }

  /** Closes and forgets the fd for `path`, if cached. */
  release(path: string): void {
    const fd = this.fds.get(path);
    if (fd !== undefined) {
      this.fds.delete(path);
      fs.closeSync(fd);
    }
  }

  private evict(): void {
    while (this.fds.size > this.capacity) {
      const [path, fd] = this.fds.entries().next().value as [string, number];
      this.fds.delete(path);
      fs.closeSync(fd);
    }
  }
}

/** Shared by every PartitionLog in the process. */
export const closedSegmentFds = new FdCache(64);
