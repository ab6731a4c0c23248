/**
 * The TCP listener: accepts connections and hands each to a `Connection`. Shutdown stops
 * accepting, lets every connection answer the request it is processing, then closes them.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Connection, type ConnectionOptions } from './connection.js';

export class KafkaServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();

  constructor(private readonly opts: ConnectionOptions) {
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  private accept(socket: Socket): void {
    const conn = new Connection(socket, this.opts);
    this.connections.add(conn);
    this.opts.log.debug(`Accepted connection from ${conn.address}`);
    void conn.closed.then(() => this.connections.delete(conn));
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: host === '' ? undefined : host, port }, () => {
        this.server.off('error', reject);
        const a = this.server.address();
        if (a && typeof a === 'object') resolve({ host: a.address, port: a.port });
        else reject(new Error('listener has no address'));
      });
    });
  }

  get connectionCount(): number { return this.connections.size; }

  async close(): Promise<void> {
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    await Promise.all([...this.connections].map((c) => c.drain()));
    for (const c of this.connections) c.close();
    await closed;
  }
}
