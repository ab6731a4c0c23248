/**
 * The HTTP server of the worker's REST API: listens on the configured listener (port 0 picks a
 * free port) and closes with its open connections.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export interface RestServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** http://host:port with the bound port (127.0.0.1 when bound to all interfaces). */
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(app: express.Express, host: string, port: number): Promise<RestServer> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host === '' ? undefined : host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shown = host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    server, host, port: addr.port, url: `http://${shown}:${addr.port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
