import { join } from 'node:path';
import { AccessToken } from 'livekit-server-sdk';
import { Room, dispose } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { Queue } from 'bullmq';
import { QUEUES, TRANSCRIPTION_TOPIC, jobIds, redisConnection, speakerOf } from '@booth/shared';
import { waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { collectTextStreams, JFK_REFERENCE, publishWav, wordErrorRate } from '../support/livekit-client';
import { startFakeLlm, type FakeLlm } from '../fakes/openai-server';
import { recordMetric } from '../support/metrics';

/**
 * The whole call path with real components: API, worker and transcriber run as real processes against
 * real Postgres, Redis and livekit-server; a participant joins a room with a token from the API and
 * publishes a real recording; the transcript lands in Postgres and on `lk.transcription`; hanging up
 * ends the room (LiveKit webhook) and the worker writes the analysis. Only the LLM is a local stand-in
 * speaking the OpenAI wire protocol.
 *
 * WER bound 0.2: Whisper tiny.en on clean 16 kHz read speech scores ~0-5 % on this clip offline; the
 * live path adds Opus coding and VAD cuts, so 20 % (at most 4 of the 22 words wrong) catches a broken
 * pipeline (missing utterance, garbage audio, wrong sample rate → WER ≥ 50 %) without flaking on a
 * single substitution such as "Americans," vs "Americans".
 */
const env = process.env;
const audio = join(env.BOOTH_AUDIO_DIR ?? '', 'jfk.wav');

let db: Db;
let llm: FakeLlm;
let stack: Stack;

beforeAll(async () => {
  db = createDb({ url: env.DATABASE_URL! });
  llm = await startFakeLlm();
  llm.respondWith(
    JSON.stringify({
      summary: 'President Kennedy urges Americans to serve their country.',
      actionItems: [],
      leadStatus: null,
      sentiment: 'warm',
      sentimentReason: 'inspiring tone',
      fields: {},
    }),
  );
  stack = await startStack({
    env: {
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${llm.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_MODEL: 'gpt-test',
      JOB_ATTEMPTS: '3',
    },
  });
});

afterAll(async () => {
  const codes = await stack?.stop();
  await llm?.close();
  await db?.$disconnect();
  await dispose();
  // SIGTERM drains and exits cleanly.
  expect(codes).toEqual([0, 0, 0]);
});

describe('a call in a LiveKit room', () => {
  it('is transcribed locally into Postgres and lk.transcription, served by the API, and analysed at hang-up', async () => {
    // An admin (logged in by the stack) opens a call session and gets a room token from the API.
    const session = await stack.createSession('call');
    const { token, url, identity } = await stack.adminToken(session.roomName);

    // A listener who only watches the transcription topic (as the dashboard does).
    const listenerToken = new AccessToken(env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET, {
      identity: 'listener',
    });
    listenerToken.addGrant({ roomJoin: true, room: session.roomName, canPublish: false, canSubscribe: true });
    const listener = new Room();
    const speaker = new Room();
    try {
      await speaker.connect(url, token, { autoSubscribe: false, dynacast: false });
      await listener.connect(url, await listenerToken.toJwt(), { autoSubscribe: true, dynacast: false });
      const received = collectTextStreams(listener, TRANSCRIPTION_TOPIC);

      // room_started webhook → API → rooms job → the transcriber joins as a hidden agent.
      await waitUntil(
        'the transcriber to join',
        async () => {
          const s = await stack.request<{ participants: { role: string }[] }>(
            'GET',
            `/api/sessions/${session.id}`,
          );
          return s.participants.some((p) => p.role === 'agent');
        },
        60_000,
        250,
      );

      const pub = await publishWav(speaker, audio, { trailingSilenceMs: 2500 });

      const segments = await waitUntil(
        'final segments in Postgres',
        async () => {
          const rows = await db.transcriptSegment.findMany({
            where: { sessionId: session.id },
            orderBy: { startMs: 'asc' },
          });
          const text = rows.map((r) => r.text).join(' ');
          // Thrown, not returned: waitUntil keeps polling and reports the last transcript on timeout.
          if (wordErrorRate(JFK_REFERENCE, text) > 0.2) throw new Error(`transcript so far: "${text}"`);
          return rows;
        },
        30_000,
        100,
      );
      for (const s of segments) {
        // Stored under the admin (whichever tab spoke), sent to the room as this connection.
        expect(s.speakerIdentity).toBe(speakerOf(identity));
        expect(s.trackSid).toBe(pub.trackSid);
        expect(s.final).toBe(true);
        expect(s.endMs).toBeGreaterThan(s.startMs);
      }
      const stored = segments.map((s) => s.text).join(' ');
      const wer = wordErrorRate(JFK_REFERENCE, stored);
      expect(wer).toBeLessThanOrEqual(0.2);

      // End of utterance → final segment committed. Segment times count from the session's start, so
      // startedAt + endMs is the wall-clock moment the end of speech reached the transcriber.
      const { startedAt } = await db.session.findUniqueOrThrow({ where: { id: session.id } });
      expect(startedAt).not.toBeNull();
      const latencies = segments.map((s) => s.createdAt.getTime() - (startedAt!.getTime() + s.endMs));
      recordMetric('e2e.segment_latency_ms', latencies);
      recordMetric('e2e.wer', [wer]);

      // The same segments reached the room on lk.transcription, attributed to the speaker.
      // Finals only here (interim captions are covered by live-transcription.test.ts).
      const finalsOnTopic = () => received.filter((t) => t.attributes['lk.transcription_final'] === 'true');
      await waitUntil(
        'transcriptions on lk.transcription',
        () => finalsOnTopic().length >= segments.length,
        10_000,
      );
      for (const t of finalsOnTopic()) {
        expect(t.senderIdentity).toBe(identity);
        expect(t.attributes['lk.transcription_final']).toBe('true');
        expect(t.attributes['lk.transcribed_track_id']).toBe(pub.trackSid);
      }
      expect(
        finalsOnTopic()
          .map((t) => t.attributes['lk.segment_id'])
          .sort(),
      ).toEqual(segments.map((s) => s.id).sort());
      expect(
        wordErrorRate(
          JFK_REFERENCE,
          finalsOnTopic()
            .map((t) => t.text)
            .join(' '),
        ),
      ).toBeLessThanOrEqual(0.2);

      // The API serves the stored transcript and finds it by full-text search.
      const transcript = await stack.request<{ segments: { id: string; text: string }[] }>(
        'GET',
        `/api/sessions/${session.id}/transcript`,
      );
      expect(transcript.segments.map((s) => s.id)).toEqual(segments.map((s) => s.id));
      // Search finds the call and the moment: "country" is first said about 5-6 s into the recording.
      const search = await stack.request<{ results: { sessionId: string; atMs: number }[] }>(
        'GET',
        `/api/transcripts/search?q=country&limit=200`,
      );
      const hits = search.results.filter((r) => r.sessionId === session.id);
      expect(hits.length, stored).toBeGreaterThan(0);
      const firstSaid = Math.min(...hits.map((h) => h.atMs)) - (pub.startedAt - startedAt!.getTime());
      expect(firstSaid).toBeGreaterThan(3000);
      expect(firstSaid).toBeLessThan(8000);
    } finally {
      await speaker.disconnect();
      await listener.disconnect();
    }

    // Hang-up: room_finished webhook → analysis job → the worker writes the analysis.
    const hungUpAt = Date.now();
    const analysis = await waitUntil(
      'the analysis row',
      async () => {
        const a = await db.analysis.findUnique({ where: { sessionId: session.id } });
        return a && (a.status === 'completed' || a.status === 'failed') ? a : undefined;
      },
      60_000,
      200,
    );
    recordMetric('e2e.hangup_to_analysis_ms', [Date.now() - hungUpAt]);
    expect(analysis.status).toBe('completed');
    expect(analysis.summary).toContain('Kennedy');
    expect(analysis.sentiment).toBe('warm');
    // The LLM saw the stored transcript, not something else.
    expect(llm.requests.at(-1)?.bodyText).toContain('your country');
    const ended = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).not.toBeNull();

    // During the call the transcriber asked for live suggestions every 3 finals, and the worker ran
    // them (this speech prompts none: it names no date, venue, budget or booking).
    const suggestions = new Queue(QUEUES.suggestions.name, {
      connection: redisConnection(env.REDIS_URL!),
      prefix: stack.prefix,
    });
    try {
      const id = jobIds.suggestions({ sessionId: session.id, roomName: session.roomName, bucket: 1 });
      await waitUntil(
        'the live-suggestion job',
        async () => (await suggestions.getJobState(id)) === 'completed',
        20_000,
        200,
      );
      expect(
        (await db.sessionSuggestion.findMany({ where: { sessionId: session.id } })).map((s) => s.kind),
      ).toEqual([]);
    } finally {
      await suggestions.close();
    }
  });
});
