import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseWav, resampleTo16k } from '@booth/transcriber';

const run = promisify(execFile);

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

const dir = join(tmpdir(), 'booth-speech');
const RATE = 16000;

/** A 16 kHz mono 16-bit PCM WAV file of `samples` in [-1, 1]. */
export function wavBytes(samples: Float32Array, rate = RATE): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++)
    data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767))), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * Synthetic speech for tests: `text` spoken by espeak-ng (22050 Hz), resampled in JS (no sox needed)
 * to a 16 kHz mono 16-bit WAV, with optional silence around it. Browser tests use the file as Chromium's
 * fake microphone (`--use-file-for-fake-audio-capture`), Node tests publish it (publishWav). Cached in
 * the temp dir by text and options; written atomically, so parallel callers are safe.
 *
 * @returns the WAV file's path
 */
export async function speechWav(text: string, opts: SpeechWavOptions = {}): Promise<string> {
  const voice = opts.voice ?? 'en-us';
  const wpm = opts.wpm ?? 150;
  const lead = opts.leadingSilenceMs ?? 0;
  const trail = opts.trailingSilenceMs ?? 0;
  const key = createHash('sha1')
    .update(JSON.stringify([text, voice, wpm, lead, trail]))
    .digest('hex')
    .slice(0, 16);
  const out = join(dir, `speech-${key}.wav`);
  if (existsSync(out)) return out;
  await mkdir(dir, { recursive: true });
  const { stdout } = await run('espeak-ng', ['-v', voice, '-s', String(wpm), '--stdout', '--', text], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  const spoken = parseWav(stdout);
  const speech = resampleTo16k(spoken.samples, spoken.sampleRate);
  const silence = (ms: number) => Math.round((RATE * ms) / 1000);
  const samples = new Float32Array(silence(lead) + speech.length + silence(trail));
  samples.set(speech, silence(lead));
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, wavBytes(samples));
  await rename(tmp, out);
  return out;
}
