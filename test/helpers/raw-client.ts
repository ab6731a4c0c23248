/**
 * A bare Kafka protocol connection for tests: frames requests with the broker's generated codecs
 * (or takes hand-made bytes), reads response frames in order, and tells whether the broker closed
 * the connection. Also builders for the few requests the tests send, and whole-partition reads.
 */
import { connect, type Socket } from 'node:net';
import { Reader } from '../../broker/protocol/reader.js';
import { Writer } from '../../broker/protocol/writer.js';
import { apis } from '../../broker/protocol/messages/index.js';
import { readResponseHeader, requestHeaderVersion, responseHeaderVersion, writeRequestHeader } from '../../broker/protocol/messages/headers.js';
import type { ProduceRequest, ProduceResponse } from '../../broker/protocol/messages/produce.js';
import type { FetchRequest, FetchResponse } from '../../broker/protocol/messages/fetch.js';
import type { MetadataRequest, MetadataResponse } from '../../broker/protocol/messages/metadata.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../broker/protocol/messages/list-offsets.js';
import type { CreateTopicsRequest } from '../../broker/protocol/messages/create-topics.js';
import { decodeRecords, type DecodedRecord } from './records.js';

export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export const Api = {
  Produce: 0, Fetch: 1, ListOffsets: 2, Metadata: 3, ApiVersions: 18, CreateTopics: 19, DeleteTopics: 20,
  DescribeConfigs: 32, AlterConfigs: 33, CreatePartitions: 37, IncrementalAlterConfigs: 44, DescribeCluster: 60,
} as const;

/** A request frame (int32 size + header + body) encoded with the generated codecs. */
export function encodeRequest(apiKey: number, version: number, correlationId: number, body: unknown, clientId: string | null = 'raw-test'): Buffer {
  const api = apis[apiKey];
  if (!api) throw new Error(`no codec for API key ${apiKey}`);
  const w = new Writer();
  writeRequestHeader(w, requestHeaderVersion(apiKey, version), { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId });
  api.writeRequest(w, version, body);
  const payload = w.toBuffer();
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}

/** A frame around arbitrary bytes. */
export function frame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}

export class ConnectionClosedError extends Error {
  constructor() { super('connection closed by the broker'); this.name = 'ConnectionClosedError'; }
}

export class RawClient {
  private pending: Buffer = Buffer.alloc(0);
  private readonly frames: Buffer[] = [];
  private waiter: (() => void) | null = null;
  private closedFlag = false;
  private nextId = 1;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.closedFlag = true;
        this.wake();
        resolve();
      });
    });
    socket.on('error', () => { /* a reset by the broker shows up as 'close' */ });
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      while (this.pending.length >= 4) {
        const size = this.pending.readInt32BE(0);
        if (this.pending.length < 4 + size) break;
        this.frames.push(this.pending.subarray(4, 4 + size));
        this.pending = this.pending.subarray(4 + size);
      }
      this.wake();
    });
  }

  static connect(bootstrap: string): Promise<RawClient> {
    const i = bootstrap.lastIndexOf(':');
    const host = bootstrap.slice(0, i);
    const port = Number(bootstrap.slice(i + 1));
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => {
        s.off('error', reject);
        s.setNoDelay(true);
        resolve(new RawClient(s));
      });
      s.once('error', reject);
    });
  }

  get isClosed(): boolean { return this.closedFlag; }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** Writes raw bytes. */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends a request; returns its correlation id. */
  send(apiKey: number, version: number, body: unknown, correlationId = this.nextId++): number {
    this.write(encodeRequest(apiKey, version, correlationId, body));
    return correlationId;
  }

  /** The next response frame (without its size); rejects if the broker closes first or on timeout. */
  async nextFrame(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = this.frames.shift();
      if (f) return f;
      if (this.closedFlag) throw new ConnectionClosedError();
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => { this.waiter = null; resolve(); }, left);
        this.waiter = () => { clearTimeout(t); resolve(); };
      });
    }
  }

  /** Decodes a response frame of `apiKey`/`version`. */
  static decode<T>(apiKey: number, version: number, f: Buffer): { correlationId: number; body: T } {
    const r = new Reader(f);
    const { correlationId } = readResponseHeader(r, responseHeaderVersion(apiKey, version));
    const body = apis[apiKey]!.readResponse(r, version) as T;
    if (r.remaining() !== 0) throw new Error(`${r.remaining()} bytes left after the ${apis[apiKey]!.name} v${version} response`);
    return { correlationId, body };
  }

  /** Sends a request and decodes its response (checking the correlation id). */
  async request<T>(apiKey: number, version: number, body: unknown, timeoutMs = 5000): Promise<T> {
    const id = this.send(apiKey, version, body);
    const res = RawClient.decode<T>(apiKey, version, await this.nextFrame(timeoutMs));
    if (res.correlationId !== id) throw new Error(`correlation id ${res.correlationId}, expected ${id}`);
    return res.body;
  }

  /** True if the broker closes the connection within `timeoutMs` (any response frames are dropped). */
  async closedWithin(timeoutMs = 3000): Promise<boolean> {
    if (this.closedFlag) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const r = await Promise.race([this.closed.then(() => true), timedOut]);
    clearTimeout(timer);
    return r;
  }

  close(): void {
    this.socket.destroy();
  }
}

