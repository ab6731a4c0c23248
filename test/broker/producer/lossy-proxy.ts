/**
 * A TCP proxy in front of a broker that loses the answers to chosen Produce requests: the request
 * reaches the broker (which appends the batch), but instead of the response the client sees its
 * connection close, the way a network failure or a broker crash after the write looks to it.
 * Clients then retry the same batch: with an idempotent producer that retry must not add records.
 * The broker must advertise the proxy's address so that clients always come back through it.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

const PRODUCE = 0;

export class LossyProxy {
  /** Produce requests seen so far (1-based numbers are what `dropAnswersTo` names). */
  produceRequests = 0;
  /** Answers dropped so far. */
  dropped = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly port: number, private readonly dropAnswersTo: ReadonlySet<number>) {}

  /** Listens on a free port of 127.0.0.1, forwarding to `target()` (read at each new connection). */
  static async start(target: () => { host: string; port: number }, dropAnswersTo: Iterable<number>): Promise<LossyProxy> {
    let proxy: LossyProxy | null = null;
    const server = createServer((client) => proxy!.accept(client, target()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    proxy = new LossyProxy(server, address.port, new Set(dropAnswersTo));
    return proxy;
  }

  private accept(client: Socket, to: { host: string; port: number }): void {
    const upstream = connect(to);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const kill = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', kill);
    upstream.on('close', kill);
    const doomed = new Set<number>();
    frames(client, (frame) => {
      if (frame.length >= 12 && frame.readInt16BE(4) === PRODUCE) {
        this.produceRequests++;
        if (this.dropAnswersTo.has(this.produceRequests)) doomed.add(frame.readInt32BE(8));
      }
      upstream.write(frame);
    });
    frames(upstream, (frame) => {
      if (doomed.has(frame.readInt32BE(4))) {
        this.dropped++;
        kill();
        return;
      }
      client.write(frame);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Calls `onFrame` with every whole frame (size prefix included) read from `socket`. */
function frames(socket: Socket, onFrame: (frame: Buffer) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4) {
      const size = pending.readInt32BE(0);
      if (pending.length < 4 + size) break;
      onFrame(pending.subarray(0, 4 + size));
      pending = pending.subarray(4 + size);
    }
  });
}
