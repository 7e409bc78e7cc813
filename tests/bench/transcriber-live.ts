import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AccessToken } from 'livekit-server-sdk';
import { Room, dispose } from '@livekit/rtc-node';
import type { Db } from '@booth/db';
import { TRANSCRIPTION_TOPIC } from '@booth/shared';
import { cacheDir } from '../harness/services';
import { median, percentile } from '../harness/metrics-summary';
import { speechWav } from '../support/fixtures';
import { collectTextStreams, JFK_REFERENCE, publishWav, wordErrorRate } from '../support/livekit-client';
import { ROOT, waitUntilSettled } from '../support/processes';
import { processCpuSeconds, processMemory, type Stack } from '../support/stack';
import { connectSpeakers, transcriberInEveryRoom, withLiveStack } from './live-stack';

/**
 * `npm run bench:transcriber`: real and synthetic recordings replayed at real-time pace through a real
 * livekit-server into one transcriber process, with 1, 2, 4, 8 and 16 simultaneous tracks (two
 * speakers per call room). For each: end-of-utterance → final-segment-in-Postgres latency (p50, p95),
 * interim-caption cadence, CPU real-time factor, the transcriber's CPU and RSS, and WER against the
 * reference transcripts — next to the WER of the same files through the offline CLI — and the feed
 * pace: on a small box the publishers in this process may not keep real time with many tracks, so
 * latency is measured from when the end of speech was actually sent, and pace shows the lag.
 * Options (env): BENCH_MODELS="tiny.en base", BENCH_TRACKS="1 2 4 8 16".
 */
const shared = resolve(ROOT, '..', 'shared');
const modelsDir = process.env.BOOTH_MODELS_DIR ?? join(cacheDir(), 'models');
const audioDir = process.env.BOOTH_AUDIO_DIR ?? join(shared, 'audio');
const vadPath = process.env.SILERO_VAD_PATH ?? join(shared, 'models', 'silero_vad.onnx');
const models = (process.env.BENCH_MODELS ?? 'tiny.en base')
  .split(/\s+/)
  .filter((m) => existsSync(join(modelsDir, `ggml-${m}.bin`)));
const trackCounts = (process.env.BENCH_TRACKS ?? '1 2 4 8 16').split(/\s+/).map(Number);

process.env.BOOTH_AUDIO_DIR = audioDir;
/** The recordings: one real, three synthetic (two espeak voices), with their reference transcripts. */
// No numbers: Whisper writes digits ("120"), which a word error rate counts as wrong.
const SYNTHETIC: [string, string, string[]][] = [
  [
    'wedding',
    'en-us+f3',
    ['We are getting married in the summer.', 'The reception is at the Riverside Mansion near the lake.'],
  ],
  [
    'corporate',
    'en-us+m3',
    ['Our company holds a summer party every year.', 'Could you send me a quote for the whole evening?'],
  ],
  [
    'birthday',
    'en-gb+f4',
    ['I would like to book a disc jockey for my daughter.', 'The party starts in the evening at our house.'],
  ],
];
const recordings = [
  { file: join(audioDir, 'jfk.wav'), reference: JFK_REFERENCE },
  ...SYNTHETIC.map(([name, voice, lines]) => ({
    file: speechWav(`bench-${name}`, [400, lines[0]!, 900, lines[1]!], voice),
    reference: lines.join(' '),
  })),
];

const wavSeconds = (file: string) => (readFileSync(file).length - 44) / 32000;

/** WER of each recording through the offline CLI (`booth transcribe --json`), in recording order. */
function offlineWers(model: string): number[] {
  return recordings.map((r) => {
    const out = execFileSync(
      'npx',
      [
        '--no-install',
        'tsx',
        join(ROOT, 'services', 'transcriber', 'src', 'cli', 'main.ts'),
        'transcribe',
        r.file,
        '--json',
      ],
      {
        env: {
          ...process.env,
          WHISPER_MODEL: model,
          BOOTH_MODELS_DIR: modelsDir,
          SILERO_VAD_PATH: vadPath,
          MODEL_DOWNLOAD: 'false',
        },
      },
    );
    return wordErrorRate(r.reference, (JSON.parse(out.toString()) as { text: string }).text);
  });
}

