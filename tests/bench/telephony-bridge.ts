import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteTrack,
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { createDb, migrate, type Db } from '@booth/db';
import { TRANSCRIPTION_TOPIC, decodeMulaw } from '@booth/shared';
import { float32ToInt16, parseWav } from '@booth/transcriber';
import { openTwilioStream, rms, tone, toneRatio } from '../fakes/twilio-media';
import { parseStreamTwiml } from '../fakes/twilio-rest';
import { callVoiceWebhook } from '../fakes/twilio-voice';
import { startServices } from '../harness/services';
import { median, percentile } from '../harness/metrics-summary';
import { connectRoom, transcriberJoined } from '../support/browser-live';
import { speechWav } from '../support/fixtures';
import { collectTextStreams, wordErrorRate, type ReceivedText } from '../support/livekit-client';
import { toPhoneMulaw } from '../support/phone-audio';
import { waitUntil } from '../support/processes';
import { processCpuSeconds, processMemory, startStack, type Stack } from '../support/stack';
import { BENCH_VOCABULARY, NAMED_CALLERS } from './telephony-speech';

const BOOTH_NUMBER = '+15559870000';
/** After an utterance's final: this long without another before the turn is over. */
const QUIET_MS = 1500;
/** An utterance with no final this long after it ends counts as missing. */
const SETTLE_TIMEOUT_MS = 20_000;
const TONE_HZ = 1000;

/** The callers' numbers, E.164: +1 555 010 0000 + i. */
const callerPhone = (i: number) => `+1555010${String(10_000 + i).slice(1)}`;
const ms = (v: number[]) =>
  v.length ? `${percentile(v, 50).toFixed(0)} / ${percentile(v, 95).toFixed(0)} ms` : '-';

/** A caller's utterance: 16 kHz speech with the silence espeak-ng leaves around it trimmed off. */
function utterance(i: number): Float32Array {
  const c = NAMED_CALLERS[i]!;
  const { samples } = parseWav(readFileSync(speechWav(`caller-${i}`, [{ say: c.say, voice: c.voice }])));
  let start = 0;
  let end = samples.length;
  while (start < end && Math.abs(samples[start]!) < 0.01) start++;
  while (end > start && Math.abs(samples[end - 1]!) < 0.01) end--;
  return samples.subarray(start, end);
}

/** 8 kHz PCM as the phone line carries it (what the fake Twilio sends, µ-law encoded). */
const phonePcm = (samples16k: Float32Array) => decodeMulaw(toPhoneMulaw(samples16k));
const silence8k = (msLen: number) => new Int16Array((8 * msLen) | 0);

/** A publisher of 16 kHz audio that knows when each piece finished playing into WebRTC. */
async function microphone(room: Room) {
  const source = new AudioSource(16000, 1, 100);
  const track = LocalAudioTrack.createAudioTrack('microphone', source);
  const options = new TrackPublishOptions();
  options.source = TrackSource.SOURCE_MICROPHONE;
  await room.localParticipant!.publishTrack(track, options);
  const play = async (pcm: Int16Array) => {
    for (let off = 0; off < pcm.length; off += 160) {
      const chunk = new Int16Array(160);
      chunk.set(pcm.subarray(off, off + 160));
      await source.captureFrame(new AudioFrame(chunk, 16000, 1, 160));
    }
  };
  return {
    /** Plays `pcm`, resolving when its last sample has been played out (wall-clock ms). */
    async say(pcm: Int16Array): Promise<number> {
      await play(pcm);
      await source.waitForPlayout();
      return Date.now();
    },
    /** Starts `pcm` after the queue is empty: resolves with when its first sample went out. */
    async burst(pcm: Int16Array): Promise<number> {
      await source.waitForPlayout();
      const at = Date.now();
      await play(pcm);
      return at;
    },
    play,
    close: () => source.close(),
  };
}

