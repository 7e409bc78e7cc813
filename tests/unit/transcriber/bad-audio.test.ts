import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecognizerPool, SileroVad, WhisperRecognizer, transcribeFile } from '@booth/transcriber';
import { jfkPath, vadPath, whisperPath } from '../../support/fixtures';
import { JFK_REFERENCE, wordErrorRate } from '../../support/livekit-client';

/** Audio a phone line or a bad microphone delivers, through the same VAD + Whisper path as calls. */
let whisper: WhisperRecognizer;
let pool: RecognizerPool;
let vad: SileroVad;
const dir = mkdtempSync(join(tmpdir(), 'booth-bad-audio-'));

beforeAll(async () => {
  [whisper, vad] = await Promise.all([WhisperRecognizer.load(whisperPath()), SileroVad.load(vadPath())]);
  pool = new RecognizerPool(whisper);
});
afterAll(() => whisper.free());

/** `sox INPUT [OUTPUT-FORMAT] out.wav [EFFECTS]` into the temp dir. */
const sox = (name: string, input: string, format: string, effects: string) => {
  const out = join(dir, name);
  const words = (s: string) => s.split(' ').filter(Boolean);
  execFileSync('sox', [input, ...words(format), out, ...words(effects)]);
  return out;
};
const text = async (file: string) =>
  (await transcribeFile(file, { vad, recognizer: pool })).segments.map((s) => s.text).join(' ');

describe('bad input audio', () => {
  it('8 kHz phone audio (G.711-like band limit) still reads as the sentence', async () => {
    const phone = sox('phone.wav', jfkPath(), '-r 8000 -c 1 -b 16', 'sinc 300-3400');
    expect(wordErrorRate(JFK_REFERENCE, await text(phone))).toBeLessThanOrEqual(0.25);
  });

  it('stereo at 44.1 kHz is mixed down and resampled', async () => {
    const stereo = sox('stereo.wav', jfkPath(), '-r 44100 -c 2 -b 16', '');
    expect(wordErrorRate(JFK_REFERENCE, await text(stereo))).toBeLessThanOrEqual(0.2);
  });

  it('hard clipping does not crash or come out empty', async () => {
    const clipped = sox('clipped.wav', jfkPath(), '-b 16', 'gain 24');
    const t = await text(clipped);
    expect(t.length).toBeGreaterThan(0);
    expect(wordErrorRate(JFK_REFERENCE, t)).toBeLessThan(0.6);
  });

  it('silence and low noise produce no segments (no "Thank you." from nowhere)', async () => {
    const silence = sox('silence.wav', '-n', '-r 16000 -c 1 -b 16', 'trim 0 8');
    const noise = sox('noise.wav', '-n', '-r 16000 -c 1 -b 16', 'synth 8 pinknoise vol 0.02');
    expect(await text(silence)).toBe('');
    expect(await text(noise)).toBe('');
  });

  it('a recording cut off mid-utterance gives what was said up to the cut', async () => {
    const cut = sox('cut.wav', jfkPath(), '', 'trim 0 6.5');
    const t = await text(cut);
    expect(t.toLowerCase()).toContain('americans');
    expect(t.toLowerCase()).toContain('country');
  });
});
