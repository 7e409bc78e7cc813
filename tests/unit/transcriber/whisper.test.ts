import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SileroVad, WhisperRecognizer, cleanText, readWav, transcribeFile } from '@booth/transcriber';
import { jfkPath, speechWav, vadPath, whisperPath } from '../../support/fixtures';
import { JFK_REFERENCE, wordErrorRate } from '../../support/livekit-client';

let recognizer: WhisperRecognizer;
let vad: SileroVad;
beforeAll(async () => {
  [recognizer, vad] = await Promise.all([WhisperRecognizer.load(whisperPath()), SileroVad.load(vadPath())]);
});
afterAll(() => recognizer.free());

describe('Whisper (local, model kept in memory)', () => {
  it('transcribes the real recording to its reference sentence', async () => {
    const { samples } = await readWav(jfkPath());
    const r = await recognizer.transcribe(samples);
    expect(wordErrorRate(JFK_REFERENCE, r.text)).toBeLessThanOrEqual(0.1);
    expect(r.segments.length).toBeGreaterThan(0);
    expect(r.segments.at(-1)!.endMs).toBeGreaterThan(9000);
  });

  it('queues concurrent calls on one model and keeps the event loop free', async () => {
    const { samples } = await readWav(jfkPath());
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = Date.now();
    const [a, b] = await Promise.all([
      recognizer.transcribe(samples),
      recognizer.transcribe(samples.slice(0, 64000)),
    ]);
    clearInterval(timer);
    expect(a.text.length).toBeGreaterThan(b.text.length);
    // The loop ticked through inference (whisper.cpp runs on its own threads).
    expect(ticks).toBeGreaterThan(((Date.now() - started) / 20) * 0.5);
  });

  it('returns nothing for silence rather than invented words', async () => {
    const r = await recognizer.transcribe(new Float32Array(16000 * 2));
    expect(r.text.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(2);
  });

  it('strips non-speech annotations', () => {
    expect(cleanText(' [BLANK_AUDIO] hello (music) there ♪ ')).toBe('hello there');
  });

  it('runs files through the same VAD + Whisper path as live calls', async () => {
    const r = await transcribeFile(jfkPath(), { vad, recognizer });
    expect(r.segments.length).toBeGreaterThanOrEqual(2);
    expect(wordErrorRate(JFK_REFERENCE, r.segments.map((s) => s.text).join(' '))).toBeLessThanOrEqual(0.15);
    const synthetic = speechWav('booking', ['Hello, I would like to book a DJ for my birthday party.']);
    const s = await transcribeFile(synthetic, { vad, recognizer });
    expect(
      wordErrorRate(
        'Hello, I would like to book a DJ for my birthday party.',
        s.segments.map((x) => x.text).join(' '),
      ),
    ).toBeLessThanOrEqual(0.25);
  });
});
