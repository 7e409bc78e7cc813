import { randomBytes } from 'node:crypto';
import { RoomEvent, dispose } from '@livekit/rtc-node';
import { TokenVerifier } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_TOPICS,
  DataPublisher,
  NOTIFICATIONS_ROOM,
  TRANSCRIPTION_TOPIC,
  TypedQueue,
  adminIdOf,
  createLogger,
  parseConfig,
  redisConnection,
} from '@booth/shared';
import { RecognizerPool, RoomTranscriber, SileroVad, WhisperRecognizer } from '@booth/transcriber';
import { createSuggestionWorker } from '@booth/worker';
import { jfkPath, vadPath, whisperPath } from '../../support/fixtures';
import { collectBoothData, collectTextStreams, publishWav } from '../../support/livekit-client';
import { waitUntil } from '../../support/processes';
import { join, liveApi, sleep, type Connection } from './live-api';

/**
 * Finding 7: every admin connection has its own LiveKit identity naming the admin, so one admin in two
 * tabs has two live connections (a shared identity made LiveKit drop the first: DUPLICATE_IDENTITY),
 * in a call and in the notifications room, and everything that maps identities back to admins
 * (suggestions, presence, participant rows, the transcript) still finds the admin.
 */
let t: Awaited<ReturnType<typeof liveApi>>;
const tabs: Connection[] = [];
beforeAll(async () => {
  t = await liveApi();
});
afterAll(async () => {
  await Promise.all(tabs.map((c) => c.room.disconnect()));
  await t?.close();
  await dispose();
});

/** Two tabs of the test's admin in `roomName`, each with its own token from the API. */
async function twoTabs(roomName: string): Promise<[Connection, Connection]> {
  const first = await join(await t.token(roomName, { admin: true }));
  const second = await join(await t.token(roomName, { admin: true }));
  tabs.push(first, second);
  return [first, second];
}

/** Both still connected a few seconds on, neither dropped as a duplicate. */
async function expectBothConnected(a: Connection, b: Connection) {
  await sleep(3000);
  expect([a.disconnected, b.disconnected]).toEqual([undefined, undefined]);
  expect([a.room.isConnected, b.room.isConnected]).toEqual([true, true]);
  expect(a.identity).not.toBe(b.identity);
  expect([adminIdOf(a.identity), adminIdOf(b.identity)]).toEqual([t.admin.id, t.admin.id]);
}

/** Booth's (signed, verified) messages on `topic` reaching a tab in room `roomName`. */
function received(c: Connection, roomName: string, topic: string): unknown[] {
  return collectBoothData(c.room, roomName, topic).messages;
}

