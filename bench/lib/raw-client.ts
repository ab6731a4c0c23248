/**
 * A minimal Kafka client over one socket, built on the broker's generated codecs
 * (broker/protocol/messages): requests are encoded with `writeXRequest`, responses decoded with
 * `readXResponse`. Requests may be pipelined; the broker answers a connection's requests in order,
 * so responses are matched first-in first-out (and checked by correlation id).
 */
import { connect, type Socket } from 'node:net';
import { Reader } from '../../broker/protocol/reader.js';
import { Writer } from '../../broker/protocol/writer.js';
import {
  apis, requestHeaderVersion, responseHeaderVersion, writeRequestHeader, readResponseHeader,
  type CreateTopicsResponse, type FetchRequest, type FetchResponse, type ProduceResponse,
} from '../../broker/protocol/messages/index.js';

export const PRODUCE_VERSION = 9;
export const FETCH_VERSION = 12;
const CREATE_TOPICS_VERSION = 7;

interface Pending {
  correlationId: number;
  apiKey: number;
  version: number;
  resolve: (frame: Buffer) => void;
  reject: (err: Error) => void;
}

export class RawClient {
  private nextCorrelationId = 1;
  private readonly pending: Pending[] = [];
  private chunks: Buffer[] = [];
  private bytes = 0;
  private failure: Error | null = null;

  private constructor(private readonly socket: Socket, private readonly clientId: string) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed by the broker')));
  }

  static open(host: string, port: number, clientId = 'tributary-bench'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawClient(socket, clientId));
      });
      socket.once('error', reject);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.splice(0)) p.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes >= 4) {
      if (this.chunks[0]!.length < 4) this.chunks = [Buffer.concat(this.chunks, this.bytes)];
      const size = this.chunks[0]!.readInt32BE(0);
      if (this.bytes < 4 + size) return;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bytes);
      const frame = all.subarray(4, 4 + size);
      const rest = all.subarray(4 + size);
      this.chunks = rest.length ? [rest] : [];
      this.bytes = rest.length;
      const p = this.pending.shift();
      if (!p) {
        this.fail(new Error('response without a request'));
        return;
      }
      p.resolve(frame);
    }
  }

  /**
   * Encodes a complete request frame (size, header, body) as chunks. The correlation id sits at
   * bytes 8..11 of the first chunk and is filled in by `sendFrame`, so a prebuilt frame can be
   * sent any number of times.
   */
  encode(apiKey: number, version: number, body: unknown): Buffer[] {
    const codec = apis[apiKey]!;
    const w = new Writer(4096);
    w.writeInt32(0);
    writeRequestHeader(w, requestHeaderVersion(apiKey, version), {
      requestApiKey: apiKey, requestApiVersion: version, correlationId: 0, clientId: this.clientId,
    });
    codec.writeRequest(w, version, body);
    const size = w.length - 4;
    w.patchInt32(0, size);
    return w.toChunks();
  }

  /** Sends a frame from `encode` (with a fresh correlation id); resolves with the raw response body. */
  sendFrame(apiKey: number, version: number, frame: Buffer[]): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    // The head chunk (size, header, small fields) is copied: a queued earlier write of the same
    // frame may still reference it. Large payload chunks are written by reference.
    const head = Buffer.from(frame[0]!);
    head.writeInt32BE(correlationId, 8);
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.push({ correlationId, apiKey, version, resolve, reject });
      this.socket.cork();
      this.socket.write(head);
      for (let i = 1; i < frame.length; i++) this.socket.write(frame[i]!);
      this.socket.uncork();
    }).then((response) => {
      const r = new Reader(response);
      const h = readResponseHeader(r, responseHeaderVersion(apiKey, version));
      if (h.correlationId !== correlationId) throw new Error(`response correlation id ${h.correlationId}, expected ${correlationId}`);
      return response.subarray(r.offset);
    });
  }

  async request<T>(apiKey: number, version: number, body: unknown): Promise<T> {
    const raw = await this.sendFrame(apiKey, version, this.encode(apiKey, version, body));
    return apis[apiKey]!.readResponse(new Reader(raw), version) as T;
  }

  async createTopic(name: string, partitions: number): Promise<void> {
    const res = await this.request<CreateTopicsResponse>(19, CREATE_TOPICS_VERSION, {
      topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 30000,
      validateOnly: false,
    });
    const t = res.topics[0]!;
    if (t.errorCode !== 0) throw new Error(`CreateTopics ${name}: error ${t.errorCode} ${t.errorMessage ?? ''}`);
  }

  /** Prebuilt Produce v9 frame carrying `batch` for one partition. */
  produceFrame(topic: string, partition: number, batch: Buffer, acks = -1): Buffer[] {
    return this.encode(0, PRODUCE_VERSION, {
      transactionalId: null, acks, timeoutMs: 30000,
      topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
    });
  }

  /** Sends a prebuilt Produce frame and checks every partition's error code. */
  async produce(frame: Buffer[]): Promise<ProduceResponse> {
    const raw = await this.sendFrame(0, PRODUCE_VERSION, frame);
    const res = apis[0]!.readResponse(new Reader(raw), PRODUCE_VERSION) as ProduceResponse;
    for (const t of res.responses) {
      for (const p of t.partitionResponses) {
        if (p.errorCode !== 0) throw new Error(`Produce ${t.name}-${p.index}: error ${p.errorCode} ${p.errorMessage ?? ''}`);
      }
    }
    return res;
  }

  async fetch(topic: string, partitions: { partition: number; offset: number }[], maxBytes: number, partitionMaxBytes: number, maxWaitMs = 500): Promise<FetchResponse> {
    const req: FetchRequest = {
      clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1 },
      maxWaitMs, minBytes: 1, maxBytes, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{
        topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
        partitions: partitions.map((p) => ({
          partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, lastFetchedEpoch: -1,
          logStartOffset: -1, partitionMaxBytes, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA',
        })),
      }],
      forgottenTopicsData: [], rackId: '',
    };
    const res = await this.request<FetchResponse>(1, FETCH_VERSION, req);
    if (res.errorCode !== 0) throw new Error(`Fetch: error ${res.errorCode}`);
    for (const t of res.responses) {
      for (const p of t.partitions) {
        if (p.errorCode !== 0) throw new Error(`Fetch ${t.topic}-${p.partitionIndex}: error ${p.errorCode}`);
      }
    }
    return res;
  }
}
