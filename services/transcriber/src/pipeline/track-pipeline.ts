import type { Logger } from '@booth/shared';
import type { WhisperRecognizer } from '../recognizer/whisper';
import type { SileroVad } from '../vad/silero';
import { UtteranceSegmenter, type SegmenterOptions, type Utterance } from '../vad/segmenter';

export interface FinalSegment {
  /** Stream time, ms from the first sample pushed. */
  startMs: number;
  endMs: number;
  text: string;
}

export interface TrackPipelineOptions {
  /** This stream's own VAD instance (state is per stream). */
  vad: SileroVad;
  /** Shared recognizer (model held in memory, calls queued). */
  recognizer: WhisperRecognizer;
  /** Endpointing; defaults in {@link SegmenterOptions}. */
  segmenter?: Partial<SegmenterOptions>;
  /** Initial prompt for Whisper (business vocabulary). Default none. */
  prompt?: string;
  /** Called once per utterance with its final text, in order. Empty utterances are skipped. */
  onFinal: (segment: FinalSegment) => Promise<void> | void;
  logger?: Logger;
}

/**
 * One audio stream's path: 16 kHz samples → VAD endpointing → Whisper → onFinal. `push` never blocks
 * the caller (audio is queued and processed in order); `drain` finishes the speech in progress and
 * waits until every utterance is transcribed and delivered.
 */
export class TrackPipeline {
  private readonly segmenter: UtteranceSegmenter;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly opts: TrackPipelineOptions) {
    this.segmenter = new UtteranceSegmenter(opts.vad, opts.segmenter);
  }

  push(samples16k: Float32Array): void {
    if (this.closed) return;
    this.chain = this.chain.then(async () => {
      for (const u of await this.segmenter.push(samples16k)) await this.recognize(u);
    });
    this.chain = this.chain.catch((err: unknown) =>
      this.opts.logger?.error({ err }, 'track pipeline failed'),
    );
  }

  async drain(): Promise<void> {
    this.closed = true;
    await this.chain;
    for (const u of this.segmenter.flush())
      await this.recognize(u).catch((err: unknown) => {
        this.opts.logger?.error({ err }, 'track pipeline failed');
      });
  }

  private async recognize(u: Utterance): Promise<void> {
    const started = performance.now();
    const r = await this.opts.recognizer.transcribe(u.audio, { prompt: this.opts.prompt });
    this.opts.logger?.debug(
      { startMs: u.startMs, endMs: u.endMs, inferenceMs: Math.round(performance.now() - started) },
      'utterance recognized',
    );
    if (r.text) await this.opts.onFinal({ startMs: u.startMs, endMs: u.endMs, text: r.text });
  }
}
