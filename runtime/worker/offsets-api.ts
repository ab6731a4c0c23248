/**
 * GET/PATCH/DELETE /connectors/{c}/offsets (Kafka Connect's KIP-875 shapes):
 *
 *   source: {"offsets": [{"partition": {<source partition>}, "offset": {<source offset>}}]}
 *           from the offset store (connect-offsets)
 *   sink:   {"offsets": [{"partition": {"kafka_topic": "t", "kafka_partition": 0},
 *                         "offset": {"kafka_offset": 42}}]}
 *           the committed offsets of consumer group connect-<name>
 *
 * PATCH writes the given offsets (a null offset removes one), DELETE removes all of them; both
 * only while the connector is STOPPED and none of its tasks runs (else 400, Connect's message).
 * The connector's alterOffsets() is asked first and may refuse (400 with its reason).
 */
import type { ConnectorProps } from '../api/connector/connector.js';
import { SinkConnector } from '../api/connector/sink-connector.js';
import { SourceConnector } from '../api/connector/source-connector.js';
import type { OffsetValue, SourceOffset, SourcePartition } from '../api/connector/source-record.js';
import type { OffsetStore } from '../storage/stores.js';
import { BadRequestError } from './errors.js';
import type { Herder } from './herder.js';
import { kafkaErrorName } from '../storage/kafka-errors.js';
import type { KafkaClients } from './kafka-clients.js';
import type { WorkerPlugins } from './plugins.js';

export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

const TOPIC = 'kafka_topic';
const PARTITION = 'kafka_partition';
const OFFSET = 'kafka_offset';

export class OffsetsApi {
  constructor(
    private readonly herder: Herder,
    private readonly plugins: WorkerPlugins,
    private readonly offsets: OffsetStore,
    private readonly clients: KafkaClients,
  ) {}

  async get(name: string): Promise<{ offsets: ConnectorOffset[] }> {
    const cfg = this.herder.config(name);
    if (this.#type(cfg) === 'source') {
      const all = await this.offsets.all(name);
      return { offsets: all.filter((e) => e.offset !== null).map((e) => ({ partition: { ...e.partition }, offset: { ...e.offset! } })) };
    }
    const groups = await this.clients.admin.listConsumerGroupOffsets({ groups: [`connect-${name}`] });
    const out: ConnectorOffset[] = [];
    for (const g of groups) {
      for (const t of g.topics) {
        for (const p of t.partitions) {
          if (p.committedOffset < 0n) continue;
          out.push({ partition: { [TOPIC]: t.name, [PARTITION]: p.partitionIndex }, offset: { [OFFSET]: Number(p.committedOffset) } });
        }
      }
    }
    return { offsets: out };
  }

  async alter(name: string, body: unknown): Promise<{ message: string }> {
    const cfg = this.herder.config(name);
    const entries = parseBody(body);
    this.#checkStopped(name);
    const connector = this.plugins.connector(cfg['connector.class'] ?? '').create();
    if (connector instanceof SourceConnector) {
      const list = entries.map((e) => ({ partition: sourceMap(e.partition, 'partition'), offset: e.offset === null ? null : sourceMap(e.offset, 'offset') }));
      const checked = await this.#ask(name, () => connector.alterOffsets(cfg, list));
      await this.offsets.set(name, list);
      return { message: message(checked, 'altered') };
    }
    if (!(connector instanceof SinkConnector)) throw new BadRequestError(`Connector ${name} is neither a source nor a sink connector`);
    const list = entries.map((e) => sinkEntry(e));
    const checked = await this.#ask(name, () => connector.alterOffsets(cfg, list.map((l) => ({ partition: { topic: l.topic, partition: l.partition }, offset: l.offset }))));
    const groupId = `connect-${name}`;
    const set = list.filter((l) => l.offset !== null);
    const reset = list.filter((l) => l.offset === null);
    if (set.length > 0) {
      await this.#kafka(() => this.clients.admin.alterConsumerGroupOffsets({ groupId, topics: byTopic(set).map(([t, ps]) => ({ name: t, partitionOffsets: ps.map((p) => ({ partition: p.partition, offset: BigInt(p.offset!) })) })) }));
    }
    if (reset.length > 0) {
      await this.#kafka(() => this.clients.admin.deleteConsumerGroupOffsets({ groupId, topics: byTopic(reset).map(([t, ps]) => ({ name: t, partitionIndexes: ps.map((p) => p.partition) })) }));
    }
    return { message: message(checked, 'altered') };
  }

