import { randomBytes } from 'node:crypto';
import { Room } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import type { Db } from '@booth/db';
import { DATA_TOPICS, TypedQueue, createLogger, parseConfig, redisConnection } from '@booth/shared';
import { createSuggestionWorker, suggest } from '@booth/worker';
import type { SuggestionMessage } from '@booth/shared';
import { endedCallWithTranscript, TEST_CALL_START, useTestDb } from '../../support/call-session';
import { collectBoothData } from '../../support/livekit-client';
import { waitUntil } from '../../support/processes';

let db: Db;
useTestDb((d) => (db = d));

const line = (role: 'admin' | 'client', text: string, startMs = 0) => ({
  speaker: role,
  role,
  text,
  startMs,
});

describe('live suggestions (rules)', () => {
  it('turns what the client says into next steps, each with its quote and moment', () => {
    const got = suggest(
      [
        line('admin', 'Booth entertainment, how can I help?', 0),
        line('client', 'Our wedding is at Cedar Hall on June 15th with 150 guests.', 4000),
        line('client', 'Our budget is around $3,000. How much is the gold package?', 9000),
        line('client', 'That sounds perfect, we are ready to book.', 15000),
      ],
      TEST_CALL_START,
    );
    expect(Object.fromEntries(got.map((s) => [s.kind, s.text]))).toEqual({
      budget: 'Client mentioned a budget of $3,000: open quote options',
      ready: 'Sounds ready: send the contract?',
      'check-date': 'Check availability for June 15, 2027',
      venue: 'Venue: Cedar Hall. Check past events and load-in notes there',
      guests: '150 guests: size the sound system and the package',
      pricing: 'Client asked about pricing: share the packages',
    });
    expect(got.find((s) => s.kind === 'ready')).toMatchObject({
      quote: 'That sounds perfect, we are ready to book.',
      atMs: 15000,
      detail: null,
    });
    // The detail each is about, in the contact's own units: what its card checks or adds.
    expect(Object.fromEntries(got.map((s) => [s.kind, s.detail]))).toEqual({
      budget: { field: 'budgetCents', value: 300_000 },
      ready: null,
      'check-date': { field: 'eventDate', value: '2027-06-15' },
      venue: { field: 'venue', value: 'Cedar Hall' },
      guests: { field: 'guestCount', value: 150 },
      pricing: null,
    });
  });

  it('suggests retention for a cancellation and billing help for a dispute, nothing for small talk', () => {
    const kinds = (text: string) => suggest([line('client', text)], TEST_CALL_START).map((s) => s.kind);
    expect(kinds('We have to cancel the wedding.')).toEqual(['retention']);
    expect(kinds('I was charged twice on my invoice.')).toEqual(['billing']);
    expect(kinds('Hello, how are you today?')).toEqual([]);
  });
});

describe('live suggestions (worker)', () => {
  it('stores new suggestions once and sends them to the admins in the room', async () => {
    const env = process.env as Record<string, string>;
    const roomName = `call-${randomBytes(5).toString('hex')}`;
    const at = new AccessToken(env.LIVEKIT_API_KEY!, env.LIVEKIT_API_SECRET!, { identity: 'admin-sugg' });
    at.addGrant({ roomJoin: true, room: roomName, canSubscribe: true, canPublish: false });
    const admin = new Room();
    const got = collectBoothData<SuggestionMessage>(admin, roomName, DATA_TOPICS.suggestions);
    const received = got.messages;
    await admin.connect(env.LIVEKIT_URL!, await at.toJwt(), { autoSubscribe: false, dynacast: false });

    const prefix = `s${randomBytes(4).toString('hex')}`;
    const config = parseConfig({ ...process.env, QUEUE_PREFIX: prefix });
    const worker = createSuggestionWorker({ config, db, logger: createLogger('sugg-test', 'silent') });
    const queue = new TypedQueue('suggestions', { connection: redisConnection(config.REDIS_URL), prefix });
    try {
      const session = await endedCallWithTranscript(db, [
        ['client-1', 'Our budget is around $2,500 for the party.'],
        ['client-1', 'We are ready to book.'],
      ]);
      await db.session.update({ where: { id: session.id }, data: { roomName, status: 'active' } });
      await queue.add({ sessionId: session.id, roomName, bucket: 1 });
      await waitUntil('two suggestions', () => (received.length >= 2 ? true : undefined), 20_000);
      expect(got.rejected).toBe(0);
      expect(received.map((m) => m.kind).sort()).toEqual(['budget', 'ready']);

      // More of the call, next bucket: only what is new is sent; nothing is stored twice.
      await db.transcriptSegment.create({
        data: {
          id: `${session.id}-9`,
          sessionId: session.id,
          speakerIdentity: 'client-1',
          trackSid: 'TR_x',
          startMs: 20000,
          endMs: 22000,
          text: 'It is at Cedar Hall on May 2nd.',
        },
      });
      await queue.add({ sessionId: session.id, roomName, bucket: 2 });
      await waitUntil(
        'the venue and date suggestions',
        () => (received.length >= 4 ? true : undefined),
        20_000,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(received.map((m) => m.kind).sort()).toEqual(['budget', 'check-date', 'ready', 'venue']);
      const stored = await db.sessionSuggestion.findMany({ where: { sessionId: session.id } });
      expect(stored.map((s) => s.kind).sort()).toEqual(['budget', 'check-date', 'ready', 'venue']);
      // Published and stored with the detail it is about.
      const venue = received.find((m) => (m as { kind: string }).kind === 'venue') as { detail: unknown };
      expect(venue.detail).toEqual({ field: 'venue', value: 'Cedar Hall' });
      expect(stored.find((s) => s.kind === 'venue')?.detail).toEqual({ field: 'venue', value: 'Cedar Hall' });
    } finally {
      await worker.close();
      await queue.close();
      await admin.disconnect();
    }
  });
});
