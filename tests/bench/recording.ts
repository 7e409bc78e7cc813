import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { dispose } from '@livekit/rtc-node';
import { createDb, migrate, type Db } from '@booth/db';
import {
  LocalBlobStorage,
  Mp3Encoder,
  RECORDING_PART_TYPE,
  RECORDING_SAMPLE_RATE,
  S3BlobStorage,
  createLogger,
  recordingPartKey,
  type BlobStorage,
} from '@booth/shared';
import { planMix, mixBlock, softLimit, type MixPart } from '@booth/worker';
import { SessionRecorder } from '../../services/transcriber/src/recording/session-recorder';
import { mixRecording } from '../../services/worker/src/recordings/worker';
import { cacheDir, startServices } from '../harness/services';
import { connectSpeakers, transcriberInEveryRoom } from './live-stack';
import { publishWav } from '../support/livekit-client';
import { ROOT, waitUntilSettled } from '../support/processes';
import { processCpuSeconds, processMemory, startStack, type Stack } from '../support/stack';

/**
 * `npm run bench:recording`: what recording (issue 14) costs.
 *  1. Live path: the same load (N simultaneous tracks, two per call room, a speech WAV looped to
 *     BENCH_AUDIO_SECONDS, published at real-time pace through a real livekit-server) through a real
 *     transcriber process with RECORDING_ENABLED=false and then =true: its CPU-s per audio-s and RSS,
 *     and the difference per track. Then, in this process against the same Postgres and storage, the
 *     recorder alone (SessionRecorder fed 10 ms frames as fast as it takes them): its CPU per audio-s.
 *  2. Storage: the parts' bytes per track-hour as actually stored by the live run, the playback MP3's
 *     bytes per hour of call, and put throughput of 20 s parts to the local directory and to S3
 *     (moto, when the harness provisioned it: BOOTH_TEST_S3_URL).
 *  3. Mixer: mixRecording on synthetic parts (2 tracks × BENCH_MIX_MINUTES) in a LocalBlobStorage temp
 *     dir, each size in a child process of its own: wall, CPU, × real time, peak RSS (bounded: the mix
 *     is block by block).
 *  4. Anchor: the same mixed PCM encoded to 32 kbit/s CBR MP3 by `lame` (or `ffmpeg`) next to ours.
 * Options (env): BENCH_MODEL=tiny.en, BENCH_TRACKS="2 4", BENCH_AUDIO_SECONDS=60,
 * BENCH_MIX_MINUTES="10 60", BENCH_S3_PARTS=30 (parts per backend in the put test),
 * BENCH_SKIP_LIVE=1 (storage put test and mixer only), BENCH_INSTALL_ANCHOR=1 (apt-get install -y lame
 * when neither lame nor ffmpeg is on PATH). Defaults finish in about 8 minutes on 2 cores.
 */
const shared = resolve(ROOT, '..', 'shared');
const modelsDir = process.env.BOOTH_MODELS_DIR ?? join(cacheDir(), 'models');
const audioDir = process.env.BOOTH_AUDIO_DIR ?? join(shared, 'audio');
const vadPath = process.env.SILERO_VAD_PATH ?? join(shared, 'models', 'silero_vad.onnx');
const model = process.env.BENCH_MODEL ?? 'tiny.en';
const trackCounts = (process.env.BENCH_TRACKS ?? '2 4').split(/\s+/).filter(Boolean).map(Number);
const audioSeconds = Number(process.env.BENCH_AUDIO_SECONDS ?? 60);
const mixMinutes = (process.env.BENCH_MIX_MINUTES ?? '10 60').split(/\s+/).filter(Boolean).map(Number);
const s3Parts = Number(process.env.BENCH_S3_PARTS ?? 30);
const RATE = RECORDING_SAMPLE_RATE;
const PART_MS = 20_000;
const MB = 1e6;

const work = mkdtempSync(join(tmpdir(), 'booth-recbench-'));

