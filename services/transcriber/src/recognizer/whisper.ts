import { TranscribeTask, WhisperModel, WhisperSamplingStrategy, type TranscribeParams } from 'smart-whisper';

export interface RecognizerOptions {
  /** whisper.cpp threads per inference. Default 2. */
  threads?: number;
  /** Spoken language ('en', 'de', ... or 'auto'). Default 'en'. */
  language?: string;
  /**
   * Encoder window: 'auto' fits it to the clip with a ~10 s floor (about 4x faster on short
   * utterances), 'full' always encodes Whisper's 30 s window (the reference behaviour). Default 'auto'.
   */
  audioCtx?: 'auto' | 'full';
}

export interface RecognizedWord {
  text: string;
  /** ms from the start of the clip. */
  startMs: number;
  endMs: number;
  /** Token probability of the word's first token, 0–1. */
  p: number;
}

export interface RecognizedSegment {
  startMs: number;
  endMs: number;
  text: string;
}

export interface Recognition {
  text: string;
  segments: RecognizedSegment[];
  words: RecognizedWord[];
}

export interface TranscribeOptions {
  /** Initial prompt: business vocabulary that biases spelling ("Riverside Mansion"). */
  prompt?: string;
  /** Token-level timestamps merged into words. Default true. */
  words?: boolean;
  /** Greedy decoding instead of beam search (5 beams): faster, for interim captions. Default false. */
  greedy?: boolean;
}

/** Whisper pads input to 30 s windows; clips under a second decode poorly, so they get silence. */
const MIN_SAMPLES = 16000 + 1600;
/** Encoder frames per second of audio (1500 frames = 30 s). */
const CTX_PER_SECOND = 50;
const MAX_CTX = 1500;

/** Non-speech annotations Whisper emits on noise or silence. */
const NON_SPEECH = /\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|♪+/g;

