import { createHash, randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, jobIds, redisConnection } from '@booth/shared';
import { apiUnderTest } from './api-context';

let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
let verifier: TokenVerifier;

beforeAll(async () => {
  t = await apiUnderTest();
  verifier = new TokenVerifier(t.config.LIVEKIT_API_KEY, t.config.LIVEKIT_API_SECRET);
  cookie = await t.login();
});
afterAll(() => t.close());

const createSession = async (kind: string) => {
  const res = await request(t.app).post('/api/sessions').set('cookie', cookie).send({ kind });
  expect(res.status).toBe(201);
  return res.body as { id: string; roomName: string; inviteCode?: string };
};

describe('room tokens', () => {
  it('admin tokens are scoped to the one requested room', async () => {
    const s = await createSession('call');
    const res = await request(t.app)
      .post('/api/livekit/token')
      .set('cookie', cookie)
      .send({ roomName: s.roomName });
    expect(res.status).toBe(200);
    const claims = await verifier.verify(res.body.token);
    // Each connection its own identity, naming the admin (see tests/integration/rooms/admin-tabs.test.ts).
    expect(claims.sub).toMatch(new RegExp(`^admin-${t.admin.id}-[0-9a-f]{8}$`));
    expect(claims.video).toMatchObject({
      roomJoin: true,
      room: s.roomName,
      canPublish: true,
      canSubscribe: true,
    });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomList).toBeFalsy();
  });

  it('a consultation invite admits a client to that room only, with no admin powers', async () => {
    const s = await createSession('consultation');
    expect(s.inviteCode).toBeTruthy();
    const row = await t.db.session.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.inviteHash).not.toBe(s.inviteCode); // only the hash is stored
    const res = await request(t.app)
      .post('/api/livekit/token')
      .send({ roomName: s.roomName, inviteCode: s.inviteCode, name: 'Sarah' });
    expect(res.status).toBe(200);
    expect(res.body.identity).toMatch(/^client-/);
    const claims = await verifier.verify(res.body.token);
    expect(claims.video?.room).toBe(s.roomName);
    expect(claims.video?.roomJoin).toBe(true);
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomRecord).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();
    expect(claims.video?.canPublishSources?.length).toBe(3);
    expect(JSON.parse(claims.metadata ?? '{}')).toEqual({ role: 'client' });

    // The same invite code does not open another consultation.
    const other = await createSession('consultation');
    const cross = await request(t.app)
      .post('/api/livekit/token')
      .send({ roomName: other.roomName, inviteCode: s.inviteCode });
    expect(cross.status).toBe(403);
  });

  it('clients can never enter admin-only rooms or calls', async () => {
    for (const kind of ['assistant', 'collaboration', 'call']) {
      const s = await createSession(kind);
      const res = await request(t.app)
        .post('/api/livekit/token')
        .send({ roomName: s.roomName, inviteCode: 'guessed-invite-code' });
      expect(res.status).toBe(403);
    }
  });

  it('rejects missing invites, wrong invites, unknown and ended rooms', async () => {
    const s = await createSession('consultation');
    expect((await request(t.app).post('/api/livekit/token').send({ roomName: s.roomName })).status).toBe(401);
    expect(
      (
        await request(t.app)
          .post('/api/livekit/token')
          .send({ roomName: s.roomName, inviteCode: 'wrong-code-123' })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(t.app)
          .post('/api/livekit/token')
          .set('cookie', cookie)
          .send({ roomName: 'call-doesnotexist' })
      ).status,
    ).toBe(404);
    await t.db.session.update({ where: { id: s.id }, data: { status: 'ended' } });
    expect(
      (await request(t.app).post('/api/livekit/token').set('cookie', cookie).send({ roomName: s.roomName }))
        .status,
    ).toBe(410);
    const bad = await request(t.app)
      .post('/api/livekit/token')
      .set('cookie', cookie)
      .send({ roomName: '../etc' });
    expect(bad.status).toBe(400);
  });
});

