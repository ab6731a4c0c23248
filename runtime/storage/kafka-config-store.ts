/**
 * The config store of a distributed worker: the single-partition compacted config topic
 * (`config.storage.topic`, default connect-configs) in Kafka Connect's record formats
 * (config-records.ts), read continuously so that every worker sees every change, in order.
 *
 * As in Connect, only one worker (the group leader) is meant to write; writes resolve once
 * acknowledged and read back. Task configs are written first, then (once acknowledged) their
 * commit record, so a reader never applies a generation whose task records are not all in the
 * log. Removing a connector writes tombstones for `connector-<name>` and `target-state-<name>`
 * (Connect writes no tombstones for task records: readers drop them with the connector).
 */
import { decodeConfigRecord, encodeConfigRecord, type ConfigRecord } from './config-records.js';
import { ConfigState } from './config-state.js';
import { KafkaBasedLog } from './kafka-based-log.js';
import { STORE_TOPICS, storeLogOptions, type KafkaStoreOptions } from './kafka-store-options.js';
import type { TailRecord } from './kafka-tail.js';
import { silentLogger, type Logger } from './logger.js';
import type { ConfigChange, ConfigSnapshot, ConfigStore, TargetState } from './stores.js';

export class KafkaConfigStore implements ConfigStore {
  private readonly log: Logger;
  private readonly state: ConfigState;
  private readonly kafka: KafkaBasedLog;

  constructor(opts: KafkaStoreOptions) {
    this.log = opts.log ?? silentLogger;
    this.state = new ConfigState((err) => this.log.error(`A config change listener failed: ${String(err)}`));
    this.kafka = new KafkaBasedLog(storeLogOptions(opts, STORE_TOPICS.config, this.log, (r) => this.read(r)));
  }

  get topic(): string {
    return this.kafka.topic;
  }

  async start(): Promise<void> {
    await this.kafka.start();
    this.state.live = true;
  }

  async stop(): Promise<void> {
    this.state.live = false;
    await this.kafka.stop();
  }

  snapshot(): ConfigSnapshot {
    return this.state.snapshot();
  }

  async putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, targetState?: TargetState): Promise<void> {
    const records: ConfigRecord[] = [];
    if (targetState !== undefined) records.push({ kind: 'target-state', connector, state: targetState });
    records.push({ kind: 'connector', connector, config });
    await this.kafka.sendAndRead(records.map(encodeConfigRecord));
  }

  async removeConnectorConfig(connector: string): Promise<void> {
    await this.kafka.sendAndRead([
      encodeConfigRecord({ kind: 'connector', connector, config: null }),
      encodeConfigRecord({ kind: 'target-state', connector, state: null }),
    ]);
  }

  async putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void> {
    if (configs.length > 0) await this.kafka.send(configs.map((config, task) => encodeConfigRecord({ kind: 'task', connector, task, config })));
    await this.kafka.sendAndRead([encodeConfigRecord({ kind: 'commit', connector, tasks: configs.length })]);
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    await this.kafka.sendAndRead([encodeConfigRecord({ kind: 'target-state', connector, state })]);
  }

  async refresh(timeoutMs: number): Promise<void> {
    await this.kafka.readToEnd(timeoutMs);
  }

  onChange(listener: (change: ConfigChange) => void): () => void {
    return this.state.onChange(listener);
  }

  private read(r: TailRecord): void {
    const d = decodeConfigRecord(r.key, r.value);
    if (!d.ok) {
      this.state.skip(Number(r.offset));
      if (d.foreign) this.log.debug(`Skipping config record at offset ${r.offset}: ${d.reason}`);
      else this.log.warn(`Skipping malformed config record at offset ${r.offset}: ${d.reason}`);
      return;
    }
    this.state.apply(d.record, Number(r.offset));
  }
}
