import { readFileSync } from 'node:fs';
import { AccessToken } from 'livekit-server-sdk';
import { Room, dispose } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { TRANSCRIPTION_TOPIC, captionSignedString, dataVerifier, roomDataKey } from '@booth/shared';
import { speechWav, jfkPath } from '../support/fixtures';
import { waitUntil, waitUntilSettled, type ServiceProcess } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import {
  collectTextStreams,
  JFK_REFERENCE,
  publishWav,
  wordErrorRate,
  type ReceivedText,
} from '../support/livekit-client';
import { recordMetric } from '../support/metrics';

/**
 * Live transcription behaviour with real processes (API + transcribers) against real Postgres, Redis
 * and livekit-server: interim captions, several speakers and rooms at once, and a transcriber killed
 * mid-call whose room another transcriber takes over.
 */
const env = process.env;
let db: Db;
let stack: Stack;

beforeAll(async () => {
  db = createDb({ url: env.DATABASE_URL! });
  stack = await startStack({
    services: ['api', 'transcriber'],
    env: { TRANSCRIBER_PARTIAL_INTERVAL_MS: '700' },
  });
});

afterAll(async () => {
  await stack?.stop();
  await db?.$disconnect();
  await dispose();
});

async function join(roomName: string, identity?: string): Promise<{ room: Room; identity: string }> {
  const room = new Room();
  if (identity) {
    const at = new AccessToken(env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET, { identity });
    at.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true });
    await room.connect(env.LIVEKIT_URL!, await at.toJwt(), { autoSubscribe: true, dynacast: false });
    return { room, identity };
  }
  const t = await stack.adminToken(roomName);
  await room.connect(t.url, t.token, { autoSubscribe: false, dynacast: false });
  return { room, identity: t.identity };
}

const transcriberJoined = (sessionId: string) =>
  waitUntil(
    'the transcriber to join',
    async () => {
      const s = await stack.request<{ participants: { role: string; leftAt: string | null }[] }>(
        'GET',
        `/api/sessions/${sessionId}`,
      );
      return s.participants.some((p) => p.role === 'agent' && !p.leftAt);
    },
    60_000,
    200,
  );

const finals = (sessionId: string) =>
  db.transcriptSegment.findMany({ where: { sessionId }, orderBy: [{ startMs: 'asc' }, { id: 'asc' }] });

describe('live captions', () => {
  it('publishes partials (final=false) under the id their final gets; stores finals only, with word timestamps', async () => {
    const session = await stack.createSession('call');
    const speaker = await join(session.roomName);
    const listener = await join(session.roomName, 'caption-reader');
    const received = collectTextStreams(listener.room, TRANSCRIPTION_TOPIC);
    try {
      await transcriberJoined(session.id);
      const pub = await publishWav(speaker.room, jfkPath(), { trailingSilenceMs: 2500 });
      const rows = await waitUntil(
        'final segments',
        async () => {
          const r = await finals(session.id);
          const text = r.map((x) => x.text).join(' ');
          // Thrown, not returned: waitUntil keeps polling and reports the last transcript on timeout.
          if (wordErrorRate(JFK_REFERENCE, text) > 0.2) throw new Error(`transcript so far: "${text}"`);
          return r;
        },
        30_000,
      );
      await waitUntil('finals on the topic', () => received.filter(isFinal).length >= rows.length, 10_000);

      const partials = received.filter((t) => !isFinal(t));
      const finalMsgs = received.filter(isFinal);
      // jfk.wav has ~11 s of speech in 2-3 utterances: captions every 0.7 s of speech give several.
      expect(partials.length).toBeGreaterThanOrEqual(3);
      const finalIds = new Set(rows.map((r) => r.id));
      for (const p of partials) {
        expect(p.senderIdentity).toBe(speaker.identity);
        expect(p.attributes['lk.transcribed_track_id']).toBe(pub.trackSid);
        // Each caption belongs to an utterance whose final came (same stable segment id), and came first.
        expect(finalIds.has(p.attributes['lk.segment_id']!)).toBe(true);
        const final = finalMsgs.find((f) => f.attributes['lk.segment_id'] === p.attributes['lk.segment_id'])!;
        expect(p.receivedAt).toBeLessThanOrEqual(final.receivedAt);
        // Same start as the final; the caption's end grows toward the final's.
        expect(p.attributes['booth.start_ms']).toBe(final.attributes['booth.start_ms']);
        expect(Number(p.attributes['booth.end_ms'])).toBeGreaterThan(Number(p.attributes['booth.start_ms']));
        expect(p.text.trim().length).toBeGreaterThan(0);
      }
      // Partials are not stored: the database holds exactly the finals.
      expect(rows.every((r) => r.final)).toBe(true);
      expect(finalMsgs.map((f) => f.attributes['lk.segment_id']).sort()).toEqual([...finalIds].sort());
      for (const f of finalMsgs) {
        const row = rows.find((r) => r.id === f.attributes['lk.segment_id'])!;
        expect([f.attributes['booth.start_ms'], f.attributes['booth.end_ms']]).toEqual([
          String(row.startMs),
          String(row.endMs),
        ]);
      }

      // Every caption, partial or final, is signed by the transcriber under the room's data key.
      const verifier = await dataVerifier(
        await roomDataKey(process.env.LIVEKIT_API_SECRET!, session.roomName),
      );
      for (const c of received) {
        const a = c.attributes;
        const signed = captionSignedString({
          segmentId: a['lk.segment_id']!,
          final: isFinal(c),
          startMs: a['booth.start_ms']!,
          endMs: a['booth.end_ms']!,
          speaker: c.senderIdentity,
          text: c.text,
        });
        expect(await verifier.verifyText(signed, a['booth.sig'] ?? '')).toBe(true);
      }

      // Word timestamps in session time, inside their segment, in order.
      for (const r of rows) {
        const words = r.words as { text: string; startMs: number; endMs: number }[];
        expect(words.length).toBeGreaterThan(0);
        expect(wordErrorRate(r.text, words.map((w) => w.text).join(' '))).toBe(0);
        for (const w of words) {
          expect(w.startMs).toBeGreaterThanOrEqual(r.startMs - 50);
          expect(w.endMs).toBeLessThanOrEqual(r.endMs + 1500);
        }
      }
      const cadence = partials.slice(1).map((p, i) => p.receivedAt - partials[i]!.receivedAt);
      recordMetric('e2e.partial_interval_ms', cadence);
    } finally {
      await speaker.room.disconnect();
      await listener.room.disconnect();
    }
  });
});