/** jfk.wav's 16 kHz s16le samples (the file is a plain 44-byte-header WAV). */
function speechSamples(): Int16Array {
  const buf = readFileSync(join(audioDir, 'jfk.wav'));
  const out = new Int16Array((buf.length - 44) >> 1);
  Buffer.from(out.buffer).set(buf.subarray(44, 44 + out.length * 2));
  return out;
}

/** `seconds` of `src` repeated, starting `offset` samples in. */
function looped(src: Int16Array, seconds: number, offset = 0): Int16Array {
  const out = new Int16Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) out[i] = src[(i + offset) % src.length]!;
  return out;
}

function writeWav(path: string, samples: Int16Array): string {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + samples.byteLength, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(samples.byteLength, 40);
  writeFileSync(
    path,
    Buffer.concat([h, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]),
  );
  return path;
}

const selfCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Bytes of the recording parts (*.pcm) under `dir`. */
function partBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }))
    if (f.endsWith('.pcm')) n += statSync(join(dir, f)).size;
  return n;
}

const pad = (v: string | number, n: number) => String(v).padStart(n);

// ---------------------------------------------------------------- 3/4: mixer child process
if (process.argv[2] === '--mix-child') {
  const minutes = Number(process.argv[3]);
  const dir = process.argv[4]!;
  const storage = new LocalBlobStorage(dir);
  const speech = speechSamples();
  // Two tracks of 20 s parts: A speaks from 0, B from 0.5 s with another phase of the loop (they
  // overlap, as people talking over each other do, so the limiter works too).
  const parts: MixPart[] = [];
  const total = minutes * 60;
  for (const [t, trackSid, startMs] of [
    [0, 'TR_a', 100],
    [1, 'TR_b', 600],
  ] as const) {
    for (let seq = 0, ms = 0; ms < total * 1000; seq++, ms += PART_MS) {
      const len = Math.min(PART_MS, total * 1000 - ms);
      const pcm = looped(speech, len / 1000, (seq * PART_MS * 16 + t * 70_001) % speech.length);
      const key = recordingPartKey({
        sessionId: 'bench',
        trackSid,
        connectionId: 'c1',
        seq,
        startMs: startMs + ms,
      });
      await storage.put(key, Buffer.from(pcm.buffer), RECORDING_PART_TYPE);
      parts.push({ key, trackSid, connectionId: 'c1', seq, startMs: startMs + ms, samples: pcm.length });
    }
  }
  const rss0 = process.memoryUsage().rss;
  let peakSampled = rss0;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, process.memoryUsage().rss)), 50);
  const cpu0 = selfCpu();
  const t0 = performance.now();
  const { mp3, totalSamples } = await mixRecording(storage, parts);
  const wall = (performance.now() - t0) / 1000;
  const cpu = selfCpu() - cpu0;
  clearInterval(sampler);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  // The anchor's input: the same mixed PCM (same plan, blocks, limiter), written once to a file; then
  // our encoder alone on it, for a like-for-like encoder comparison.
  const { placed } = planMix(parts, RATE);
  const pcmPath = join(dir, 'mix.s16le');
  const fd: Buffer[] = [];
  const block = new Float32Array(60 * RATE);
  const out = new Int16Array(block.length);
  for (let start = 0; start < totalSamples; start += block.length) {
    const n = Math.min(block.length, totalSamples - start);
    block.fill(0);
    for (const p of placed) {
      if (p.at >= start + n || p.at + p.length <= start) continue;
      const blob = readFileSync(join(dir, p.part.key));
      const pcm = new Int16Array(blob.length >> 1);
      Buffer.from(pcm.buffer).set(blob.subarray(0, pcm.length * 2));
      mixBlock(block.subarray(0, n), start, p, pcm);
    }
    for (let i = 0; i < n; i++) out[i] = softLimit(block[i]!);
    fd.push(Buffer.from(out.slice(0, n).buffer));
  }
  writeFileSync(pcmPath, Buffer.concat(fd));
  fd.length = 0;
  const raw = readFileSync(pcmPath);
  const samples = new Int16Array(raw.length >> 1);
  Buffer.from(samples.buffer).set(raw.subarray(0, samples.length * 2));
  const e0 = performance.now();
  const enc = await Mp3Encoder.create(RATE, { bitrateKbps: 32 });
  for (let i = 0; i < samples.length; i += 60 * RATE) enc.write(samples.subarray(i, i + 60 * RATE));
  enc.finish();
  const encodeWall = (performance.now() - e0) / 1000;
  console.log(
    JSON.stringify({
      minutes,
      seconds: totalSamples / RATE,
      parts: parts.length,
      wall,
      cpu,
      mp3Bytes: mp3.byteLength,
      rss0,
      peakSampled,
      maxRss,
      pcmPath,
      encodeWall,
    }),
  );
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