describe('one admin in two tabs', () => {
  it('in a call: both stay connected, are two participants of the admin, and both get suggestions', async () => {
    const s = await t.createSession('call');
    const [a, b] = await twoTabs(s.roomName);
    const gotA = received(a, s.roomName, DATA_TOPICS.suggestions);
    const gotB = received(b, s.roomName, DATA_TOPICS.suggestions);
    await expectBothConnected(a, b);

    // Two rows (one per connection), both the admin's.
    const rows = await waitUntil(
      'both tabs in the participants table',
      async () => {
        const r = await t.db.participant.findMany({ where: { sessionId: s.id, leftAt: null } });
        return r.length === 2 ? r : undefined;
      },
      10_000,
    );
    expect(rows.map((r) => [r.role, r.adminId])).toEqual([
      ['admin', t.admin.id],
      ['admin', t.admin.id],
    ]);
    expect(rows.map((r) => r.identity).sort()).toEqual([a.identity, b.identity].sort());

    // Live suggestions reach both tabs.
    const prefix = `tabs${randomBytes(4).toString('hex')}`;
    const config = parseConfig({ ...process.env, QUEUE_PREFIX: prefix });
    const worker = createSuggestionWorker({ config, db: t.db, logger: createLogger('tabs', 'silent') });
    const queue = new TypedQueue('suggestions', { connection: redisConnection(config.REDIS_URL), prefix });
    try {
      await t.db.transcriptSegment.createMany({
        data: ['Our budget is around $2,500 for the party.', 'We are ready to book.'].map((text, i) => ({
          id: `${s.id}-${i}`,
          sessionId: s.id,
          speakerIdentity: 'client-1',
          trackSid: 'TR_x',
          startMs: i * 5000,
          endMs: i * 5000 + 4000,
          text,
        })),
      });
      await queue.add({ sessionId: s.id, roomName: s.roomName, bucket: 1 });
      await waitUntil('suggestions in both tabs', () => gotA.length >= 2 && gotB.length >= 2, 20_000);
      const kinds = (got: unknown[]) => got.map((m) => (m as { kind: string }).kind).sort();
      expect(kinds(gotA)).toEqual(['budget', 'ready']);
      expect(kinds(gotB)).toEqual(['budget', 'ready']);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('in booth-notifications: both stay connected and notified, presence shows one admin; nobody publishes', async () => {
    const [a, b] = await twoTabs(NOTIFICATIONS_ROOM);
    const gotA = received(a, NOTIFICATIONS_ROOM, DATA_TOPICS.notifications);
    const gotB = received(b, NOTIFICATIONS_ROOM, DATA_TOPICS.notifications);
    const chatter: unknown[] = [];
    for (const c of [a, b]) {
      c.room.on(RoomEvent.DataReceived, (_payload, participant) => {
        if (participant) chatter.push(participant.identity);
      });
    }
    await expectBothConnected(a, b);

    const note = { id: `n-${randomBytes(3).toString('hex')}`, type: 'test', title: 'Both tabs hear this' };
    await DataPublisher.fromConfig(t.config).notifyAdmins(note);
    await waitUntil('the notification in both tabs', () => gotA.length > 0 && gotB.length > 0, 10_000);
    expect([gotA, gotB]).toEqual([[note], [note]]);

    const presence = await request(t.app).get('/api/notifications/presence').set('cookie', t.cookie);
    expect(presence.status).toBe(200);
    const mine = (presence.body.admins as { adminId: string; connections: number }[]).filter(
      (p) => p.adminId === t.admin.id,
    );
    expect(mine).toEqual([expect.objectContaining({ adminId: t.admin.id, connections: 2 })]);

    // The notifications token subscribes only: what a tab tries to publish reaches no one.
    const claims = await new TokenVerifier(t.config.LIVEKIT_API_KEY, t.config.LIVEKIT_API_SECRET).verify(
      (await t.token(NOTIFICATIONS_ROOM, { admin: true })).token,
    );
    expect(claims.video).toMatchObject({ canSubscribe: true, canPublish: false, canPublishData: false });
    await a.room
      .localParticipant!.publishData(new TextEncoder().encode('{"forged":true}'), {
        reliable: true,
        topic: DATA_TOPICS.notifications,
      })
      .catch(() => undefined); // refused locally or dropped by the server: either way nobody gets it
    await sleep(2000);
    expect(chatter).toEqual([]);
    expect(gotB).toEqual([note]);
  });

  it('the transcript names the admin, whichever tab spoke; the room still sees the tab', async () => {
    const s = await t.createSession('call');
    const session = await t.db.session.update({
      where: { id: s.id },
      data: { status: 'active', startedAt: new Date() },
    });
    const [a, b] = await twoTabs(s.roomName);
    const captions = collectTextStreams(b.room, TRANSCRIPTION_TOPIC);
    const [vad, whisper] = await Promise.all([
      SileroVad.load(vadPath()),
      WhisperRecognizer.load(whisperPath()),
    ]);
    const recognizer = new RecognizerPool(whisper, { size: 1 });
    const rt = new RoomTranscriber({
      livekitUrl: t.config.LIVEKIT_URL,
      apiKey: t.config.LIVEKIT_API_KEY,
      apiSecret: t.config.LIVEKIT_API_SECRET,
      identity: 'booth-transcriber',
      roomName: s.roomName,
      sessionId: s.id,
      sessionStartedAt: session.startedAt!.getTime(),
      db: t.db,
      vad,
      recognizer,
      partialIntervalMs: 0,
      logger: createLogger('tabs-transcriber', 'silent'),
    });
    const running = rt.run();
    try {
      await sleep(1500); // the transcriber joins and subscribes
      await publishWav(a.room, jfkPath(), { trailingSilenceMs: 1500 });
      const rows = await waitUntil(
        'final segments',
        async () => {
          const r = await t.db.transcriptSegment.findMany({ where: { sessionId: s.id } });
          return r.length > 0 ? r : undefined;
        },
        30_000,
      );
      expect(new Set(rows.map((r) => r.speakerIdentity))).toEqual(new Set([`admin-${t.admin.id}`]));
      await waitUntil('captions in the other tab', () => captions.length >= rows.length, 10_000);
      expect(new Set(captions.map((c) => c.senderIdentity))).toEqual(new Set([a.identity]));
    } finally {
      await rt.stop();
      await running;
      await recognizer.free();
    }
  });
});
