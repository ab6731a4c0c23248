/**
 * One client connection.
 *
 * Wire grammar (Kafka): every request and response is a frame `int32 size` + `size` bytes.
 * A request frame is `RequestHeader` (apiKey int16, apiVersion int16, correlationId int32,
 * clientId nullable string from header v1, tagged fields from header v2) followed by the body; a
 * response frame is `ResponseHeader` (correlationId, tagged fields from v1) then the body.
 *
 * Ordering: like Kafka, requests of one connection are processed one at a time and answered in
 * the order received (clients rely on it for pipelined produces). While a response is blocked on
 * a full socket, no further request is processed (back-pressure).
 *
 * Bad input: a frame larger than `socket.request.max.bytes` or with a negative size, an unknown
 * API key, an unsupported version (except ApiVersions) or a body that does not decode closes the
 * connection after a log line, as Kafka does (requests read before a bad frame size are answered
 * first); other connections are unaffected.
 */
import type { Socket } from 'node:net';
import { Reader } from '../protocol/reader.js';
import { Writer } from '../protocol/writer.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { apis } from '../protocol/messages/index.js';
import { readRequestHeader, requestHeaderVersion, responseHeaderVersion, writeResponseHeader } from '../protocol/messages/headers.js';
import type { ApiHandler, RequestContext } from '../apis/api-handler.js';
import type { Logger } from '../util/logger.js';

export interface ConnectionOptions {
  readonly maxRequestBytes: number;
  readonly handlers: ReadonlyMap<number, ApiHandler>;
  /** Answers an ApiVersions request whose version is not supported (v0 body, error 35). */
  readonly unsupportedApiVersions: (correlationId: number) => Buffer[];
  readonly log: Logger;
  readonly idleTimeoutMs: number;
}

const API_VERSIONS_KEY = 18;

