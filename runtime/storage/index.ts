/**
 * The worker's durable state: the store interfaces (stores.ts), their in-memory implementations
 * (standalone mode, tests) and their Kafka implementations over compacted topics in Kafka
 * Connect's own record formats.
 */
export type {
  ConfigChange,
  ConfigSnapshot,
  ConfigStore,
  ConnectState,
  ConnectorTaskId,
  OffsetEntry,
  OffsetStore,
  StatusRecord,
  StatusStore,
  TargetState,
} from './stores.js';
export { MemoryConfigStore } from './memory-config-store.js';
export { MemoryOffsetStore } from './memory-offset-store.js';
export { MemoryStatusStore } from './memory-status-store.js';
export { KafkaConfigStore } from './kafka-config-store.js';
export { KafkaOffsetStore } from './kafka-offset-store.js';
export { KafkaStatusStore } from './kafka-status-store.js';
export { KafkaBasedLog, type KafkaBasedLogOptions, type LogWrite } from './kafka-based-log.js';
export { storageOptionsFromWorkerSettings, type KafkaStoreOptions, type WorkerStorageOptions } from './kafka-store-options.js';
export { silentLogger, type Logger } from './logger.js';
export type { TopicStatus } from './status-records.js';
