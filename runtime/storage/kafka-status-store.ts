/**
 * The status store of a distributed worker: the compacted status topic (`status.storage.topic`,
 * default connect-status, 5 partitions when created) in Kafka Connect's formats
 * (status-records.ts), read continuously so that every worker answers GET .../status for
 * connectors and tasks running anywhere in the cluster. Writes resolve once acknowledged and
 * read back.
 */
import { KafkaBasedLog } from './kafka-based-log.js';
import { STORE_TOPICS, storeLogOptions, type KafkaStoreOptions } from './kafka-store-options.js';
import type { TailRecord } from './kafka-tail.js';
import { silentLogger, type Logger } from './logger.js';
import { decodeStatusRecord, encodeStatusRecord, type StatusTopicRecord } from './status-records.js';
import { StatusStoreBase } from './status-store-base.js';

export class KafkaStatusStore extends StatusStoreBase {
  private readonly log: Logger;
  private readonly kafka: KafkaBasedLog;

  constructor(opts: KafkaStoreOptions) {
    super();
    this.log = opts.log ?? silentLogger;
    this.kafka = new KafkaBasedLog(storeLogOptions(opts, STORE_TOPICS.status, this.log, (r) => this.read(r)));
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

  /** Waits until statuses written anywhere before the call are readable here. */
  async refresh(timeoutMs?: number): Promise<void> {
    await this.kafka.readToEnd(timeoutMs);
  }

  protected async write(records: readonly StatusTopicRecord[]): Promise<void> {
    if (records.length > 0) await this.kafka.sendAndRead(records.map(encodeStatusRecord));
  }

  private read(r: TailRecord): void {
    const d = decodeStatusRecord(r.key, r.value);
    if (!d.ok) {
      this.log.warn(`Skipping malformed record at offset ${r.offset} of partition ${r.partition} of ${this.kafka.topic}: ${d.reason}`);
      return;
    }
    this.apply(d.record);
  }
}
