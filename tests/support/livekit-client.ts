import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  Room,
  TrackPublishOptions,
  TrackSource,
  RoomEvent,
  type TextStreamInfo,
} from '@livekit/rtc-node';
import { clientDataKey, dataVerifier, roomDataKey } from '@booth/shared';
import { readWav } from '@booth/transcriber';

export interface ReceivedText {
  text: string;
  senderIdentity: string;
  attributes: Record<string, string>;
  receivedAt: number;
}

/** Collects every text stream on `topic` that reaches `room`. */
export function collectTextStreams(room: Room, topic: string): ReceivedText[] {
  const received: ReceivedText[] = [];
  room.registerTextStreamHandler(topic, (reader, participant) => {
    const info: TextStreamInfo = reader.info;
    void reader.readAll().then((text) => {
      received.push({
        text,
        senderIdentity: participant.identity,
        attributes: info.attributes ?? {},
        receivedAt: Date.now(),
      });
    });
  });
  return received;
}

/**
 * Collects the payloads of Booth's signed data messages on `topic` reaching `room` (a participant of
 * LiveKit room `roomName`), verified with the room's data key as the dashboard verifies them (with
 * `as: 'client'`, the room's client key, as the client's join page does); anything that does not
 * verify is counted in `rejected`.
 */
export function collectBoothData<T = unknown>(
  room: Room,
  roomName: string,
  topic: string,
  opts: { as?: 'admin' | 'client' } = {},
): { messages: T[]; rejected: number } {
  const got: { messages: T[]; rejected: number } = { messages: [], rejected: 0 };
  const keyOf = opts.as === 'client' ? clientDataKey : roomDataKey;
  const verifier = keyOf(process.env.LIVEKIT_API_SECRET!, roomName).then(dataVerifier);
  room.on(RoomEvent.DataReceived, (payload, _p, _k, tp) => {
    if (tp !== topic) return;
    void verifier
      .then((v) => v.open(payload, topic))
      .then((msg) => {
        if (msg === undefined) got.rejected += 1;
        else got.messages.push(msg as T);
      });
  });
  return got;
}

export interface PublishResult {
  trackSid: string;
  /** Wall-clock ms when the first frame was captured. */
  startedAt: number;
  /** Wall-clock ms when the last audio frame (before trailing silence) was captured. */
  speechEndedAt: number;
  durationMs: number;
  /**
   * Wall-clock ms when the audio at `ms` into the file was handed to LiveKit (captureFrame blocks
   * while the source's queue is full, so this is when it went out). Equals startedAt + ms only if this
   * process kept real-time pace.
   */
  sentAt(ms: number): number;
}

/**
 * Publishes a WAV file as a microphone track at real-time pace (10 ms frames; captureFrame blocks
 * while the source's queue is full), followed by `trailingSilenceMs` of silence.
 */
export async function publishWav(
  room: Room,
  path: string,
  opts: { trailingSilenceMs?: number; leadingSilenceMs?: number } = {},
): Promise<PublishResult> {
  const wav = await readWav(path);
  const rate = wav.sampleRate;
  const source = new AudioSource(rate, 1, 200);
  const track = LocalAudioTrack.createAudioTrack('microphone', source);
  const options = new TrackPublishOptions();
  options.source = TrackSource.SOURCE_MICROPHONE;
  const pub = await room.localParticipant!.publishTrack(track, options);
  const frameLen = rate / 100;
  const pcm = new Int16Array(wav.samples.length);
  for (let i = 0; i < pcm.length; i++)
    pcm[i] = Math.max(-32768, Math.min(32767, Math.round(wav.samples[i]! * 32767)));
  const silence = (ms: number) => new Int16Array(Math.round((rate * ms) / 1000));
  const sent: number[] = [];
  const capture = async (buf: Int16Array) => {
    for (let off = 0; off < buf.length; off += frameLen) {
      const chunk = new Int16Array(frameLen);
      chunk.set(buf.subarray(off, Math.min(off + frameLen, buf.length)));
      await source.captureFrame(new AudioFrame(chunk, rate, 1, frameLen));
      sent.push(Date.now());
    }
  };
  const startedAt = Date.now();
  await capture(silence(opts.leadingSilenceMs ?? 0));
  await capture(pcm);
  await source.waitForPlayout();
  const speechEndedAt = Date.now();
  await capture(silence(opts.trailingSilenceMs ?? 2000));
  await source.waitForPlayout();
  const lead = Math.round((opts.leadingSilenceMs ?? 0) / 10);
  return {
    trackSid: pub.sid ?? '',
    startedAt,
    speechEndedAt,
    durationMs: (pcm.length / rate) * 1000,
    sentAt: (ms) => sent[Math.max(0, Math.min(sent.length - 1, lead + Math.floor(ms / 10)))] ?? NaN,
  };
}

/** Word error rate after lowercasing and stripping punctuation. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9' ]+/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
  const r = norm(reference);
  const h = norm(hypothesis);
  const d: number[][] = Array.from({ length: r.length + 1 }, (_, i) =>
    Array.from({ length: h.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= r.length; i++) {
    for (let j = 1; j <= h.length; j++) {
      const sub = d[i - 1]![j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1);
      d[i]![j] = Math.min(sub, d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
    }
  }
  return r.length === 0 ? (h.length === 0 ? 0 : 1) : d[r.length]![h.length]! / r.length;
}

export const JFK_REFERENCE =
  'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.';
