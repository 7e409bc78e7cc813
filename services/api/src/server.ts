import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';

const ANSWERS: Record<number, [reason: string, error: string]> = {
  400: ['Bad Request', 'malformed HTTP request'],
  408: ['Request Timeout', 'request timed out'],
  431: ['Request Header Fields Too Large', 'request URL or headers too large'],
};

/**
 * Node answers a request its HTTP parser refuses (URL and headers over `maxHeaderSize`, a malformed
 * request line, a request too slow to arrive) itself, before Express runs, with an empty body. This
 * answers those in JSON like every other error.
 */
export function jsonClientErrors(server: Server): Server {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node does: only when no response of this connection has started, else the peer gets garbage.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const [reason, error] = ANSWERS[status]!;
    const body = JSON.stringify({ error });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        'Cache-Control: no-store\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
  return server;
}

/** The API's HTTP server: the app, with parser errors answered in JSON. */
export const createApiServer = (app: Express): Server => jsonClientErrors(createServer(app));