  async reset(name: string): Promise<{ message: string }> {
    const cfg = this.herder.config(name);
    this.#checkStopped(name);
    const connector = this.plugins.connector(cfg['connector.class'] ?? '').create();
    if (connector instanceof SourceConnector) {
      const all = (await this.offsets.all(name)).filter((e) => e.offset !== null);
      const checked = await this.#ask(name, () => connector.alterOffsets(cfg, all.map((e) => ({ partition: e.partition, offset: null }))));
      if (all.length > 0) await this.offsets.set(name, all.map((e) => ({ partition: e.partition, offset: null })));
      return { message: message(checked, 'reset') };
    }
    const current = (await this.get(name)).offsets;
    const checked = await this.#ask(name, () => (connector as SinkConnector).alterOffsets(cfg, current.map((o) => ({ partition: { topic: o.partition[TOPIC] as string, partition: o.partition[PARTITION] as number }, offset: null }))));
    try {
      await this.clients.admin.deleteGroups({ groups: [`connect-${name}`] });
    } catch (err) {
      if (kafkaErrorName(err) !== 'GROUP_ID_NOT_FOUND') throw new BadRequestError(`Failed to reset the offsets of connector ${name}: ${(err as Error).message}`, { cause: err });
    }
    return { message: message(checked, 'reset') };
  }

  #type(cfg: ConnectorProps): string {
    return this.plugins.connectors.find(cfg['connector.class'] ?? '')?.type ?? 'unknown';
  }

  #checkStopped(name: string): void {
    if (this.herder.snapshot().targetState(name) !== 'STOPPED' || this.herder.hasTasks(name)) {
      throw new BadRequestError(`Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`);
    }
  }

  async #ask(name: string, fn: () => unknown): Promise<boolean> {
    try {
      return (await fn()) === true;
    } catch (err) {
      throw new BadRequestError(`Failed to alter offsets for connector ${name}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
  }

  async #kafka(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const name = kafkaErrorName(err);
      if (name === 'GROUP_ID_NOT_FOUND' || name === 'UNKNOWN_TOPIC_OR_PARTITION') return;
      throw err;
    }
  }
}

function message(checked: boolean, verb: 'altered' | 'reset'): string {
  return checked
    ? `The offsets for this connector have been ${verb} successfully`
    : `The Connect framework-managed offsets for this connector have been ${verb} successfully. However, if this connector manages offsets externally, they will need to be manually ${verb} in the system that the connector uses.`;
}

function parseBody(body: unknown): ConnectorOffset[] {
  const list = (body as { offsets?: unknown } | null)?.offsets;
  if (!Array.isArray(list) || list.length === 0) throw new BadRequestError('Partitions / offsets need to be provided for an alter offsets request');
  return list.map((e, i) => {
    const p = (e as { partition?: unknown })?.partition;
    const o = (e as { offset?: unknown })?.offset;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new BadRequestError(`offsets[${i}].partition must be a JSON object`);
    if (o !== null && o !== undefined && (typeof o !== 'object' || Array.isArray(o))) throw new BadRequestError(`offsets[${i}].offset must be a JSON object or null`);
    return { partition: p as Record<string, unknown>, offset: (o ?? null) as Record<string, unknown> | null };
  });
}

function sourceMap(m: Record<string, unknown>, what: string): SourcePartition | SourceOffset {
  for (const [k, v] of Object.entries(m)) {
    const ok = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw new BadRequestError(`Source ${what} values must be strings, numbers, booleans or null; ${k} is ${Array.isArray(v) ? 'an array' : typeof v}`);
  }
  return m as Readonly<Record<string, OffsetValue>>;
}

function sinkEntry(e: ConnectorOffset): { topic: string; partition: number; offset: number | null } {
  const topic = e.partition[TOPIC];
  const partition = e.partition[PARTITION];
  if (typeof topic !== 'string' || topic === '') throw new BadRequestError(`Kafka topic names must be valid strings: "${TOPIC}" is missing or not a string in ${JSON.stringify(e.partition)}`);
  if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0) {
    throw new BadRequestError(`Kafka partitions must be valid numbers: "${PARTITION}" is missing or not a non-negative integer in ${JSON.stringify(e.partition)}`);
  }
  if (e.offset === null) return { topic, partition, offset: null };
  const offset = e.offset[OFFSET];
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new BadRequestError(`Kafka offsets must be valid non-negative numbers: "${OFFSET}" is missing or invalid in ${JSON.stringify(e.offset)}`);
  }
  return { topic, partition, offset };
}

function byTopic<T extends { topic: string }>(list: T[]): Array<[string, T[]]> {
  const m = new Map<string, T[]>();
  for (const x of list) m.set(x.topic, [...(m.get(x.topic) ?? []), x]);
  return [...m];
}
