import { beforeAll, describe, expect, it } from 'vitest';
import { SileroVad, UtteranceSegmenter, VAD_WINDOW, readWav } from '@booth/transcriber';
import { jfkPath, speechWav, vadPath } from '../../support/fixtures';

let vad: SileroVad;
beforeAll(async () => {
  vad = await SileroVad.load(vadPath());
});

async function probabilities(samples: Float32Array, v = vad.clone()) {
  const out: number[] = [];
  for (let off = 0; off + VAD_WINDOW <= samples.length; off += VAD_WINDOW) {
    out.push(await v.process(samples.slice(off, off + VAD_WINDOW)));
  }
  return out;
}

describe('Silero VAD', () => {
  it('hears speech in the real recording', async () => {
    const probs = await probabilities((await readWav(jfkPath())).samples);
    expect(probs.filter((p) => p > 0.5).length / probs.length).toBeGreaterThan(0.5);
  });

  it('stays quiet on silence and on low noise', async () => {
    const silence = await probabilities(new Float32Array(32000));
    expect(Math.max(...silence)).toBeLessThan(0.2);
    let seed = 1;
    const noise = Float32Array.from({ length: 32000 }, () => {
      seed = (seed * 16807) % 2147483647;
      return ((seed / 2147483647) * 2 - 1) * 0.01;
    });
    expect(Math.max(...(await probabilities(noise)))).toBeLessThan(0.5);
  });
});

describe('utterance segmenter', () => {
  it('splits two phrases separated by a pause into two utterances with their times', async () => {
    const path = speechWav('two-phrases', [
      'We would like to book you for our wedding.',
      1500,
      'Can you send a quote?',
    ]);
    const { samples } = await readWav(path);
    const seg = new UtteranceSegmenter(vad.clone());
    const us = [...(await seg.push(samples)), ...seg.flush()];
    expect(us).toHaveLength(2);
    expect(us[0]!.endMs).toBeLessThan(us[1]!.startMs);
    const gap = us[1]!.startMs - us[0]!.endMs;
    expect(gap).toBeGreaterThan(900);
    expect(gap).toBeLessThan(1700);
    for (const u of us) expect(u.audio.length).toBeGreaterThanOrEqual(((u.endMs - u.startMs) / 1000) * 16000);
  });

  it('drops clicks shorter than the minimum speech length', async () => {
    const samples = new Float32Array(32000);
    for (let i = 16000; i < 16400; i++) samples[i] = Math.sin(i) * 0.8;
    const seg = new UtteranceSegmenter(vad.clone(), { minSpeechMs: 250 });
    expect([...(await seg.push(samples)), ...seg.flush()]).toEqual([]);
  });

  it('cuts a monologue longer than the maximum at a pause, losing no audio', async () => {
    const path = speechWav('monologue', [
      'First I want to talk about the music for the ceremony.',
      350,
      'Then the cocktail hour and the dinner.',
      350,
      'And finally the dancing until midnight.',
    ]);
    const { samples } = await readWav(path);
    const seg = new UtteranceSegmenter(vad.clone(), { maxUtteranceS: 4, minSilenceMs: 600 });
    const us = [...(await seg.push(samples)), ...seg.flush()];
    expect(us.length).toBeGreaterThanOrEqual(2);
    for (const u of us) expect(u.endMs - u.startMs).toBeLessThanOrEqual(4100);
    for (let i = 1; i < us.length; i++) expect(us[i]!.startMs).toBeGreaterThanOrEqual(us[i - 1]!.endMs - 1);
  });
});
