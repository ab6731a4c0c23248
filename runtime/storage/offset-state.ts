/**
 * Source offsets by connector and partition, shared by the in-memory and Kafka offset stores.
 * The latest write per partition wins (by content, see `partitionId`); null removes it. The
 * raw key a partition was last read with is kept, so a later write reuses those exact bytes:
 * it then lands in the same topic partition and compaction drops the older record.
 */
import type { SourceOffset, SourcePartition } from '../api/index.js';
import { partitionId } from './offset-records.js';
import type { OffsetEntry } from './stores.js';

interface Stored {
  readonly partition: SourcePartition;
  readonly offset: SourceOffset;
}

export class OffsetState {
  private readonly connectors = new Map<string, Map<string, Stored>>();
  private readonly rawKeys = new Map<string, Buffer>();

  apply(connector: string, partition: SourcePartition, offset: SourceOffset | null, rawKey?: Buffer): void {
    const id = partitionId(partition);
    if (rawKey) this.rawKeys.set(`${connector}\u0000${id}`, rawKey);
    let stored = this.connectors.get(connector);
    if (offset === null) {
      stored?.delete(id);
      if (stored?.size === 0) this.connectors.delete(connector);
      return;
    }
    if (!stored) this.connectors.set(connector, stored = new Map());
    stored.set(id, { partition: Object.freeze({ ...partition }), offset: Object.freeze({ ...offset }) });
  }

  get(connector: string, partition: SourcePartition): SourceOffset | null {
    return this.connectors.get(connector)?.get(partitionId(partition))?.offset ?? null;
  }

  all(connector: string): OffsetEntry[] {
    return [...(this.connectors.get(connector)?.values() ?? [])].map(({ partition, offset }) => ({ partition, offset }));
  }

  /** The key bytes this partition was last seen with in the topic, if any. */
  rawKey(connector: string, partition: SourcePartition): Buffer | undefined {
    return this.rawKeys.get(`${connector}\u0000${partitionId(partition)}`);
  }
}
