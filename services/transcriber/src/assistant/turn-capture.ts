import { VAD_WINDOW, type SileroVad } from '../vad/silero';

/**
 * Push-to-talk audio (LiveKit's manual-turn pattern): the last few hundred ms of a participant's
 * microphone are always kept in a small ring, so when the key goes down (`start_turn`) the capture
 * starts with them and the first syllable is not cut; everything after is the utterance until
 * `end_turn` (final at once, no waiting for silence) or `cancel_turn`.
 */

export interface TurnCaptureOptions {
  /** Sample rate of the pushed audio. Default 16000 (Whisper's). */
  sampleRate?: number;
  /** Audio kept from before `start()`, ms. Default 300. */
  prerollMs?: number;
  /** Longest utterance kept; later audio is dropped, ms. Default 30000. */
  maxMs?: number;
  /**
   * The pre-roll is used only if audio arrived this recently before `start()`, ms: a microphone the
   * page keeps muted between turns would otherwise start the turn with the end of the last one.
   * Default 250.
   */
  prerollFreshMs?: number;
}

/** A fixed-size ring of the most recent samples. */
export class SampleRing {
  private readonly buf: Float32Array;
  private written = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float32Array(Math.max(0, capacity));
  }

  push(samples: Float32Array): void {
    const cap = this.buf.length;
    if (cap === 0) return;
    const src = samples.length > cap ? samples.subarray(samples.length - cap) : samples;
    const at = this.written % cap;
    const first = Math.min(src.length, cap - at);
    this.buf.set(src.subarray(0, first), at);
    if (first < src.length) this.buf.set(src.subarray(first), 0);
    this.written += samples.length;
  }

  /** The kept samples, oldest first. */
  snapshot(): Float32Array {
    const cap = this.buf.length;
    const n = Math.min(this.written, cap);
    const out = new Float32Array(n);
    const start = (this.written - n) % cap;
    const first = Math.min(n, cap - start);
    out.set(this.buf.subarray(start, start + first));
    out.set(this.buf.subarray(0, n - first), first);
    return out;
  }

  clear(): void {
    this.written = 0;
  }
}

/**
 * One participant's push-to-talk buffer. Push every frame of their microphone; between `start()` and
 * `finish()`/`cancel()` the frames (and the pre-roll before `start()`) are the utterance.
 */
export class TurnCapture {
  private readonly ring: SampleRing;
  private readonly maxSamples: number;
  private chunks: Float32Array[] = [];
  private length = 0;
  private active = false;
  private lastPushAt = 0;
  private readonly freshMs: number;

  constructor(opts: TurnCaptureOptions = {}) {
    const rate = opts.sampleRate ?? 16000;
    this.freshMs = opts.prerollFreshMs ?? 250;
    this.ring = new SampleRing(Math.round(((opts.prerollMs ?? 300) * rate) / 1000));
    this.maxSamples = Math.round(((opts.maxMs ?? 30_000) * rate) / 1000);
  }

  /** A turn is being captured. */
  get capturing(): boolean {
    return this.active;
  }

  /** Samples captured so far (pre-roll included). */
  get samples(): number {
    return this.length;
  }

  /** Adds audio that arrived at `now` (wall-clock ms). */
  push(samples: Float32Array, now = Date.now()): void {
    this.lastPushAt = now;
    if (!this.active) {
      this.ring.push(samples);
      return;
    }
    const room = this.maxSamples - this.length;
    if (room <= 0) return;
    const kept = samples.length > room ? samples.slice(0, room) : samples.slice();
    this.chunks.push(kept);
    this.length += kept.length;
  }

  /** Starts a turn (at wall-clock `now`) with the pre-roll; a turn already going on starts over. */
  start(now = Date.now()): void {
    const pre = now - this.lastPushAt <= this.freshMs ? this.ring.snapshot() : new Float32Array(0);
    this.ring.clear();
    this.chunks = pre.length ? [pre] : [];
    this.length = pre.length;
    this.active = true;
  }

  /** The turn's audio so far (pre-roll first), the turn going on; undefined when none is. */
  peek(): Float32Array | undefined {
    if (!this.active) return undefined;
    const out = new Float32Array(this.length);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }

  /** Ends the turn: its audio (pre-roll first); undefined when no turn was going on. */
  finish(): Float32Array | undefined {
    const out = this.peek();
    this.reset();
    return out;
  }

  /** Drops the turn. Returns whether one was going on. */
  cancel(): boolean {
    const was = this.active;
    this.reset();
    return was;
  }

  private reset(): void {
    this.chunks = [];
    this.length = 0;
    this.active = false;
  }
}

/**
 * Whether the last `ms` of `audio` (16 kHz) are quiet next to the turn's speech: their RMS under a
 * tenth of the loudest 100 ms window's (and so under any level the microphone's noise floor sets).
 * Used to tell that the admin stopped talking while still holding the key.
 */
export function quietTail(audio: Float32Array, ms = 400): boolean {
  const tail = Math.round((ms * 16000) / 1000);
  if (audio.length < tail * 2) return false;
  const win = 1600;
  let loudest = 0;
  for (let off = 0; off + win <= audio.length - tail; off += win)
    loudest = Math.max(loudest, rms(audio.subarray(off, off + win)));
  return loudest > 0.01 && rms(audio.subarray(audio.length - tail)) < loudest / 10;
}

/** Whether what `audio` holds after sample `from` is quiet next to its speech before (nothing is). */
export function quietTailFrom(audio: Float32Array, from: number): boolean {
  if (from >= audio.length) return true;
  const win = 1600;
  let loudest = 0;
  for (let off = 0; off + win <= from; off += win)
    loudest = Math.max(loudest, rms(audio.subarray(off, off + win)));
  return loudest > 0.01 && rms(audio.subarray(from)) < loudest / 10;
}

/** Root mean square of samples in [-1, 1] (0 for none). */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/**
 * How much of `audio` (16 kHz) Silero VAD takes for speech, ms: windows at or above `threshold`.
 * `vad` should be a fresh instance (its state is reset first).
 */
export async function speechMs(vad: SileroVad, audio: Float32Array, threshold = 0.5): Promise<number> {
  vad.reset();
  let windows = 0;
  for (let off = 0; off + VAD_WINDOW <= audio.length; off += VAD_WINDOW)
    if ((await vad.process(audio.subarray(off, off + VAD_WINDOW))) >= threshold) windows++;
  return (windows * VAD_WINDOW) / 16;
}

/** Non-speech Whisper writes for near-silence; alone, the utterance was not heard. */
const BLANK = new Set([
  '',
  'you',
  'thank you',
  'thanks',
  'thanks for watching',
  'thank you for watching',
  'blank audio',
  'silence',
  'inaudible',
  'music',
  'bye',
  'so',
  'um',
  'uh',
  'hmm',
]);

/**
 * True when a transcript of a voice command is nothing to act on: empty, only punctuation or
 * annotations (`[BLANK_AUDIO]`, `(silence)`), or one of the phrases Whisper produces from near-silence
 * ("you", "Thank you.").
 */
export function isUnheard(text: string): boolean {
  const key = text
    .toLowerCase()
    .replace(/[_\W\d]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return BLANK.has(key);
}
