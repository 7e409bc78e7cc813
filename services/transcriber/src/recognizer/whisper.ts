import { TranscribeTask, WhisperModel, type TranscribeParams } from 'smart-whisper';

export interface RecognizerOptions {
  /** whisper.cpp threads per inference. Default 2. */
  threads?: number;
  /** Spoken language ('en', 'de', ... or 'auto'). Default 'en'. */
  language?: string;
}

export interface RecognizedSegment {
  startMs: number;
  endMs: number;
  text: string;
}

export interface Recognition {
  text: string;
  segments: RecognizedSegment[];
}

/** Whisper pads input to 30 s windows; clips under a second decode poorly, so they get silence. */
const MIN_SAMPLES = 16000 + 1600;

/** Non-speech annotations Whisper emits on noise or silence. */
const NON_SPEECH = /\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|♪+/g;

export function cleanText(text: string): string {
  return text.replace(NON_SPEECH, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Local Whisper (whisper.cpp via smart-whisper). The model is loaded once and stays in memory across
 * utterances; inference runs on whisper.cpp's threads, off the event loop. One context decodes one
 * clip at a time, so calls are queued in order.
 */
export class WhisperRecognizer {
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  private constructor(
    private readonly model: WhisperModel,
    private readonly opts: Required<RecognizerOptions>,
    readonly modelPath: string,
  ) {}

  static async load(modelPath: string, opts: RecognizerOptions = {}): Promise<WhisperRecognizer> {
    const model = await WhisperModel.load(modelPath, false);
    return new WhisperRecognizer(
      model,
      { threads: opts.threads ?? 2, language: opts.language ?? 'en' },
      modelPath,
    );
  }

  /** Clips waiting for or in inference. */
  get backlog(): number {
    return this.pending;
  }

  /** Transcribes 16 kHz mono audio; `prompt` biases the vocabulary (names, venues). */
  transcribe(audio: Float32Array, opts: { prompt?: string } = {}): Promise<Recognition> {
    this.pending++;
    const run = this.queue.then(() => this.run(audio, opts.prompt));
    this.queue = run.catch(() => undefined);
    return run.finally(() => this.pending--);
  }

  private async run(audio: Float32Array, prompt?: string): Promise<Recognition> {
    if (this.model.freed) throw new Error('Whisper model has been freed');
    let pcm = audio;
    if (pcm.length < MIN_SAMPLES) {
      pcm = new Float32Array(MIN_SAMPLES);
      pcm.set(audio);
    }
    const params: Partial<TranscribeParams<'simple', false>> = {
      language: this.opts.language,
      n_threads: this.opts.threads,
      no_context: true,
      suppress_non_speech_tokens: true,
      format: 'simple',
      ...(prompt ? { initial_prompt: prompt } : {}),
    };
    const task = await TranscribeTask.run(this.model, pcm, params);
    const results = await task.result;
    const segments = results
      .map((r) => ({ startMs: r.from, endMs: r.to, text: cleanText(r.text) }))
      .filter((s) => s.text.length > 0);
    return { text: segments.map((s) => s.text).join(' '), segments };
  }

  /** Frees the model after queued clips finish. */
  async free(): Promise<void> {
    await this.queue;
    if (!this.model.freed) await this.model.free();
  }
}