/** Signs a webhook body the way livekit-server does: a JWT carrying the body's sha256. */
async function signed(body: string, secret = t.config.LIVEKIT_API_SECRET) {
  const at = new AccessToken(t.config.LIVEKIT_API_KEY, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

const event = (type: string, roomName: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    event: type,
    id: `EV_${randomBytes(6).toString('hex')}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: 'RM_test', name: roomName },
    ...extra,
  });

const post = async (body: string, auth?: string) => {
  const req = request(t.app).post('/webhooks/livekit').set('content-type', 'application/webhook+json');
  return (auth ? req.set('authorization', auth) : req).send(body);
};

describe('LiveKit webhooks', () => {
  it('reject a missing or bad signature with 401', async () => {
    const body = event('room_started', 'call-unsigned');
    expect((await post(body)).status).toBe(401);
    expect((await post(body, await signed(body, 'not-the-secret'))).status).toBe(401);
    // A valid signature over a different body.
    expect((await post(body, await signed(event('room_started', 'call-other')))).status).toBe(401);
    expect(await t.db.session.count({ where: { roomName: 'call-unsigned' } })).toBe(0);
  });

  it('dispatch the transcriber at room start and analysis at room end, once each', async () => {
    const roomName = `call-${randomBytes(4).toString('hex')}`;
    const started = event('room_started', roomName);
    expect((await post(started, await signed(started))).status).toBe(200);
    expect((await post(started, await signed(started))).status).toBe(200); // redelivered
    const session = await t.db.session.findUniqueOrThrow({ where: { roomName } });
    expect(session.status).toBe('active');
    expect(session.kind).toBe('call');

    const connection = redisConnection(t.config.REDIS_URL);
    const rooms = new Queue(QUEUES.rooms.name, { connection, prefix: t.config.QUEUE_PREFIX });
    const analysis = new Queue(QUEUES.analysis.name, { connection, prefix: t.config.QUEUE_PREFIX });
    try {
      const roomJob = await rooms.getJob(jobIds.rooms({ roomName, sessionId: session.id }));
      expect(roomJob?.data).toEqual({ roomName, sessionId: session.id });
      expect((await rooms.getJobCounts('waiting')).waiting).toBe(1);

      const joined = event('participant_joined', roomName, {
        participant: { sid: 'PA_1', identity: 'booth-transcriber-x', kind: 'AGENT' },
      });
      expect((await post(joined, await signed(joined))).status).toBe(200);
      const participant = await t.db.participant.findFirstOrThrow({ where: { sessionId: session.id } });
      expect(participant.role).toBe('agent');

      const finished = event('room_finished', roomName);
      expect((await post(finished, await signed(finished))).status).toBe(200);
      expect((await post(finished, await signed(finished))).status).toBe(200); // redelivered
      const ended = await t.db.session.findUniqueOrThrow({ where: { roomName } });
      expect(ended.status).toBe('ended');
      expect(ended.endedAt).not.toBeNull();
      expect((await analysis.getJobCounts('waiting')).waiting).toBe(1);
      expect((await analysis.getJob(jobIds.analysis({ sessionId: session.id })))?.data).toEqual({
        sessionId: session.id,
      });
    } finally {
      await rooms.close();
      await analysis.close();
    }
  });

  it('ignore rooms Booth did not create', async () => {
    const body = event('room_started', 'someone-elses-room');
    expect((await post(body, await signed(body))).status).toBe(200);
    expect(await t.db.session.count({ where: { roomName: 'someone-elses-room' } })).toBe(0);
  });
});

describe('read endpoints', () => {
  it('serve sessions, transcripts and full-text search', async () => {
    const s = await createSession('call');
    await t.db.transcriptSegment.createMany({
      data: [
        {
          id: `SG_${s.id}_1`,
          sessionId: s.id,
          speakerIdentity: 'client-1',
          trackSid: 'TR_1',
          startMs: 1000,
          endMs: 3000,
          text: 'We want the Riverside Mansion for the wedding',
        },
        {
          id: `SG_${s.id}_0`,
          sessionId: s.id,
          speakerIdentity: 'admin-1',
          trackSid: 'TR_2',
          startMs: 0,
          endMs: 900,
          text: 'Hello, Booth DJs',
        },
      ],
    });
    const transcript = await request(t.app).get(`/api/sessions/${s.id}/transcript`).set('cookie', cookie);
    expect(transcript.status).toBe(200);
    expect(transcript.body.segments.map((x: { startMs: number }) => x.startMs)).toEqual([0, 1000]);
    const search = await request(t.app)
      .get('/api/transcripts/search?q=riverside%20weddings')
      .set('cookie', cookie);
    expect(search.status).toBe(200);
    const hit = search.body.results.find((r: { sessionId: string }) => r.sessionId === s.id);
    expect(hit.speakerIdentity).toBe('client-1');
    expect(hit.snippet).toContain('<b>Riverside</b>');
    const detail = await request(t.app).get(`/api/sessions/${s.id}`).set('cookie', cookie);
    expect(detail.body.inviteHash).toBeUndefined();
    expect((await request(t.app).get('/api/sessions/nope').set('cookie', cookie)).status).toBe(404);
    expect((await request(t.app).get('/api/sessions?limit=0').set('cookie', cookie)).status).toBe(400);
  });

  it('list and search contacts', async () => {
    const c = await t.db.contact.create({
      data: { name: `Zed Unique ${randomBytes(3).toString('hex')}`, phone: '+15550009999' },
    });
    const res = await request(t.app)
      .get(`/api/contacts?q=${encodeURIComponent(c.name)}`)
      .set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.body.contacts.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const one = await request(t.app).get(`/api/contacts/${c.id}`).set('cookie', cookie);
    expect(one.body.quotes).toEqual([]);
    expect(
      (
        await request(t.app)
          .post('/api/sessions')
          .set('cookie', cookie)
          .send({ kind: 'call', contactId: 'nope' })
      ).status,
    ).toBe(400);
  });
});
