import {
  PHONE_SAMPLE_RATE,
  encodeMulaw,
  espeakWav,
  float32ToInt16,
  parseWav,
  type Logger,
} from '@booth/shared';
import { resampleBuffer } from './resample';

export interface SpeechOptions {
  /** espeak-ng voice (ASSISTANT_ESPEAK_VOICE). */
  voice: string;
  /** Words per minute. */
  wpm: number;
  /** The executable. Default `espeak-ng`. */
  bin?: string;
  /** A synthesis taking longer is killed, ms. Default 10 000. */
  timeoutMs?: number;
}

/** `text` as 8 kHz µ-law, ready to send to Twilio. */
export async function renderPhoneSpeech(text: string, opts: SpeechOptions): Promise<Uint8Array> {
  // parseWav mixes down to mono and reads espeak-ng's placeholder sizes (its --stdout cannot seek back).
  const wav = parseWav(await espeakWav(text, opts));
  const mono = float32ToInt16(wav.samples);
  return encodeMulaw(resampleBuffer(mono, wav.sampleRate, PHONE_SAMPLE_RATE));
}

/**
 * Rendered greetings, one per text: synthesized once, at the first call (or at start, to warm it up).
 * A failure is logged and the caller hears ringback only; the next call tries again.
 */
export class GreetingCache {
  private readonly rendered = new Map<string, Promise<Uint8Array | undefined>>();

  constructor(
    private readonly opts: SpeechOptions,
    private readonly log: Logger,
  ) {}

  get(text: string): Promise<Uint8Array | undefined> {
    if (!text.trim()) return Promise.resolve(undefined);
    let pending = this.rendered.get(text);
    if (!pending) {
      const started = Date.now();
      pending = renderPhoneSpeech(text, this.opts).then(
        (mulaw) => {
          this.log.info(
            { ms: Date.now() - started, seconds: mulaw.length / PHONE_SAMPLE_RATE },
            'greeting rendered',
          );
          return mulaw;
        },
        (err: unknown) => {
          this.log.error({ err }, 'could not render the greeting; callers hear ringback only');
          this.rendered.delete(text);
          return undefined;
        },
      );
      this.rendered.set(text, pending);
    }
    return pending;
  }
}
