import type { Recognition, TranscribeOptions, WhisperRecognizer } from './whisper';

export type Priority = 'final' | 'partial';

export interface PoolRequestOptions extends TranscribeOptions {
  /** Finals are never dropped and always go first; partials are best effort. */
  priority: Priority;
  /** For partials: one pending partial per key (track); a newer one replaces it. */
  key?: string;
}

export interface PoolStats {
  size: number;
  busy: number;
  queuedFinals: number;
  queuedPartials: number;
  droppedPartials: number;
  completed: number;
}

interface Request {
  audio: Float32Array;
  opts: PoolRequestOptions;
  enqueuedAt: number;
  resolve: (r: Recognition | undefined) => void;
  reject: (err: unknown) => void;
}

export interface RecognizerPoolOptions {
  /** Utterances decoded at once (whisper.cpp states over the one loaded model). Default 1. */
  size?: number;
  /** Partials that waited longer than this are dropped (stale captions help nobody). Default 1500 ms. */
  maxPartialAgeMs?: number;
}

/**
 * A bounded pool of Whisper decoders (whisper.cpp states over one loaded model) shared by every room
 * and track of the process. Scheduling under load degrades gracefully: finals are queued FIFO and always dispatched
 * before partials; partials keep only the newest per track and are dropped when stale, so a final is
 * never dropped and never waits behind a caption. (Greedy decoding of finals under backlog was tried:
 * ~20 % less work, but 3-6 WER points worse in the benchmark, so finals always get beam search.)
 */
export class RecognizerPool {
  private readonly size: number;
  private busy = 0;
  private readonly finals: Request[] = [];
  private readonly partials = new Map<string, Request>();
  private readonly maxPartialAgeMs: number;
  private dropped = 0;
  private done = 0;

  constructor(
    readonly recognizer: WhisperRecognizer,
    opts: RecognizerPoolOptions = {},
  ) {
    this.size = Math.max(1, opts.size ?? 1);
    this.maxPartialAgeMs = opts.maxPartialAgeMs ?? 1500;
  }

  get stats(): PoolStats {
    return {
      size: this.size,
      busy: this.busy,
      queuedFinals: this.finals.length,
      queuedPartials: this.partials.size,
      droppedPartials: this.dropped,
      completed: this.done,
    };
  }

  /** True when a request would start decoding at once (no final waiting, a decoder free). */
  get idle(): boolean {
    return this.busy < this.size && this.finals.length === 0;
  }

  /** Resolves with the recognition, or undefined when a partial was dropped. */
  transcribe(audio: Float32Array, opts: PoolRequestOptions): Promise<Recognition | undefined> {
    return new Promise((resolve, reject) => {
      const req: Request = { audio, opts, enqueuedAt: performance.now(), resolve, reject };
      if (opts.priority === 'final') {
        this.finals.push(req);
      } else {
        const key = opts.key ?? '';
        const previous = this.partials.get(key);
        if (previous) this.drop(previous);
        this.partials.set(key, req);
      }
      this.dispatch();
    });
  }

  /**
   * Turns the pending partial of `key` into a final (queued behind the finals already waiting, never
   * dropped): a speculative decode that turned out to be the utterance's final must not wait, or be
   * dropped, at caption priority. No-op if it has started or finished.
   */
  promote(key: string): void {
    const req = this.partials.get(key);
    if (!req) return;
    this.partials.delete(key);
    req.opts = { ...req.opts, priority: 'final' };
    this.finals.push(req);
    this.dispatch();
  }

  private drop(req: Request): void {
    this.dropped++;
    req.resolve(undefined);
  }

  private next(): Request | undefined {
    const final = this.finals.shift();
    if (final) return final;
    const now = performance.now();
    for (const [key, req] of this.partials) {
      this.partials.delete(key);
      if (now - req.enqueuedAt <= this.maxPartialAgeMs) return req;
      this.drop(req);
    }
    return undefined;
  }

  private dispatch(): void {
    while (this.busy < this.size) {
      const req = this.next();
      if (!req) return;
      this.busy++;
      this.recognizer
        .transcribe(req.audio, req.opts)
        .then(req.resolve, req.reject)
        .finally(() => {
          this.done++;
          this.busy--;
          this.dispatch();
        });
    }
  }

  async free(): Promise<void> {
    for (const r of this.finals.splice(0)) r.reject(new Error('recognizer pool closed'));
    for (const r of this.partials.values()) this.drop(r);
    this.partials.clear();
    await this.recognizer.free();
  }
}
