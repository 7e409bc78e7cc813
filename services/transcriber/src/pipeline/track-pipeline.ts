import type { Logger } from '@booth/shared';
import type { Recognition, RecognizedWord } from '../recognizer/whisper';
import type { RecognizerPool } from '../recognizer/pool';
import type { SileroVad } from '../vad/silero';
import { UtteranceSegmenter, type SegmenterOptions, type Utterance } from '../vad/segmenter';

export interface FinalSegment {
  /** Stream time, ms from the first sample pushed. */
  startMs: number;
  endMs: number;
  text: string;
  /** Words with stream-time bounds. */
  words: RecognizedWord[];
}

export interface PartialSegment {
  /** Same start as the final this utterance will get (so both share a segment id). */
  startMs: number;
  endMs: number;
  text: string;
}

export interface TrackPipelineOptions {
  /** This stream's own VAD instance (state is per stream). */
  vad: SileroVad;
  /** Shared Whisper pool (finals before partials). */
  recognizer: RecognizerPool;
  /** Endpointing; defaults in {@link SegmenterOptions}. */
  segmenter?: Partial<SegmenterOptions>;
  /** Initial prompt for Whisper (business vocabulary). Default none. */
  prompt?: string;
  /** Key of this stream in the pool's partial queue. Default a random id. */
  key?: string;
  /** Interim captions every this many ms of ongoing speech; 0 disables. Default 0. */
  partialIntervalMs?: number;
  /**
   * Start decoding an utterance as soon as a pause begins (as a droppable low-priority request), and
   * use that result if the pause turns out to end the utterance: the final arrives up to
   * `minSilenceMs` sooner. Default true.
   */
  speculative?: boolean;
  /** Called once per utterance with its final text, in order. Empty utterances are skipped. */
  onFinal: (segment: FinalSegment) => Promise<void> | void;
  /** Called with interim text while someone speaks (best effort, may be skipped under load). */
  onPartial?: (segment: PartialSegment) => Promise<void> | void;
  logger?: Logger;
}

/**
 * One audio stream's path: 16 kHz samples → VAD endpointing → Whisper → onFinal, with interim
 * captions (onPartial) while speech goes on. `push` never blocks the caller; VAD keeps running while
 * Whisper works; finals are delivered in order. `drain` finishes the speech in progress and waits
 * until every utterance is transcribed and delivered.
 */
export class TrackPipeline {
  private readonly segmenter: UtteranceSegmenter;
  private readonly key: string;
  private vadChain: Promise<void> = Promise.resolve();
  private finalChain: Promise<void> = Promise.resolve();
  private closed = false;
  private lastPartialAt = 0;
  private partialInFlight = false;
  /** Start of the utterance whose final has been requested; older partials are stale. */
  private finalizedUpTo = -1;
  /** Speculative decode of the utterance as it would end now. */
  private speculation:
    { startMs: number; endMs: number; result: Promise<Recognition | undefined> } | undefined;

  constructor(private readonly opts: TrackPipelineOptions) {
    this.segmenter = new UtteranceSegmenter(opts.vad, opts.segmenter);
    this.key = opts.key ?? Math.random().toString(36).slice(2);
  }

  push(samples16k: Float32Array): void {
    if (this.closed) return;
    this.vadChain = this.vadChain
      .then(async () => {
        for (const u of await this.segmenter.push(samples16k)) this.final(u);
        this.maybeSpeculate();
        this.maybePartial();
      })
      .catch((err: unknown) => this.opts.logger?.error({ err }, 'track pipeline failed'));
  }

  async drain(): Promise<void> {
    this.closed = true;
    await this.vadChain;
    for (const u of this.segmenter.flush()) this.final(u);
    await this.finalChain;
  }

  private final(u: Utterance): void {
    this.finalizedUpTo = u.startMs;
    this.lastPartialAt = 0;
    const spec = this.speculation;
    this.speculation = undefined;
    const decode = () =>
      this.opts.recognizer.transcribe(u.audio, { priority: 'final', prompt: this.opts.prompt, words: true });
    // The speculative decode saw exactly this audio: use it (at final priority from now on).
    const reuse = spec && spec.startMs === u.startMs && spec.endMs === u.endMs;
    if (reuse) this.opts.recognizer.promote(this.specKey);
    const recognized = reuse ? spec.result.then((r) => r ?? decode()) : decode();
    this.finalChain = this.finalChain
      .then(async () => {
        const r = await recognized;
        if (!r?.text) return;
        const words = r.words.map((w) => ({
          ...w,
          startMs: u.startMs + w.startMs,
          endMs: u.startMs + w.endMs,
        }));
        await this.opts.onFinal({ startMs: u.startMs, endMs: u.endMs, text: r.text, words });
      })
      .catch((err: unknown) => this.opts.logger?.error({ err }, 'final transcription failed'));
  }

  private get specKey(): string {
    return `${this.key}/final`;
  }

  private maybeSpeculate(): void {
    // Speculation is spare capacity only: under load it would delay other tracks' finals.
    if (this.opts.speculative === false || !this.opts.recognizer.idle) return;
    const u = this.segmenter.pendingEnd();
    if (!u || (this.speculation?.startMs === u.startMs && this.speculation.endMs === u.endMs)) return;
    this.speculation = {
      startMs: u.startMs,
      endMs: u.endMs,
      result: this.opts.recognizer
        .transcribe(u.audio, {
          priority: 'partial',
          key: this.specKey,
          prompt: this.opts.prompt,
          words: true,
        })
        .catch(() => undefined),
    };
  }

  private maybePartial(): void {
    const interval = this.opts.partialIntervalMs ?? 0;
    const onPartial = this.opts.onPartial;
    // Captions use spare capacity only; under load they thin out so finals stay on time.
    if (!interval || !onPartial || this.partialInFlight || !this.opts.recognizer.idle) return;
    const cur = this.segmenter.current();
    if (!cur || cur.endMs - cur.startMs < interval) return;
    if (this.lastPartialAt > cur.startMs && cur.endMs - this.lastPartialAt < interval) return;
    this.lastPartialAt = cur.endMs;
    this.partialInFlight = true;
    void this.opts.recognizer
      .transcribe(cur.audio, {
        priority: 'partial',
        key: this.key,
        prompt: this.opts.prompt,
        words: false,
        greedy: true,
      })
      .then(async (r) => {
        // Skip if dropped under load, empty, or overtaken by this utterance's final.
        if (!r?.text || this.finalizedUpTo >= cur.startMs) return;
        await onPartial({ startMs: cur.startMs, endMs: cur.endMs, text: r.text });
      })
      .catch((err: unknown) => this.opts.logger?.warn({ err }, 'partial transcription failed'))
      .finally(() => (this.partialInFlight = false));
  }
}
