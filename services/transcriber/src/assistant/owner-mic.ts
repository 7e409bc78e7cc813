import type { AudioFrame } from '@livekit/rtc-node';
import { int16ToFloat32, type Logger } from '@booth/shared';
import { UtteranceSegmenter, type SegmenterOptions, type Utterance } from '../vad/segmenter';
import type { SileroVad } from '../vad/silero';
import { TurnCapture, type TurnCaptureOptions } from './turn-capture';

export interface OwnerMicOptions {
  /** The owner connection (participant identity) the track belongs to. */
  identity: string;
  trackSid: string;
  /** 16 kHz mono frames of the track (an AudioStream's reader). */
  reader: ReadableStreamDefaultReader<AudioFrame>;
  /** The VAD this mic clones for hands-free listening (state is per stream). */
  vad: SileroVad;
  /** Endpointing of hands-free utterances. Default {@link DEFAULT_SEGMENTER_OPTIONS}. */
  segmenter?: Partial<SegmenterOptions>;
  /** Push-to-talk buffer options. */
  capture?: TurnCaptureOptions;
  /** Speech that lasts this long while hands-free counts as the owner starting to talk, ms. Default 200. */
  bargeInMs?: number;
  /** Hands-free: an utterance ended; `spokeAt` is roughly when (wall-clock ms) it began. */
  onUtterance: (utterance: Utterance, spokeAt: number) => void;
  /** Hands-free: the owner has been speaking for `bargeInMs` (once per stretch of speech). */
  onSpeech: () => void;
  logger: Logger;
}

/**
 * One microphone track of the room's owner. Every frame feeds the push-to-talk capture (whose ring
 * keeps the pre-roll); while hands-free is on, frames outside a push-to-talk turn also go through
 * Silero VAD endpointing, whose utterances and speech onsets are reported.
 */
export class OwnerMic {
  readonly capture: TurnCapture;
  private segmenter: UtteranceSegmenter | undefined;
  private vadChain: Promise<void> = Promise.resolve();
  private readonly pump: Promise<void>;
  /** Stream position (ms) where the current stretch of speech began, while in speech. */
  private speechFrom: number | undefined;
  private bargedIn = false;
  private closed = false;

  constructor(private readonly opts: OwnerMicOptions) {
    this.capture = new TurnCapture(opts.capture);
    this.pump = this.read().catch((err: unknown) =>
      opts.logger.warn({ err, trackSid: opts.trackSid }, 'audio stream ended with an error'),
    );
  }

  get identity(): string {
    return this.opts.identity;
  }

  /** Hands-free listening on or off (off drops the speech in progress). */
  setHandsFree(on: boolean): void {
    if (on && !this.segmenter) {
      this.segmenter = new UtteranceSegmenter(this.opts.vad.clone(), this.opts.segmenter);
    } else if (!on && this.segmenter) {
      const s = this.segmenter;
      this.segmenter = undefined;
      this.vadChain = this.vadChain.then(() => void s.flush());
    }
  }

  /** Starts a push-to-talk turn on this mic; hands-free speech in progress is dropped (it is the turn now). */
  startTurn(): void {
    this.capture.start();
    const s = this.segmenter;
    if (s) this.vadChain = this.vadChain.then(() => void s.flush());
    this.speechFrom = undefined;
  }

  /** Stops reading; waits for the VAD work in flight. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.opts.reader.cancel().catch(() => undefined);
    await this.pump;
    this.segmenter = undefined;
    await this.vadChain;
  }

  private async read(): Promise<void> {
    for (;;) {
      const { value: frame, done } = await this.opts.reader.read();
      if (done || this.closed) return;
      const samples = int16ToFloat32(frame.data);
      const inTurn = this.capture.capturing;
      this.capture.push(samples);
      const s = this.segmenter;
      if (s && !inTurn) this.vadChain = this.vadChain.then(() => this.listen(s, samples));
    }
  }

  private async listen(s: UtteranceSegmenter, samples: Float32Array): Promise<void> {
    if (s !== this.segmenter || this.capture.capturing) return;
    try {
      const utterances = await s.push(samples);
      for (const u of utterances) this.opts.onUtterance(u, Date.now() - (s.positionMs - u.startMs));
      if (!s.inSpeech) {
        this.speechFrom = undefined;
        this.bargedIn = false;
        return;
      }
      this.speechFrom ??= s.positionMs;
      if (!this.bargedIn && s.positionMs - this.speechFrom >= (this.opts.bargeInMs ?? 200)) {
        this.bargedIn = true;
        this.opts.onSpeech();
      }
    } catch (err) {
      this.opts.logger.error({ err, trackSid: this.opts.trackSid }, 'hands-free listening failed');
    }
  }
}
