import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from '../harness/services';

export interface TcpProxy {
  /** `target` with its port replaced by the proxy's. */
  url: string;
  up(): Promise<void>;
  /** Closes the listener and every open connection: to its clients the service is gone. */
  down(): Promise<void>;
}

/** A TCP proxy to the service at `target` (a postgres:// or redis:// URL), for outage tests. */
export async function tcpProxy(target: string): Promise<TcpProxy> {
  const to = new URL(target);
  const port = await freePort();
  const via = new URL(target);
  via.port = String(port);
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    url: via.toString(),
    up: () =>
      new Promise<void>((resolve) => {
        if (server) return resolve();
        server = createServer((client) => {
          const upstream = connect(Number(to.port), to.hostname);
          sockets.add(client).add(upstream);
          client.pipe(upstream).pipe(client);
          const close = () => {
            client.destroy();
            upstream.destroy();
            sockets.delete(client);
            sockets.delete(upstream);
          };
          client.on('error', close).on('close', close);
          upstream.on('error', close).on('close', close);
        }).listen(port, '127.0.0.1', () => resolve());
      }),
    down: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        sockets.clear();
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      }),
  };
}
