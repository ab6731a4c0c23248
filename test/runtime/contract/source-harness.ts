/**
 * Drives a source connector and its tasks as the runtime would, in process: the contexts, the
 * poll loop, and acknowledgements (commitRecord, then an offset flush, then commit()).
 */
import {
  SourceConnector,
  SourceTask,
  type ConnectorPlugin,
  type ConnectorProps,
  type SourceConnectorContext,
  type SourceRecord,
  type SourceTaskContext,
} from '../../../runtime/api/index.js';
import { MemoryOffsetStore } from './offset-store.js';

/** new → initialize → start, with a context that ignores what the connector asks for. */
export async function startSourceConnector(plugin: ConnectorPlugin, props: ConnectorProps, store = new MemoryOffsetStore()): Promise<SourceConnector> {
  const connector = plugin.create();
  if (!(connector instanceof SourceConnector)) throw new Error(`${plugin.className} is not a SourceConnector`);
  const context: SourceConnectorContext = { requestTaskReconfiguration: () => {}, raiseError: () => {}, offsetStorageReader: store };
  connector.initialize(context);
  await connector.start(props);
  return connector;
}

/** new → initialize → start of the connector's task class with one task configuration. */
export async function startSourceTask(connector: SourceConnector, props: ConnectorProps, store: MemoryOffsetStore): Promise<SourceTask> {
  const Task = connector.taskClass();
  const task = new Task();
  if (!(task instanceof SourceTask)) throw new Error(`${connector.constructor.name}.taskClass() is not a SourceTask`);
  const context: SourceTaskContext = { configs: () => props, offsetStorageReader: store };
  task.initialize(context);
  await task.start(props);
  return task;
}

/** Polls until at least `n` records arrived (more may: whole batches are kept). */
export async function pollUntil(task: SourceTask, n: number, timeoutMs = 15_000): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} records within ${timeoutMs} ms, got ${out.length}`);
    const batch = await task.poll();
    if (batch !== null) out.push(...batch);
  }
  return out;
}

/** Polls until a poll returns nothing; returns everything polled before. */
export async function drain(task: SourceTask, timeoutMs = 15_000): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the task still returned records after ${timeoutMs} ms (${out.length} so far); use a finite fixture`);
    const batch = await task.poll();
    if (batch === null || batch.length === 0) return out;
    out.push(...batch);
  }
}

/**
 * The runtime's acknowledgement path for `records` (in order): commitRecord with the metadata
 * Kafka would return (null metadata for every `nullMetadataEvery`-th record: a record dropped by a
 * transform), then an offset flush, then commit().
 */
export async function acknowledge(task: SourceTask, store: MemoryOffsetStore, records: readonly SourceRecord[], nullMetadataEvery = 0): Promise<void> {
  let offset = 0;
  for (const [i, r] of records.entries()) {
    const dropped = nullMetadataEvery > 0 && (i + 1) % nullMetadataEvery === 0;
    await task.commitRecord(r, dropped ? null : { topic: r.topic, partition: r.kafkaPartition ?? 0, offset: offset++, timestamp: r.timestamp ?? Date.now() });
    store.acknowledge(r);
  }
  store.flush();
  await task.commit();
}