/** Every remote audio frame `room` receives from `identity`, with when it arrived. */
function hear(room: Room, identity: string, rate: number) {
  const frames: { at: number; pcm: Int16Array }[] = [];
  const readers: Promise<void>[] = [];
  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant) => {
    if (participant.identity !== identity || track.kind !== TrackKind.KIND_AUDIO) return;
    readers.push(
      (async () => {
        for await (const frame of new AudioStream(track, { sampleRate: rate, numChannels: 1 })) {
          frames.push({ at: Date.now(), pcm: new Int16Array(frame.data) });
        }
      })().catch(() => undefined),
    );
  });
  return frames;
}

/** The first frame at or after `since` carrying the tone (most of its power at TONE_HZ). */
function toneOnset(
  frames: { at: number; pcm: Int16Array }[],
  since: number,
  rate: number,
): number | undefined {
  return frames.find((f) => f.at >= since && rms(f.pcm) > 500 && toneRatio(f.pcm, TONE_HZ, rate) > 0.5)?.at;
}

/** The final captions of `speaker` received in [from, to), last one last. */
const finalsOf = (got: ReceivedText[], speaker: string, from: number, to: number) =>
  got.filter(
    (t) =>
      t.senderIdentity === speaker &&
      t.attributes['lk.transcription_final'] === 'true' &&
      t.receivedAt >= from &&
      t.receivedAt < to,
  );

interface Turn {
  caption?: number;
  postgres?: number;
  wer: number;
  nameRight: boolean;
}

/** One phone call through the bridge as Twilio would place it; the admin answers with an rtc-node client. */
async function phoneCall(stack: Stack, db: Db, caller: number) {
  const callSid = `CA${randomBytes(16).toString('hex')}`;
  const res = await callVoiceWebhook(stack.api, { callSid, from: callerPhone(caller), to: BOOTH_NUMBER });
  const twiml = parseStreamTwiml(res.twiml);
  if (!twiml) throw new Error(`voice webhook: ${res.status}, no <Connect><Stream>`);
  const stream = await openTwilioStream(twiml.url, { callSid, customParameters: twiml.parameters });
  const session = await waitUntil(
    'the phone session',
    async () => (await db.session.findUnique({ where: { callSid } })) ?? undefined,
    15_000,
    50,
  );
  const admin = await connectRoom(await stack.adminToken(session.roomName), true);
  const captions = collectTextStreams(admin, TRANSCRIPTION_TOPIC);
  const heard = hear(admin, `phone-${callSid}`, 16000);
  await waitUntil('the admin answered (hold cleared)', async () => stream.clears.length > 0, 15_000, 20);
  return {
    stream,
    session,
    admin,
    captions,
    heard,
    speaker: `phone-${callSid}`,
    async hangUp() {
      await stream.stop();
      await admin.disconnect();
    },
  };
}

/** (c) phone: caller speech → final caption at the admin and in Postgres, per utterance. */
async function phoneTurn(
  stack: Stack,
  db: Db,
  caller: number,
  pcm16k: Float32Array,
  contactId: string,
): Promise<Turn> {
  const call = await phoneCall(stack, db, caller);
  try {
    // The number must have matched the caller's contact, or the call has no per-call prompt.
    if (call.session.contactId !== contactId) throw new Error(`${callerPhone(caller)} matched no contact`);
    await transcriberJoined(stack, call.session.id);
    await call.stream.streamPcm(silence8k(500));
    await call.stream.streamPcm(phonePcm(pcm16k));
    const endedAt = Date.now();
    // Twilio sends silence while the caller is quiet: the line stays open until the final is in.
    const quiet = call.stream.loopPcm(silence8k(200));
    await settled(call.captions, call.speaker, endedAt);
    await quiet();
    return await turnResult(db, call.session.id, call.speaker, call.captions, endedAt, caller);
  } finally {
    await call.hangUp();
  }
}

