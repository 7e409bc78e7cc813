import { createHash } from 'node:crypto';
import { Room, RoomEvent } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@booth/db';
import {
  DATA_TOPICS,
  type SharedAssistantEvent,
  type StoredNotification,
  type TurnResult,
  type WhisperMessage,
} from '@booth/shared/api';
import { collectBoothData } from '../../support/livekit-client';
import { letterTag } from '../../support/name-tags';
import { waitUntil } from '../../support/processes';
import { apiUnderTest } from './api-context';

/**
 * Admins working together over the real API, Postgres and livekit-server: asking colleagues into a
 * room (a notification addressed to each, seen by no one else), listening in on a call hidden from
 * the client (LiveKit's hidden grant) and whispering to its admins only, and a collaboration room's
 * shared assistant: turns by either admin in one conversation, published to the room as they happen,
 * a proposed write only its asker may confirm, run once.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookieA: string;
let cookieB: string;
let cookieC: string;
let adminB: { id: string; name: string };
let adminC: { id: string; name: string };
const rooms: Room[] = [];

/** Letters only: the assistant resolves the names these tag. */
const tag = () => letterTag();
const PASSWORD = 'correct-horse-battery';

async function colleague(name: string) {
  const email = `${name.toLowerCase()}-${tag()}@booth.test`;
  const row = await t.db.adminUser.create({
    data: { email, name: `${name} ${tag()}`, passwordHash: await hashPassword(PASSWORD) },
  });
  const res = await request(t.app).post('/api/auth/login').send({ email, password: PASSWORD });
  return { admin: { id: row.id, name: row.name }, cookie: res.headers['set-cookie']![0]!.split(';')[0]! };
}

beforeAll(async () => {
  t = await apiUnderTest();
  cookieA = await t.login();
  ({ admin: adminB, cookie: cookieB } = await colleague('Bea'));
  ({ admin: adminC, cookie: cookieC } = await colleague('Cy'));
});
afterAll(async () => {
  await Promise.all(rooms.map((r) => r.disconnect()));
  await t.close();
});

const api = (cookie: string) => ({
  get: (path: string) => request(t.app).get(path).set('cookie', cookie),
  post: (path: string, body: object = {}) => request(t.app).post(path).set('cookie', cookie).send(body),
});

async function openRoom(kind: 'call' | 'consultation' | 'collaboration', contactId?: string) {
  const res = await api(cookieA).post('/api/sessions', { kind, ...(contactId ? { contactId } : {}) });
  expect(res.status).toBe(201);
  return res.body as { id: string; roomName: string };
}

/** Connects to LiveKit with a token the API minted (an admin's, with `cookie`), or one of our own. */
async function connect(token: { token: string; url: string }): Promise<Room> {
  const room = new Room();
  await room.connect(token.url, token.token, { autoSubscribe: true, dynacast: false });
  rooms.push(room);
  return room;
}
const adminToken = async (cookie: string, roomName: string, extra: object = {}) => {
  const res = await api(cookie).post('/api/livekit/token', { roomName, ...extra });
  expect(res.status).toBe(200);
  return res.body as { token: string; url: string; identity: string };
};
/** A client participant (what the join page would get with the invite; minted directly here). */
async function clientIn(roomName: string): Promise<Room> {
  const at = new AccessToken(process.env.LIVEKIT_API_KEY!, process.env.LIVEKIT_API_SECRET!, {
    identity: `client-${tag()}`,
    name: 'Priya',
    attributes: { role: 'client' },
  });
  at.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true });
  return connect({ token: await at.toJwt(), url: process.env.LIVEKIT_URL! });
}
const jwtGrant = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    video: Record<string, unknown>;
    attributes?: Record<string, string>;
  };

