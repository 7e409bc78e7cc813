import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  RecognizerPool,
  SileroVad,
  VAD_WINDOW,
  WhisperRecognizer,
  readWav,
  transcribeFile,
} from '@booth/transcriber';
import { jfkPath, vadPath } from '../support/fixtures';
import { JFK_REFERENCE, wordErrorRate } from '../support/livekit-client';

/**
 * Offline speech figures on this machine: Whisper load time, real-time factor (processing time /
 * audio duration) of the whole clip and through the VAD-segmented CLI path, WER, Silero time per
 * 32 ms window, process RSS. Env: BENCH_MODELS (default "tiny.en base"), BOOTH_MODELS_DIR.
 */
const modelsDir = process.env.BOOTH_MODELS_DIR ?? '';
const models = (process.env.BENCH_MODELS ?? 'tiny.en base').split(/\s+/).filter(Boolean);
const threads = Number(process.env.WHISPER_THREADS ?? 2);
const rss = () => (process.memoryUsage().rss / 1e6).toFixed(0);

const { samples } = await readWav(jfkPath());
const durationMs = (samples.length / 16000) * 1000;
const vad = await SileroVad.load(vadPath());
{
  const v = vad.clone();
  const windows = Math.floor(samples.length / VAD_WINDOW);
  const t = performance.now();
  for (let i = 0; i < windows; i++) await v.process(samples.subarray(i * VAD_WINDOW, (i + 1) * VAD_WINDOW));
  const per = (performance.now() - t) / windows;
  console.log(
    `silero VAD: ${per.toFixed(3)} ms per 32 ms window (${((per / 32) * 100).toFixed(1)} % of real time)`,
  );
}

console.log(`threads=${threads}; clip jfk.wav ${durationMs / 1000} s`);
console.log('model     ctx   load ms  whole-clip ms  RTF    segmented ms  RTF    WER    RSS MB');
for (const model of models) {
  const path = join(modelsDir, `ggml-${model}.bin`);
  if (!existsSync(path)) {
    console.log(`${model.padEnd(9)} (no weights at ${path})`);
    continue;
  }
  for (const audioCtx of ['full', 'auto'] as const) {
    let t = performance.now();
    const recognizer = await WhisperRecognizer.load(path, { threads, audioCtx });
    const loadMs = performance.now() - t;
    await recognizer.transcribe(samples.subarray(0, 16000)); // warm-up
    const runs = 3;
    t = performance.now();
    let text = '';
    for (let i = 0; i < runs; i++) text = (await recognizer.transcribe(samples)).text;
    const wholeMs = (performance.now() - t) / runs;
    t = performance.now();
    const seg = await transcribeFile(jfkPath(), { vad, recognizer: new RecognizerPool(recognizer) });
    const segMs = performance.now() - t;
    const segText = seg.segments.map((s) => s.text).join(' ');
    console.log(
      [
        model.padEnd(9),
        audioCtx.padEnd(4),
        loadMs.toFixed(0).padStart(7),
        wholeMs.toFixed(0).padStart(14),
        (wholeMs / durationMs).toFixed(3).padStart(6),
        segMs.toFixed(0).padStart(13),
        (segMs / durationMs).toFixed(3).padStart(6),
        `${(wordErrorRate(JFK_REFERENCE, segText) * 100).toFixed(1)}%`.padStart(6),
        rss().padStart(8),
      ].join(' '),
    );
    if (wordErrorRate(JFK_REFERENCE, text) > 0.2) console.log(`  (whole-clip text: ${text})`);
    await recognizer.free();
  }
}
