import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { decodeMulaw, encodeMulaw } from '@booth/shared';
import { float32ToInt16, int16ToFloat32, parseWav, resampleTo16k } from '@booth/transcriber';

/** Twilio Media Streams' audio: G.711 µ-law, 8 kHz mono. */
export const PHONE_RATE = 8000;

/**
 * 16 kHz mono speech as a phone line carries it: band-limited to 8 kHz (the windowed-sinc low-pass
 * at 4 kHz of `resampleTo16k`, which depends only on the rate ratio: a 2:1 decimation is its
 * 32 kHz → 16 kHz case) and µ-law encoded. What the fake Twilio sends.
 */
export function toPhoneMulaw(samples16k: Float32Array): Uint8Array {
  // resampleTo16k(x, 32 kHz) halves the rate with the right low-pass, whatever x's real rate.
  return encodeMulaw(float32ToInt16(resampleTo16k(samples16k, 32_000)));
}

/** µ-law 8 kHz back to 16 kHz mono (decoded, then band-limited interpolation). */
export function fromPhoneMulaw(mulaw: Uint8Array): Float32Array {
  return resampleTo16k(int16ToFloat32(decodeMulaw(mulaw)), PHONE_RATE);
}

/** The round trip: what the transcriber hears of `samples16k` said over the phone. */
export const phoneBand = (samples16k: Float32Array): Float32Array => fromPhoneMulaw(toPhoneMulaw(samples16k));

const fixtureDir = join(tmpdir(), 'booth-fixtures');

/**
 * A 16 kHz mono WAV file as heard over the phone (`phoneBand`), written next to the other synthetic
 * fixtures (16-bit, via sox) and cached by the source's content.
 *
 * @returns the new WAV file's path
 */
export function phoneWav(src: string): string {
  const buf = readFileSync(src);
  const key = createHash('sha1').update(buf).digest('hex').slice(0, 10);
  mkdirSync(fixtureDir, { recursive: true });
  const out = join(fixtureDir, `phone-${basename(src, '.wav')}-${key}.wav`);
  if (existsSync(out)) return out;
  const wav = parseWav(buf);
  if (wav.sampleRate !== 16000) throw new Error(`${src}: ${wav.sampleRate} Hz, want 16 kHz`);
  const pcm = float32ToInt16(phoneBand(wav.samples));
  const raw = `${out}.raw`;
  writeFileSync(raw, new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  execFileSync('sox', ['-t', 'raw', '-r', '16000', '-e', 'signed', '-b', '16', '-c', '1', raw, out]);
  rmSync(raw);
  return out;
}
