import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Room, dispose } from '@livekit/rtc-node';
import { cacheDir } from '../harness/services';
import { median, percentile } from '../harness/metrics-summary';
import { publishWav, wordErrorRate, JFK_REFERENCE } from '../support/livekit-client';
import { waitUntil } from '../support/processes';
import { processMemory } from '../support/stack';
import { withLiveStack } from './live-stack';

/**
 * `npm run bench`: offline Whisper figures (transcriber-offline.ts) and the live call path — a real
 * livekit-server, API and transcriber process, jfk.wav published into a call room at real-time pace —
 * printing end-of-speech → final-segment-in-Postgres latency, WER and the transcriber's memory — then
 * the same path as the admin sees it in Chromium (browser-live.ts: end of speech → final caption
 * rendered, next to → Postgres; notification → toast; page load → connected).
 * Options (env): BENCH_MODELS="tiny.en base", BENCH_RUNS=3, BENCH_NOTIFICATIONS=10.
 */
const root = resolve(import.meta.dirname, '..', '..');
const shared = resolve(root, '..', 'shared');
const modelsDir = process.env.BOOTH_MODELS_DIR ?? join(cacheDir(), 'models');
const models = (process.env.BENCH_MODELS ?? 'tiny.en base')
  .split(/\s+/)
  .filter((m) => existsSync(join(modelsDir, `ggml-${m}.bin`)));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const audioDir = process.env.BOOTH_AUDIO_DIR ?? join(shared, 'audio');
const vad = process.env.SILERO_VAD_PATH ?? join(shared, 'models', 'silero_vad.onnx');

console.log('== offline (CLI path: VAD + Whisper on jfk.wav) ==');
spawnSync('npx', ['--no-install', 'tsx', join(root, 'tests', 'bench', 'transcriber-offline.ts')], {
  stdio: 'inherit',
  env: { ...process.env, BOOTH_MODELS_DIR: modelsDir, SILERO_VAD_PATH: vad, BOOTH_AUDIO_DIR: audioDir },
});

console.log('\n== live call path (livekit-server → transcriber → Postgres) ==');
console.log(
  'model     runs  segments  latency p50 ms  latency p95 ms  WER    transcriber RSS MB  peak RSS MB',
);
for (const model of models) {
  await withLiveStack({ model, modelsDir, vadPath: vad }, async ({ stack, db, transcriberPid }) => {
    const latencies: number[] = [];
    const wers: number[] = [];
    let segments = 0;
    for (let i = 0; i < runs; i++) {
      const session = await stack.createSession('call');
      const { token, url } = await stack.adminToken(session.roomName);
      const room = new Room();
      await room.connect(url, token, { autoSubscribe: false, dynacast: false });
      await waitUntil(
        'the transcriber to join',
        async () =>
          (await db.participant.count({ where: { sessionId: session.id, role: 'agent' } })) > 0
            ? true
            : undefined,
        60_000,
        100,
      );
      await publishWav(room, join(audioDir, 'jfk.wav'), { trailingSilenceMs: 3000 });
      const rows = await waitUntil(
        'segments',
        async () => {
          const r = await db.transcriptSegment.findMany({
            where: { sessionId: session.id },
            orderBy: { startMs: 'asc' },
          });
          return r.length && wordErrorRate(JFK_REFERENCE, r.map((x) => x.text).join(' ')) < 0.5
            ? r
            : undefined;
        },
        30_000,
        100,
      );
      await room.disconnect();
      segments += rows.length;
      // Segment times count from the session's start: startedAt + endMs is when the end of speech
      // reached the transcriber.
      const { startedAt } = await db.session.findUniqueOrThrow({ where: { id: session.id } });
      latencies.push(...rows.map((r) => r.createdAt.getTime() - (startedAt!.getTime() + r.endMs)));
      wers.push(wordErrorRate(JFK_REFERENCE, rows.map((r) => r.text).join(' ')));
    }
    const mem = processMemory(transcriberPid);
    console.log(
      [
        model.padEnd(9),
        String(runs).padStart(4),
        String(segments).padStart(9),
        percentile(latencies, 50).toFixed(0).padStart(15),
        percentile(latencies, 95).toFixed(0).padStart(15),
        (median(wers) * 100).toFixed(1).padStart(5) + '%',
        mem.rssMb.toFixed(0).padStart(19),
        mem.peakRssMb.toFixed(0).padStart(12),
      ].join(' '),
    );
  });
}
await dispose();

spawnSync('npx', ['--no-install', 'tsx', join(root, 'tests', 'bench', 'browser-live.ts')], {
  stdio: 'inherit',
  env: { ...process.env, BOOTH_MODELS_DIR: modelsDir, SILERO_VAD_PATH: vad, BOOTH_AUDIO_DIR: audioDir },
});