/** (c) anchor: the same utterance wideband, published into a call room by an rtc-node participant. */
async function widebandTurn(stack: Stack, db: Db, caller: number, pcm16k: Float32Array, contactId: string) {
  const session = await stack.request<{ id: string; roomName: string }>('POST', '/api/sessions', {
    kind: 'call',
    contactId,
  });
  const admin = await connectRoom(await stack.adminToken(session.roomName));
  const captions = collectTextStreams(admin, TRANSCRIPTION_TOPIC);
  const identity = `client-${randomBytes(3).toString('hex')}`;
  const at = new AccessToken(process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET, { identity });
  at.addGrant({ roomJoin: true, room: session.roomName, canPublish: true, canSubscribe: false });
  const speaker = new Room();
  await speaker.connect(process.env.LIVEKIT_URL!, await at.toJwt(), {
    autoSubscribe: false,
    dynacast: false,
  });
  const mic = await microphone(speaker);
  try {
    await transcriberJoined(stack, session.id);
    await mic.say(new Int16Array(8000));
    const endedAt = await mic.say(float32ToInt16(pcm16k));
    let quiet = true;
    const silence = (async () => {
      while (quiet) await mic.say(new Int16Array(3200));
    })();
    await settled(captions, identity, endedAt);
    quiet = false;
    await silence;
    return await turnResult(db, session.id, identity, captions, endedAt, caller);
  } finally {
    await mic.close();
    await Promise.all([speaker.disconnect(), admin.disconnect()]);
    await stack.request('POST', `/api/sessions/${session.id}/end`).catch(() => undefined);
  }
}

/** Waits for `speaker`'s final after `endedAt`, then QUIET_MS without another (an utterance may split). */
async function settled(captions: ReceivedText[], speaker: string, endedAt: number): Promise<void> {
  const count = () => finalsOf(captions, speaker, endedAt, Infinity).length;
  await waitUntil('a final caption', () => count() > 0, SETTLE_TIMEOUT_MS, 20).catch(() => undefined);
  for (let n = count(), at = Date.now(); Date.now() - at < QUIET_MS;) {
    await new Promise((r) => setTimeout(r, 50));
    if (count() !== n) [n, at] = [count(), Date.now()];
  }
}

async function turnResult(
  db: Db,
  sessionId: string,
  speaker: string,
  captions: ReceivedText[],
  endedAt: number,
  caller: number,
): Promise<Turn> {
  // The utterance's last final (an utterance the VAD split has earlier ones).
  const finals = finalsOf(captions, speaker, endedAt, Infinity);
  const rows = await db.transcriptSegment.findMany({
    where: { sessionId, final: true, speakerIdentity: speaker },
    orderBy: { createdAt: 'asc' },
  });
  const stored = rows.filter((r) => r.createdAt.getTime() >= endedAt);
  const text = rows.map((r) => r.text).join(' ');
  const c = NAMED_CALLERS[caller]!;
  return {
    caption: finals.at(-1) && finals.at(-1)!.receivedAt - endedAt,
    postgres: stored.at(-1) && stored.at(-1)!.createdAt.getTime() - endedAt,
    wer: wordErrorRate(c.say, text),
    nameRight: text.toLowerCase().includes(c.contact.name.toLowerCase()),
  };
}

/** (d) tone bursts both ways through the bridge: fake Twilio → admin, admin → fake Twilio. */
async function roundTrip(stack: Stack, db: Db, bursts: number) {
  const call = await phoneCall(stack, db, 0);
  const mic = await microphone(call.admin);
  const up: number[] = [];
  const down: number[] = [];
  try {
    await call.stream.streamPcm(silence8k(1000));
    for (let i = 0; i < bursts; i++) {
      const sent = Date.now();
      await call.stream.streamPcm(tone(TONE_HZ, 200));
      await call.stream.streamPcm(silence8k(800));
      const heardAt = toneOnset(call.heard, sent, 16000);
      if (heardAt) up.push(heardAt - sent);
    }
    // The admin's microphone: silence, then bursts; the fake keeps the line open with silence.
    const keepOpen = call.stream.loopPcm(silence8k(200));
    await mic.play(new Int16Array(16000));
    for (let i = 0; i < bursts; i++) {
      const sent = await mic.burst(tone(TONE_HZ, 200, 16000));
      await mic.say(new Int16Array(16 * 800));
      const frames = call.stream.media.map((m) => ({ at: call.stream.openedAt + m.at, pcm: m.pcm }));
      const heardAt = toneOnset(frames, sent, 8000);
      if (heardAt) down.push(heardAt - sent);
    }
    await keepOpen();
  } finally {
    await mic.close();
    await call.hangUp();
  }
  return { up, down };
}