const isFinal = (t: ReceivedText) => t.attributes['lk.transcription_final'] === 'true';

// No numbers in the scripts: Whisper writes "120" for "one hundred and twenty", which WER counts as wrong.
const SCRIPTS = {
  wedding: ['We are getting married in the summer.', 'The reception is at the Riverside Mansion.'],
  birthday: ['I need a disc jockey for a birthday party.', 'The party starts in the evening.'],
  corporate: [
    'Our company holds a summer party every year.',
    'Can you send me a quote for the whole evening?',
  ],
};

describe('many tracks at once', () => {
  it('transcribes simultaneous speakers in two rooms, each attributed to its own speaker and track', async () => {
    const a = await stack.createSession('call');
    const b = await stack.createSession('call');
    // Voices tiny.en reads these scripts well with offline (others garble them even there).
    const voices = ['en-us+m3', 'en-gb+m1', 'en-gb+m1'];
    const plan = [
      { session: a, identity: 'caller-wedding', text: SCRIPTS.wedding, voice: voices[0]! },
      { session: a, identity: 'caller-birthday', text: SCRIPTS.birthday, voice: voices[1]! },
      { session: b, identity: 'caller-corporate', text: SCRIPTS.corporate, voice: voices[2]! },
      { session: b, identity: 'caller-jfk', text: [JFK_REFERENCE], voice: '' },
    ];
    const speakers = await Promise.all(plan.map((p) => join(p.session.roomName, p.identity)));
    try {
      await Promise.all([transcriberJoined(a.id), transcriberJoined(b.id)]);
      const wavs = plan.map((p) =>
        p.voice ? speechWav(`multi-${p.identity}`, [p.text[0]!, 700, p.text[1]!], p.voice) : jfkPath(),
      );
      const pubs = await Promise.all(
        speakers.map((s, i) => publishWav(s.room, wavs[i]!, { trailingSilenceMs: 2500 })),
      );
      // Every track has its segments and no new final has landed for 4 s (finals queue, none is dropped).
      const { value: all } = await waitUntilSettled(
        'every track transcribed',
        async () => [...(await finals(a.id)), ...(await finals(b.id))],
        {
          size: (rows) => rows.length,
          ready: (rows) => plan.every((p) => rows.some((r) => r.speakerIdentity === p.identity)),
          quietMs: 4000,
          timeoutMs: 90_000,
        },
      );
      for (const [i, p] of plan.entries()) {
        const rows = all.filter((x) => x.speakerIdentity === p.identity);
        expect(rows.every((r) => r.sessionId === p.session.id && r.trackSid === pubs[i]!.trackSid)).toBe(
          true,
        );
        const text = rows.map((x) => x.text).join(' ');
        // Each track reads as its own script, not another's (a swapped or mixed track fails this
        // whatever the recognition quality), and is partly recognised: below 1, what an empty or
        // unrelated transcript scores. Four live tracks keep both cores busy (Whisper, livekit-server
        // and the four publishers in this process) and tiny.en garbles synthetic voices under that
        // load now and then (0.93 seen), so quality is not this test's to judge: the benchmark
        // measures WER under load properly.
        const wer = wordErrorRate(p.text.join(' '), text);
        recordMetric('e2e.multitrack_wer', [wer]);
        expect(wer, `${p.identity}: "${text}"`).toBeLessThan(1);
        for (const other of plan.filter((o) => o !== p)) {
          expect(wer, `${p.identity} vs ${other.identity}: "${text}"`).toBeLessThan(
            wordErrorRate(other.text.join(' '), text),
          );
        }
      }
      // Nothing leaked between rooms.
      const inA = new Set((await finals(a.id)).map((r) => r.speakerIdentity));
      expect([...inA].sort()).toEqual(['caller-birthday', 'caller-wedding']);
    } finally {
      await Promise.all(speakers.map((s) => s.room.disconnect()));
    }
  });
});

