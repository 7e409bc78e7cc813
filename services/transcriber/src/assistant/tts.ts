import { espeakWav, parseWav, type Config, type Logger } from '@booth/shared';
import { preparedPiper } from './piper';

/**
 * Local text-to-speech for the assistant's spoken replies. espeak-ng (Debian's `espeak-ng`) is always
 * there and synthesizes a sentence in ~10 ms; it is robotic but instant. Text goes to the synthesizer
 * as one argument after `--` (never through a shell, never read as an option).
 */

/** Mono 16-bit audio. */
export interface SpeechAudio {
  samples: Int16Array;
  sampleRate: number;
}

/** Turns one sentence into audio. */
export interface Synthesizer {
  /** For logs: `espeak`. */
  readonly name: string;
  synthesize(text: string, signal?: AbortSignal): Promise<SpeechAudio>;
}

export class TtsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TtsError';
  }
}

export interface EspeakOptions {
  /** espeak-ng voice (ASSISTANT_ESPEAK_VOICE). Default `en-us`. */
  voice?: string;
  /** Words per minute (ASSISTANT_SPEECH_WPM). Default 175. */
  wpm?: number;
  /** The executable. Default `espeak-ng`. */
  bin?: string;
  /** A synthesis taking longer is killed, ms. Default 10000. */
  timeoutMs?: number;
  /** Longest text synthesized at once; longer text is cut, characters. Default 1000. */
  maxChars?: number;
}

/** espeak-ng: `espeak-ng -v <voice> -s <wpm> --stdout -- <text>` → WAV, 22050 Hz mono 16-bit. */
export class EspeakSynthesizer implements Synthesizer {
  readonly name = 'espeak';
  private readonly opts: Required<EspeakOptions>;

  constructor(opts: EspeakOptions = {}) {
    this.opts = {
      voice: opts.voice ?? 'en-us',
      wpm: opts.wpm ?? 175,
      bin: opts.bin ?? 'espeak-ng',
      timeoutMs: opts.timeoutMs ?? 10_000,
      maxChars: opts.maxChars ?? 1000,
    };
  }

  async synthesize(text: string, signal?: AbortSignal): Promise<SpeechAudio> {
    const { voice, wpm, bin, timeoutMs, maxChars } = this.opts;
    const said = text.slice(0, maxChars);
    const wav = await espeakWav(said, { voice, wpm, bin, timeoutMs, signal }).catch((err: unknown) => {
      throw new TtsError(err instanceof Error ? err.message : String(err));
    });
    const pcm = parseWav(wav);
    const samples = new Int16Array(pcm.samples.length);
    for (let i = 0; i < samples.length; i++)
      samples[i] = Math.max(-32768, Math.min(32767, Math.round(pcm.samples[i]! * 32768)));
    return { samples, sampleRate: pcm.sampleRate };
  }
}

/**
 * The voice the settings ask for. `ASSISTANT_TTS=piper`: the Piper synthesizer made ready at start by
 * `preparePiper` (piper.ts: voice ensured in BOOTH_MODELS_DIR, ASSISTANT_PIPER_BIN proven to speak with
 * it); when that failed (no executable, no voice, MODEL_DOWNLOAD=false with the voice missing) or was
 * not done, a warning is logged and espeak-ng speaks. Otherwise espeak-ng with ASSISTANT_ESPEAK_VOICE at
 * ASSISTANT_SPEECH_WPM.
 */
export function synthesizerFor(
  cfg: Pick<
    Config,
    | 'ASSISTANT_TTS'
    | 'ASSISTANT_ESPEAK_VOICE'
    | 'ASSISTANT_SPEECH_WPM'
    | 'ASSISTANT_PIPER_BIN'
    | 'ASSISTANT_PIPER_VOICE'
    | 'BOOTH_MODELS_DIR'
  >,
  log: Logger,
): Synthesizer {
  if (cfg.ASSISTANT_TTS === 'piper') {
    const piper = preparedPiper(cfg);
    if (piper) return piper;
    log.warn(
      { voice: cfg.ASSISTANT_PIPER_VOICE, bin: cfg.ASSISTANT_PIPER_BIN },
      'ASSISTANT_TTS=piper but Piper is not ready; replies are spoken with espeak-ng',
    );
  }
  return new EspeakSynthesizer({ voice: cfg.ASSISTANT_ESPEAK_VOICE, wpm: cfg.ASSISTANT_SPEECH_WPM });
}

/**
 * Reply text as it should be read aloud: markdown marks, links and symbols a voice would spell out
 * removed, whitespace collapsed, cut at `maxChars` (at a word boundary).
 */
export function speakable(text: string, maxChars = 600): string {
  const plain = text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, 'a link')
    .replace(/[*_`#>|~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= maxChars) return plain;
  const cut = plain.slice(0, maxChars);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}.`;
}

/**
 * Splits text into sentences to synthesize one at a time (the first is spoken while the next is
 * synthesized). Sentences end at `.`, `!`, `?` or `;` followed by a space, or a line break; one longer
 * than `maxSentence` characters is split at a comma or space.
 */
export function splitSentences(text: string, maxSentence = 200): string[] {
  const out: string[] = [];
  for (const raw of text.split(/(?<=[.!?;])\s+|\n+/)) {
    let s = raw.trim();
    while (s.length > maxSentence) {
      const head = s.slice(0, maxSentence);
      const at = Math.max(head.lastIndexOf(', '), head.lastIndexOf(' '));
      const cut = at > maxSentence / 3 ? at + 1 : maxSentence;
      out.push(s.slice(0, cut).trim());
      s = s.slice(cut).trim();
    }
    if (/[\p{L}\p{N}]/u.test(s)) out.push(s);
  }
  return out;
}