/** (e) the bridge's CPU with `n` calls talking both ways (caller and admin each loop speech). */
async function bridgeCpu(stack: Stack, db: Db, pid: number, n: number, seconds: number) {
  const speech = NAMED_CALLERS.map((_, i) => utterance(i));
  const calls = [];
  for (let i = 0; i < n; i++) calls.push(await phoneCall(stack, db, i));
  const mics = await Promise.all(calls.map((c) => microphone(c.admin)));
  const stops = calls.map((c, i) => c.stream.loopPcm(phonePcm(speech[i % speech.length]!)));
  let talking = true;
  const adminTalk = mics.map(async (m, i) => {
    while (talking) await m.say(float32ToInt16(speech[(i + 1) % speech.length]!));
  });
  await new Promise((r) => setTimeout(r, 2000));
  const cpu0 = processCpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = processCpuSeconds(pid) - cpu0;
  const wall = (performance.now() - t0) / 1000;
  const rssMb = processMemory(pid).rssMb;
  talking = false;
  await Promise.all(stops.map((s) => s()));
  await Promise.all(adminTalk);
  await Promise.all(mics.map((m) => m.close()));
  await Promise.all(calls.map((c) => c.hangUp()));
  return { cpuPerS: cpu / wall, rssMb };
}

/** (c): each caller's utterance through the bridge, then wideband through LiveKit, `runs` times. */
async function captionsPart(stack: Stack, db: Db, model: string, contacts: { id: string }[], runs: number) {
  const speech = NAMED_CALLERS.map((_, i) => utterance(i));
  console.log(
    `\n== through the bridge, ${model}: ${NAMED_CALLERS.length} callers × ${runs} runs, utterances ` +
      `${(median(speech.map((s) => s.length / 16)) / 1000).toFixed(1)} s median, per-call prompt (contact matched by number) ==`,
  );
  const phone: Turn[] = [];
  const wide: Turn[] = [];
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < NAMED_CALLERS.length; i++) {
      phone.push(await phoneTurn(stack, db, i, speech[i]!, contacts[i]!.id));
      wide.push(await widebandTurn(stack, db, i, speech[i]!, contacts[i]!.id));
    }
  }
  console.log(
    '(c) path                            end of speech → final caption p50 / p95   → in Postgres p50 / p95   WER    names right',
  );
  for (const [name, turns] of [
    ['phone: fake Twilio → bridge', phone],
    ['wideband: rtc-node → LiveKit', wide],
  ] as const) {
    const cap = turns.flatMap((t) => (t.caption === undefined ? [] : [t.caption]));
    const pg = turns.flatMap((t) => (t.postgres === undefined ? [] : [t.postgres]));
    const wer = turns.reduce((a, t) => a + t.wer, 0) / turns.length;
    console.log(
      [
        `    ${name}`.padEnd(36),
        `${ms(cap)} (n = ${cap.length})`.padStart(40),
        `${ms(pg)} (n = ${pg.length})`.padStart(26),
        `${(wer * 100).toFixed(1)}%`.padStart(7),
        `${turns.filter((t) => t.nameRight).length}/${turns.length}`.padStart(13),
      ].join(' '),
    );
  }
}

/** (d): tone bursts both ways, `bursts` each. */
async function roundTripPart(stack: Stack, db: Db, bursts: number) {
  const { up, down } = await roundTrip(stack, db, bursts);
  console.log(
    `(d) tone burst fake Twilio → bridge → LiveKit → admin: p50 / p95 ${ms(up)} (n = ${up.length})`,
  );
  console.log(
    `    tone burst admin → LiveKit → bridge → fake Twilio: p50 / p95 ${ms(down)} (n = ${down.length})`,
  );
}