async function runTracks(stack: Stack, db: Db, pid: number, tracks: number) {
  const { sessions, connected } = await connectSpeakers(stack, tracks);
  const speakers = connected.map((s, i) => ({ ...s, recording: recordings[i % recordings.length]! }));
  const listeners = await Promise.all(
    sessions.map(async (session, i) => {
      const at = new AccessToken(process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET, {
        identity: `listener-${i}`,
      });
      at.addGrant({ roomJoin: true, room: session.roomName, canPublish: false, canSubscribe: true });
      const room = new Room();
      await room.connect(process.env.LIVEKIT_URL!, await at.toJwt(), {
        autoSubscribe: false,
        dynacast: false,
      });
      return { room, received: collectTextStreams(room, TRANSCRIPTION_TOPIC) };
    }),
  );
  await transcriberInEveryRoom(db, sessions);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, processMemory(pid).rssMb)), 200);
  const cpu0 = processCpuSeconds(pid);
  const t0 = Date.now();
  const pubs = await Promise.all(
    speakers.map((s) => publishWav(s.room, s.recording.file, { trailingSilenceMs: 1500 })),
  );
  // Finished when every track has segments and no new final has landed for 5 s (finals may queue
  // behind each other under load; none is dropped).
  const { value: results, changedAt: lastChange } = await waitUntilSettled(
    'every track transcribed',
    async () => {
      const out = [];
      for (const [i, s] of speakers.entries()) {
        const rows = await db.transcriptSegment.findMany({
          where: { sessionId: s.session.id, speakerIdentity: s.identity },
          orderBy: { startMs: 'asc' },
        });
        const wer = wordErrorRate(s.recording.reference, rows.map((r) => r.text).join(' '));
        out.push({ rows, wer, session: s.session, pub: pubs[i]! });
      }
      return out;
    },
    {
      size: (out) => out.reduce((n, r) => n + r.rows.length, 0),
      ready: (out) => out.every((r) => r.rows.length > 0),
      quietMs: 5000,
      timeoutMs: 300_000,
    },
  );
  const wall = (lastChange - t0) / 1000;
  // Feed pace: how long sending each file took over its length (1.00 = real time).
  const pace = Math.max(...pubs.map((p) => (p.sentAt(p.durationMs) - p.startedAt) / p.durationMs));
  const cpu = processCpuSeconds(pid) - cpu0;
  clearInterval(sampler);
  const latencies: number[] = [];
  for (const r of results) {
    // Segment times count from the session's start; the track's audio starts at its first frame. The
    // end of an utterance is the moment its last speech sample was sent, which under load (this
    // process feeding many tracks) can be later than real-time pace would put it.
    const { startedAt } = await db.session.findUniqueOrThrow({ where: { id: r.session.id } });
    const trackStart = r.pub.startedAt - startedAt!.getTime();
    latencies.push(...r.rows.map((x) => x.createdAt.getTime() - r.pub.sentAt(x.endMs - trackStart)));
  }
  // Interim cadence: time between consecutive partials of the same utterance, as a listener sees it.
  const gaps: number[] = [];
  for (const l of listeners) {
    const bySegment = new Map<string, number[]>();
    for (const t of l.received) {
      if (t.attributes['lk.transcription_final'] !== 'false') continue;
      const id = t.attributes['lk.segment_id']!;
      bySegment.set(id, [...(bySegment.get(id) ?? []), t.receivedAt]);
    }
    for (const times of bySegment.values())
      for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  }
  const partials = listeners.reduce(
    (n, l) => n + l.received.filter((t) => t.attributes['lk.transcription_final'] === 'false').length,
    0,
  );
  await Promise.all([...speakers, ...listeners].map((s) => s.room.disconnect()));
  const audioSeconds = speakers.reduce((a, s) => a + wavSeconds(s.recording.file), 0);
  return {
    pace,
    latencyP50: percentile(latencies, 50),
    latencyP95: percentile(latencies, 95),
    partials,
    cadence: gaps.length ? median(gaps) : NaN,
    rtf: cpu / audioSeconds,
    cpuPct: (cpu / wall) * 100,
    rssMb: processMemory(pid).rssMb,
    peakRss,
    wer: results.reduce((a, r) => a + r.wer, 0) / results.length,
    /** Which recording each track played, to compare with the offline WER of the same files. */
    played: speakers.map((s) => recordings.indexOf(s.recording)),
  };
}

console.log(
  `recordings: ${recordings.map((r) => `${r.file.split('/').pop()} (${wavSeconds(r.file).toFixed(1)} s)`).join(', ')}`,
);
for (const model of models) {
  console.log(`\n== ${model} ==`);
  const offline = offlineWers(model);
  console.log(
    `offline CLI WER per recording: ${offline.map((w, i) => `${recordings[i]!.file.split('/').pop()} ${(w * 100).toFixed(1)}%`).join(', ')}`,
  );
  await withLiveStack({ model, modelsDir, vadPath }, async ({ stack, db, transcriberPid }) => {
    console.log(
      'tracks  feed pace  final p50 ms  final p95 ms  partials  cadence ms  CPU-s/audio-s  CPU %  RSS MB  peak RSS MB  WER live  WER offline',
    );
    for (const n of trackCounts) {
      const r = await runTracks(stack, db, transcriberPid, n);
      console.log(
        [
          String(n).padStart(6),
          r.pace.toFixed(2).padStart(10),
          r.latencyP50.toFixed(0).padStart(13),
          r.latencyP95.toFixed(0).padStart(13),
          String(r.partials).padStart(9),
          r.cadence.toFixed(0).padStart(11),
          r.rtf.toFixed(3).padStart(14),
          r.cpuPct.toFixed(0).padStart(6),
          r.rssMb.toFixed(0).padStart(7),
          r.peakRss.toFixed(0).padStart(12),
          `${(r.wer * 100).toFixed(1)}%`.padStart(9),
          `${((r.played.reduce((a, i) => a + offline[i]!, 0) / r.played.length) * 100).toFixed(1)}%`.padStart(
            12,
          ),
        ].join(' '),
      );
    }
  });
}
await dispose();
