import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Db, Prisma } from '@booth/db';
import {
  MP3_MIME_TYPE,
  Mp3Encoder,
  QUEUES,
  deleteRecordingFiles,
  RECORDING_SAMPLE_RATE,
  parseRecordingPartKey,
  playbackKey,
  recordingJobSchema,
  recordingTracksPrefix,
  redisConnection,
  type BlobStorage,
  type Config,
  type Logger,
} from '@booth/shared';
import { jobLockOptions } from '../job-locks';
import { mergeTrackMeta, mixBlock, planMix, softLimit, type MixPart, type PlacedPart } from './mix';
import { closeWhenConnected } from '../close-when-connected';

export interface RecordingWorkerOptions {
  config: Config;
  db: Db;
  storage: BlobStorage;
  logger: Logger;
  /** Mix this much session time at once (memory stays bounded for long calls). Default 60 000 ms. */
  blockMs?: number;
  /** Logs the worker's connection errors; default: every one. The services pass a rate-limited logger. */
  onError?: (err: unknown, msg: string) => void;
}

const NO_AUDIO = 'no audio parts were stored for this recording';

async function readAll(storage: BlobStorage, key: string): Promise<Int16Array> {
  const blob = await storage.get(key);
  if (!blob) throw new Error(`recording part missing: ${key}`);
  const chunks: Buffer[] = [];
  for await (const c of blob.body) chunks.push(c as Buffer);
  const buf = Buffer.concat(chunks);
  const out = new Int16Array(buf.length >> 1);
  // s16le (see recording-parts.ts); copying also aligns the samples.
  Buffer.from(out.buffer).set(buf.subarray(0, out.length * 2));
  return out;
}

/**
 * The mix: every part placed on the session clock, summed, soft-limited, encoded as one CBR MP3 whose
 * decoded sample i is session time i (the codec's lead-in is taken from the first 69 ms, before anyone
 * spoke). Block by block, so memory is bounded by a block and the parts overlapping it.
 */
export async function mixRecording(
  storage: BlobStorage,
  parts: MixPart[],
  opts: { blockMs?: number; bitrateKbps?: number } = {},
): Promise<{ mp3: Uint8Array; placed: PlacedPart[]; totalSamples: number }> {
  const rate = RECORDING_SAMPLE_RATE;
  const { placed, totalSamples } = planMix(parts, rate);
  const encoder = await Mp3Encoder.create(rate, { bitrateKbps: opts.bitrateKbps, alignToInput: true });
  const blockLen = Math.max(1, Math.round(((opts.blockMs ?? 60_000) * rate) / 1000));
  const block = new Float32Array(blockLen);
  const out = new Int16Array(blockLen);
  const loaded = new Map<string, Int16Array>();
  let next = 0; // placed parts before this index have been loaded (they are sorted by `at`)
  let live: PlacedPart[] = [];
  for (let blockStart = 0; blockStart < totalSamples; blockStart += blockLen) {
    const n = Math.min(blockLen, totalSamples - blockStart);
    const blockEnd = blockStart + n;
    while (next < placed.length && placed[next]!.at < blockEnd) live.push(placed[next++]!);
    block.fill(0);
    for (const p of live) {
      let pcm = loaded.get(p.part.key);
      if (!pcm) {
        pcm = await readAll(storage, p.part.key);
        loaded.set(p.part.key, pcm);
      }
      mixBlock(n === blockLen ? block : block.subarray(0, n), blockStart, p, pcm);
    }
    for (let i = 0; i < n; i++) out[i] = softLimit(block[i]!);
    encoder.write(n === blockLen ? out : out.subarray(0, n));
    // Parts that end in this block are done with.
    live = live.filter((p) => {
      const keep = p.at + p.length > blockEnd;
      if (!keep) loaded.delete(p.part.key);
      return keep;
    });
    await yieldToLoop(); // let the job lock be renewed during a long mix
  }
  return { mp3: encoder.finish(), placed, totalSamples };
}

/**
 * Consumes `mix-recording` jobs (requested by the transcriber when a room is over): mixes the stored
 * per-track parts into `recordings/<sessionId>/playback.mp3`, then marks the Recording ready in one
 * update (key, size, duration, readyAt, expiresAt after RECORDING_RETENTION_DAYS), and only then
 * removes the parts. A retry redoes the mix from the parts (the playback file is replaced whole), or,
 * once ready, only finishes removing them. No parts at all is permanent: the Recording is failed.
 * A recording deleted meanwhile (from the dashboard) is not brought back: its files are removed.
 */
