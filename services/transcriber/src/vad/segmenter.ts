import { SileroVad, VAD_WINDOW } from './silero';

/** Endpointing options; defaults match the VAD_* variables in the env schema. */
export interface SegmenterOptions {
  /** Speech probability that starts speech. Default 0.5 (VAD_THRESHOLD). */
  threshold: number;
  /** Silence that ends an utterance, ms. Default 500 (VAD_MIN_SILENCE_MS). */
  minSilenceMs: number;
  /** Utterances with less speech than this are dropped, ms. Default 250 (VAD_MIN_SPEECH_MS). */
  minSpeechMs: number;
  /** Audio kept before the detected start of speech, ms. Default 300 (VAD_PREROLL_MS). */
  prerollMs: number;
  /** Longer utterances are cut at their quietest window, s. Default 30 (VAD_MAX_UTTERANCE_S). */
  maxUtteranceS: number;
}

export const DEFAULT_SEGMENTER_OPTIONS: SegmenterOptions = {
  threshold: 0.5,
  minSilenceMs: 500,
  minSpeechMs: 250,
  prerollMs: 300,
  maxUtteranceS: 30,
};

export interface Utterance {
  /** Stream time of the first sample (including pre-roll), ms from the first sample pushed. */
  startMs: number;
  /** Stream time where speech ended, ms. */
  endMs: number;
  /** 16 kHz mono audio from startMs to endMs plus a little trailing silence. */
  audio: Float32Array;
}

const WINDOW_MS = (VAD_WINDOW / 16000) * 1000;
/** Trailing silence kept after speech: Whisper ends sentences better with a short tail. */
const TAIL_MS = 200;
/** Hysteresis: once speaking, speech continues until the probability drops this far below threshold. */
const HYSTERESIS = 0.15;

/**
 * Cuts a 16 kHz stream into utterances with Silero VAD: speech starts above `threshold`, ends after
 * `minSilenceMs` below `threshold - 0.15`; pre-roll keeps word onsets; monologues longer than
 * `maxUtteranceS` are cut at the quietest window of their last third (a pause, not mid-word).
 */
export class UtteranceSegmenter {
  private readonly opts: SegmenterOptions;
  private pending = new Float32Array(0);
  private windowsSeen = 0;
  private preroll: Float32Array[] = [];
  private speaking = false;
  private speech: Float32Array[] = [];
  private probs: number[] = [];
  private speechStartWindow = 0;
  private onsetWindow = 0;
  private lastSpeechWindow = 0;
  private silentWindows = 0;

  constructor(
    private readonly vad: SileroVad,
    opts: Partial<SegmenterOptions> = {},
  ) {
    this.opts = { ...DEFAULT_SEGMENTER_OPTIONS, ...opts };
  }

  /** Stream time consumed so far, ms. */
  get positionMs(): number {
    return this.windowsSeen * WINDOW_MS;
  }

  get inSpeech(): boolean {
    return this.speaking;
  }

  async push(samples: Float32Array): Promise<Utterance[]> {
    const buf = new Float32Array(this.pending.length + samples.length);
    buf.set(this.pending);
    buf.set(samples, this.pending.length);
    const out: Utterance[] = [];
    let off = 0;
    for (; off + VAD_WINDOW <= buf.length; off += VAD_WINDOW) {
      const frame = buf.slice(off, off + VAD_WINDOW);
      const p = await this.vad.process(frame);
      const u = this.step(frame, p);
      if (u) out.push(u);
    }
    this.pending = buf.slice(off);
    return out;
  }

  /** The utterance in progress (for partial captions): its start and audio so far. */
  current(): Utterance | undefined {
    const windows = this.speech.length;
    return this.speaking ? this.emit(this.speechStartWindow, windows, windows) : undefined;
  }

  /**
   * The utterance exactly as it will be emitted if the silence now going on lasts to `minSilenceMs`
   * (for speculative decoding that gets the final out sooner); undefined while speech goes on or
   * before the trailing audio is in.
   */
  pendingEnd(): Utterance | undefined {
    if (!this.speaking || this.silentWindows === 0) return undefined;
    const keep = this.keepWindows();
    return this.speech.length >= keep ? this.finish(keep) : undefined;
  }

  /** End of stream: the speech in progress, if long enough. */
  flush(): Utterance[] {
    const u = this.speaking ? this.finish(this.speech.length) : undefined;
    this.reset();
    return u ? [u] : [];
  }

  private step(frame: Float32Array, p: number): Utterance | undefined {
    const index = this.windowsSeen++;
    const prerollWindows = Math.ceil(this.opts.prerollMs / WINDOW_MS);
    if (!this.speaking) {
      if (p >= this.opts.threshold) {
        this.speaking = true;
        this.speech = [...this.preroll, frame];
        this.probs = [...this.preroll.map(() => 0), p];
        this.speechStartWindow = index - this.preroll.length;
        this.onsetWindow = index;
        this.lastSpeechWindow = index;
        this.silentWindows = 0;
        this.preroll = [];
      } else {
        this.preroll.push(frame);
        if (this.preroll.length > prerollWindows) this.preroll.shift();
      }
      return undefined;
    }
    this.speech.push(frame);
    this.probs.push(p);
    if (p >= this.opts.threshold - HYSTERESIS) {
      this.lastSpeechWindow = index;
      this.silentWindows = 0;
    } else {
      this.silentWindows++;
    }
    if (this.silentWindows * WINDOW_MS >= this.opts.minSilenceMs) {
      const u = this.finish(Math.min(this.keepWindows(), this.speech.length));
      this.speaking = false;
      this.speech = [];
      this.probs = [];
      return u;
    }
    if (this.speech.length * WINDOW_MS >= this.opts.maxUtteranceS * 1000) return this.cut();
    return undefined;
  }

  /** Windows an ending utterance keeps: up to the last speech plus a short tail. */
  private keepWindows(): number {
    return this.lastSpeechWindow - this.speechStartWindow + 1 + Math.ceil(TAIL_MS / WINDOW_MS);
  }

  /** Cut a long utterance at the quietest window of its last third; the rest continues. */
  private cut(): Utterance | undefined {
    const from = Math.floor((this.probs.length * 2) / 3);
    let at = from;
    for (let i = from; i < this.probs.length; i++) if (this.probs[i]! < this.probs[at]!) at = i;
    const u = this.emit(this.speechStartWindow, at + 1, at + 1);
    this.speech = this.speech.slice(at + 1);
    this.probs = this.probs.slice(at + 1);
    this.speechStartWindow += at + 1;
    this.onsetWindow = Math.max(this.onsetWindow, this.speechStartWindow);
    return u;
  }

  private finish(windows: number): Utterance | undefined {
    if ((this.lastSpeechWindow - this.onsetWindow + 1) * WINDOW_MS < this.opts.minSpeechMs) return undefined;
    const speechWindows = this.lastSpeechWindow - this.speechStartWindow + 1;
    return this.emit(this.speechStartWindow, windows, Math.min(speechWindows, windows));
  }

  private emit(startWindow: number, windows: number, speechWindows: number): Utterance {
    const audio = new Float32Array(windows * VAD_WINDOW);
    for (let i = 0; i < windows; i++) audio.set(this.speech[i]!, i * VAD_WINDOW);
    return {
      startMs: Math.max(0, startWindow * WINDOW_MS),
      endMs: (startWindow + speechWindows) * WINDOW_MS,
      audio,
    };
  }

  private reset(): void {
    this.speaking = false;
    this.speech = [];
    this.probs = [];
    this.preroll = [];
    this.silentWindows = 0;
    this.vad.reset();
  }
}
