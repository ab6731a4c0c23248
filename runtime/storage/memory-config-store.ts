/**
 * The config store of a standalone worker (and of tests): the same rules as the Kafka store
 * (config-state.ts), applied to records kept in this process only. Each write counts as the
 * records Connect would write, so snapshot offsets advance the same way.
 */
import type { ConfigRecord } from './config-records.js';
import { ConfigState } from './config-state.js';
import type { ConfigChange, ConfigSnapshot, ConfigStore, TargetState } from './stores.js';

export class MemoryConfigStore implements ConfigStore {
  private readonly state = new ConfigState();
  private next = 0;

  async start(): Promise<void> {
    this.state.live = true;
  }

  async stop(): Promise<void> {}

  snapshot(): ConfigSnapshot {
    return this.state.snapshot();
  }

  async putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, targetState?: TargetState): Promise<void> {
    if (targetState !== undefined) this.write({ kind: 'target-state', connector, state: targetState });
    this.write({ kind: 'connector', connector, config: { ...config } });
  }

  async removeConnectorConfig(connector: string): Promise<void> {
    this.write({ kind: 'connector', connector, config: null });
    this.write({ kind: 'target-state', connector, state: null });
  }

  async putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void> {
    configs.forEach((config, task) => this.write({ kind: 'task', connector, task, config: { ...config } }));
    this.write({ kind: 'commit', connector, tasks: configs.length });
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    this.write({ kind: 'target-state', connector, state });
  }

  async refresh(): Promise<void> {}

  onChange(listener: (change: ConfigChange) => void): () => void {
    return this.state.onChange(listener);
  }

  private write(r: ConfigRecord): void {
    this.state.apply(r, this.next++);
  }
}
