import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUnderTest } from './api-context';

/**
 * Talk analytics over the real API and Postgres: two scripted calls of one contact (segments,
 * participants and tracker hits inserted as the transcriber and the worker store them), in a week of
 * their own far in the future so no other test's calls share it. The figures the endpoints give are
 * the script's within 5 %.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
});
afterAll(() => t.close());

const tag = () => randomBytes(4).toString('hex');
const get = (path: string) => request(t.app).get(path).set('cookie', cookie);

/** Within 5 % of `expected` (exactly 0 when 0 is expected). */
function near(actual: unknown, expected: number): void {
  expect(typeof actual, `${String(actual)} ≈ ${expected}`).toBe('number');
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 0.05);
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A Wednesday of a year no other test uses (local time, as the API reads `today`). */
function farWednesday(): { today: string; at: (hour: number) => Date } {
  const year = 2600 + (randomBytes(2).readUInt16BE() % 300);
  const jan = new Date(year, 0, 1);
  const week = randomBytes(1)[0]! % 48;
  const day = 1 + week * 7 + ((3 - jan.getDay() + 7) % 7);
  const d = new Date(year, 0, day);
  return {
    today: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    at: (hour) => new Date(year, 0, day, hour),
  };
}

type Line = [who: 'admin' | 'client', from: number, to: number, text: string];

/** The transcript lines of the newer call (seconds): see the expected figures below. */
const NEWER: Line[] = [
  ['admin', 0, 10, 'Hi, this is Booth DJs. What is the date of your event?'],
  ['client', 11, 20, 'It is June 14th. Do you do weddings?'],
  ['admin', 21.5, 40, 'Yes we do, with a photo booth if you like.'],
  ['admin', 41, 50, 'The gold package has the lights and the booth.'],
  // Cuts in 1 s before the admin stops.
  ['client', 49, 55, 'And the price?'],
  ['admin', 56, 70, 'It is two thousand dollars. Anything else?'],
];
const OLDER: Line[] = [
  ['client', 0, 30, 'Hello? I need a DJ for a birthday party.'],
  ['admin', 33, 43, 'Sure, we can help with that.'],
];

