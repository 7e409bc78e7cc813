import { speechWav as spokenParts } from './fixtures';

export interface SpeechWavOptions {
  /** espeak-ng voice. Default `en-us`. */
  voice?: string;
  /** Speaking rate, words per minute. Default 150. */
  wpm?: number;
  /** Silence before the speech, ms. Default 0. */
  leadingSilenceMs?: number;
  /** Silence after the speech, ms. Default 0. */
  trailingSilenceMs?: number;
}

/**
 * One phrase of synthetic speech with silence around it, as a 16 kHz mono 16-bit WAV (fixtures.ts
 * `speechWav`: espeak-ng and sox, cached by content). Browser tests use the file as Chromium's fake
 * microphone (`--use-file-for-fake-audio-capture`), Node tests publish it (publishWav).
 *
 * @returns the WAV file's path
 */
export async function speechWav(text: string, opts: SpeechWavOptions = {}): Promise<string> {
  const voice = opts.voice ?? 'en-us';
  const parts = [
    opts.leadingSilenceMs ?? 0,
    { say: text, voice, wpm: opts.wpm ?? 150 },
    opts.trailingSilenceMs ?? 0,
  ].filter((p) => p !== 0);
  return Promise.resolve(spokenParts('phrase', parts, voice));
}
