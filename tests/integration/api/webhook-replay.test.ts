import { createHash, randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { AccessToken } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, jobIds, redisConnection } from '@booth/shared';
import { apiUnderTest } from './api-context';

/**
 * Finding 8: a LiveKit webhook is acted on once per event id. The same signed body posted again
 * within its signature's validity is answered 200 and changes nothing.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let rooms: Queue;
let analysis: Queue;

beforeAll(async () => {
  t = await apiUnderTest();
  const connection = redisConnection(t.config.REDIS_URL);
  rooms = new Queue(QUEUES.rooms.name, { connection, prefix: t.config.QUEUE_PREFIX });
  analysis = new Queue(QUEUES.analysis.name, { connection, prefix: t.config.QUEUE_PREFIX });
});
afterAll(async () => {
  await rooms.close();
  await analysis.close();
  await t.close();
});

/** A body signed the way livekit-server signs it (a JWT carrying the body's sha256), and its header. */
async function signedEvent(type: string, roomName: string, extra: Record<string, unknown> = {}, ageS = 0) {
  const body = JSON.stringify({
    event: type,
    id: `EV_${randomBytes(6).toString('hex')}`,
    createdAt: String(Math.floor(Date.now() / 1000) - ageS),
    room: { sid: 'RM_replay', name: roomName },
    ...extra,
  });
  const at = new AccessToken(t.config.LIVEKIT_API_KEY, t.config.LIVEKIT_API_SECRET, { ttl: '5m' });
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return { body, auth: await at.toJwt() };
}

const post = (e: { body: string; auth: string }) =>
  request(t.app)
    .post('/webhooks/livekit')
    .set('content-type', 'application/webhook+json')
    .set('authorization', e.auth)
    .send(e.body);

const client = { sid: 'PA_r', identity: 'client-replay', name: 'Replay', kind: 'STANDARD' };

describe('replayed webhooks', () => {
  it('a replayed participant_joined does not bring back someone who left', async () => {
    const roomName = `call-${randomBytes(4).toString('hex')}`;
    expect((await post(await signedEvent('room_started', roomName))).status).toBe(200);
    const joined = await signedEvent('participant_joined', roomName, { participant: client });
    expect((await post(joined)).status).toBe(200);
    expect(
      (await post(await signedEvent('participant_left', roomName, { participant: client }))).status,
    ).toBe(200);
    const session = await t.db.session.findUniqueOrThrow({ where: { roomName } });
    const left = await t.db.participant.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(left.leftAt).not.toBeNull();

    const replay = await post(joined);
    expect(replay.status).toBe(200);
    const after = await t.db.participant.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(after.leftAt).toEqual(left.leftAt);
    expect(replay.body).toMatchObject({ ok: true, ignored: 'replay' });
  });

  it('a replayed room_started or room_finished enqueues nothing, even once the first job is gone', async () => {
    const roomName = `call-${randomBytes(4).toString('hex')}`;
    const started = await signedEvent('room_started', roomName);
    expect((await post(started)).status).toBe(200);
    const session = await t.db.session.findUniqueOrThrow({ where: { roomName } });
    const roomJob = jobIds.rooms({ roomName, sessionId: session.id });
    // The transcriber served the room and the job was cleaned up; then the old body comes again.
    await (await rooms.getJob(roomJob))!.remove();
    expect((await post(started)).status).toBe(200);
    expect(await rooms.getJob(roomJob)).toBeUndefined();

    const finished = await signedEvent('room_finished', roomName);
    expect((await post(finished)).status).toBe(200);
    const analysisJob = jobIds.analysis({ sessionId: session.id });
    await (await analysis.getJob(analysisJob))!.remove();
    expect((await post(finished)).status).toBe(200);
    expect(await analysis.getJob(analysisJob)).toBeUndefined();
  });

  it('an event older than the kept ids is not acted on; a fresh one with its own id is', async () => {
    const roomName = `call-${randomBytes(4).toString('hex')}`;
    const old = await signedEvent('room_started', roomName, {}, 3 * 24 * 3600);
    const res = await post(old);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ignored: 'stale' });
    expect(await t.db.session.count({ where: { roomName } })).toBe(0);
    expect((await post(await signedEvent('room_started', roomName))).status).toBe(200);
    expect(await t.db.session.count({ where: { roomName } })).toBe(1);
  });

  it('a signed event whose id or name Postgres cannot store is ignored, not a 500 (found by the fuzz tier)', async () => {
    const roomName = `call-${randomBytes(4).toString('hex')}`;
    for (const extra of [{ event: '\u0000' }, { id: 'EV_\u0000' }]) {
      const res = await post(await signedEvent('room_started', roomName, extra));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, ignored: 'unreadable' });
    }
    expect(await t.db.session.count({ where: { roomName } })).toBe(0);
  });
});