const CALL = [
  'Hello, this is Maria calling about our wedding.',
  'We booked the Riverside Mansion for the reception.',
  'The ceremony starts in the afternoon.',
  'We expect a lot of guests from out of town.',
  'We would love a saxophone player during dinner.',
  'Please send the contract to my email address.',
  'Thank you so much, we are very excited.',
];

function holderOf(roomName: string, procs: ServiceProcess[]): ServiceProcess | undefined {
  return procs.find((p) =>
    readFileSync(p.logPath, 'utf8')
      .split('\n')
      .some((l) => l.includes('"joined room"') && l.includes(`"room":"${roomName}"`)),
  );
}

describe('a transcriber dies mid-call', () => {
  it('another transcriber rejoins, records the gap, and no final segment is duplicated', async () => {
    const first = stack.procs.find((p) => p.name === 'transcriber')!;
    const second = stack.startAnother('transcriber');
    await waitUntil(
      'the second transcriber',
      () => readFileSync(second.logPath, 'utf8').includes('transcriber ready'),
      180_000,
      250,
    );
    const session = await stack.createSession('call');
    const speaker = await join(session.roomName);
    try {
      await transcriberJoined(session.id);
      const wav = speechWav(
        'crash-call',
        CALL.flatMap((s) => [s, 1000]),
        'en-us+f3',
      );
      const publishing = publishWav(speaker.room, wav, { trailingSilenceMs: 2500 });
      await waitUntil('a first final segment', async () => (await finals(session.id)).length > 0, 30_000);
      const holder = holderOf(session.roomName, [first, second])!;
      expect(holder).toBeDefined();
      const survivor = holder === first ? second : first;
      const { startedAt } = await db.session.findUniqueOrThrow({ where: { id: session.id } });
      const killedAtMs = Date.now() - startedAt!.getTime();
      const before = await finals(session.id);
      holder.proc.kill('SIGKILL');

      const gap = await waitUntil(
        'the gap to be recorded by the rejoining transcriber',
        () => db.transcriptionGap.findFirst({ where: { sessionId: session.id } }).then((g) => g ?? undefined),
        30_000,
        100,
      );
      expect(holderOf(session.roomName, [survivor])).toBe(survivor);
      recordMetric('e2e.rejoin_ms', [gap.toMs - killedAtMs]);
      // The gap spans the kill: it starts at the dead transcriber's last heartbeat, ends at the rejoin.
      expect(gap.fromMs).toBeLessThanOrEqual(killedAtMs);
      expect(gap.toMs).toBeGreaterThanOrEqual(killedAtMs);
      expect(gap.toMs - killedAtMs).toBeLessThan(15_000);

      await publishing;
      const after = await waitUntil(
        'segments after the rejoin',
        async () => {
          const r = await finals(session.id);
          return r.some((s) => s.startMs >= gap.toMs) && r.at(-1)!.text.toLowerCase().includes('excited')
            ? r
            : undefined;
        },
        30_000,
        200,
      );
      // What was final before the crash is there once, unchanged; later utterances do not overlap it.
      for (const b of before) expect(after.filter((s) => s.id === b.id)).toEqual([b]);
      for (let i = 1; i < after.length; i++)
        expect(after[i]!.startMs).toBeGreaterThanOrEqual(after[i - 1]!.endMs);
      const texts = after.map((s) => s.text.toLowerCase());
      expect(new Set(texts).size).toBe(texts.length);
      // The call goes on being transcribed: the last final, said after the rejoin, reads as the last
      // line of the script and not as any other. (How well: the failover just left both cores to one
      // transcriber and tiny.en garbles the synthetic voice under load now and then, 0.5 WER seen; the
      // benchmarks measure quality.)
      const last = after.at(-1)!.text;
      const wer = wordErrorRate(CALL.at(-1)!, last);
      recordMetric('e2e.after_rejoin_wer', [wer]);
      expect(wer, last).toBeLessThan(1);
      for (const line of CALL.slice(0, -1))
        expect(wer, `${last} vs "${line}"`).toBeLessThan(wordErrorRate(line, last));
    } finally {
      await speaker.room.disconnect();
    }
  });
});
