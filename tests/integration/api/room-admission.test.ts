import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { TokenVerifier } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATIONS_ROOM, QUEUES, adminIdOf, jobIds, redisConnection } from '@booth/shared';
import { apiUnderTest } from './api-context';

/**
 * Finding 6 at the API: bounded and revocable invites, sanitised display names, anonymous refusals
 * that do not tell an unknown room from a wrong code, short client tokens, a notifications token that
 * cannot publish, one identity per admin connection, and POST /api/sessions/:id/end.
 * (Real joins: tests/integration/rooms/late-join.test.ts and admin-tabs.test.ts.)
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
let verifier: TokenVerifier;

beforeAll(async () => {
  t = await apiUnderTest();
  verifier = new TokenVerifier(t.config.LIVEKIT_API_KEY, t.config.LIVEKIT_API_SECRET);
  cookie = await t.login();
});
afterAll(() => t.close());

type Created = { id: string; roomName: string; inviteCode?: string; joinUrl?: string };

const createSession = async (kind: string, invite?: Record<string, unknown>) => {
  const res = await request(t.app).post('/api/sessions').set('cookie', cookie).send({ kind, invite });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Created;
};
const clientToken = (roomName: string, inviteCode: string | undefined, name?: string) =>
  request(t.app).post('/api/livekit/token').send({ roomName, inviteCode, name });

describe('invites', () => {
  it('admit at most maxUses clients, even when they all ask at once', async () => {
    const s = await createSession('consultation', { maxUses: 2 });
    expect((await clientToken(s.roomName, s.inviteCode)).status).toBe(200);
    expect((await clientToken(s.roomName, s.inviteCode)).status).toBe(200);
    const third = await clientToken(s.roomName, s.inviteCode);
    expect(third.status).toBe(403);
    expect(third.body.error).toBe('this invite link is no longer valid');
    const row = await t.db.session.findUniqueOrThrow({ where: { id: s.id } });
    expect([row.inviteUses, row.inviteMaxUses]).toEqual([2, 2]);

    const burst = await createSession('consultation', { maxUses: 3 });
    const all = await Promise.all(
      Array.from({ length: 8 }, () => clientToken(burst.roomName, burst.inviteCode)),
    );
    expect(all.filter((r) => r.status === 200)).toHaveLength(3);
    expect(all.filter((r) => r.status === 403)).toHaveLength(5);
  });

  it('expire, and their tokens never outlive them', async () => {
    const expiresAt = new Date(Date.now() + 2500).toISOString();
    const s = await createSession('consultation', { expiresAt });
    const ok = await clientToken(s.roomName, s.inviteCode);
    expect(ok.status).toBe(200);
    const claims = await verifier.verify(ok.body.token);
    expect(claims.exp! * 1000).toBeLessThanOrEqual(new Date(expiresAt).getTime() + 1000);
    await new Promise((r) => setTimeout(r, 3000));
    const late = await clientToken(s.roomName, s.inviteCode);
    expect(late.status).toBe(403);
    expect(late.body.error).toBe('this invite link is no longer valid');
    // An expiry in the past is refused up front.
    const past = await request(t.app)
      .post('/api/sessions')
      .set('cookie', cookie)
      .send({ kind: 'consultation', invite: { expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(past.status).toBe(400);
  });

  it('are revoked and replaced by an admin, and listed with their state (never the hash)', async () => {
    const s = await createSession('consultation');
    expect((await clientToken(s.roomName, s.inviteCode)).status).toBe(200);
    expect((await request(t.app).delete(`/api/sessions/${s.id}/invite`)).status).toBe(401);
    const revoked = await request(t.app).delete(`/api/sessions/${s.id}/invite`).set('cookie', cookie);
    expect(revoked.status).toBe(200);
    expect(revoked.body.inviteRevokedAt).toBeTruthy();
    expect((await clientToken(s.roomName, s.inviteCode)).status).toBe(403);

    const fresh = await request(t.app)
      .post(`/api/sessions/${s.id}/invite`)
      .set('cookie', cookie)
      .send({ maxUses: 1 });
    expect(fresh.status).toBe(201);
    expect(fresh.body).toMatchObject({ inviteUses: 0, inviteMaxUses: 1, inviteRevokedAt: null });
    expect(fresh.body.joinUrl).toContain(encodeURIComponent(fresh.body.inviteCode));
    expect((await clientToken(s.roomName, s.inviteCode)).status).toBe(403); // the old code is gone
    expect((await clientToken(s.roomName, fresh.body.inviteCode)).status).toBe(200);

    const list = await request(t.app).get('/api/sessions?kind=consultation&limit=200').set('cookie', cookie);
    const listed = list.body.sessions.find((x: { id: string }) => x.id === s.id);
    expect(listed).toMatchObject({ inviteUses: 1, inviteMaxUses: 1, inviteRevokedAt: null });
    expect(listed.inviteHash).toBeUndefined();

    const call = await createSession('call');
    expect((await request(t.app).post(`/api/sessions/${call.id}/invite`).set('cookie', cookie)).status).toBe(
      409,
    );
    expect((await request(t.app).post('/api/sessions/nope/invite').set('cookie', cookie)).status).toBe(404);
  });
});

describe('anonymous token requests', () => {
  it('answer an unknown room, a wrong code and a room closed to clients identically', async () => {
    const s = await createSession('consultation');
    const call = await createSession('call');
    const unknown = `consultation-${randomBytes(6).toString('hex')}`;
    const code = 'wrong-code-0123456789';
    const answers = await Promise.all([
      clientToken(unknown, code),
      clientToken(s.roomName, code),
      clientToken(call.roomName, code),
    ]);
    for (const a of answers) {
      expect(a.status).toBe(403);
      expect(a.body).toEqual({ error: 'invalid room or invite code' });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a.headers['content-length'])))).toHaveProperty(
      'size',
      1,
    );

    // And in about the same time (one lookup, one hash comparison each): medians of interleaved runs.
    const timeOf = async (roomName: string) => {
      const t0 = process.hrtime.bigint();
      await clientToken(roomName, code);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const unknownMs: number[] = [];
    const wrongMs: number[] = [];
    for (let i = 0; i < 40; i++) {
      unknownMs.push(await timeOf(unknown));
      wrongMs.push(await timeOf(s.roomName));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    expect(Math.abs(median(unknownMs) - median(wrongMs))).toBeLessThan(Math.max(5, 0.5 * median(wrongMs)));

    // Without a code nothing is looked up at all.
    expect((await clientToken(unknown, undefined)).status).toBe(401);
    expect((await clientToken(s.roomName, undefined)).status).toBe(401);
  });

  it('get short-lived tokens, and a 410 only with the right code once the consultation ended', async () => {
    const s = await createSession('consultation');
    const res = await clientToken(s.roomName, s.inviteCode);
    const claims = await verifier.verify(res.body.token);
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(10 * 60);
    await t.db.session.update({ where: { id: s.id }, data: { status: 'ended', endedAt: new Date() } });
    expect((await clientToken(s.roomName, s.inviteCode)).status).toBe(410);
    expect((await clientToken(s.roomName, 'wrong-code-0123456789')).status).toBe(403);
  });
});

describe('display names', () => {
  const cases: [string | undefined, string][] = [
    ['Sa\u202Erah\u202C', 'Sarah'], // bidi override: would render "Sahar"
    ['\u2067Eve\u2069 \u200B\u200D\uFEFF', 'Eve'], // isolates, zero-width space/joiner, BOM
    ['Bob\u0007\u001B \n\t  Smith\u0085', 'Bob Smith'], // controls, and whitespace runs become one space
    ['   ', 'Guest'],
    ['\u200B\u202E\u2066', 'Guest'],
    [undefined, 'Guest'],
    ['Zoë 😀 Ōtsuka', 'Zoë 😀 Ōtsuka'],
    ['x'.repeat(300), 'x'.repeat(64)],
  ];
  it.each(cases)('%j → %j', async (raw, shown) => {
    const s = await createSession('consultation');
    const res = await clientToken(s.roomName, s.inviteCode, raw);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await verifier.verify(res.body.token)).name).toBe(shown);
  });

  it('are sanitised for admins too, and cut between characters, not inside one', async () => {
    const s = await createSession('call');
    const res = await request(t.app)
      .post('/api/livekit/token')
      .set('cookie', cookie)
      .send({ roomName: s.roomName, name: `${'a'.repeat(63)}👩🏽‍🚀tail` });
    const name = (await verifier.verify(res.body.token)).name!;
    // The joiner goes; of the emoji left, the 64th character is the whole skin-toned woman, not half.
    expect(name).toBe(`${'a'.repeat(63)}👩🏽`);
    expect(name.isWellFormed()).toBe(true);
  });
});

describe('admin tokens', () => {
  it('give every connection its own identity, naming the admin', async () => {
    const s = await createSession('call');
    const mint = () =>
      request(t.app).post('/api/livekit/token').set('cookie', cookie).send({ roomName: s.roomName });
    const [one, two] = [await mint(), await mint()];
    expect(one.body.identity).not.toBe(two.body.identity);
    for (const r of [one, two]) {
      const claims = await verifier.verify(r.body.token);
      expect(claims.sub).toBe(r.body.identity);
      expect(adminIdOf(r.body.identity)).toBe(t.admin.id);
      expect(claims.attributes).toMatchObject({ role: 'admin', adminId: t.admin.id });
    }
  });

  it('for the notifications room subscribe only: no publishing, not even data', async () => {
    const res = await request(t.app)
      .post('/api/livekit/token')
      .set('cookie', cookie)
      .send({ roomName: NOTIFICATIONS_ROOM });
    const claims = await verifier.verify(res.body.token);
    expect(claims.video).toMatchObject({ roomJoin: true, room: NOTIFICATIONS_ROOM, canSubscribe: true });
    expect(claims.video?.canPublish).toBe(false);
    expect(claims.video?.canPublishData).toBe(false);
  });
});

describe('POST /api/sessions/:id/end', () => {
  it('ends a session once: ended, nobody left present, analysed if it ran, no more tokens', async () => {
    const s = await createSession('call');
    await t.db.session.update({ where: { id: s.id }, data: { status: 'active', startedAt: new Date() } });
    await t.db.participant.create({ data: { sessionId: s.id, identity: 'client-end', role: 'client' } });
    expect((await request(t.app).post(`/api/sessions/${s.id}/end`)).status).toBe(401);
    const res = await request(t.app).post(`/api/sessions/${s.id}/end`).set('cookie', cookie);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('ended');
    const row = await t.db.session.findUniqueOrThrow({
      where: { id: s.id },
      include: { participants: true },
    });
    expect(row.endedAt).not.toBeNull();
    expect(row.participants.every((p) => p.leftAt !== null)).toBe(true);
    const analysis = new Queue(QUEUES.analysis.name, {
      connection: redisConnection(t.config.REDIS_URL),
      prefix: t.config.QUEUE_PREFIX,
    });
    try {
      expect(await analysis.getJob(jobIds.analysis({ sessionId: s.id }))).toBeTruthy();
    } finally {
      await analysis.close();
    }
    // Again: still 200, the first end stands.
    const again = await request(t.app).post(`/api/sessions/${s.id}/end`).set('cookie', cookie);
    expect(again.status).toBe(200);
    expect(again.body.endedAt).toBe(res.body.endedAt);
    const token = await request(t.app)
      .post('/api/livekit/token')
      .set('cookie', cookie)
      .send({ roomName: s.roomName });
    expect(token.status).toBe(410);
    expect((await request(t.app).post('/api/sessions/nope/end').set('cookie', cookie)).status).toBe(404);
  });
});
