import { createServer, type Server } from 'node:http';
import { DisconnectReason, Room, RoomEvent } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import request from 'supertest';
import { apiUnderTest } from '../api/api-context';

export interface TokenResponse {
  token: string;
  url: string;
  identity: string;
  roomName: string;
  kind: string;
}

/**
 * The real API app listening where the harness's livekit-server sends its webhooks
 * (127.0.0.1:BOOTH_TEST_API_PORT), so real joins and leaves reach it, with its admin logged in.
 */
export async function liveApi() {
  const t = await apiUnderTest();
  const port = Number(process.env.BOOTH_TEST_API_PORT);
  const server: Server = createServer(t.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const cookie = await t.login();
  const livekit = new RoomServiceClient(
    t.config.LIVEKIT_URL.replace(/^ws/, 'http'),
    t.config.LIVEKIT_API_KEY,
    t.config.LIVEKIT_API_SECRET,
  );
  return {
    ...t,
    cookie,
    livekit,
    /** POST /api/sessions as the admin. */
    async createSession(kind: string, extra: Record<string, unknown> = {}) {
      const res = await request(t.app)
        .post('/api/sessions')
        .set('cookie', cookie)
        .send({ kind, ...extra });
      if (res.status !== 201) throw new Error(`create session: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; roomName: string; inviteCode?: string };
    },
    /** A room token: the admin's (`admin: true`) or an invite holder's. */
    async token(roomName: string, opts: { admin?: boolean; inviteCode?: string; name?: string } = {}) {
      const req = request(t.app).post('/api/livekit/token');
      const res = await (opts.admin ? req.set('cookie', cookie) : req).send({
        roomName,
        inviteCode: opts.inviteCode,
        name: opts.name,
      });
      if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as TokenResponse;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

export interface Connection {
  room: Room;
  identity: string;
  /** Why LiveKit disconnected it, once it did. */
  disconnected: DisconnectReason | undefined;
}

/** Joins a room as a real participant (rtc-node) with a token from the API. */
export async function join(t: TokenResponse): Promise<Connection> {
  const room = new Room();
  const c: Connection = { room, identity: t.identity, disconnected: undefined };
  room.on(RoomEvent.Disconnected, (reason) => (c.disconnected = reason));
  await room.connect(t.url, t.token, { autoSubscribe: false, dynacast: false });
  return c;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
