/**
 * The offset store of a standalone worker (and of tests): offsets in this process only (Connect's
 * standalone worker keeps them in a file; a file-backed store can wrap this one).
 */
import type { SourceOffset, SourcePartition } from '../api/index.js';
import { OffsetState } from './offset-state.js';
import type { OffsetEntry, OffsetStore } from './stores.js';

export class MemoryOffsetStore implements OffsetStore {
  private readonly state = new OffsetState();

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<(SourceOffset | null)[]> {
    return partitions.map((p) => this.state.get(connector, p));
  }

  async set(connector: string, entries: readonly OffsetEntry[]): Promise<void> {
    for (const e of entries) this.state.apply(connector, e.partition, e.offset);
  }

  async all(connector: string): Promise<OffsetEntry[]> {
    return this.state.all(connector);
  }
}