/** (e): idle, then 1 and 4 calls (BENCH_CALLS), 20 s each. */
async function cpuPart(stack: Stack, db: Db) {
  // The transcriber off: its decoding would take the cores the bridge and the load share.
  await stack.procs.find((p) => p.name === 'transcriber')?.stop();
  const pid = stack.procs.find((p) => p.name === 'telephony')!.proc.pid!;
  const idle0 = processCpuSeconds(pid);
  await new Promise((r) => setTimeout(r, 10_000));
  console.log(
    `(e) bridge CPU (transcriber stopped), idle: ${(((processCpuSeconds(pid) - idle0) / 10) * 1000).toFixed(0)} ms/s`,
  );
  for (const n of (process.env.BENCH_CALLS ?? '1 4').split(/\s+/).map(Number)) {
    const r = await bridgeCpu(stack, db, pid, n, 20);
    console.log(
      `    ${n} call${n > 1 ? 's' : ' '} talking both ways: ${(r.cpuPerS * 1000).toFixed(0)} ms CPU/s ` +
        `(${((r.cpuPerS * 1000) / n).toFixed(0)} ms/s per call), RSS ${r.rssMb.toFixed(0)} MB`,
    );
  }
}

/**
 * (c)(d)(e) through the real bridge (services/telephony), API, livekit-server and transcriber, the
 * fake Twilio (tests/fakes/twilio-media.ts) playing each phone at real-time pace: caller speech →
 * final caption, next to the same utterances wideband through LiveKit; tone round trips; the bridge's
 * CPU per concurrent call. Env: BENCH_RUNS (passes over the callers, default 2), BENCH_BURSTS (10),
 * BENCH_KEEP=1 keeps the services' directory and logs.
 */
export async function bridgeBench(model: string, which: readonly string[]): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 2);
  const bursts = Number(process.env.BENCH_BURSTS ?? 10);
  const services = await startServices({ keep: Boolean(process.env.BENCH_KEEP) });
  if (process.env.BENCH_KEEP) console.log(`services and logs kept in ${services.dir}`);
  try {
    Object.assign(process.env, services.env, {
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
      TWILIO_ACCOUNT_SID: process.env.TWILIO_ACCOUNT_SID ?? `AC${'0123456789abcdef'.repeat(2)}`,
      TWILIO_AUTH_TOKEN: process.env.TWILIO_AUTH_TOKEN ?? 'booth-test-twilio-auth-token-0123',
    });
    await migrate(services.env.DATABASE_URL!);
    const db = createDb({ url: services.env.DATABASE_URL! });
    const api = `http://127.0.0.1:${process.env.BOOTH_TEST_API_PORT}`;
    const stack = await startStack({
      // The transcriber only where captions are measured: its decoding would take the cores otherwise.
      services: ['api', 'telephony', ...(which.includes('captions') ? (['transcriber'] as const) : [])],
      env: { WHISPER_MODEL: model, PUBLIC_URL: api, LOG_LEVEL: 'warn' },
    });
    try {
      await db.vocabularyTerm.createMany({ data: BENCH_VOCABULARY.map((term) => ({ term })) });
      const contacts = [];
      for (const [i, c] of NAMED_CALLERS.entries()) {
        contacts.push(
          await db.contact.create({
            data: { name: c.contact.name, venue: c.contact.venue, phone: callerPhone(i) },
          }),
        );
      }
      if (which.includes('captions')) await captionsPart(stack, db, model, contacts, runs);
      if (which.includes('roundtrip')) await roundTripPart(stack, db, bursts);
      if (which.includes('cpu')) await cpuPart(stack, db);
    } finally {
      await stack.stop();
      await db.$disconnect();
    }
  } finally {
    await services.stop();
  }
}
