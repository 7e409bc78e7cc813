import { randomBytes } from 'node:crypto';
import { Room } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_TOPICS,
  DataPublisher,
  NOTIFICATIONS_ROOM,
  TypedQueue,
  createLogger,
  parseConfig,
  redisConnection,
} from '@booth/shared';
import { createSuggestionWorker } from '@booth/worker';
import type { NotificationMessage } from '@booth/db';
import { scanTrackers } from '../../../services/worker/src/trackers/scan';
import { apiUnderTest } from '../api/api-context';
import { collectBoothData } from '../../support/livekit-client';
import { waitUntil } from '../../support/processes';

/**
 * Keyword trackers in the worker: a live suggestion job (real BullMQ on the harness's Redis) scans the
 * call's finals into tracker_hits (Postgres), honouring client-only trackers, and a notifying tracker
 * tells the admins once per call over the LiveKit notifications room.
 */
const env = process.env as Record<string, string>;
const tag = () => randomBytes(4).toString('hex');
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
let admin: Room;
let told: { messages: NotificationMessage[]; rejected: number };
const livekit = DataPublisher.fromConfig(parseConfig(process.env)).rooms;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
  await livekit.createRoom({ name: NOTIFICATIONS_ROOM, emptyTimeout: 300 });
  const at = new AccessToken(env.LIVEKIT_API_KEY!, env.LIVEKIT_API_SECRET!, {
    identity: `admin-${t.admin.id}-0f0f0f0f`,
  });
  at.addGrant({ roomJoin: true, room: NOTIFICATIONS_ROOM, canSubscribe: true, canPublish: false });
  admin = new Room();
  told = collectBoothData<NotificationMessage>(admin, NOTIFICATIONS_ROOM, DATA_TOPICS.notifications);
  await admin.connect(env.LIVEKIT_URL!, await at.toJwt(), { autoSubscribe: false, dynacast: false });
});
afterAll(async () => {
  await admin?.disconnect();
  await livekit.deleteRoom(NOTIFICATIONS_ROOM).catch(() => undefined);
  await t?.close();
});

/** Whisper-like words for `text` from `startMs`, 300 ms apart, with their leading spaces. */
const words = (startMs: number, text: string) =>
  text
    .split(' ')
    .map((w, i) => ({ text: ` ${w}`, startMs: startMs + i * 300, endMs: startMs + i * 300 + 250 }));

