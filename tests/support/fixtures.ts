import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const audioDir = () =>
  process.env.BOOTH_AUDIO_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'audio');
export const jfkPath = () => join(audioDir(), 'jfk.wav');
export const vadPath = () =>
  process.env.SILERO_VAD_PATH ?? join(audioDir(), '..', 'models', 'silero_vad.onnx');
export const whisperPath = () =>
  join(process.env.BOOTH_MODELS_DIR ?? '', `ggml-${process.env.WHISPER_MODEL ?? 'tiny.en'}.bin`);

const fixtureDir = join(tmpdir(), 'booth-fixtures');

/** A phrase in a voice of its own (two speakers on one recording). */
export interface Spoken {
  say: string;
  voice: string;
  /** Words per minute. Default 150. */
  wpm?: number;
}

/**
 * Synthetic speech (espeak-ng → sox, 16 kHz mono s16): `parts` are spoken phrases (in `voice`, or
 * their own) or silences in ms, joined in order. Cached by content (name, parts and voice).
 */
export function speechWav(name: string, parts: (string | number | Spoken)[], voice = 'en-us+f3'): string {
  mkdirSync(fixtureDir, { recursive: true });
  const key = createHash('sha1')
    .update(JSON.stringify([parts, voice]))
    .digest('hex')
    .slice(0, 10);
  const out = join(fixtureDir, `${name}-${key}.wav`);
  if (existsSync(out)) return out;
  const pieces = parts.map((p, i) => {
    const file = join(fixtureDir, `${name}-${key}.${i}.wav`);
    if (typeof p === 'number') {
      execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'trim', '0', String(p / 1000)]);
    } else {
      const raw = join(fixtureDir, `${name}-${key}.${i}.raw.wav`);
      const [text, v, wpm] = typeof p === 'string' ? [p, voice, 150] : [p.say, p.voice, p.wpm ?? 150];
      execFileSync('espeak-ng', ['-v', v, '-s', String(wpm), '-w', raw, '--', text]);
      execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', file]);
    }
    return file;
  });
  execFileSync('sox', [...pieces, out]);
  return out;
}
