import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { decodeMulaw, encodeMulaw, PHONE_FRAME_BYTES } from '@booth/shared';

/**
 * A fake Twilio Media Streams peer: what Twilio does for `<Connect><Stream>` (bidirectional), as "Media
 * Streams - WebSocket Messages" documents it. It opens the WebSocket, sends `connected` and `start`
 * (with the TwiML's `<Parameter>`s as customParameters), then 20 ms µ-law `media` frames with numbers
 * as strings (as Twilio sends them), `dtmf`, `mark` and `stop`; and it collects what the bridge sends
 * back: media decoded to PCM, marks (echoed back, as Twilio does once the audio before them has
 * played) and clears.
 */
export interface FakeStreamOptions {
  /** The call this stream belongs to (`start.callSid`). Default a fresh CA… sid. */
  callSid?: string;
  accountSid?: string;
  /** `<Parameter name value>`s of the TwiML (`start.customParameters`). */
  customParameters?: Record<string, string>;
  /** Send `connected` and `start` at once. Default true. */
  start?: boolean;
  /** Echo each mark back the moment it arrives. Default true. */
  echoMarks?: boolean;
}

export interface ReceivedMedia {
  /** ms since the stream opened. */
  at: number;
  pcm: Int16Array;
}

export interface FakeTwilioStream {
  ws: WebSocket;
  /** Wall-clock ms when the socket opened (`at` of received media is relative to it). */
  openedAt: number;
  callSid: string;
  streamSid: string;
  /** Media frames the bridge sent, decoded. */
  media: ReceivedMedia[];
  /** Names of the marks the bridge sent. */
  marks: string[];
  /** ms (since open) of each `clear` the bridge sent. */
  clears: number[];
  /** Every message the bridge sent, parsed, in order. */
  events: { event: string; at: number }[];
  /** Resolves with the close code and reason when the WebSocket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Sends `connected` then `start` (done at open unless `start: false`). */
  sendStart(overrides?: { callSid?: string; customParameters?: Record<string, string> }): void;
  /** One media message with this µ-law payload. */
  sendMedia(mulaw: Uint8Array): void;
  sendDtmf(digit: string): void;
  sendMark(name: string): void;
  /** Any text frame as is (malformed input). */
  sendRaw(text: string | Buffer): void;
  /** Streams 16-bit 8 kHz PCM as µ-law media frames at real-time pace (20 ms each). */
  streamPcm(pcm: Int16Array, opts?: { signal?: AbortSignal }): Promise<void>;
  /** Plays `pcm` in a loop at real-time pace until the returned function is called. */
  loopPcm(pcm: Int16Array): () => Promise<void>;
  /** The PCM received since media frame `from` (an index into `media`), concatenated. */
  receivedPcm(from?: number, to?: number): Int16Array;
  /** Sends `stop` (the caller hung up), then closes the socket as Twilio does. */
  stop(): Promise<void>;
  /** Closes the socket without `stop` (a dropped connection). */
  close(code?: number): Promise<void>;
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;
export const fakeCallSid = (): string => sid('CA');

export async function openTwilioStream(url: string, opts: FakeStreamOptions = {}): Promise<FakeTwilioStream> {
  const ws = new WebSocket(url);
  const opened = Date.now();
  let callSid = opts.callSid ?? fakeCallSid();
  const accountSid = opts.accountSid ?? process.env.TWILIO_ACCOUNT_SID ?? sid('AC');
  const streamSid = sid('MZ');
  let seq = 0;
  let chunk = 0;
  let timestamp = 0;
  const send = (msg: Record<string, unknown>) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ ...msg, sequenceNumber: String(++seq) }));
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  const stream: FakeTwilioStream = {
    ws,
    openedAt: opened,
    get callSid() {
      return callSid;
    },
    streamSid,
    media: [],
    marks: [],
    clears: [],
    events: [],
    closed,
    sendStart(overrides = {}) {
      callSid = overrides.callSid ?? callSid;
      ws.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
      send({
        event: 'start',
        streamSid,
        start: {
          accountSid,
          streamSid,
          callSid,
          tracks: ['inbound'],
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
          customParameters: overrides.customParameters ?? opts.customParameters ?? {},
        },
      });
    },
    sendMedia(mulaw) {
      chunk++;
      send({
        event: 'media',
        streamSid,
        media: {
          track: 'inbound',
          chunk: String(chunk),
          timestamp: String(timestamp),
          payload: Buffer.from(mulaw).toString('base64'),
        },
      });
      timestamp += Math.round((mulaw.length / 8000) * 1000);
    },
    sendDtmf(digit) {
      send({ event: 'dtmf', streamSid, dtmf: { track: 'inbound_track', digit } });
    },
    sendMark(name) {
      send({ event: 'mark', streamSid, mark: { name } });
    },
    sendRaw(text) {
      ws.send(text);
    },
    async streamPcm(pcm, { signal } = {}) {
      const mulaw = encodeMulaw(pcm);
      const t0 = Date.now();
      for (let i = 0, n = 0; i < mulaw.length; i += PHONE_FRAME_BYTES, n++) {
        if (signal?.aborted || ws.readyState !== WebSocket.OPEN) return;
        const frame = new Uint8Array(PHONE_FRAME_BYTES).fill(0xff);
        frame.set(mulaw.subarray(i, i + PHONE_FRAME_BYTES));
        stream.sendMedia(frame);
        // Against the start time: the pace does not drift with timer lateness.
        const wait = t0 + (n + 1) * 20 - Date.now();
        if (wait > 0) await sleep(wait);
      }
    },
    loopPcm(pcm) {
      const abort = new AbortController();
      const done = (async () => {
        while (!abort.signal.aborted && ws.readyState === WebSocket.OPEN) {
          await stream.streamPcm(pcm, { signal: abort.signal });
        }
      })();
      return async () => {
        abort.abort();
        await done;
      };
    },
    receivedPcm(from = 0, to = stream.media.length) {
      const frames = stream.media.slice(from, to);
      const out = new Int16Array(frames.reduce((n, f) => n + f.pcm.length, 0));
      let at = 0;
      for (const f of frames) {
        out.set(f.pcm, at);
        at += f.pcm.length;
      }
      return out;
    },
    async stop() {
      send({ event: 'stop', streamSid, stop: { accountSid, callSid } });
      await stream.close();
    },
    async close(code = 1000) {
      if (ws.readyState === WebSocket.OPEN) ws.close(code);
      await closed;
    },
  };

  ws.on('message', (data) => {
    let msg: { event?: string; media?: { payload?: string }; mark?: { name?: string } };
    try {
      msg = JSON.parse(data.toString()) as typeof msg;
    } catch {
      return;
    }
    const at = Date.now() - opened;
    stream.events.push({ event: String(msg.event), at });
    if (msg.event === 'media' && typeof msg.media?.payload === 'string') {
      stream.media.push({ at, pcm: decodeMulaw(new Uint8Array(Buffer.from(msg.media.payload, 'base64'))) });
    } else if (msg.event === 'mark' && typeof msg.mark?.name === 'string') {
      stream.marks.push(msg.mark.name);
      if (opts.echoMarks ?? true) stream.sendMark(msg.mark.name);
    } else if (msg.event === 'clear') {
      stream.clears.push(at);
    }
  });

  if (opts.start ?? true) stream.sendStart();
  return stream;
}

/** A sine tone as 16-bit PCM. */
export function tone(freq: number, ms: number, rate = 8000, amplitude = 8000): Int16Array {
  const out = new Int16Array(Math.round((rate * ms) / 1000));
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freq * i) / rate));
  return out;
}

/**
 * The share of `pcm`'s power at `freq` (Goertzel), about 0..1: near 1 for a pure sine at that
 * frequency, near 0.5 for each of two equal tones, near 0 for a tone elsewhere or noise.
 */
export function toneRatio(pcm: Int16Array, freq: number, rate = 8000): number {
  const n = pcm.length;
  if (n === 0) return 0;
  const k = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const x = pcm[i]!;
    energy += x * x;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return energy > 0 ? (2 * power) / (n * energy) : 0;
}

/** Root mean square of 16-bit PCM. */
export function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const x of pcm) sum += x * x;
  return pcm.length ? Math.sqrt(sum / pcm.length) : 0;
}