describe('tracker scan', () => {
  it('stores hits from live jobs once, client-only for clients, and notifies once per call', async () => {
    const competitor = await t.db.tracker.create({
      data: { name: `Competitor ${tag()}`, phrases: ['Spin City DJs', 'Beat Bros'], notify: true },
    });
    const budget = await t.db.tracker.create({
      data: { name: `Budget ${tag()}`, phrases: ['price', 'afford'], clientOnly: true },
    });
    const contact = await t.db.contact.create({ data: { name: `Priya ${tag()}` } });
    const session = await t.db.session.create({
      data: {
        roomName: `consult-${tag()}${tag()}`,
        kind: 'consultation',
        status: 'active',
        contactId: contact.id,
        startedAt: new Date(),
      },
    });
    const adminSpeaker = `admin-${t.admin.id}`;
    await t.db.participant.createMany({
      data: [
        {
          sessionId: session.id,
          identity: `${adminSpeaker}-0a1b2c3d`,
          adminId: t.admin.id,
          name: 'Dee',
          role: 'admin',
        },
        { sessionId: session.id, identity: 'client-0123456789ab', name: 'Priya', role: 'client' },
      ],
    });
    const segment = (i: number, who: string, startMs: number, text: string, timed = true) => ({
      id: `SG_${session.id}_${i}`,
      sessionId: session.id,
      speakerIdentity: who,
      trackSid: 'TR_1',
      startMs,
      endMs: startMs + 4000,
      text,
      ...(timed ? { words: words(startMs, text) } : {}),
    });
    await t.db.transcriptSegment.createMany({
      data: [
        // The admin's "price" does not count for the client-only budget tracker.
        segment(0, adminSpeaker, 1000, 'Our price beats Spin City DJs, honestly.'),
        segment(1, 'client-0123456789ab', 8000, 'Can we afford it? Beat-Bros quoted less.'),
      ],
    });

    const prefix = `tr${tag()}`;
    const config = parseConfig({ ...process.env, QUEUE_PREFIX: prefix });
    const worker = createSuggestionWorker({
      config,
      db: t.db,
      logger: createLogger('tracker-test', 'silent'),
    });
    const queue = new TypedQueue('suggestions', { connection: redisConnection(config.REDIS_URL), prefix });
    const hitsOf = async () =>
      (await request(t.app).get(`/api/sessions/${session.id}/tracker-hits`).set('cookie', cookie)).body as {
        counts: { trackerId: string; name: string; count: number }[];
        hits: { trackerId: string; phrase: string; speakerIdentity: string; atMs: number }[];
      };
    try {
      await queue.add({ sessionId: session.id, roomName: session.roomName, bucket: 1 });
      const first = await waitUntil(
        'the first hits',
        async () => {
          const h = await hitsOf();
          return h.hits.length >= 3 ? h : undefined;
        },
        20_000,
      );
      expect(first.hits.map((h) => [h.trackerId, h.phrase, h.speakerIdentity, h.atMs])).toEqual([
        // "Spin" is the 4th word from 1000 ms; "afford" the 3rd from 8000; "Beat-Bros" the 5th.
        [competitor.id, 'Spin City DJs', adminSpeaker, 1900],
        [budget.id, 'afford', 'client-0123456789ab', 8600],
        [competitor.id, 'Beat Bros', 'client-0123456789ab', 9200],
      ]);
      expect(first.counts).toEqual([
        { trackerId: competitor.id, name: competitor.name, count: 2 },
        { trackerId: budget.id, name: budget.name, count: 1 },
      ]);

      // The admins are told once: the notification row, and its message over LiveKit.
      const message = await waitUntil(
        'the tracker notification',
        () => told.messages.find((m) => m.sessionId === session.id),
        15_000,
      );
      expect(told.rejected).toBe(0);
      expect(message).toMatchObject({
        type: 'tracker_hit',
        title: `${competitor.name} mentioned in ${contact.name}'s consultation`,
        body: '“Spin City DJs” at 0:01, said by Dee',
        contactId: contact.id,
        data: { trackerId: competitor.id, phrase: 'Spin City DJs', atMs: 1900 },
      });

      // More of the call (a final without word times), next job: new hits only, no second notification.
      await t.db.transcriptSegment.create({
        data: segment(2, 'client-0123456789ab', 20_000, 'spin city djs, spin city DJs, what price?', false),
      });
      await queue.add({ sessionId: session.id, roomName: session.roomName, bucket: 2 });
      const later = await waitUntil(
        'the later hits',
        async () => {
          const h = await hitsOf();
          return h.hits.length >= 6 ? h : undefined;
        },
        20_000,
      );
      // Untimed hits are placed by where they are in the segment (41 characters over 4 s).
      expect(later.hits.slice(3).map((h) => [h.phrase, h.atMs])).toEqual([
        ['Spin City DJs', 20_000],
        ['Spin City DJs', 21_463],
        ['price', 23_414],
      ]);
      await new Promise((r) => setTimeout(r, 1000));
      const notes = await t.db.notification.findMany({ where: { sessionId: session.id } });
      expect(notes).toHaveLength(1);
      expect(notes[0]!.publishedAt).not.toBeNull();
      expect(told.messages.filter((m) => m.sessionId === session.id)).toHaveLength(1);
    } finally {
      await worker.close();
      await queue.close();
    }

    // Rescanning adds nothing; a rewritten final loses the hits it no longer says.
    expect(await scanTrackers(t.db, session.id)).toMatchObject({ added: 0, removed: 0 });
    await t.db.transcriptSegment.update({
      where: { id: `SG_${session.id}_2` },
      data: { text: 'spin city djs, and then nothing' },
    });
    expect(await scanTrackers(t.db, session.id)).toMatchObject({ added: 0, removed: 2 });
    expect((await hitsOf()).counts).toEqual([
      { trackerId: competitor.id, name: competitor.name, count: 3 },
      { trackerId: budget.id, name: budget.name, count: 1 },
    ]);
    expect(await t.db.notification.count({ where: { sessionId: session.id } })).toBe(1);
  });

  it('reads roles from identities when the participant rows are missing, and skips assistant rooms', async () => {
    const phrase = `ocarina${tag().replace(/\d/g, 'z')}`;
    const tracker = await t.db.tracker.create({
      data: { name: `Only clients ${tag()}`, phrases: [phrase], clientOnly: true },
    });
    const make = async (kind: 'call' | 'assistant') => {
      const s = await t.db.session.create({
        data: { roomName: `${kind}-${tag()}${tag()}`, kind, status: 'ended' },
      });
      await t.db.transcriptSegment.createMany({
        data: [
          ['admin-someone-0a1b2c3d', `an ${phrase} from me`],
          ['phone-CA0123456789', `an ${phrase} from the caller`],
        ].map(([who, text], i) => ({
          id: `SG_${s.id}_${i}`,
          sessionId: s.id,
          speakerIdentity: who!,
          trackSid: 'TR_1',
          startMs: i * 5000,
          endMs: i * 5000 + 3000,
          text: text!,
        })),
      });
      return s;
    };
    const call = await make('call');
    await scanTrackers(t.db, call.id);
    const hits = await t.db.trackerHit.findMany({ where: { sessionId: call.id, trackerId: tracker.id } });
    expect(hits.map((h) => h.speakerIdentity)).toEqual(['phone-CA0123456789']);
    const assistant = await make('assistant');
    expect(await scanTrackers(t.db, assistant.id)).toMatchObject({ added: 0 });
    expect(await t.db.trackerHit.count({ where: { sessionId: assistant.id } })).toBe(0);
  });
});
