import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { TWILIO_MEDIA_PATH, type Logger } from '@booth/shared';
import { StreamSession, type StreamDeps } from './stream-session';

/** WebSocket frames past this are refused by `ws` itself (the session ignores anything over 64 KiB). */
const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface Bridge {
  server: Server;
  /** Streams in progress. */
  readonly streams: number;
  listen(port: number, host: string): Promise<AddressInfo>;
  /**
   * SIGTERM: /healthz answers 503 and no new stream is accepted, every stream is ended (its call hangs
   * up and its room is closed), then the server stops listening. Resolves when all of that is done.
   */
  drain(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The bridge's HTTP server: `GET /healthz` (the API asks it before streaming a call here) and the
 * Twilio Media Streams WebSocket at /twilio/media; anything else is 404.
 */
export function createBridge(deps: StreamDeps & { logger: Logger }): Bridge {
  const log = deps.logger;
  const sessions = new Set<StreamSession>();
  let draining = false;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD_BYTES,
    perMessageDeflate: false,
  });

  const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://bridge').pathname;

  const server = createServer((req, res) => {
    if (pathOf(req) === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      if (draining) return json(res, 503, { status: 'draining', streams: sessions.size });
      return json(res, 200, { status: 'ok', streams: sessions.size });
    }
    json(res, 404, { error: 'not found' });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (pathOf(req) !== TWILIO_MEDIA_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (draining) return refuseUpgrade(socket, 503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new StreamSession(ws, deps);
      sessions.add(session);
      log.debug({ streams: sessions.size }, 'media stream opened');
      void session.done.then(() => sessions.delete(session));
    });
  });

  return {
    server,
    get streams() {
      return sessions.size;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async drain() {
      // Still listening while the streams end: /healthz says 503 and new streams are refused.
      draining = true;
      log.info({ streams: sessions.size }, 'draining media streams');
      await Promise.all([...sessions].map((s) => s.shutdown()));
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