describe('asking colleagues into a room', () => {
  it('lists the other admins and notifies only those asked, with Join or Listen in', async () => {
    const list = await api(cookieA).get('/api/colleagues');
    expect(list.status).toBe(200);
    const ids = (list.body.colleagues as { id: string }[]).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([adminB.id, adminC.id]));
    expect(ids).not.toContain(t.admin.id);

    const contact = await t.db.contact.create({ data: { name: `Priya ${tag()}` } });
    const room = await openRoom('collaboration', contact.id);
    const res = await api(cookieA).post(`/api/sessions/${room.id}/colleagues`, { adminIds: [adminB.id] });
    expect(res.status).toBe(201);
    expect(res.body.invited).toEqual([adminB]);

    const seen = async (cookie: string) =>
      (
        (await api(cookie).get('/api/notifications?limit=100')).body.notifications as StoredNotification[]
      ).filter((n) => n.type === 'room_invite' && n.sessionId === room.id);
    const forB = await seen(cookieB);
    expect(forB).toHaveLength(1);
    expect(forB[0]).toMatchObject({ recipientId: adminB.id, title: expect.stringContaining(contact.name) });
    expect(forB[0]!.data).toMatchObject({
      path: `/calls/${room.id}`,
      listenOnly: false,
      from: { id: t.admin.id },
    });
    expect(await seen(cookieC)).toHaveLength(0);
    expect(await seen(cookieA)).toHaveLength(0);

    const call = await openRoom('call');
    const listen = await api(cookieA).post(`/api/sessions/${call.id}/colleagues`, {
      adminIds: [adminC.id],
      listenOnly: true,
    });
    expect(listen.status).toBe(201);
    const [forC] = (await api(cookieC).get('/api/notifications?limit=100')).body.notifications.filter(
      (n: StoredNotification) => n.sessionId === call.id,
    );
    expect(forC.data).toMatchObject({ path: `/calls/${call.id}?listen=1`, listenOnly: true });
  });

  it('refuses unknown colleagues, oneself, listening in on a collaboration room, and ended rooms', async () => {
    const room = await openRoom('collaboration');
    const bad = await api(cookieA).post(`/api/sessions/${room.id}/colleagues`, { adminIds: ['nobody-here'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('not a colleague: nobody-here');
    const self = await api(cookieA).post(`/api/sessions/${room.id}/colleagues`, { adminIds: [t.admin.id] });
    expect(self.status).toBe(400);
    const listen = await api(cookieA).post(`/api/sessions/${room.id}/colleagues`, {
      adminIds: [adminB.id],
      listenOnly: true,
    });
    expect(listen.status).toBe(400);
    expect(JSON.stringify(listen.body)).toContain('only calls and consultations');
    const empty = await api(cookieA).post(`/api/sessions/${room.id}/colleagues`, { adminIds: [] });
    expect(empty.status).toBe(400);
    await t.db.session.update({ where: { id: room.id }, data: { status: 'ended', endedAt: new Date() } });
    const ended = await api(cookieA).post(`/api/sessions/${room.id}/colleagues`, { adminIds: [adminB.id] });
    expect(ended.status).toBe(409);
    const unknown = await api(cookieA).post('/api/sessions/nosuchsession/colleagues', {
      adminIds: [adminB.id],
    });
    expect(unknown.status).toBe(404);
    expect((await request(t.app).get('/api/colleagues')).status).toBe(401);
  });
});

describe('listening in on a call', () => {
  it('is hidden from the client; a whisper reaches the admin and never the client', async () => {
    const call = await openRoom('consultation');
    const admin = await connect(await adminToken(cookieA, call.roomName));
    const client = await clientIn(call.roomName);
    const listenerToken = await adminToken(cookieB, call.roomName, { listenOnly: true });
    const grant = jwtGrant(listenerToken.token);
    expect(grant.video).toMatchObject({ hidden: true, canPublish: false, canPublishData: false });
    const listener = await connect(listenerToken);

    const toAdmin = collectBoothData<WhisperMessage>(admin, call.roomName, DATA_TOPICS.whispers);
    const toClientAsAdmin = collectBoothData(client, call.roomName, DATA_TOPICS.whispers);
    const toClientAsClient = collectBoothData(client, call.roomName, DATA_TOPICS.whispers, { as: 'client' });
    let clientPackets = 0;
    client.on(RoomEvent.DataReceived, (_p, _from, _k, topic) => {
      if (topic === DATA_TOPICS.whispers) clientPackets += 1;
    });

    // Everyone sees the admin; nobody sees the listener (who sees both).
    await waitUntil('the listener sees the room', () => listener.remoteParticipants.size === 2, 10_000);
    await waitUntil(
      'the client sees the admin',
      () => [...client.remoteParticipants.keys()].some((i) => i.startsWith('admin-')),
      10_000,
    );
    const clientSees = [...client.remoteParticipants.keys()];
    expect(clientSees).not.toContain(listenerToken.identity);
    expect([...admin.remoteParticipants.keys()]).not.toContain(listenerToken.identity);

    const w = await api(cookieB).post(`/api/sessions/${call.id}/whispers`, {
      text: 'Ask about the budget next',
    });
    expect(w.status).toBe(201);
    expect(w.body.delivered).toBe(1);
    await waitUntil('the whisper reaches the admin', () => toAdmin.messages.length === 1, 10_000);
    expect(toAdmin.messages[0]).toMatchObject({ text: 'Ask about the budget next', from: adminB });
    // Time for a stray packet to have arrived at the client, had one been sent.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(clientPackets).toBe(0);
    expect(toClientAsAdmin.messages).toHaveLength(0);
    expect(toClientAsClient.messages).toHaveLength(0);

    // The record keeps who took part, the listener marked so: LiveKit's participant_joined webhook
    // for a hidden participant (as livekit-server sends it to the API; signed here).
    const joined = JSON.stringify({
      event: 'participant_joined',
      id: `EV_${tag()}`,
      createdAt: String(Math.floor(Date.now() / 1000)),
      room: { sid: 'RM_listen', name: call.roomName },
      participant: {
        sid: 'PA_listen',
        identity: listenerToken.identity,
        name: adminB.name,
        permission: { canSubscribe: true, hidden: true },
      },
    });
    const auth = new AccessToken(t.config.LIVEKIT_API_KEY, t.config.LIVEKIT_API_SECRET);
    auth.sha256 = createHash('sha256').update(joined).digest('base64');
    const hook = await request(t.app)
      .post('/webhooks/livekit')
      .set('content-type', 'application/webhook+json')
      .set('authorization', await auth.toJwt())
      .send(joined);
    expect(hook.status).toBe(200);
    const detail = await api(cookieA).get(`/api/sessions/${call.id}`);
    expect(detail.body.participants).toEqual([
      expect.objectContaining({ identity: listenerToken.identity, adminId: adminB.id, listenOnly: true }),
    ]);
  });

  it('refuses whispers with nobody to hear them, empty ones, and listening in on a collaboration room', async () => {
    const call = await openRoom('call');
    const nobody = await api(cookieB).post(`/api/sessions/${call.id}/whispers`, { text: 'hello?' });
    expect(nobody.status).toBe(409);
    const empty = await api(cookieB).post(`/api/sessions/${call.id}/whispers`, { text: '' });
    expect(empty.status).toBe(400);
    const long = await api(cookieB).post(`/api/sessions/${call.id}/whispers`, { text: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    const room = await openRoom('collaboration');
    const hidden = await api(cookieB).post('/api/livekit/token', {
      roomName: room.roomName,
      listenOnly: true,
    });
    expect(hidden.status).toBe(400);
  });
});

describe("a collaboration room's shared assistant", () => {
  it('keeps one conversation for the room: both admins add turns, the room sees them, the asker alone confirms', async () => {
    const k = tag();
    const sarah = await t.db.contact.create({ data: { name: `Sarah ${k}` } });
    const room = await openRoom('collaboration', sarah.id);
    const watcher = await connect(await adminToken(cookieB, room.roomName));
    const events = collectBoothData<SharedAssistantEvent>(
      watcher,
      room.roomName,
      DATA_TOPICS.sharedAssistant,
    );

    const first = await api(cookieA).post(`/api/sessions/${room.id}/assistant/turns`, {
      text: `mark Sarah ${k} as booked`,
      turnId: `turn${k}a`,
    });
    expect(first.status).toBe(200);
    const turn = first.body as TurnResult;
    expect(turn.user.author).toEqual({ id: t.admin.id, name: 'Test Admin' });
    const action = turn.reply.actions[0]!;
    expect(action).toMatchObject({ status: 'proposed', adminId: t.admin.id });

    await waitUntil('the room sees the turn', () => events.messages.length >= 2, 10_000);
    expect(events.messages.map((e) => e.type)).toEqual(['asked', 'turn']);
    expect(events.messages[0]).toMatchObject({
      author: { id: t.admin.id },
      text: `mark Sarah ${k} as booked`,
    });

    // Bea's "yes" is her own turn: it does not run Test Admin's proposal; nor may she confirm it.
    const yes = await api(cookieB).post(`/api/sessions/${room.id}/assistant/turns`, {
      text: 'yes',
      turnId: `turn${k}b`,
    });
    expect(yes.status).toBe(200);
    expect((yes.body as TurnResult).user.author).toEqual(adminB);
    const byB = await api(cookieB).post(`/api/sessions/${room.id}/assistant/decisions`, {
      actionId: action.id,
      verdict: 'confirm',
    });
    expect(byB.status).toBe(403);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: sarah.id } })).leadStatus).toBe('new');

    const byA = await api(cookieA).post(`/api/sessions/${room.id}/assistant/decisions`, {
      actionId: action.id,
      verdict: 'confirm',
    });
    expect(byA.status).toBe(200);
    expect(byA.body.action.status).toBe('done');
    const again = await api(cookieA).post(`/api/sessions/${room.id}/assistant/decisions`, {
      actionId: action.id,
      verdict: 'confirm',
    });
    expect(again.body.action).toMatchObject({ status: 'done', decidedAt: byA.body.action.decidedAt });
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: sarah.id } })).leadStatus).toBe('booked');
    // The audit names who ran it: the asker, once.
    const changes = await t.db.contactChange.findMany({
      where: { contactId: sarah.id, field: 'leadStatus' },
    });
    expect(changes.map((c) => c.actorId)).toEqual([t.admin.id]);
    await waitUntil(
      'the room sees the decision',
      () => events.messages.some((e) => e.type === 'decided'),
      10_000,
    );

    // A late joiner gets the whole history, each user message with its author.
    const late = await api(cookieC).post(`/api/sessions/${room.id}/assistant`);
    expect(late.status).toBe(200);
    const users = late.body.messages.filter((m: { role: string }) => m.role === 'user');
    expect(users.map((m: { author: { id: string } }) => m.author.id)).toEqual([t.admin.id, adminB.id]);
    expect(late.body.messages.flatMap((m: { actions: { status: string }[] }) => m.actions)).toEqual([
      expect.objectContaining({ status: 'done' }),
    ]);
    // The shared session is the room's, not in anyone's own conversations.
    const own = await api(cookieA).get('/api/assistant/conversations');
    expect(own.body.conversations.map((c: { id: string }) => c.id)).not.toContain(late.body.id);
  });

  it('is only for open collaboration rooms', async () => {
    const call = await openRoom('call');
    const res = await api(cookieA).post(`/api/sessions/${call.id}/assistant`);
    expect(res.status).toBe(409);
    const bad = await api(cookieA).post(`/api/sessions/${call.id}/assistant/turns`, {
      text: 'hi',
      turnId: 'x',
    });
    expect(bad.status).toBe(400);
    const decision = await api(cookieA).post(`/api/sessions/${call.id}/assistant/decisions`, {
      actionId: 'nosuch',
      verdict: 'maybe',
    });
    expect(decision.status).toBe(400);
    expect(JSON.stringify(decision.body)).toContain('verdict');
    const missing = await api(cookieA).post('/api/sessions/nosuch/assistant');
    expect(missing.status).toBe(404);
  });
});
