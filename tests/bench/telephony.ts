import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { testModelPaths } from '../harness/model-paths';
import { ROOT } from '../support/processes';
import { analysisBench } from './telephony-analysis';
import { bridgeBench } from './telephony-bridge';
import { werBench } from './telephony-wer';

/**
 * `npm run bench:telephony`: what a phone line (Twilio Media Streams: 8 kHz G.711 µ-law) costs speech
 * recognition and call analysis, and what the per-call Whisper prompt buys back.
 *  (a) WER wideband vs phone, per prompt (none, vocabulary, per-call in both orders), per model;
 *  (b) call-analysis field accuracy over the phone vs wideband, per model;
 *  (c)(d)(e) through the real bridge with a fake Twilio: caller speech → final caption (next to the
 *  same utterances wideband through LiveKit), tone round trips both ways, bridge CPU per call.
 * Env: BENCH_MODELS (default "tiny.en base"), BENCH_LIVE_MODEL for (c)-(e) (default WHISPER_MODEL,
 * tiny.en), BENCH_PARTS (default "wer analysis bridge"; bridge = captions roundtrip cpu),
 * BENCH_VERBOSE=1 prints the callers' misses.
 */
const { modelsDir, sileroPath } = testModelPaths(ROOT);
Object.assign(process.env, {
  BOOTH_MODELS_DIR: modelsDir,
  SILERO_VAD_PATH: sileroPath,
  MODEL_DOWNLOAD: 'false',
});
process.env.LOG_LEVEL ??= 'warn';
const models = (process.env.BENCH_MODELS ?? 'tiny.en base')
  .split(/\s+/)
  .filter((m) => m && existsSync(join(modelsDir, `ggml-${m}.bin`)));
const parts = (process.env.BENCH_PARTS ?? 'wer analysis bridge').split(/[\s,]+/).filter(Boolean);

/** The box's load around each part: the cores are shared, and the figures move with it. */
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const part = async (name: string, run: () => Promise<void>) => {
  if (!parts.includes(name)) return;
  const before = load();
  await run();
  console.log(`[${name}: load average ${before} before, ${load()} after]`);
};
await part('wer', () => werBench(models));
await part('analysis', () => analysisBench(models));
// 'bridge' is the three parts through the bridge: 'captions' (c), 'roundtrip' (d), 'cpu' (e).
const BRIDGE_PARTS = ['captions', 'roundtrip', 'cpu'];
const bridgeParts = parts.includes('bridge') ? BRIDGE_PARTS : BRIDGE_PARTS.filter((p) => parts.includes(p));
if (bridgeParts.length) {
  const before = load();
  await bridgeBench(process.env.BENCH_LIVE_MODEL ?? process.env.WHISPER_MODEL ?? 'tiny.en', bridgeParts);
  await dispose();
  console.log(`[${bridgeParts.join(', ')}: load average ${before} before, ${load()} after]`);
}