describe('talk analytics API', () => {
  it('gives per-call figures, a contact’s evolution and the week', async () => {
    const k = tag();
    const week = farWednesday();
    const contact = await t.db.contact.create({ data: { name: `Talk Contact ${k}` } });
    const speakerOf = (who: 'admin' | 'client') =>
      who === 'admin' ? `admin-${t.admin.id}` : `client-${k}aaaa`;

    async function scriptedCall(lines: Line[], startedAt: Date, status: 'ended' | 'active' = 'ended') {
      const s = await t.db.session.create({
        data: {
          roomName: `call-talk-${tag()}${tag()}`,
          kind: 'call',
          status,
          contactId: contact.id,
          createdAt: startedAt,
          startedAt,
          endedAt: status === 'ended' ? new Date(startedAt.getTime() + 600_000) : null,
        },
      });
      await t.db.participant.createMany({
        data: [
          {
            sessionId: s.id,
            identity: `admin-${t.admin.id}-0a1b2c3d`,
            adminId: t.admin.id,
            name: 'Dee',
            role: 'admin',
          },
          { sessionId: s.id, identity: speakerOf('client'), name: 'Sarah', role: 'client' },
        ],
      });
      await t.db.transcriptSegment.createMany({
        data: lines.map(([who, from, to, text], i) => ({
          id: `SG_${s.id}_${i}`,
          sessionId: s.id,
          speakerIdentity: speakerOf(who),
          trackSid: who === 'admin' ? 'TR_admin' : 'TR_client',
          startMs: Math.round(from * 1000),
          endMs: Math.round(to * 1000),
          text,
        })),
      });
      return s;
    }

    const older = await scriptedCall(OLDER, week.at(9));
    const newer = await scriptedCall(NEWER, week.at(15));
    // Neither an interim segment nor a call still under way counts.
    await t.db.transcriptSegment.create({
      data: {
        id: `SG_${newer.id}_interim`,
        sessionId: newer.id,
        speakerIdentity: speakerOf('client'),
        trackSid: 'TR_client',
        startMs: 80_000,
        endMs: 95_000,
        text: 'interim words?',
        final: false,
      },
    });
    await scriptedCall(OLDER, week.at(17), 'active');

    const tracker = await t.db.tracker.create({ data: { name: `Price ${k}`, phrases: ['price'] } });
    await t.db.trackerHit.createMany({
      data: [
        {
          trackerId: tracker.id,
          sessionId: newer.id,
          segmentId: `SG_${newer.id}_4`,
          phrase: 'price',
          speakerIdentity: speakerOf('client'),
          atMs: 50_000,
        },
        {
          trackerId: tracker.id,
          sessionId: newer.id,
          segmentId: `SG_${newer.id}_5`,
          phrase: 'price',
          speakerIdentity: speakerOf('admin'),
          atMs: 57_000,
        },
      ],
    });

    // One call.
    const res = await get(`/api/sessions/${newer.id}/analytics`);
    expect(res.status).toBe(200);
    const a = res.body;
    expect(a).toMatchObject({
      sessionId: newer.id,
      status: 'ended',
      thresholds: { monologueMaxPauseMs: 2_000, interruptionMinOverlapMs: 300 },
      trackerHits: [{ trackerId: tracker.id, name: tracker.name, count: 2 }],
    });
    near(a.talkMs, 65_500);
    near(a.spanMs, 70_000);
    near(a.sides.admin.talkMs, 51_500);
    near(a.sides.client.talkMs, 15_000);
    near(a.sides.admin.talkShare, 51.5 / 66.5);
    near(a.sides.client.talkShare, 15 / 66.5);
    expect(a.speakers.map((s: { name: string; role: string }) => [s.name, s.role])).toEqual([
      ['Dee', 'admin'],
      ['Sarah', 'client'],
    ]);
    near(a.speakers[0].talkMs, 51_500);
    near(a.speakers[0].talkShare, 51.5 / 66.5);
    expect(a.longestMonologue).toMatchObject({ speaker: `admin-${t.admin.id}`, name: 'Dee', role: 'admin' });
    near(a.longestMonologue.ms, 28_500);
    expect(a.sides.admin).toMatchObject({ questions: 2, interruptions: 0, speakers: 1 });
    expect(a.sides.client).toMatchObject({ questions: 2, interruptions: 1, speakers: 1 });
    expect(a.responseTime.count).toBe(2);
    near(a.responseTime.medianMs, 1_250);
    near(a.responseTime.meanMs, 1_250);
    // The wire carries the contract's fields only.
    expect(a.responseTime).not.toHaveProperty('samplesMs');

    // The contact's calls, oldest first; the call under way is not one of them.
    const trend = await get(`/api/contacts/${contact.id}/talk-analytics`);
    expect(trend.status).toBe(200);
    expect(trend.body.contactId).toBe(contact.id);
    expect(trend.body.calls.map((c: { sessionId: string }) => c.sessionId)).toEqual([older.id, newer.id]);
    const [first, second] = trend.body.calls;
    near(first.talkMs, 40_000);
    near(first.adminShare, 0.25);
    near(first.longestMonologueMs, 30_000);
    near(first.responseMedianMs, 3_000);
    expect(first).toMatchObject({
      kind: 'call',
      longestMonologueRole: 'client',
      questions: { admin: 0, client: 1 },
      interruptions: { admin: 0, client: 0 },
      trackerHits: 0,
    });
    near(second.adminShare, 51.5 / 66.5);
    near(second.responseMedianMs, 1_250);
    expect(second).toMatchObject({
      longestMonologueRole: 'admin',
      questions: { admin: 2, client: 2 },
      interruptions: { admin: 0, client: 1 },
      trackerHits: 2,
    });

    // The week: only these two calls are in it.
    const w = await get(`/api/analytics/week?today=${week.today}`);
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({
      calls: 2,
      callsWithSpeech: 2,
      responses: 3,
      questions: { admin: 2, client: 3 },
      trackerHits: [{ trackerId: tracker.id, name: tracker.name, count: 2 }],
    });
    expect(w.body.weekStart <= week.today && week.today <= w.body.weekEnd).toBe(true);
    near(w.body.talkMs, 105_500);
    near(w.body.adminShareMean, (51.5 / 66.5 + 0.25) / 2);
    // Responses 3 s (older), 1.5 s and 1 s (newer).
    near(w.body.responseMedianMs, 1_500);

    // A week with no calls.
    const empty = await get(`/api/analytics/week?today=2999-12-01`);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      calls: 0,
      talkMs: 0,
      adminShareMean: null,
      responseMedianMs: null,
      trackerHits: [],
    });
  });

  it('answers 404 for an unknown call or contact, 400 for a bad day', async () => {
    const call = await get('/api/sessions/nope/analytics');
    expect(call.status).toBe(404);
    expect(call.body.error).toBe('session not found');
    const contact = await get('/api/contacts/nope/talk-analytics');
    expect(contact.status).toBe(404);
    expect(contact.body.error).toBe('contact not found');
    const bad = await get('/api/analytics/week?today=2027-02-30');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('today');
  });

  it('is for admins only', async () => {
    for (const path of [
      '/api/sessions/x/analytics',
      '/api/contacts/x/talk-analytics',
      '/api/analytics/week',
    ]) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
  });
});