export class Connection {
  /** The 4-byte size prefix, when it arrives split across chunks. */
  private readonly sizeBuf = Buffer.alloc(4);
  private sizeFilled = 0;
  /** The frame being assembled from several chunks, if any. */
  private body: Buffer | null = null;
  private bodyFilled = 0;
  private frames: Buffer[] = [];
  private processing = false;
  private closedFlag = false;
  /** A bad frame size was read: answer the requests before it, then close (as Kafka does). */
  private closeAfterQueued = false;
  private resolveClosed!: () => void;
  readonly closed: Promise<void> = new Promise((r) => { this.resolveClosed = r; });
  private readonly abort = new AbortController();
  readonly address: string;
  /** Resolves when the request in progress (if any) has been answered. */
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  constructor(private readonly socket: Socket, private readonly opts: ConnectionOptions) {
    this.address = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    if (opts.idleTimeoutMs > 0) {
      socket.setTimeout(opts.idleTimeoutMs, () => {
        opts.log.debug(`Closing idle connection from ${this.address}`);
        this.close();
      });
    }
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => opts.log.debug(`Connection ${this.address}: ${err.message}`));
    socket.on('close', () => this.onClose());
  }

  get isClosed(): boolean { return this.closedFlag; }

  /** Stops reading; resolves once the request being processed has been answered. */
  async drain(): Promise<void> {
    this.socket.pause();
    this.frames = [];
    this.abort.abort();
    await this.idle;
  }

  close(): void {
    if (this.closedFlag) return;
    this.socket.end();
    this.socket.destroySoon?.();
    this.onClose();
  }

  private onClose(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.frames = [];
    this.abort.abort();
    this.resolveClosed();
  }

  /**
   * Frame assembly: a frame wholly inside one chunk is used in place (no copy); a frame split
   * across chunks is copied once into a buffer of its announced size.
   */
  private onData(chunk: Buffer): void {
    if (this.closeAfterQueued) return;
    let pos = 0;
    while (pos < chunk.length) {
      if (this.body === null) {
        let size: number;
        if (this.sizeFilled === 0 && chunk.length - pos >= 4) {
          size = chunk.readInt32BE(pos);
          pos += 4;
        } else {
          const n = Math.min(4 - this.sizeFilled, chunk.length - pos);
          chunk.copy(this.sizeBuf, this.sizeFilled, pos, pos + n);
          this.sizeFilled += n;
          pos += n;
          if (this.sizeFilled < 4) break;
          this.sizeFilled = 0;
          size = this.sizeBuf.readInt32BE(0);
        }
        if (size < 0 || size > this.opts.maxRequestBytes) {
          this.rejectFrameSize(size);
          break;
        }
        if (chunk.length - pos >= size) {
          this.frames.push(chunk.subarray(pos, pos + size));
          pos += size;
          continue;
        }
        this.body = Buffer.allocUnsafe(size);
        this.bodyFilled = 0;
      }
      const n = Math.min(this.body.length - this.bodyFilled, chunk.length - pos);
      chunk.copy(this.body, this.bodyFilled, pos, pos + n);
      this.bodyFilled += n;
      pos += n;
      if (this.bodyFilled === this.body.length) {
        this.frames.push(this.body);
        this.body = null;
      }
    }
    if (!this.processing && this.frames.length) void this.process();
  }

  /** A bad frame size: answer what was read before it, then close (as Kafka does). */
  private rejectFrameSize(size: number): void {
    this.opts.log.warn(
      `Closing connection from ${this.address}: request frame of ${size} bytes is ${size < 0 ? 'negative' : `larger than socket.request.max.bytes (${this.opts.maxRequestBytes})`}`,
    );
    this.closeAfterQueued = true;
    this.body = null;
    this.socket.pause();
    if (!this.processing && !this.frames.length) this.close();
  }

  /**
   * Writes one response frame (size, header and body chunks in one system call). Each response
   * goes out as soon as it is ready: holding several back to share a call was measured to slow
   * pipelined clients down (they start on the first response sooner this way).
   */
  private writeFrame(out: Buffer[]): boolean {
    let total = 0;
    for (const b of out) total += b.length;
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(total, 0);
    this.socket.cork();
    this.socket.write(size);
    let ok = true;
    for (const b of out) ok = this.socket.write(b);
    this.socket.uncork();
    return ok;
  }

  private async process(): Promise<void> {
    this.processing = true;
    this.idle = new Promise((r) => { this.markIdle = r; });
    try {
      while (this.frames.length && !this.closedFlag) {
        const frame = this.frames.shift()!;
        const out = await this.handleFrame(frame);
        if (out === 'close') { this.close(); return; }
        if (out && !this.closedFlag && !this.writeFrame(out)) {
          // Back-pressure: stop reading and processing until the client has taken the bytes.
          this.socket.pause();
          await new Promise<void>((r) => {
            const done = (): void => { this.socket.off('drain', done); this.socket.off('close', done); r(); };
            this.socket.on('drain', done);
            this.socket.on('close', done);
          });
          if (!this.closedFlag && !this.closeAfterQueued) this.socket.resume();
        }
      }
      if (this.closeAfterQueued) this.close();
    } finally {
      this.processing = false;
      this.markIdle();
    }
  }

  /** Returns the response chunks, `null` for no response, or 'close'. */
  private async handleFrame(frame: Buffer): Promise<Buffer[] | null | 'close'> {
    const { log } = this.opts;
    if (frame.length < 8) {
      log.warn(`Closing connection from ${this.address}: request frame of ${frame.length} bytes is too short for a request header`);
      return 'close';
    }
    const apiKey = frame.readInt16BE(0);
    const apiVersion = frame.readInt16BE(2);
    const correlationId = frame.readInt32BE(4);
    const api = apis[apiKey];
    const handler = this.opts.handlers.get(apiKey);
    if (!api || !handler) {
      log.warn(`Closing connection from ${this.address}: unknown or unsupported API key ${apiKey} (correlation id ${correlationId})`);
      return 'close';
    }
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (apiKey === API_VERSIONS_KEY) return this.opts.unsupportedApiVersions(correlationId);
      log.warn(`Closing connection from ${this.address}: ${api.name} version ${apiVersion} is not supported (supported: ${handler.minVersion}-${handler.maxVersion})`);
      return 'close';
    }
    let request: unknown;
    let clientId: string | null;
    try {
      const r = new Reader(frame);
      const header = readRequestHeader(r, requestHeaderVersion(apiKey, apiVersion));
      clientId = header.clientId;
      request = api.readRequest(r, apiVersion);
    } catch (err) {
      log.warn(`Closing connection from ${this.address}: malformed ${api.name} v${apiVersion} request: ${(err as Error).message}`);
      return 'close';
    }
    let closeRequested = false;
    const ctx: RequestContext = {
      apiKey, apiVersion, correlationId, clientId,
      clientAddress: this.address,
      clientHost: this.socket.remoteAddress ?? '',
      signal: this.abort.signal,
      closeConnection: () => { closeRequested = true; },
    };
    let response: unknown;
    try {
      response = await handler.handle(request, ctx);
    } catch (err) {
      log.error(`Error handling ${api.name} v${apiVersion} from ${this.address} (client ${clientId}): ${(err as Error).stack ?? err}`);
      response = handler.errorResponse(request, ctx, ErrorCode.UNKNOWN_SERVER_ERROR);
    }
    if (closeRequested) return 'close';
    if (response === null) return null;
    const w = new Writer();
    writeResponseHeader(w, responseHeaderVersion(apiKey, apiVersion), { correlationId });
    api.writeResponse(w, apiVersion, response);
    return w.toChunks();
  }
}
