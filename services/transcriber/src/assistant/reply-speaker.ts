import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  TrackPublishOptions,
  TrackSource,
  type LocalParticipant,
} from '@livekit/rtc-node';
import { resampleLinear, type Logger } from '@booth/shared';
import { speakable, splitSentences, type SpeechAudio, type Synthesizer } from './tts';

export interface ReplySpeakerOptions {
  synthesizer: Synthesizer;
  /** Rate of the published track (TTS audio is resampled to it). Default 48000 (Opus's). */
  sampleRate?: number;
  /** Audio handed to LiveKit per captureFrame, ms. Default 20. */
  frameMs?: number;
  /**
   * Audio LiveKit buffers ahead of playout, ms: captureFrame waits while it is full, and a barge-in
   * drops what is in it. Default 200.
   */
  queueMs?: number;
  /** Longest reply spoken, characters (cut at a word). Default 600. */
  maxChars?: number;
  logger: Logger;
}

/** How a reply ended: played out, cut off by a barge-in (or shutdown), or with nothing to say. */
export type SpeakOutcome = 'done' | 'interrupted' | 'empty';

export interface SpeakHooks {
  /** The first sample of the reply has been handed to LiveKit. */
  onFirstAudio?: () => void;
}

/**
 * The agent's voice: one audio track (published once, at join) fed from an AudioSource. `speak`
 * synthesizes sentence by sentence, so the first sentence is on the air while the next is
 * synthesized; `interrupt` (barge-in) stops at once: the queued audio is cleared and no further frame
 * is fed.
 */
export class ReplySpeaker {
  private readonly source: AudioSource;
  private readonly track: LocalAudioTrack;
  private readonly rate: number;
  private readonly frameSamples: number;
  /** Bumped by every speak and interrupt: a reply whose generation is stale stops feeding frames. */
  private generation = 0;
  private active = 0;
  private closed = false;
  private abort: AbortController | undefined;

  constructor(private readonly opts: ReplySpeakerOptions) {
    this.rate = opts.sampleRate ?? 48000;
    this.frameSamples = Math.round((this.rate * (opts.frameMs ?? 20)) / 1000);
    this.source = new AudioSource(this.rate, 1, opts.queueMs ?? 200);
    this.track = LocalAudioTrack.createAudioTrack('assistant-voice', this.source);
  }

  /** True while a reply is being spoken. */
  get speaking(): boolean {
    return this.active > 0;
  }

  /** Publishes the voice track (once, at join). Returns its track sid. */
  async publish(participant: LocalParticipant): Promise<string> {
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    const pub = await participant.publishTrack(this.track, options);
    return pub.sid ?? '';
  }

  /**
   * Speaks `text`; a reply already being spoken is interrupted first. Resolves when the reply has
   * played out or was interrupted. Rejects (TtsError) only when no sentence could be synthesized.
   */
  async speak(text: string, hooks: SpeakHooks = {}): Promise<SpeakOutcome> {
    if (this.closed) return 'interrupted';
    this.interrupt();
    const gen = this.generation;
    const sentences = splitSentences(speakable(text, this.opts.maxChars ?? 600));
    if (sentences.length === 0) return 'empty';
    const abort = new AbortController();
    this.abort = abort;
    const live = () => gen === this.generation && !this.closed;
    const synth = (s: string) =>
      this.opts.synthesizer.synthesize(s, abort.signal).then(
        (a): SpeechAudio | Error => a,
        (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
      );
    this.active++;
    let spoken = 0;
    let firstError: Error | undefined;
    try {
      let next = synth(sentences[0]!);
      for (let i = 0; i < sentences.length && live(); i++) {
        const audio = await next;
        // Synthesize the next sentence while this one plays.
        if (i + 1 < sentences.length) next = synth(sentences[i + 1]!);
        if (audio instanceof Error) {
          firstError ??= audio;
          if (live())
            this.opts.logger.warn({ err: audio.message, sentence: i }, 'could not synthesize a sentence');
          continue;
        }
        const fed = await this.feed(audio, live, spoken === 0 ? hooks.onFirstAudio : undefined);
        if (fed) spoken++;
      }
      if (!live()) return 'interrupted';
      if (spoken === 0 && firstError) throw firstError;
      await this.source.waitForPlayout();
      return live() ? 'done' : 'interrupted';
    } finally {
      this.active--;
      if (this.abort === abort) this.abort = undefined;
      abort.abort();
    }
  }

  /** Barge-in: stop speaking now (queued audio dropped). No-op when silent. */
  interrupt(): void {
    this.generation++;
    this.abort?.abort();
    if (this.active > 0 && !this.closed) this.source.clearQueue();
  }

  /** Stops speaking and releases the source. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.interrupt();
    this.closed = true;
    await this.source.close().catch(() => undefined);
  }

  /** Feeds one sentence at real-time pace; false if it was interrupted before its first frame. */
  private async feed(audio: SpeechAudio, live: () => boolean, onFirst?: () => void): Promise<boolean> {
    const pcm = resampleLinear(audio.samples, audio.sampleRate, this.rate);
    const n = this.frameSamples;
    let first = true;
    for (let off = 0; off < pcm.length; off += n) {
      if (!live()) return !first;
      const chunk = new Int16Array(n);
      chunk.set(pcm.subarray(off, Math.min(off + n, pcm.length)));
      try {
        await this.source.captureFrame(new AudioFrame(chunk, this.rate, 1, n));
      } catch (err) {
        // Closed under us (shutdown): that is an interruption, not a failure.
        if (!live()) return !first;
        throw err;
      }
      if (first) {
        first = false;
        onFirst?.();
      }
    }
    return !first;
  }
}