export function cleanText(text: string): string {
  return text.replace(NON_SPEECH, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * True when the text repeats itself: a phrase of 4-8 words twice in a row, of 2-3 words three times, or one word four
 * times ("and so my fellow Americans, and so my fellow Americans, and so ..."), Whisper's decoding loop.
 */
export function isRepetitive(text: string): boolean {
  const w = text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const same = (a: number, b: number, n: number) => {
    for (let k = 0; k < n; k++) if (w[a + k] !== w[b + k]) return false;
    return true;
  };
  for (let n = 1; n <= 8; n++) {
    // A phrase of four or more words said twice back to back is a decoding loop, not speech.
    const needed = n === 1 ? 4 : n >= 4 ? 2 : 3;
    for (let i = 0; i + needed * n <= w.length; i++) {
      let reps = 1;
      while (i + (reps + 1) * n <= w.length && same(i, i + reps * n, n)) reps++;
      if (reps >= needed) return true;
    }
  }
  return false;
}

/**
 * Phrases Whisper is known to produce from noise, silence or music (its training data's subtitle
 * credits). Dropped when decoded with low confidence; said clearly, "thank you" is kept.
 */
const HALLUCINATIONS = new Set([
  'thank you',
  'thanks for watching',
  'thank you for watching',
  'thank you very much',
  'please subscribe',
  'subscribe to my channel',
  'bye',
  'you',
  'so',
  'okay',
  'the end',
  'subtitles by the amara org community',
]);
/** Mean token probability under which a known hallucination phrase is treated as noise. */
const HALLUCINATION_MAX_P = 0.75;

export function isHallucination(text: string, meanP: number): boolean {
  const key = text
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return key === '' || (HALLUCINATIONS.has(key) && meanP < HALLUCINATION_MAX_P);
}

/**
 * Shortest encoder window 'auto' uses: 512 frames (~10 s). Narrower windows make tiny/base loop
 * ("And so my fellow Americans, and so my fellow Americans, ...": 73 % WER on jfk.wav at 1 s margin);
 * at 512 the benchmark's WER equals the full window's, at a quarter of its encoder time.
 */
const MIN_AUTO_CTX = 512;

/** Encoder context for a clip: its length plus one second of margin, at least ~10 s, in 64-frame steps. */
export function audioCtxFor(samples: number): number {
  const frames = Math.ceil((samples / 16000 + 1) * CTX_PER_SECOND);
  return Math.min(MAX_CTX, Math.max(MIN_AUTO_CTX, Math.ceil(frames / 64) * 64));
}

interface Token {
  text: string;
  from?: number;
  to?: number;
  p: number;
}

/** Whisper's control tokens ([_BEG_], [_TT_…], <|endoftext|>): not speech. */
const isSpecialToken = (t: Token) => t.text.startsWith('[_') || t.text.startsWith('<|');

/** Merges Whisper tokens into words: a token starting with a space starts a new word. */
export function tokensToWords(tokens: Token[]): RecognizedWord[] {
  const words: RecognizedWord[] = [];
  for (const t of tokens) {
    if (isSpecialToken(t) || t.text === '') continue;
    const last = words.at(-1);
    if (!last || /^\s/.test(t.text)) {
      words.push({ text: t.text.trim(), startMs: t.from ?? 0, endMs: t.to ?? t.from ?? 0, p: t.p });
    } else {
      last.text += t.text;
      last.endMs = Math.max(last.endMs, t.to ?? last.endMs);
    }
  }
  return words.filter((w) => cleanText(w.text).length > 0).map((w) => ({ ...w, text: w.text.trim() }));
}

/**
 * Local Whisper (whisper.cpp via smart-whisper). The model is loaded once and stays in memory across
 * utterances; inference runs on whisper.cpp's threads, off the event loop. Each call decodes with its
 * own whisper.cpp state over the shared weights, so calls may run concurrently; a RecognizerPool bounds
 * how many do.
 */
export class WhisperRecognizer {
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(
    private readonly model: WhisperModel,
    private readonly opts: Required<RecognizerOptions>,
    readonly modelPath: string,
  ) {}

  static async load(modelPath: string, opts: RecognizerOptions = {}): Promise<WhisperRecognizer> {
    const model = await WhisperModel.load(modelPath, false);
    return new WhisperRecognizer(
      model,
      { threads: opts.threads ?? 2, language: opts.language ?? 'en', audioCtx: opts.audioCtx ?? 'auto' },
      modelPath,
    );
  }

  /** Transcribes 16 kHz mono audio. */
  transcribe(audio: Float32Array, opts: TranscribeOptions = {}): Promise<Recognition> {
    const run = this.run(audio, opts);
    this.inFlight.add(run);
    void run.catch(() => undefined).finally(() => this.inFlight.delete(run));
    return run;
  }

  private async run(audio: Float32Array, opts: TranscribeOptions): Promise<Recognition> {
    if (this.model.freed) throw new Error('Whisper model has been freed');
    let pcm = audio;
    if (pcm.length < MIN_SAMPLES) {
      pcm = new Float32Array(MIN_SAMPLES);
      pcm.set(audio);
    }
    if (this.opts.audioCtx === 'full') return this.decode(pcm, opts, MAX_CTX);
    const fitted = await this.decode(pcm, opts, audioCtxFor(pcm.length));
    // A narrow encoder window can still send the decoder round in a loop; the full window does not.
    return isRepetitive(fitted.text) ? this.decode(pcm, opts, MAX_CTX) : fitted;
  }

  private async decode(pcm: Float32Array, opts: TranscribeOptions, audioCtx: number): Promise<Recognition> {
    const words = opts.words ?? true;
    const params: Partial<TranscribeParams<'detail', boolean>> = {
      language: this.opts.language,
      n_threads: this.opts.threads,
      no_context: true,
      suppress_non_speech_tokens: true,
      format: 'detail',
      token_timestamps: words,
      ...(opts.greedy ? { strategy: WhisperSamplingStrategy.WHISPER_SAMPLING_GREEDY } : {}),
      ...(audioCtx < MAX_CTX ? { audio_ctx: audioCtx } : {}),
      ...(opts.prompt ? { initial_prompt: opts.prompt } : {}),
    };
    const task = await TranscribeTask.run(this.model, pcm, params);
    const results = await task.result;
    const segments = results
      .map((r) => {
        const tokens = (r.tokens as Token[]).filter((t) => !isSpecialToken(t));
        const meanP = tokens.length ? tokens.reduce((a, t) => a + t.p, 0) / tokens.length : 0;
        return { startMs: r.from, endMs: r.to, text: cleanText(r.text), meanP, tokens };
      })
      .filter((s) => !isHallucination(s.text, s.meanP));
    return {
      text: segments.map((s) => s.text).join(' '),
      segments: segments.map(({ startMs, endMs, text }) => ({ startMs, endMs, text })),
      words: words ? tokensToWords(segments.flatMap((s) => s.tokens)) : [],
    };
  }

  /** Frees the model after in-flight clips finish. */
  async free(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    if (!this.model.freed) await this.model.free();
  }
}