export function createRecordingWorker(opts: RecordingWorkerOptions) {
  const { config, db, storage, logger } = opts;

  const processor = async (job: Job) => {
    const parsed = recordingJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid recording job: ${parsed.error.message}`);
    const { sessionId } = parsed.data;
    const log = logger.child({ jobId: job.id, sessionId });
    const row = await db.recording.findUnique({ where: { sessionId } });
    if (!row) {
      // Deleted (by an admin or retention) before it was mixed: files left behind are orphans.
      await deleteRecordingFiles(storage, sessionId, null);
      return { skipped: 'no recording' };
    }
    const keys = (await storage.list(recordingTracksPrefix(sessionId))).filter(
      (k) => parseRecordingPartKey(k) !== undefined,
    );
    const removeParts = async () => {
      for (const k of keys) await storage.delete(k);
    };
    if (row.status === 'ready') {
      await removeParts();
      return { skipped: 'ready', removed: keys.length };
    }
    if (keys.length === 0) {
      await db.recording.update({ where: { sessionId }, data: { status: 'failed', error: NO_AUDIO } });
      log.warn('recording has no audio parts');
      throw new UnrecoverableError(NO_AUDIO);
    }
    const mixing = await db.recording.updateMany({
      where: { id: row.id },
      data: { status: 'mixing', error: null },
    });
    if (mixing.count === 0) return { skipped: 'deleted' };
    try {
      const parts: MixPart[] = [];
      for (const key of keys) {
        const ref = parseRecordingPartKey(key)!;
        const info = await storage.stat(key);
        if (info) parts.push({ ...ref, key, samples: Math.floor(info.size / 2) });
      }
      const started = Date.now();
      const { mp3, placed, totalSamples } = await mixRecording(storage, parts, { blockMs: opts.blockMs });
      const key = playbackKey(sessionId);
      await storage.put(key, Buffer.from(mp3.buffer, mp3.byteOffset, mp3.byteLength), MP3_MIME_TYPE);
      const readyAt = new Date();
      const days = config.RECORDING_RETENTION_DAYS;
      const durationMs = Math.round((totalSamples * 1000) / RECORDING_SAMPLE_RATE);
      const tracks = mergeTrackMeta(row.tracks, placed, RECORDING_SAMPLE_RATE);
      // Only the row this job mixed: a recording deleted meanwhile stays deleted, its files too.
      const { count } = await db.recording.updateMany({
        where: { id: row.id },
        data: {
          status: 'ready',
          storageKey: key,
          mimeType: MP3_MIME_TYPE,
          bytes: BigInt(mp3.byteLength),
          durationMs,
          tracks: tracks as unknown as Prisma.InputJsonValue,
          error: null,
          readyAt,
          expiresAt: days > 0 ? new Date(readyAt.getTime() + days * 86_400_000) : null,
        },
      });
      if (count === 0) {
        await deleteRecordingFiles(storage, sessionId, key);
        log.info('recording deleted while it was mixed');
        return { skipped: 'deleted' };
      }
      await removeParts();
      log.info(
        { durationMs, bytes: mp3.byteLength, parts: parts.length, mixMs: Date.now() - started },
        'recording ready',
      );
      return { durationMs, bytes: mp3.byteLength, parts: parts.length };
    } catch (err) {
      // The last attempt: say so on the row (the parts stay, so a replay can still mix them).
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await db.recording
          .update({
            where: { sessionId },
            data: { status: 'failed', error: 'the recording could not be mixed' },
          })
          .catch(() => undefined);
      }
      throw err;
    }
  };

  const worker = new Worker(QUEUES.recordings.name, processor, {
    connection: redisConnection(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
    // Mixing is CPU work: one at a time per worker process, beside the analysis jobs.
    concurrency: 1,
    ...jobLockOptions(config),
  });
  worker.on('failed', (job, err) =>
    logger.warn({ jobId: job?.id, err: err.message }, 'recording job failed'),
  );
  const onError = opts.onError ?? ((err: unknown, msg: string) => logger.error({ err }, msg));
  worker.on('error', (err) => onError(err, 'recording worker error'));
  return { worker, close: () => closeWhenConnected(worker) };
}
