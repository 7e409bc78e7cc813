import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Db, Recording } from '@booth/db';
import {
  QUEUES,
  deleteRecordingFiles,
  errorMessage,
  redisConnection,
  retentionJobSchema,
  type BlobStorage,
  type Config,
  type Logger,
} from '@booth/shared';
import { jobLockOptions } from '../job-locks';
import { closeWhenConnected } from '../close-when-connected';

/** The one scheduler of the retention queue: every worker replica upserts the same id, so runs are not duplicated. */
export const RETENTION_SCHEDULER_ID = 'expire-recordings';
/** How often retention runs by default: hourly (a recording outlives its expiry by at most that). */
export const RETENTION_EVERY_MS = 3_600_000;
/** Recordings handled per run and kind, so one run stays short; the next run takes the rest. */
export const RETENTION_BATCH = 100;

const DAY_MS = 86_400_000;

export interface RetentionRun {
  /** Ready recordings past their expiresAt, deleted with their files. */
  expired: number;
  /** Recordings that never became ready (failed, or never mixed) older than the retention, deleted. */
  abandoned: number;
  /** Recordings whose files could not be deleted this time (they stay, for the next run). */
  failed: number;
}

type Candidate = Pick<
  Recording,
  'id' | 'sessionId' | 'status' | 'storageKey' | 'expiresAt' | 'createdAt' | 'durationMs' | 'bytes'
>;

const candidateSelect = {
  id: true,
  sessionId: true,
  status: true,
  storageKey: true,
  expiresAt: true,
  createdAt: true,
  durationMs: true,
  bytes: true,
} as const;

/**
 * One retention run at `now`: deletes ready recordings whose expiresAt has passed, and recordings
 * that never became ready (a failed mix, parts never mixed) of ended calls older than
 * `retentionDays`; each one's files first (deleteRecordingFiles), then its row with an AuditEvent
 * `recording.expired` (no actor) in one transaction. A recording whose files cannot be deleted stays
 * for the next run. At most `batch` of each kind per run; running again is harmless. With
 * `retentionDays` 0 (keep forever) nothing is deleted.
 */
export async function expireRecordings(opts: {
  db: Db;
  storage: BlobStorage;
  logger: Logger;
  retentionDays: number;
  now?: Date;
  batch?: number;
}): Promise<RetentionRun> {
  const { db, storage, logger } = opts;
  const run: RetentionRun = { expired: 0, abandoned: 0, failed: 0 };
  if (opts.retentionDays <= 0) return run;
  const now = opts.now ?? new Date();
  const take = opts.batch ?? RETENTION_BATCH;
  const [expired, abandoned] = await Promise.all([
    db.recording.findMany({
      where: { status: 'ready', expiresAt: { lt: now } },
      select: candidateSelect,
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take,
    }),
    db.recording.findMany({
      where: {
        status: { not: 'ready' },
        createdAt: { lt: new Date(now.getTime() - opts.retentionDays * DAY_MS) },
        session: { status: 'ended' },
      },
      select: candidateSelect,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
    }),
  ]);

  const remove = async (row: Candidate, reason: 'expired' | 'abandoned'): Promise<boolean> => {
    const log = logger.child({ sessionId: row.sessionId, recordingId: row.id });
    try {
      await deleteRecordingFiles(storage, row.sessionId, row.storageKey);
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'could not delete expired recording files');
      run.failed += 1;
      return false;
    }
    // Only the row as it was found: one mixed or deleted meanwhile is left to its new state.
    return db.$transaction(async (tx) => {
      const { count } = await tx.recording.deleteMany({ where: { id: row.id, status: row.status } });
      if (count === 0) return false;
      await tx.auditEvent.create({
        data: {
          actorId: null,
          action: 'recording.expired',
          subjectType: 'session',
          subjectId: row.sessionId,
          data: {
            recordingId: row.id,
            reason,
            status: row.status,
            expiresAt: row.expiresAt?.toISOString() ?? null,
            durationMs: row.durationMs,
            bytes: row.bytes === null ? null : Number(row.bytes),
          },
        },
      });
      log.info({ reason }, 'recording expired');
      return true;
    });
  };

  for (const row of expired) if (await remove(row, 'expired')) run.expired += 1;
  for (const row of abandoned) if (await remove(row, 'abandoned')) run.abandoned += 1;
  return run;
}

export interface RetentionWorkerOptions {
  config: Config;
  db: Db;
  storage: BlobStorage;
  logger: Logger;
  /** How often the scheduler runs retention. Default {@link RETENTION_EVERY_MS}. */
  everyMs?: number;
  /** Recordings per kind per run. Default {@link RETENTION_BATCH}. */
  batch?: number;
  /** Logs the worker's connection errors; default: every one. The services pass a rate-limited logger. */
  onError?: (err: unknown, msg: string) => void;
}

/**
 * Enforces RECORDING_RETENTION_DAYS: a BullMQ job scheduler (one fixed id, so worker replicas share
 * it; its first run is at once) produces an `expire-recordings` job every `everyMs`, which this
 * worker runs with {@link expireRecordings}. With RECORDING_RETENTION_DAYS=0 the scheduler is removed
 * (recordings are kept until deleted). Other `expire-recordings` jobs (TypedQueue('retention'), for
 * a run now) are processed alike. If Redis is not there at start, scheduling is retried every minute.
 */
export function createRetentionWorker(opts: RetentionWorkerOptions) {
  const { config, db, storage, logger } = opts;
  const connection = redisConnection(config.REDIS_URL);
  const days = config.RECORDING_RETENTION_DAYS;
  const queue = new Queue(QUEUES.retention.name, { connection, prefix: config.QUEUE_PREFIX });
  const onError = opts.onError ?? ((err: unknown, msg: string) => logger.error({ err }, msg));
  queue.on('error', (err) => onError(err, 'retention queue error'));

  const worker = new Worker(
    QUEUES.retention.name,
    async (job) => {
      const parsed = retentionJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid retention job: ${parsed.error.message}`);
      const run = await expireRecordings({ db, storage, logger, retentionDays: days, batch: opts.batch });
      if (run.expired + run.abandoned + run.failed > 0) logger.info({ ...run }, 'recording retention run');
      return run;
    },
    { connection, prefix: config.QUEUE_PREFIX, concurrency: 1, ...jobLockOptions(config) },
  );
  worker.on('failed', (job, err) =>
    logger.warn({ jobId: job?.id, err: err.message }, 'retention job failed'),
  );
  worker.on('error', (err) => onError(err, 'retention worker error'));

  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const schedule = async (): Promise<void> => {
    try {
      if (days > 0) {
        await queue.upsertJobScheduler(
          RETENTION_SCHEDULER_ID,
          { every: opts.everyMs ?? RETENTION_EVERY_MS },
          {
            name: QUEUES.retention.job,
            data: { runAt: 'scheduled' },
            opts: {
              attempts: 3,
              backoff: { type: 'exponential', delay: 10_000 },
              removeOnComplete: { count: 100 },
              removeOnFail: { count: 100 },
            },
          },
        );
      } else {
        await queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
      }
    } catch (err) {
      logger.warn({ err: errorMessage(err) }, 'could not schedule recording retention; retrying');
      if (!closed) retry = setTimeout(() => void schedule(), 60_000);
    }
  };
  const scheduled = schedule();

  return {
    worker,
    queue,
    /** Resolves once the scheduler is in place (or removed), or the first attempt failed. */
    scheduled,
    async close() {
      closed = true;
      clearTimeout(retry);
      await scheduled;
      await Promise.all([closeWhenConnected(worker), closeWhenConnected(queue)]);
    },
  };
}