// ---- request builders (fields the codecs need, with Kafka's defaults) ----

export function produceRequest(topic: string, partition: number, records: Buffer | null, acks = -1): ProduceRequest {
  return { transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] };
}

export function fetchRequest(
  parts: { topic: string; partition: number; offset: number; partitionMaxBytes?: number }[],
  opts: { maxWaitMs?: number; minBytes?: number; maxBytes?: number } = {},
): FetchRequest {
  const byTopic = new Map<string, FetchRequest['topics'][number]>();
  for (const p of parts) {
    let t = byTopic.get(p.topic);
    if (!t) {
      t = { topic: p.topic, topicId: ZERO_UUID, partitions: [] };
      byTopic.set(p.topic, t);
    }
    t.partitions.push({
      partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, lastFetchedEpoch: -1,
      logStartOffset: -1, partitionMaxBytes: p.partitionMaxBytes ?? 1 << 20, replicaDirectoryId: ZERO_UUID,
    });
  }
  return {
    clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1 },
    maxWaitMs: opts.maxWaitMs ?? 0, minBytes: opts.minBytes ?? 0, maxBytes: opts.maxBytes ?? 50 << 20,
    isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [...byTopic.values()], forgottenTopicsData: [], rackId: '',
  };
}

export function metadataRequest(topics: string[] | null, allowAutoTopicCreation = false): MetadataRequest {
  return {
    topics: topics === null ? null : topics.map((name) => ({ topicId: ZERO_UUID, name })),
    allowAutoTopicCreation, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false,
  };
}

export function listOffsetsRequest(topic: string, partitions: number[], timestamp: number): ListOffsetsRequest {
  return {
    replicaId: -1, isolationLevel: 0, timeoutMs: 5000,
    topics: [{ name: topic, partitions: partitions.map((p) => ({ partitionIndex: p, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 })) }],
  };
}

export function createTopicsRequest(
  topics: { name: string; partitions?: number; replicationFactor?: number; configs?: Record<string, string | null> }[],
  validateOnly = false,
): CreateTopicsRequest {
  return {
    timeoutMs: 5000, validateOnly,
    topics: topics.map((t) => ({
      name: t.name, numPartitions: t.partitions ?? -1, replicationFactor: t.replicationFactor ?? -1, assignments: [],
      configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
    })),
  };
}

// ---- convenience ----

/** Produce v9 of one batch; returns the partition result. */
export async function produce(c: RawClient, topic: string, partition: number, batch: Buffer, acks = -1): Promise<ProduceResponse['responses'][number]['partitionResponses'][number]> {
  const res = await c.request<ProduceResponse>(Api.Produce, 9, produceRequest(topic, partition, batch, acks));
  return res.responses[0].partitionResponses[0];
}

/** The topic's Metadata v12 entry (no auto-creation). */
export async function topicMetadata(c: RawClient, topic: string): Promise<MetadataResponse['topics'][number]> {
  const res = await c.request<MetadataResponse>(Api.Metadata, 12, metadataRequest([topic]));
  return res.topics[0];
}

/** High watermark of a partition (ListOffsets v7, latest). */
export async function highWatermark(c: RawClient, topic: string, partition: number): Promise<number> {
  const res = await c.request<ListOffsetsResponse>(Api.ListOffsets, 7, listOffsetsRequest(topic, [partition], -1));
  const p = res.topics[0].partitions[0];
  if (p.errorCode !== 0) throw new Error(`ListOffsets ${topic}-${partition}: error ${p.errorCode}`);
  return p.offset;
}

/** Every record of a partition from `from` up to its high watermark (Fetch v12, in small steps). */
export async function readPartition(c: RawClient, topic: string, partition: number, from = 0): Promise<DecodedRecord[]> {
  const out: DecodedRecord[] = [];
  let offset = from;
  for (;;) {
    const res = await c.request<FetchResponse>(Api.Fetch, 12, fetchRequest([{ topic, partition, offset }]));
    const p = res.responses[0].partitions[0];
    if (p.errorCode !== 0) throw new Error(`Fetch ${topic}-${partition}@${offset}: error ${p.errorCode}`);
    const recs = decodeRecords(p.records as Buffer | null).filter((r) => r.offset >= offset);
    out.push(...recs);
    if (recs.length) offset = recs[recs.length - 1].offset + 1;
    if (offset >= p.highWatermark || recs.length === 0) return out;
  }
}
