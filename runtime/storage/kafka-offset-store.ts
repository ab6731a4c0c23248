/**
 * The offset store of a distributed worker: the compacted offsets topic (`offset.storage.topic`,
 * default connect-offsets, 25 partitions when created) in Kafka Connect's format
 * (offset-records.ts), shared by every worker of the cluster.
 *
 * `get` and `all` first read the topic to its end (as Connect does before answering), so a task
 * that moved from another worker resumes from the offsets that worker committed. `set` resolves
 * once the records are acknowledged and read back.
 */
import type { SourceOffset, SourcePartition } from '../api/index.js';
import { KafkaBasedLog } from './kafka-based-log.js';
import { STORE_TOPICS, storeLogOptions, type KafkaStoreOptions } from './kafka-store-options.js';
import type { TailRecord } from './kafka-tail.js';
import { silentLogger, type Logger } from './logger.js';
import { decodeOffsetRecord, encodeOffsetKey, encodeOffsetValue } from './offset-records.js';
import { OffsetState } from './offset-state.js';
import type { OffsetEntry, OffsetStore } from './stores.js';

export class KafkaOffsetStore implements OffsetStore {
  private readonly log: Logger;
  private readonly state = new OffsetState();
  private readonly kafka: KafkaBasedLog;

  constructor(opts: KafkaStoreOptions) {
    this.log = opts.log ?? silentLogger;
    this.kafka = new KafkaBasedLog(storeLogOptions(opts, STORE_TOPICS.offset, this.log, (r) => this.read(r)));
  }

  get topic(): string {
    return this.kafka.topic;
  }

  async start(): Promise<void> {
    await this.kafka.start();
  }

  async stop(): Promise<void> {
    await this.kafka.stop();
  }

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<(SourceOffset | null)[]> {
    await this.kafka.readToEnd();
    return partitions.map((p) => this.state.get(connector, p));
  }

  async set(connector: string, entries: readonly OffsetEntry[]): Promise<void> {
    await this.kafka.sendAndRead(entries.map((e) => ({
      key: this.state.rawKey(connector, e.partition) ?? encodeOffsetKey(connector, e.partition),
      value: encodeOffsetValue(e.offset),
    })));
  }

  async all(connector: string): Promise<OffsetEntry[]> {
    await this.kafka.readToEnd();
    return this.state.all(connector);
  }

  private read(r: TailRecord): void {
    const d = decodeOffsetRecord(r.key, r.value);
    if (!d.ok) {
      this.log.warn(`Skipping malformed record at offset ${r.offset} of partition ${r.partition} of ${this.kafka.topic}: ${d.reason}`);
      return;
    }
    this.state.apply(d.record.connector, d.record.partition, d.record.offset, r.key ?? undefined);
  }
}
