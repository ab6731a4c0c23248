/**
 * The status store of a standalone worker (and of tests): the same rules as the Kafka store
 * (status-state.ts, status-store-base.ts), with records applied in this process only.
 */
import type { StatusTopicRecord } from './status-records.js';
import { StatusStoreBase } from './status-store-base.js';

export class MemoryStatusStore extends StatusStoreBase {
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  protected async write(records: readonly StatusTopicRecord[]): Promise<void> {
    for (const r of records) this.apply(r);
  }
}