interface MixResult {
  minutes: number;
  seconds: number;
  parts: number;
  wall: number;
  cpu: number;
  mp3Bytes: number;
  rss0: number;
  peakSampled: number;
  maxRss: number;
  pcmPath: string;
  encodeWall: number;
}

function runMixChild(minutes: number): MixResult {
  const dir = mkdtempSync(join(work, `mix-${minutes}-`));
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--mix-child', String(minutes), dir],
    { cwd: ROOT, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.toString().trim().split('\n').pop()!) as MixResult;
}

/** lame, else ffmpeg (optionally installing lame), as a function timing a 32 kbit/s CBR encode. */
function anchorEncoder(): { name: string; encode: (pcm: string, mp3: string) => number } | string {
  const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
  if (!has('lame') && !has('ffmpeg') && process.env.BENCH_INSTALL_ANCHOR === '1') {
    spawnSync('apt-get', ['install', '-y', 'lame'], { stdio: 'ignore' });
  }
  const time = (bin: string, args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr.toString().slice(-300)}`);
    return (performance.now() - t0) / 1000;
  };
  if (has('lame'))
    return {
      name: 'lame',
      encode: (pcm, mp3) =>
        time('lame', [
          '--quiet',
          '-r',
          '-s',
          '16',
          '--bitwidth',
          '16',
          '--signed',
          '--little-endian',
          '-m',
          'm',
          '-b',
          '32',
          '--cbr',
          pcm,
          mp3,
        ]),
    };
  if (has('ffmpeg'))
    return {
      name: 'ffmpeg',
      encode: (pcm, mp3) =>
        time('ffmpeg', [
          '-loglevel',
          'error',
          '-y',
          '-f',
          's16le',
          '-ar',
          '16000',
          '-ac',
          '1',
          '-i',
          pcm,
          '-c:a',
          'libmp3lame',
          '-b:a',
          '32k',
          mp3,
        ]),
    };
  return 'anchor: lame not installed';
}

// ---------------------------------------------------------------- 1: live path
interface LiveRow {
  recording: boolean;
  tracks: number;
  audioS: number;
  cpuPerAudioS: number;
  rssMb: number;
  peakRssMb: number;
  pace: number;
  storedBytes: number;
  /** Seconds the tracks were published in all (first frame to leaving the room). */
  trackSeconds: number;
}

async function runLoad(stack: Stack, db: Db, pid: number, tracks: number, wavs: string[], recDir: string) {
  const { sessions, connected } = await connectSpeakers(stack, tracks);
  const speakers = connected.map((s, i) => ({ ...s, wav: wavs[i % wavs.length]! }));
  await transcriberInEveryRoom(db, sessions);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, processMemory(pid).rssMb)), 200);
  const cpu0 = processCpuSeconds(pid);
  const pubs = await Promise.all(speakers.map((s) => publishWav(s.room, s.wav, { trailingSilenceMs: 1500 })));
  // Whisper's finals may trail the audio: wait until no new segment for 5 s, for both modes alike.
  await waitUntilSettled(
    'every track transcribed',
    () => db.transcriptSegment.count({ where: { sessionId: { in: sessions.map((s) => s.id) } } }),
    { size: (n) => n, ready: (n) => n > 0, quietMs: 5000, timeoutMs: 300_000 },
  );
  const cpu = processCpuSeconds(pid) - cpu0;
  clearInterval(sampler);
  const rssMb = processMemory(pid).rssMb;
  const pace = Math.max(...pubs.map((p) => (p.sentAt(p.durationMs) - p.startedAt) / p.durationMs));
  await Promise.all(speakers.map((s) => s.room.disconnect()));
  // A track carries audio (silence once the file is sent) until its publisher leaves: that is what is recorded.
  const endedAt = Date.now();
  const trackSeconds = pubs.reduce((a, p) => a + (endedAt - p.startedAt) / 1000, 0);
  // The recorder stores each track's last part when the track ends: wait for the bytes to settle.
  const dirs = sessions.map((s) => join(recDir, 'recordings', s.id));
  const stored = existsSync(recDir)
    ? (
        await waitUntilSettled(
          'the last parts stored',
          async () => dirs.reduce((n, d) => n + partBytes(d), 0),
          {
            size: (n) => n,
            ready: () => true,
            quietMs: 3000,
            timeoutMs: 60_000,
          },
        )
      ).value
    : 0;
  const published = pubs.reduce((a, p) => a + p.durationMs / 1000 + 1.5, 0);
  return {
    tracks,
    audioS: published,
    cpuPerAudioS: cpu / published,
    rssMb,
    peakRssMb: peakRss,
    pace,
    storedBytes: stored,
    trackSeconds,
  };
}

/** The recorder alone in this process: N tracks × seconds of 10 ms frames, real Postgres and storage. */
async function recorderAlone(stack: Stack, db: Db, storage: BlobStorage, tracks: number, seconds: number) {
  const session = await stack.createSession('call');
  const rec = new SessionRecorder({
    db,
    storage,
    sessionId: session.id,
    enabled: true,
    logger: createLogger('recbench', 'warn'),
  });
  const speech = speechSamples();
  const frame = RATE / 100;
  const ts = Array.from({ length: tracks }, (_, i) =>
    rec.track({ trackSid: `TR_bench${i}`, identity: `p${i}`, speakerIdentity: `p${i}`, startMs: 0 }),
  );
  const cpu0 = selfCpu();
  const t0 = performance.now();
  for (let f = 0; f < seconds * 100; f++) {
    for (const [i, t] of ts.entries()) {
      const at = ((f + i * 37) * frame) % (speech.length - frame);
      t.push(speech.subarray(at, at + frame));
    }
    if (f % 100 === 99) await new Promise((r) => setImmediate(r)); // let stores run, as in the live loop
  }
  await rec.close();
  return { cpu: selfCpu() - cpu0, wall: (performance.now() - t0) / 1000, audioS: tracks * seconds };
}

/** Put throughput of 20 s parts (640 kB each). */
async function putThroughput(storage: BlobStorage, n: number) {
  const part = Buffer.from(looped(speechSamples(), PART_MS / 1000).buffer);
  const t0 = performance.now();
  for (let i = 0; i < n; i++)
    await storage.put(
      recordingPartKey({
        sessionId: 'putbench',
        trackSid: 'TR_x',
        connectionId: 'c1',
        seq: i,
        startMs: i * PART_MS,
      }),
      part,
      RECORDING_PART_TYPE,
    );
  const s = (performance.now() - t0) / 1000;
  return { mbPerS: (n * part.length) / MB / s, msPerPart: (s * 1000) / n };
}

const live: LiveRow[] = [];
const alone: { tracks: number; cpu: number; wall: number; audioS: number }[] = [];
const puts: { backend: string; mbPerS: number; msPerPart: number }[] = [];

if (process.env.BENCH_SKIP_LIVE !== '1') {
  if (!existsSync(join(modelsDir, `ggml-${model}.bin`)))
    throw new Error(`no ${model} weights in ${modelsDir}`);
  const speech = speechSamples();
  const wavs = [0, 1].map((i) =>
    writeWav(join(work, `speech-${i}.wav`), looped(speech, audioSeconds, i * Math.floor(speech.length / 2))),
  );
  console.log(
    `live load: ${trackCounts.join(', ')} tracks of ${audioSeconds} s (jfk.wav looped), model ${model}`,
  );
  for (const recording of [false, true]) {
    const services = await startServices();
    const recDir = join(work, `live-${recording}`);
    try {
      Object.assign(process.env, services.env, {
        SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
        BOOTH_MODELS_DIR: modelsDir,
        SILERO_VAD_PATH: vadPath,
        MODEL_DOWNLOAD: 'false',
        LOG_LEVEL: 'warn',
      });
      await migrate(services.env.DATABASE_URL!);
      const db = createDb({ url: services.env.DATABASE_URL! });
      const stack = await startStack({
        services: ['api', 'transcriber'],
        env: {
          WHISPER_MODEL: model,
          RECORDING_ENABLED: String(recording),
          RECORDING_STORAGE: 'local',
          RECORDING_DIR: recDir,
        },
      });
      try {
        const pid = stack.procs.find((p) => p.name === 'transcriber')!.proc.pid!;
        for (const n of trackCounts) {
          const r = await runLoad(stack, db, pid, n, wavs, recDir);
          live.push({ recording, ...r });
          console.log(`  recording=${recording} tracks=${n}: ${r.cpuPerAudioS.toFixed(4)} CPU-s/audio-s`);
        }
        if (recording) {
          const local = new LocalBlobStorage(join(work, 'alone'));
          for (const n of trackCounts)
            alone.push({ tracks: n, ...(await recorderAlone(stack, db, local, n, audioSeconds)) });
          puts.push({
            backend: 'local',
            ...(await putThroughput(new LocalBlobStorage(join(work, 'puts')), s3Parts)),
          });
          const s3Url = process.env.BOOTH_TEST_S3_URL;
          if (s3Url) {
            const credentials = { accessKeyId: 'bench-key', secretAccessKey: 'bench-secret' };
            const bucket = `booth-bench-${Date.now().toString(36)}`;
            const admin = new S3Client({
              region: 'us-east-1',
              endpoint: s3Url,
              forcePathStyle: true,
              credentials,
            });
            await admin.send(new CreateBucketCommand({ Bucket: bucket }));
            admin.destroy();
            const s3 = new S3BlobStorage({
              endpoint: s3Url,
              region: 'us-east-1',
              bucket,
              ...credentials,
              forcePathStyle: true,
            });
            puts.push({ backend: 's3 (moto)', ...(await putThroughput(s3, s3Parts)) });
            s3.close();
          } else
            puts.push({
              backend: 's3: BOOTH_TEST_S3_URL unset (moto not provisioned)',
              mbPerS: NaN,
              msPerPart: NaN,
            });
        }
      } finally {
        await stack.stop();
        await db.$disconnect();
      }
    } finally {
      await services.stop();
    }
  }
}

// ---------------------------------------------------------------- 3: mixer
const mixes = mixMinutes.map((m) => {
  console.log(`mixing 2 tracks × ${m} min…`);
  return runMixChild(m);
});

// ---------------------------------------------------------------- tables
if (live.length) {
  console.log('\n== 1. recorder cost in the live path (one transcriber process, same load) ==');
  console.log(
    'tracks  audio-s  CPU-s/audio-s off  on      Δ per track  RSS MB off  on   Δ     peak RSS off  on   feed pace',
  );
  for (const n of trackCounts) {
    const off = live.find((r) => !r.recording && r.tracks === n);
    const on = live.find((r) => r.recording && r.tracks === n);
    if (!off || !on) continue;
    const d = on.cpuPerAudioS - off.cpuPerAudioS;
    console.log(
      [
        pad(n, 6),
        pad(on.audioS.toFixed(0), 8),
        pad(off.cpuPerAudioS.toFixed(4), 18),
        pad(on.cpuPerAudioS.toFixed(4), 7),
        pad(`${(d * 100).toFixed(2)}% core`, 12),
        pad(off.rssMb.toFixed(0), 11),
        pad(on.rssMb.toFixed(0), 4),
        pad((on.rssMb - off.rssMb).toFixed(0), 5),
        pad(off.peakRssMb.toFixed(0), 13),
        pad(on.peakRssMb.toFixed(0), 4),
        pad(`${off.pace.toFixed(2)}/${on.pace.toFixed(2)}`, 11),
      ].join(' '),
    );
  }
  console.log(
    '(Δ per track: CPU-s per audio-s is per track already, so on − off is the recorder share of one core per live track; it is within Whisper noise on a busy box.)',
  );
  console.log('\nrecorder alone (SessionRecorder → LocalBlobStorage + Postgres metadata, in this process):');
  console.log('tracks  audio-s  CPU-s   wall-s  CPU-s/audio-s  = % of a core per live track');
  for (const a of alone)
    console.log(
      [
        pad(a.tracks, 6),
        pad(a.audioS, 8),
        pad(a.cpu.toFixed(3), 6),
        pad(a.wall.toFixed(2), 7),
        pad((a.cpu / a.audioS).toFixed(5), 14),
        pad(`${((a.cpu / a.audioS) * 100).toFixed(3)}%`, 28),
      ].join(' '),
    );
}

console.log('\n== 2. storage ==');
for (const r of live.filter((x) => x.recording)) {
  console.log(
    `parts stored, ${r.tracks} tracks: ${(r.storedBytes / MB).toFixed(2)} MB = ${(r.storedBytes / (RATE * 2)).toFixed(0)} s of audio for ${r.trackSeconds.toFixed(0)} track-s published (first frame to leaving) = ${(((r.storedBytes / r.trackSeconds) * 3600) / MB).toFixed(1)} MB per track-hour (16 kHz s16le is ${((RATE * 2 * 3600) / MB).toFixed(1)}); parts are removed once mixed`,
  );
}
for (const m of mixes)
  console.log(
    `playback MP3, ${m.minutes} min call: ${(m.mp3Bytes / MB).toFixed(2)} MB = ${(((m.mp3Bytes / m.seconds) * 3600) / MB).toFixed(2)} MB per hour of call (kept for RECORDING_RETENTION_DAYS)`,
  );
if (puts.length) {
  console.log('backend                 MB/s   ms per 20 s part (640 kB)');
  for (const p of puts)
    console.log(`${p.backend.padEnd(22)} ${pad(p.mbPerS.toFixed(1), 5)}  ${pad(p.msPerPart.toFixed(1), 8)}`);
}

console.log('\n== 3. mixer (mixRecording, 2 tracks, LocalBlobStorage, child process each) ==');
console.log('call min  parts  wall s  CPU s  × real time  RSS before MB  peak RSS MB (sampled / maxRSS)');
for (const m of mixes)
  console.log(
    [
      pad(m.minutes, 8),
      pad(m.parts, 6),
      pad(m.wall.toFixed(2), 7),
      pad(m.cpu.toFixed(2), 6),
      pad((m.seconds / m.wall).toFixed(0), 12),
      pad((m.rss0 / MB).toFixed(0), 14),
      pad(`${(m.peakSampled / MB).toFixed(0)} / ${(m.maxRss / MB).toFixed(0)}`, 28),
    ].join(' '),
  );
console.log(
  '(maxRSS covers the whole child, including writing the synthetic parts; the sampled peak is during the mix)',
);

console.log('\n== 4. anchor: the same mixed PCM → 32 kbit/s CBR MP3 ==');
const anchor = anchorEncoder();
if (typeof anchor === 'string') {
  console.log(anchor);
  for (const m of mixes)
    console.log(`ours (wasm-media-encoders LAME), ${m.minutes} min: ${m.encodeWall.toFixed(2)} s encode`);
} else {
  console.log(`call min  ours encode s  ${anchor.name} s  ${anchor.name} × real time  ours × real time`);
  for (const m of mixes) {
    const t = anchor.encode(m.pcmPath, `${m.pcmPath}.${anchor.name}.mp3`);
    console.log(
      [
        pad(m.minutes, 8),
        pad(m.encodeWall.toFixed(2), 13),
        pad(t.toFixed(2), 7),
        pad((m.seconds / t).toFixed(0), 15),
        pad((m.seconds / m.encodeWall).toFixed(0), 16),
      ].join(' '),
    );
  }
}

rmSync(work, { recursive: true, force: true });
await dispose();
